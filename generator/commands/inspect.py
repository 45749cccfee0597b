"""`sitegen inspect`: the site against the national inspection indicators; exit 1 on an outright fail."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.errors import EXIT_CLEAN, EXIT_PROBLEMS, SitegenError
from generator.project import find_root


def run_inspect(
    *, site: Path | None, out: Path | None, fmt: str | None, today: dt.date | None, root: Path | None
) -> int:
    from generator.reports import inspect, output
    from generator.reports.gather import gather

    today = today or dt.date.today()
    root = (root or find_root()).resolve()
    folder = output.out_dir(root, out)
    if site is not None and not site.is_dir():
        raise SitegenError(f"找不到网站目录 {site}：请先运行 sitegen build，或用 --site 指定已生成的网站。")
    corpus = gather(root, today, branches=False)
    report, findings = inspect.run(corpus, (site or root / "build").resolve())
    for finding in findings:
        print(f"[{finding.level}] {finding.item}｜{finding.where}：{finding.detail}")
    fails = sum(f.level == inspect.FAIL for f in findings)
    deductions = sum(f.level == inspect.DEDUCT for f in findings)
    print(f"自查完成：否决项 {fails} 处，扣分项 {deductions} 处。")
    for path in output.write(report, folder, (fmt,) if fmt else output.FORMATS, dt.datetime.now()):
        print(f"已生成：{path}")
    return EXIT_PROBLEMS if fails else EXIT_CLEAN
