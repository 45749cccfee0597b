"""The office's figures from a real repository: exact counts, rates, medians and amounts.

The story (reportkit.make_repo), quarter 2025Q3, today 2025-10-31:
  A1 纳税服务司 submitted 07-01, on main 07-03            -> submitted and adopted in Q3, 2 working days
  A2 纳税服务司 submitted 09-25, on main 10-09            -> submitted in Q3, adopted in Q4 (5 working days: 调休 09-28)
  A3 纳税服务司 submitted 08-11, branch nsfws-pending     -> submitted in Q3, not adopted
  A4 办公厅 submitted 06-20, merged (--no-ff) 07-10       -> adopted in Q3, submitted in Q2, 14 working days
  A5 办公厅 submitted 09-01, on main 09-05                -> submitted and adopted in Q3, 4 working days
  A7 办公厅 submitted 08-01, branch bgt-pending           -> submitted in Q3, not adopted; a mobile number (SE)
  A6 征管和科技发展司 submitted 10-15, branch            -> Q4; its liaison left 08-29 (AP)
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import chinese_calendar
import pytest
from reportkit import TODAY

from generator.errors import SitegenError
from generator.reports import liaisons, quarter, remuneration, year
from generator.reports.gather import gather
from generator.reports.period import quarter as parse_quarter
from generator.reports.period import year as parse_year

DAY = dt.date.fromisoformat(TODAY)


@pytest.fixture(scope="module")
def corpus(repo):
    return gather(repo.path, DAY)


def rows(report, section_id):
    return {row[0]: row for row in next(s for s in report.sections if s.id == section_id).rows}


def official_workdays(after: dt.date, through: dt.date) -> int:
    """Working days d with after < d <= through, straight from chinesecalendar."""
    return len(chinese_calendar.get_workdays(after + dt.timedelta(days=1), through))


def test_every_branch_is_read_and_main_says_what_was_adopted(corpus):
    found = {e.path: e for e in corpus.entries}
    assert set(found) == {
        f"content/{p}.md" for p in ("nsfw/a1", "nsfw/a2", "nsfw/a3", "gzdt/a4", "gzdt/a5", "gzdt/a7", "zgkj/a6")
    }
    assert found["content/gzdt/a4.md"].adopted == dt.date(
        2025, 7, 10
    )  # the merge commit's day, not the branch commit's
    assert found["content/nsfw/a3.md"].adopted is None
    assert found["content/nsfw/a3.md"].branches == ("nsfws-pending",)
    assert corpus.branches_read == 3
    assert corpus.notes == []


def test_quarter_per_unit(corpus):
    report = quarter.build(corpus, parse_quarter("2025Q3", DAY))
    units = rows(report, "units")
    # 单位, 报送, 其中已采用, 采用率, 待采用, 本季度采用, 中位数, 撤稿, 豁免
    assert units["纳税服务司"][1:7] == [3, 2, "66.7%", 1, 1, 2.0]
    assert units["办公厅"][1:7] == [2, 1, "50.0%", 1, 2, 9.0]  # median of 14 and 4
    assert units["征管和科技发展司"][1:7] == [0, 0, "—", 0, 0, None]  # A6 belongs to Q4
    assert set(rows(report, "silent")) == {"征管和科技发展司", "电子税务管理中心", "财务司"}
    assert dict(report.summary)["采用率"] == "60.0%"  # 3 of 5


def test_the_next_quarter_sees_a2_adopted_and_a6_submitted(corpus):
    report = quarter.build(corpus, parse_quarter("2025Q4", DAY))
    units = rows(report, "units")
    assert units["纳税服务司"][1:7] == [0, 0, "—", 0, 1, 5.0]
    assert units["征管和科技发展司"][1:7] == [1, 0, "0.0%", 1, 0, None]


def test_lead_time_across_national_day_matches_the_official_calendar():
    # 2025-09-25 -> 2025-10-09: 09-26, 09-28 (调休 Sunday), 09-29, 09-30, 10-09; 10-01..10-08 are off.
    assert official_workdays(dt.date(2025, 9, 25), dt.date(2025, 10, 9)) == 5


def test_liaison_register_gaps_in_chinese_working_days(corpus):
    report = liaisons.build(corpus)
    gaps = {(r[0], r[2]): r for r in next(s for s in report.sections if s.id == "gaps").rows}
    # 纳税服务司: liuyang left Friday 09-26, zhangwei came Monday 10-20. Without a liaison:
    # 09-28 (调休 Sunday), 09-29, 09-30, 10-09, 10-10, 10-11 (调休 Saturday), 10-13..10-17 = 11 working days.
    nsfws = gaps[("纳税服务司", "2025-09-26")]
    assert nsfws[5] == 11 == official_workdays(dt.date(2025, 9, 26), dt.date(2025, 10, 19))
    assert nsfws[6] == "否"  # zhangwei came on the 12th working day: within the 15
    # 征管和科技发展司: chenyt left 08-29 and nobody since: an open vacancy to today, flagged.
    zgkjs = gaps[("征管和科技发展司", "2025-08-29")]
    assert zgkjs[5] == 41 == official_workdays(dt.date(2025, 8, 29), DAY)
    assert zgkjs[3] == "（尚未登记）" and zgkjs[6] == "是"
    current = rows(report, "current")
    assert current["纳税服务司"][1:4] == ["张伟（zhangwei）", "2025-10-20", 10]
    assert current["征管和科技发展司"][4] == "空缺 41 个工作日（超过 15 个工作日）"
    missing = rows(report, "missing")
    assert set(missing) == {"征管和科技发展司", "财务司"}
    assert missing["财务司"][3] == "已登记 孙丽（sunli） 自 2025-11-10 起任"
    assert dict(report.summary)["超过 15 个工作日的空缺"] == "1 次"


def test_a_successor_on_the_16th_working_day_is_flagged():
    from generator.maps import LiaisonTerm, Unit

    # The 15th working day after 09-26 (调休 09-28 and 10-11 counted, 国庆 not) is 10-23; the 16th is 10-24.
    assert official_workdays(dt.date(2025, 9, 26), dt.date(2025, 10, 23)) == 15
    left = LiaisonTerm("a", dt.date(2025, 1, 1), dt.date(2025, 9, 26))
    unit = Unit("x", "某司", "hq", (), None, (), (left, LiaisonTerm("b", dt.date(2025, 10, 24), None)))
    (gap,) = liaisons.gaps(unit, DAY)
    assert gap.days == 15 and gap.flagged
    on_time = Unit("y", "某司", "hq", (), None, (), (left, LiaisonTerm("b", dt.date(2025, 10, 23), None)))
    (gap,) = liaisons.gaps(on_time, DAY)
    assert gap.days == 14 and not gap.flagged


def test_yearly_rating_ranks_liaisons(corpus):
    report = year.build(corpus, parse_year("2025", DAY))
    ranking = next(s for s in report.sections if s.id == "ranking").rows
    by_name = {r[1]: r for r in ranking}
    # 名次, 联络员, 单位, 报送, 其中已采用, 采用率, 本年采用, 中位数, 错误, 警告, 无问题比例
    assert ranking[0][1] == "刘洋（liuyang）" and ranking[1][1] == "周可馨（zhoukexin）"
    assert by_name["刘洋（liuyang）"][3:] == [3, 2, "66.7%", 2, 3.5, 0, 0, "100.0%"]
    # A7's mobile number (SE003): one error, two of three submissions clean; ties with 刘洋 on adopted articles.
    assert by_name["周可馨（zhoukexin）"][3:] == [3, 2, "66.7%", 2, 9.0, 1, 0, "66.7%"]
    # A6: not the unit's liaison on 10-15 (AP001).
    assert by_name["陈雅婷（chenyt）"][3:] == [1, 0, "0.0%", 0, None, 1, 0, "0.0%"]
    # Then the liaisons of the year without adopted articles; 孙丽 is registered from 11-10.
    assert [r[1] for r in ranking[2:]] == ["陈雅婷（chenyt）", "黄鹏飞（huangpf）", "孙丽（sunli）", "张伟（zhangwei）"]
    assert [r[0] for r in ranking] == [1, 2, 3, 4, 5, 6]


def test_remuneration_ledger_and_totals(corpus):
    report = remuneration.build(corpus, parse_quarter("2025Q3", DAY))
    units = rows(report, "units")
    assert units["办公厅"][1:] == [2, "600.00"]  # A4 and A5 in 工作动态 at 300
    assert units["纳税服务司"][1:] == [1, "200.00"]  # A1 at the default 200
    assert units["合计"][1:] == [3, "800.00"]
    people = {(r[0], r[1]): r for r in next(s for s in report.sections if s.id == "liaisons").rows}
    assert people[("周可馨（zhoukexin）", "办公厅")][2:] == [2, "600.00"]
    ledger = next(s for s in report.sections if s.id == "ledger").rows
    assert [r[0] for r in ledger] == ["content/nsfw/a1.md", "content/gzdt/a4.md", "content/gzdt/a5.md", "合计"]


def test_periods_are_checked():
    with pytest.raises(SitegenError, match="季度为 1 到 4"):
        parse_quarter("2026Q5", DAY)
    with pytest.raises(SitegenError, match="尚未开始"):
        parse_quarter("2026Q1", DAY)
    with pytest.raises(SitegenError, match="尚未开始"):
        parse_year("2026", DAY)
    assert parse_quarter("2025q4", DAY).end == dt.date(2025, 12, 31)


def test_cli_writes_html_and_csv_to_reports_and_nothing_to_build(repo, tmp_path):
    from reportkit import copy_repo

    site = copy_repo(repo, tmp_path / "copy")
    (site.path / "build").mkdir()
    done = site.sitegen("report", "quarter", "2025Q3", "--today", TODAY)
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in (site.path / "reports").iterdir())
    assert names == [
        "quarter-2025Q3-articles.csv",
        "quarter-2025Q3-exemptions.csv",
        "quarter-2025Q3-silent.csv",
        "quarter-2025Q3.csv",
        "quarter-2025Q3.html",
    ]
    assert not any((site.path / "build").iterdir())
    table = list(
        csv.reader(io.StringIO((site.path / "reports" / "quarter-2025Q3.csv").read_text(encoding="utf-8-sig")))
    )
    assert table[0][:4] == ["单位", "报送（篇）", "其中已采用", "采用率"]
    assert ["纳税服务司", "3", "2", "66.7%", "1", "1", "2", "0", "0"] in table  # no withdrawal, no exemption
    page = (site.path / "reports" / "quarter-2025Q3.html").read_text(encoding="utf-8")
    assert "<script" not in page and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "@example.gov.cn" not in page  # names, never e-mail addresses
    assert site.git("status", "--porcelain") == ""  # reports/ is ignored


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "quarter", "2026Q5"], "季度为 1 到 4"),
        (["report", "year", "2030"], "尚未开始"),
        (["report", "quarter", "2025Q3", "--out", "build/reports"], "不得进入网站"),
        (["report", "liaisons", "--out", "content/x"], "不得进入网站"),
    ],
)
def test_bad_input_is_a_chinese_message_and_exit_2(repo, args, message):
    done = repo.sitegen(*args, "--today", TODAY)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
    assert not (repo.path / "build").exists()


def test_a_repository_without_main(tmp_path, repo):
    from reportkit import copy_repo

    site = copy_repo(repo, tmp_path / "nomain")
    site.git("branch", "-m", "main", "trunk")
    done = site.sitegen("report", "liaisons", "--today", TODAY)
    assert done.returncode == 2 and "没有 main 分支" in done.stderr and "Traceback" not in done.stderr


def test_an_unreadable_branch_and_a_form_without_dates_are_noted(tmp_path, repo):
    from reportkit import copy_repo

    site = copy_repo(repo, tmp_path / "odd")
    site.git("switch", "-q", "-c", "nodates", "main")
    site.write(
        "content/nsfw/a8.md", "---\ntitle: 没有日期\nunit: nsfws\napproval:\n  submitted_by: zhangwei\n---\n正文\n"
    )
    site.commit("zhangwei", "2025-10-21")
    site.git("switch", "-q", "main")
    missing = "0123456789abcdef0123456789abcdef01234567"
    (site.path / ".git" / "refs" / "heads" / "broken").write_text(missing + "\n")
    corpus = gather(site.path, DAY)
    assert any("broken" in n and "无法读取" in n for n in corpus.notes)
    assert any("a8.md" in n and "报送日期" in n for n in corpus.notes)
    done = site.sitegen("report", "quarter", "2025Q4", "--today", TODAY, "--format", "csv")
    assert done.returncode == 0 and "说明：" in done.stderr


def test_hostile_titles_are_text_in_html_and_csv(tmp_path, repo):
    from reportkit import article, copy_repo

    site = copy_repo(repo, tmp_path / "hostile")
    site.git("switch", "-q", "-c", "hostile", "main")
    title = "'=HYPERLINK(\"http://x\")<script>alert(1)</script>\u202e'"
    site.write(
        "content/nsfw/h.md",
        article(unit="nsfws", by="zhangwei", submitted="2025-10-22", date="2025-10-22", title=title),
    )
    site.commit("zhangwei", "2025-10-22")
    site.git("switch", "-q", "main")
    done = site.sitegen("report", "quarter", "2025Q4", "--today", TODAY)
    assert done.returncode == 0, done.stderr
    page = (site.path / "reports" / "quarter-2025Q4.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    detail = (site.path / "reports" / "quarter-2025Q4-articles.csv").read_text(encoding="utf-8-sig")
    (row,) = [r for r in csv.reader(io.StringIO(detail)) if r[0] == "content/nsfw/h.md"]
    assert row[1].startswith("'=HYPERLINK")  # a spreadsheet shows it, never runs it
    # The plain control: an ordinary title is written as it is.
    assert next(r for r in csv.reader(io.StringIO(detail)) if r[0] == "content/nsfw/a2.md")[:2] == [
        "content/nsfw/a2.md",
        "关于优化纳税服务的通知",
    ]
