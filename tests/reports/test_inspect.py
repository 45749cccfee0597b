"""`sitegen inspect` on a site made stale on purpose, and on the same site brought up to date."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import docmaker
import pytest
from reportkit import TODAY, article, copy_repo

from generator.reports import inspect
from generator.reports.gather import gather

DAY = dt.date.fromisoformat(TODAY)


PDF = docmaker.blank_pdf()  # a readable one-page PDF: an unreadable attachment is refused (SE008)


def findings(site_path, built=None):
    _report, found = inspect.run(gather(site_path, DAY, branches=False), built)
    return found


def items(found, level):
    return sorted({f.item for f in found if f.level == level})


def test_a_stale_site_fails_outright_with_the_right_items(repo, tmp_path):
    found = findings(repo.path, tmp_path / "no-site")
    # 工作动态 (news) was last updated 09-05; six columns have nothing published.
    assert items(found, inspect.FAIL) == ["空白栏目", "首页不更新"]
    blank = sorted(f.where for f in found if f.item == "空白栏目" and f.level == inspect.DEDUCT)
    assert blank == sorted(
        [
            "在线访谈（nsfw/zxft）",
            "征管科技（zgkj）",
            "通知公告（tzgg）",
            "政策解读（zcjd）",
            "人事信息（rsxx）",
            "互动交流（hdjl）",
        ]
    )
    stale = [f.where for f in found if f.item == "栏目不更新"]
    assert stale == ["工作动态（gzdt）"]  # 纳税服务 is a notice column: 10-09 is recent enough
    assert "未检查已生成的网站" in items(found, inspect.INFO)
    done = repo.sitegen("inspect", "--today", TODAY, "--out", str(tmp_path / "out"))
    assert done.returncode == 1, done.stderr
    assert "[否决] 首页不更新" in done.stdout and "[否决] 空白栏目" in done.stdout


@pytest.fixture(scope="module")
def fresh(repo, tmp_path_factory):
    """The same site brought up to date: news of 10-28, the blank columns filled, an attachment, a build."""
    site = copy_repo(repo, tmp_path_factory.mktemp("fresh") / "site")
    stamps = {"reviewed_by": "dongpf", "approved_by": "chenhong"}
    site.write(
        "content/gzdt/a9.md", article(unit="bgt", by="zhoukexin", submitted="2025-10-27", date="2025-10-28", **stamps)
    )
    for column in ("tzgg", "zcjd", "rsxx", "hdjl"):
        site.write(
            f"content/{column}/n1.md",
            article(unit="bgt", by="zhoukexin", submitted="2025-10-20", date="2025-10-21", **stamps),
        )
    body = "附件：[办税指南](guide/zhinan.pdf)"
    site.write(
        "content/nsfw/guide.md",
        article(
            unit="nsfws",
            by="zhangwei",
            submitted="2025-10-21",
            date="2025-10-22",
            reviewed_by="limin",
            approved_by="wangjun",
            body=body,
        ),
    )
    (site.path / "content/nsfw/guide").mkdir()
    (site.path / "content/nsfw/guide/zhinan.pdf").write_bytes(PDF)
    site.commit("zhoukexin", "2025-10-28", "办公厅：更新")
    built = site.path.parent / "public-site"
    done = site.sitegen("build", "--out", str(built), "--today", TODAY, "--no-search")
    assert done.returncode == 0, done.stdout + done.stderr
    return site, built


def test_an_up_to_date_site_passes(fresh, tmp_path):
    site, built = fresh
    found = findings(site.path, built)
    assert items(found, inspect.FAIL) == []
    assert sorted(f.where for f in found if f.item == "空白栏目") == ["在线访谈（nsfw/zxft）", "征管科技（zgkj）"]
    assert [f for f in found if f.item in ("链接不可用", "附件缺失", "页脚信息缺失", "网页元数据缺失")] == []
    done = site.sitegen("inspect", "--site", str(built), "--today", TODAY, "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_built_site_is_crawled_for_links_attachments_footer_and_meta(fresh, tmp_path):
    site, built = fresh
    broken = tmp_path / "broken"
    import shutil

    shutil.copytree(built, broken)
    (broken / "nsfw/guide/zhinan.pdf").unlink()
    (broken / "gzdt/a9.html").unlink()
    page = broken / "nsfw/a1.html"
    text = page.read_text(encoding="utf-8")
    icp = "京ICP备00000000号"
    assert icp in text and 'name="SiteIDCode"' in text
    page.write_text(text.replace(icp, "").replace('name="SiteIDCode"', 'name="Other"'), encoding="utf-8")
    found = findings(site.path, broken)
    by_item = {}
    for f in found:
        by_item.setdefault(f.item, set()).add(f.where)
    assert by_item["附件缺失"] == {"nsfw/guide.html"}
    assert "gzdt/index.html" in by_item["链接不可用"] and "index.html" in by_item["链接不可用"]
    assert by_item["页脚信息缺失"] == {"nsfw/a1.html"}
    assert by_item["网页元数据缺失"] == {"nsfw/a1.html"}
    assert items(found, inspect.FAIL) == []  # deductions, not outright fails


def test_disclosure_and_consultation_timing(tmp_path, repo):
    site = copy_repo(repo, tmp_path / "timing")
    site.write(
        "columns.yaml",
        (site.path / "columns.yaml").read_text(encoding="utf-8")
        + "xxgk:\n  title: 信息公开\n  owner: bgt\n  kind: disclosure\n  cadence: notice\n"
        + "zqyj:\n  title: 征求意见\n  owner: bgt\n  kind: consultation\n  cadence: notice\n",
    )
    stamps = {"reviewed_by": "dongpf", "approved_by": "chenhong"}
    late = article(unit="bgt", by="zhoukexin", submitted="2025-10-27", date="2025-10-28", **stamps)
    late = late.replace(
        "approval:",
        "disclosure:\n  index_no: 000014349/2025-00001\n  issuer: 办公厅\n  topic: 综合政务\n  written: 2025-09-01\n  validity: 有效\napproval:",
    )
    site.write("content/xxgk/late.md", late)
    short = article(unit="bgt", by="zhoukexin", submitted="2025-08-01", date="2025-08-01", **stamps)
    short = short.replace(
        "approval:", "consultation:\n  opens: 2025-08-01\n  closes: 2025-08-20\n  feedback: 电子邮件\napproval:"
    )
    site.write("content/zqyj/short.md", short)
    site.commit("zhoukexin", "2025-10-28", "办公厅：更新")
    found = findings(site.path, None)
    details = {f.item: f for f in found}
    # 09-01 -> 10-28: 37 working days (国庆 off, 调休 09-28 and 10-11 on).
    official = len(chinese_calendar.get_workdays(dt.date(2025, 9, 2), dt.date(2025, 10, 28)))
    assert official == 37 and "相隔 37 个工作日" in details["信息公开不及时"].detail
    assert details["征求意见期限不足"].where == "content/zqyj/short.md"
    assert details["征求意见未公布结果"].where == "content/zqyj/short.md"
    assert "年度报表未公开" in details  # no 2024 政府网站工作年度报表 by 2025-01-31
