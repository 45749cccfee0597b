"""MP: the two maps and the site settings — schemas, references, the liaison register."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from checkkit import COLUMNS, DEPARTMENTS, SETTINGS, bad, check, good, line_of, run_case, write_site

D, C, S = "departments.yaml", "columns.yaml", "site.yaml"


def dep(old: str, new: str) -> dict:
    assert old in DEPARTMENTS, old
    return {D: DEPARTMENTS.replace(old, new)}


def dline(old: str, new: str, needle: str | None = None) -> int:
    return line_of(DEPARTMENTS.replace(old, new), needle or new.strip().splitlines()[0])


def col(old: str, new: str) -> dict:
    assert old in COLUMNS, old
    return {C: COLUMNS.replace(old, new)}


def gap(to: str, start: str) -> dict:
    return dep(
        "to: 2025-02-20}\n      - {person: zhangwei, from: 2025-03-01}",
        f"to: {to}}}\n      - {{person: zhangwei, from: {start}}}",
    )


ZW = "- {person: zhangwei"
BOMB = 'a: &a ["哈","哈","哈","哈","哈","哈","哈","哈","哈"]\n' + "".join(
    f"{n}: &{n} [{','.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi")
)
LAST_LEFT = "- {person: huangtao, from: 2024-06-01}"

CASES = [
    bad("MP001", dep("  bgt:\n", "  bgt\n"), D, dline("  bgt:\n", "  bgt\n", "  bgt\n") + 1, "syntax"),
    bad("MP001", {S: None}, S, 1, "missing"),
    bad("MP001", {C: "- xxgk\n- nsfw\n"}, C, 1, "not-a-mapping"),
    bad("MP001", {C: COLUMNS + BOMB}, C, line_of(COLUMNS + BOMB, "b: &b"), "billion-laughs"),
    bad("MP001", {D: DEPARTMENTS.encode("gbk")}, D, None, "gbk"),
    good("MP001", {D: ("\ufeff" + DEPARTMENTS).replace("\n", "\r\n").encode()}, "bom-crlf"),
    bad(
        "MP002",
        col("owner: nsfws\n  kind", "owner: nsfwz\n  kind"),
        C,
        line_of(COLUMNS, "owner: nsfws\n  kind"),
        "owner",
    ),
    bad("MP002", dep("office: bgt", "office: bgtx"), D, 1, "office", others_ok=True),
    good("MP002", col("owner: nsfws\n  kind", "owner: bgt\n  kind"), "known-unit", others_ok=True),
    bad(
        "MP003",
        dep("leaders: [limin]", "leaders: [limingg]"),
        D,
        dline("leaders: [limin]", "leaders: [limingg]"),
        "leader",
    ),
    bad(
        "MP003",
        dep("person: zhangwei", "person: zhangwie"),
        D,
        dline("person: zhangwei", "person: zhangwie", "zhangwie"),
        "liaison",
    ),
    bad(
        "MP003",
        dep("    leaders: [fenglei]\n    supervisor: wangjun", "    leaders: [fenglei]\n    supervisor: wangjn"),
        D,
        line_of(DEPARTMENTS, "supervisor: wangjun", 3),
        "supervisor",
    ),
    good("MP003", {}),
    bad("MP004", gap("2025-02-20", "2025-02-10"), D, line_of(DEPARTMENTS, ZW), "overlap"),
    bad("MP004", gap("2025-02-20", "2023-03-01"), D, line_of(DEPARTMENTS, ZW), "order"),
    bad("MP004", dep(", to: 2025-02-20}", "}"), D, line_of(DEPARTMENTS, "person: liuyang"), "no-to", others_ok=True),
    bad(
        "MP004",
        dep("from: 2024-01-01, to: 2025-02-20", "from: 2024-01-01, to: 2023-12-31"),
        D,
        line_of(DEPARTMENTS, "person: liuyang"),
        "to-before-from",
    ),
    good("MP004", gap("2025-02-20", "2025-02-21"), "next-day"),
    bad("MP005", gap("2025-09-26", "2025-10-24"), D, line_of(DEPARTMENTS, ZW), "guoqing-2025", severity="warning"),
    bad(
        "MP005",
        dep(LAST_LEFT, LAST_LEFT.replace("}", ", to: 2026-11-02}")),
        D,
        line_of(DEPARTMENTS, LAST_LEFT),
        "nobody-since",
        severity="warning",
    ),
    good("MP005", gap("2025-09-26", "2025-10-23"), "15th-working-day"),
    good("MP005", dep(LAST_LEFT, LAST_LEFT.replace("}", ", to: 2026-11-05}")), "left-15-working-days-ago"),
    bad(
        "MP006", dep("  fenglei: {", "  Feng_Lei: {"), D, line_of(DEPARTMENTS, "  fenglei: {"), "person", others_ok=True
    ),
    bad("MP006", col("nsfw/zqyj:", "nsfw/ZQYJ:"), C, line_of(COLUMNS, "nsfw/zqyj:"), "column"),
    good("MP006", {}),
    bad(
        "MP007",
        dep("    kind: hq\n    leaders: [limin]", "    kind: hq\n    leader: [limin]"),
        D,
        line_of(DEPARTMENTS, "leaders: [limin]"),
        "unit",
        others_ok=True,
    ),
    bad(
        "MP007",
        col("  title: 纳税服务\n", "  title: 纳税服务\n  titel: 纳税\n"),
        C,
        line_of(COLUMNS, "  title: 纳税服务") + 1,
        "column",
    ),
    good("MP007", {}),
    bad("MP008", col("nsfw/zqyj:", "nsfx/zqyj:"), C, line_of(COLUMNS, "nsfw/zqyj:"), "unknown-parent"),
    bad(
        "MP008",
        {
            C: "nsfw/zqyj:\n  title: 征求意见\n  owner: nsfws\n  kind: consultation\n"
            "nsfw:\n  title: 纳税服务\n  owner: nsfws\n" + COLUMNS.split("nsfw:")[0]
        },
        C,
        1,
        "parent-after",
    ),
    good("MP008", {}),
    bad("MP009", dep("fenglei@", "huangtao@"), D, line_of(DEPARTMENTS, "fenglei@")),
    good("MP009", {}),
    bad(
        "MP010",
        dep("kind: hq\n    leaders: [limin]", "kind: hk\n    leaders: [limin]"),
        D,
        line_of(DEPARTMENTS, "kind: hq\n    leaders: [limin]"),
        "unit-kind",
    ),
    bad("MP010", col("kind: disclosure", "kind: discloser"), C, line_of(COLUMNS, "kind: disclosure"), "column-kind"),
    bad(
        "MP010",
        {S: SETTINGS.replace("id_code: bm29000099", "id_code: bm2900")},
        S,
        line_of(SETTINGS, "id_code"),
        "id-code",
    ),
    good("MP010", {S: SETTINGS.replace("id_code: bm29000099", "id_code: 1100000001")}, "ten-digit-id-code"),
    bad("MP011", dep("    name: 纳税服务司\n", ""), D, line_of(DEPARTMENTS, "  nsfws:")),
    good("MP011", {}),
    bad(
        "MP012", dep("leaders: [limin]", "leaders: limin"), D, line_of(DEPARTMENTS, "leaders: [limin]"), others_ok=True
    ),
    good("MP012", {}),
    bad(
        "MP013",
        dep("from: 2025-03-01", "from: 2025-03-32"),
        D,
        line_of(DEPARTMENTS, "from: 2025-03-01"),
        others_ok=True,
    ),
    good("MP013", {}),
    bad(
        "MP014",
        dep("    leaders: [limin]\n", "    leaders: [limin]\n    publishers: [limin]\n"),
        D,
        line_of(DEPARTMENTS, "leaders: [limin]") + 1,
    ),
    good("MP014", {}),
    bad("MP015", {C: COLUMNS + "static:\n  title: 静态\n  owner: bgt\n"}, C, len(COLUMNS.splitlines()) + 1),
    good("MP015", {C: COLUMNS + "statics:\n  title: 静态资料\n  owner: bgt\n"}),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_mp(case, tmp_path):
    run_case(case, tmp_path / "site")


def test_map_alias_bomb_finishes_quickly(tmp_path):
    root = write_site(tmp_path / "s", {D: DEPARTMENTS + BOMB})
    start = time.perf_counter()
    problems = check(root)
    assert time.perf_counter() - start < 2
    assert ("MP001", D) in {(p.rule, p.path) for p in problems}


def test_gap_counts_chinese_working_days_not_weekdays(tmp_path):
    # 2025-09-26 (Fri) to 2025-10-23: 15 working days with 国庆 and the 09-28 / 10-11 make-up days,
    # 19 Monday-to-Friday days. A weekday count would warn; the law's count does not.
    root = write_site(tmp_path / "s", gap("2025-09-26", "2025-10-23"))
    assert check(root, today=dt.date(2026, 11, 26)) == []
    root = write_site(tmp_path / "t", gap("2025-09-26", "2025-10-24"))
    [warning] = check(root)
    assert "16 个工作日" in warning.message


def test_a_misspelt_successor_does_not_also_claim_a_vacancy(tmp_path):
    root = write_site(tmp_path / "s", dep("person: zhangwei", "person: zhangwie"))
    rules = {p.rule for p in check(root) if p.path == D}
    assert rules == {"MP003"}


def test_a_broken_map_does_not_stop_the_article_checks(tmp_path):
    root = write_site(tmp_path / "s", {D: "office: [\n", "content/nsfw/a.md": "---\ntitel: x\n---\n"})
    rules = {(p.path, p.rule) for p in check(root)}
    assert (D, "MP001") in rules and ("content/nsfw/a.md", "FM008") in rules
