"""The quarter report lists every reviewed exemption (误报豁免) of the articles adopted in the quarter:
the article, the rule, the exact text, the reason and the stamps that cover it (issue 10)."""

from __future__ import annotations

import datetime as dt

from reportkit import TODAY, article, copy_repo

from generator.reports import quarter
from generator.reports.gather import gather
from generator.reports.period import quarter as parse_quarter

EXEMPTION = """exemptions:
  - rule: SE003
    text: "15012345678"
    reason: 这是退税业务的受理编号，不是手机号码
"""


def _with_exemption(repo, tmp_path):
    site = copy_repo(repo, tmp_path / "copy")
    text = article(
        unit="nsfws",
        by="liuyang",
        submitted="2025-08-04",
        date="2025-08-06",
        reviewed_by="limin",
        approved_by="wangjun",
        title="退税受理编号说明",
        body="受理编号 15012345678。",
    )
    site.write("content/nsfw/a8.md", text.replace("approval:", EXEMPTION + "approval:", 1))
    site.commit("liuyang", "2025-08-06")
    return site


def test_the_quarter_lists_each_exemption_with_its_reason_and_stamps(repo, tmp_path):
    site = _with_exemption(repo, tmp_path)
    report = quarter.build(
        gather(site.path, dt.date.fromisoformat(TODAY)), parse_quarter("2025Q3", dt.date(2026, 1, 1))
    )
    section = next(s for s in report.sections if s.id == "exemptions")
    assert len(section.rows) == 1
    assert section.rows[0] == [
        "content/nsfw/a8.md",
        "退税受理编号说明",
        "纳税服务司",
        "SE003",
        "15012345678",
        "这是退税业务的受理编号，不是手机号码",
        "李敏（limin）",
        "王军（wangjun）",
        "2025-08-06",
    ]
    units = {row[0]: row for row in next(s for s in report.sections if s.id == "units").rows}
    assert units["纳税服务司"][8] == 1 and units["办公厅"][8] == 0


def test_a_quarter_without_exemptions_says_so(repo):
    report = quarter.build(
        gather(repo.path, dt.date.fromisoformat(TODAY)), parse_quarter("2025Q3", dt.date(2026, 1, 1))
    )
    section = next(s for s in report.sections if s.id == "exemptions")
    assert section.rows == [] and "均无误报豁免" in section.empty
