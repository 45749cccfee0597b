"""Where reports go: reports/ (git-ignored) or --out, never the built or the public site."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from generator.errors import SitegenError
from generator.reports import csvfile, html
from generator.reports.document import Report

DEFAULT_DIR = "reports"
# Folders whose files end up online or are the site's sources: a report there would be published (第十八条).
PUBLIC = ("build", "public", "content", "templates", "generator", "hooks", ".git")
BUILD_MARKER = ".sitegen-build"  # the folder holds a built site (site/fsio.MARKER)
FORMATS = ("html", "csv")


def out_dir(root: Path, out: Path | None) -> Path:
    target = (out if out is not None else root / DEFAULT_DIR).resolve()
    root = root.resolve()
    for name in PUBLIC:
        folder = root / name
        if target == folder or folder in target.parents:
            raise SitegenError(
                f"报表不能写入 {name}/（{target}）：报表是内部资料，不得进入网站（第十八条）。请换一个目录，例如 reports/。"
            )
    if target == root:
        raise SitegenError("报表不能直接写在仓库根目录，请用 reports/ 或另一个目录。")
    for probe in (target, *target.parents):
        if (probe / BUILD_MARKER).exists():
            raise SitegenError(f"{target} 位于已生成的网站 {probe} 之内：报表不得进入网站（第十八条），请换一个目录。")
    if target.exists() and not target.is_dir():
        raise SitegenError(f"输出路径 {target} 已存在且不是目录。")
    return target


def write(report: Report, folder: Path, formats: tuple[str, ...], now: dt.datetime) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    texts: dict[str, str] = {}
    if "html" in formats:
        texts[f"{report.key}.html"] = html.render(report, now.strftime("%Y-%m-%d %H:%M"))
    if "csv" in formats:
        texts.update(csvfile.files(report))
    written = []
    for name, text in texts.items():
        written.append(_atomic_write(folder / name, text))
    return written


def _atomic_write(path: Path, text: str) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
