"""`sitegen report quarter|liaisons|year|remuneration`: the office's figures, outside the site."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from generator.errors import EXIT_CLEAN, SitegenError
from generator.project import find_root


def run_report(
    *, kind: str, period: str | None, out: Path | None, fmt: str | None, today: dt.date | None, root: Path | None
) -> int:
    from generator.reports import liaisons, output, quarter, remuneration, year
    from generator.reports.gather import gather
    from generator.reports.period import quarter as parse_quarter
    from generator.reports.period import year as parse_year

    today = today or dt.date.today()
    if today > dt.date.today() + dt.timedelta(days=1):
        raise SitegenError(f"--today {today} 在未来：报表只能统计已经发生的事。")
    root = (root or find_root()).resolve()
    folder = output.out_dir(root, out)  # refuse a bad --out before reading anything
    if kind in ("quarter", "remuneration"):
        when = parse_quarter(period or "", today)
    elif kind == "year":
        when = parse_year(period or "", today)
    else:
        when = None
    corpus = gather(root, today, articles=kind != "liaisons")
    if kind == "quarter":
        assert when is not None
        report = quarter.build(corpus, when)
    elif kind == "remuneration":
        assert when is not None
        report = remuneration.build(corpus, when)
    elif kind == "year":
        assert when is not None
        report = year.build(corpus, when)
    else:
        report = liaisons.build(corpus)
    written = output.write(report, folder, (fmt,) if fmt else output.FORMATS, dt.datetime.now())
    for path in written:
        print(f"已生成：{_shown(path, root)}")
    for note in report.notes:
        print(f"说明：{note}", file=sys.stderr)
    return EXIT_CLEAN


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
