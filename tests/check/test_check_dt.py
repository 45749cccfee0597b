"""DT: the data files of data columns — where they sit, that their article approves their bytes, their schema."""

from __future__ import annotations

import hashlib

import pytest
from checkkit import COLUMNS, article, bad, check, good, line_of, run_case, write_site

from generator.problems import MAX_PER_RULE

DATA_COLUMNS = COLUMNS  # the shared columns.yaml has both data columns: nsfw/cktsl and nsfw/sstj
RATES = "商品编码,商品名称,计量单位,退税率,执行起始日期\n8471300000,便携式自动数据处理设备,台,13,2026-01-01\n0101210010,改良种用马,千克,9,2025-07-01\n"
REVENUE = "统计期,项目,收入（亿元）,同比增长（%）\n2026-09,国内增值税,4521.30,3.1\n2026-09,税收收入合计,12265.12,-0.4\n"
CSV = "content/nsfw/cktsl/wk/rates.csv"
MD = "content/nsfw/cktsl/wk.md"


def companion(data: bytes | str, *, name: str = "rates.csv", digest: str | None = None, extra: str = "") -> str:
    raw = data.encode() if isinstance(data, str) else data
    pin = digest or hashlib.sha256(raw).hexdigest()
    return article("数据说明。\n", title="出口退税率文库", extra=f"data:\n  file: {name}\n  sha256: {pin}\n{extra}")


def site(data: bytes | str = RATES, **kw) -> dict:
    return {"columns.yaml": DATA_COLUMNS, MD: companion(data, **kw), CSV: data}


def _bad_row(row: str) -> dict:
    return site(RATES + row)


ROW_LINE = RATES.count("\n") + 1  # the line of an appended row

CASES = [
    bad("DT001", {"content/nsfw/x.md": companion(RATES)}, "content/nsfw/x.md", line_of(companion(RATES), "data:")),
    good("DT001", site()),
    bad("DT002", {"content/nsfw/good/rates.csv": RATES}, "content/nsfw/good/rates.csv", 1, "plain-column"),
    bad("DT002", {"columns.yaml": DATA_COLUMNS, "content/nsfw/cktsl/gone/r.csv": RATES}, None, 1, "orphan"),
    good("DT002", site()),
    bad("DT003", {**site(), "content/nsfw/cktsl/wk/extra.csv": RATES}, "content/nsfw/cktsl/wk/extra.csv", 1),
    bad(
        "DT003",
        {"columns.yaml": DATA_COLUMNS, MD: article("无 data。\n"), CSV: RATES},
        CSV,
        1,
        "no-data-block",
    ),
    good("DT003", site()),
    bad("DT004", site(RATES, digest="0" * 64), CSV, 1, "changed-after-approval"),
    good("DT004", site()),
    bad("DT005", site(b"\xff\xfe" + "商品编码".encode("utf-16-le")), CSV, 1, "utf16"),
    bad("DT005", site(RATES + '8471300001,"未闭合,台,13,2026-01-01\n'), CSV, None, "quote"),
    good("DT005", site("\ufeff" + RATES.replace("\n", "\r\n")), "bom-crlf"),
    bad("DT006", site(RATES.replace("退税率", "税率", 1)), CSV, 1),
    bad("DT006", site(""), CSV, 1, "empty"),
    good("DT006", site()),
    bad("DT007", _bad_row("847130000,少一位,台,13,2026-01-01\n"), CSV, ROW_LINE, "code"),
    bad("DT007", _bad_row("8471300002,税率过高,台,25,2026-01-01\n"), CSV, ROW_LINE, "rate"),
    bad("DT007", _bad_row("8471300003,日期不对,台,13,2026-02-30\n"), CSV, ROW_LINE, "date"),
    bad("DT007", _bad_row("8471300004,列数不对,台,13\n"), CSV, ROW_LINE, "columns"),
    good("DT007", _bad_row("8471300005,计量单位可空,,0,2026-01-01\n"), "optional-unit"),
    bad("DT008", _bad_row("8471300000,重复的编码,台,13,2026-01-01\n"), CSV, ROW_LINE),
    good("DT008", site()),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_dt(case, tmp_path):
    run_case(case, tmp_path / "site")


def test_a_bad_cell_names_its_column_and_what_fits(tmp_path):
    write_site(tmp_path, _bad_row("8471300002,税率过高,台,25,2026-01-01\n"))
    [problem] = [p for p in check(tmp_path) if p.rule == "DT007"]
    assert "“退税率”列的值 25" in problem.message and "0 到 17" in problem.message


def test_the_approval_mismatch_tells_the_new_digest(tmp_path):
    write_site(tmp_path, site(RATES, digest="0" * 64))
    [problem] = [p for p in check(tmp_path) if p.rule == "DT004"]
    assert hashlib.sha256(RATES.encode()).hexdigest() in problem.message


def test_the_statistics_schema_is_checked_too(tmp_path):
    files = {
        "columns.yaml": DATA_COLUMNS,
        "content/nsfw/sstj/sr.md": companion(REVENUE + "2026-13,印花税,1.00,\n", name="revenue.csv"),
        "content/nsfw/sstj/sr/revenue.csv": REVENUE + "2026-13,印花税,1.00,\n",
    }
    write_site(tmp_path, files)
    problems = [p for p in check(tmp_path) if p.rule.startswith("DT")]
    assert [(p.rule, p.line) for p in problems] == [("DT007", 4)]


def test_a_missing_declared_file_is_a_broken_link(tmp_path):
    write_site(tmp_path, {"columns.yaml": DATA_COLUMNS, MD: companion(RATES)})
    problems = check(tmp_path)
    assert [(p.rule, p.path) for p in problems] == [("LK001", MD)]


def test_a_huge_hostile_file_is_read_in_linear_time(tmp_path):
    """100,000 rows, every one bad: each row is judged (the last one too), the list is capped, and the run
    finishes (no quadratic blow-up)."""
    rows = "".join(f"{n:010d},名称{n},台,{17 if n < 99_999 else 99},2026-01-01\n" for n in range(100_000))
    write_site(tmp_path, site(RATES + rows))
    problems = [p for p in check(tmp_path) if p.rule == "DT007"]
    assert len(problems) == 1 and "99" in problems[0].message
    rows = "".join(f"{n:010d},名称{n},台,99,2026-01-01\n" for n in range(100_000))
    write_site(tmp_path, site(RATES + rows))
    problems = [p for p in check(tmp_path) if p.rule == "DT007"]
    assert len(problems) == MAX_PER_RULE and "只列出前" in problems[-1].message
