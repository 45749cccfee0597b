"""What reading every part of an attachment costs: large DOCX, XLSX and JPEG files, cold (no cache).

`python benchmarks/attachment_read.py [--baseline CHECKOUT] [--repeat 3]`: writes the documents with
their real writers (python-docx, openpyxl, Pillow), then times `seattach.scan_content` on each (read +
scans), in this checkout and, with --baseline, in another checkout's generator/ (a subprocess with that
checkout first on sys.path), and prints the medians and the ratio. The 20 MB PDF is measured by
benchmarks/secrecy.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def documents() -> dict[str, bytes]:
    import docx
    import openpyxl
    from PIL import Image

    book = openpyxl.Workbook()
    sheet = book.active
    for row in range(20_000):
        sheet.append([f"事项{row}", row * 13, dt.date(2026, 1, 1), f"=B{row + 1}*2", "纳税服务说明"])
        sheet.cell(row + 1, 2).number_format = '#,##0.00"元"'
    xlsx = io.BytesIO()
    book.save(xlsx)
    photo = io.BytesIO()
    Image.effect_noise((1200, 900), 64).convert("RGB").save(photo, "JPEG", quality=90)
    document = docx.Document()
    for n in range(3_000):
        document.add_paragraph(f"第{n}段：国家税务总局关于进一步优化纳税缴费服务的公告，办公电话 010-63417114。")
        if n % 500 == 0:
            document.add_picture(io.BytesIO(photo.getvalue()))
    word = io.BytesIO()
    document.save(word)
    return {"表.xlsx": xlsx.getvalue(), "通知.docx": word.getvalue(), "照片.jpg": photo.getvalue()}


def measure(folder: str, repeat: int) -> dict[str, float]:
    from generator.rules.context import Context
    from generator.rules.seattach import scan_content

    ctx = Context(None, None, dt.date(2026, 11, 26), False, None)  # type: ignore[arg-type]
    result = {}
    for name in sorted(os.listdir(folder)):
        data = Path(folder, name).read_bytes()
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            scan_content(name, data, ctx, frozenset())
            times.append(time.perf_counter() - start)
        result[name] = statistics.median(times)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--measure", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.repeat)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in documents().items():
            Path(tmp, name).write_bytes(data)
        sizes = {name: Path(tmp, name).stat().st_size for name in os.listdir(tmp)}
        runs = {}
        for label, root in (("this", REPO), ("baseline", args.baseline)):
            if root is None:
                continue
            env = {**os.environ, "PYTHONPATH": str(root), "SITEGEN_NO_CACHE": "1"}
            out = subprocess.run(
                [sys.executable, __file__, "--measure", tmp, "--repeat", str(args.repeat)],
                env=env,
                cwd=root,
                capture_output=True,
                text=True,
                check=True,
            )
            runs[label] = json.loads(out.stdout)
    for name in sorted(sizes):
        line = f"{name} ({sizes[name] / 1048576:.1f} MiB): {runs['this'][name]:.3f} s"
        if "baseline" in runs:
            line += (
                f" | baseline {runs['baseline'][name]:.3f} s | ratio {runs['this'][name] / runs['baseline'][name]:.2f}×"
            )
        print(line)


if __name__ == "__main__":
    main()
