"""sitegen new / review / approve in a real git repository, as different people.

Uses the scratch site of the check tests: zhangwei is nsfws's liaison (liuyang
before him), limin its leader, wangjun its supervisor, chenhong an office
publisher and sunqiang the office's liaison.
"""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import pytest
from checkkit import clean_env, sitegen, write_site

TODAY = "2026-11-20"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = write_site(tmp_path / "site")
    (root / "content" / "nsfw").mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True, env=_env(root))
    return root


def _env(root: Path) -> dict[str, str]:
    home = root.parent / "home"
    home.mkdir(exist_ok=True)
    return clean_env(home)


def as_user(root: Path, email: str, *args: str) -> subprocess.CompletedProcess:
    env = _env(root)
    subprocess.run(["git", "config", "user.email", email], cwd=root, check=True, env=env)
    return sitegen(*args, "--today", TODAY, cwd=root, env=env)


def check_json(root: Path, *args: str) -> dict:
    return json.loads(as_user(root, "chenhong@example.gov.cn", "check", "--format", "json", *args).stdout)


def test_liaison_starts_an_article_that_is_pending(repo: Path) -> None:
    done = as_user(repo, "zhangwei@example.gov.cn", "new", "nsfw", "--title", "关于“便民办税春风行动”的说明: 第一批")
    assert done.returncode == 0, done.stderr
    article = repo / "content" / "nsfw" / "20261120.md"
    assert "submitted_by: zhangwei" in article.read_text(encoding="utf-8")
    report = check_json(repo)
    assert report["errors"] == 0 and sorted(p["rule"] for p in report["problems"]) == ["AP008", "AP010"]
    assert check_json(repo, "--release")["errors"] == 2  # still pending, and still the placeholder body


def test_only_the_current_liaison_may_start_an_article(repo: Path) -> None:
    done = as_user(repo, "liuyang@example.gov.cn", "new", "nsfw", "--title", "标题")
    assert done.returncode == 1
    assert "张伟（zhangwei）" in done.stderr and "Traceback" not in done.stderr
    unknown = as_user(repo, "nobody@example.com", "new", "nsfw", "--title", "标题")
    assert unknown.returncode == 1 and "不在 departments.yaml 中" in unknown.stderr
    assert as_user(repo, "zhangwei@example.gov.cn", "new", "nsfx", "--title", "标题").returncode == 1


def test_full_flow_review_then_approve(repo: Path) -> None:
    assert (
        as_user(repo, "zhangwei@example.gov.cn", "new", "nsfw", "--title", "标题", "--slug", "notice").returncode == 0
    )
    path = "content/nsfw/notice.md"
    refused = as_user(repo, "zhangwei@example.gov.cn", "review", path)
    assert refused.returncode == 1 and "李敏（limin）" in refused.stderr
    early = as_user(repo, "chenhong@example.gov.cn", "approve", path)
    assert early.returncode == 1 and "尚未完成" in early.stderr
    placeholder = as_user(repo, "limin@example.gov.cn", "review", path)
    assert placeholder.returncode == 1 and f"{path}:18: 正文还是 sitegen new 写入的占位文字" in placeholder.stderr
    _write_body(repo / path, "为进一步优化纳税服务，现将有关事项通知如下。\n")
    assert as_user(repo, "limin@example.gov.cn", "review", path).returncode == 0
    assert as_user(repo, "limin@example.gov.cn", "approve", path).returncode == 1
    assert as_user(repo, "wangjun@example.gov.cn", "approve", path).returncode == 0
    text = (repo / path).read_text(encoding="utf-8")
    assert "reviewed_by: limin" in text and "approved_by: wangjun" in text and "# 审批" in text
    assert check_json(repo, "--release") == {"errors": 0, "warnings": 0, "problems": []}


def test_stamp_inserts_missing_keys_and_keeps_crlf_and_bom(repo: Path) -> None:
    text = textwrap.dedent("""\
        ---
        title: 标题
        date: 2026-11-20
        unit: nsfws
        approval:
          submitted_by: zhangwei
          submitted: 2026-11-19
          secrecy: 公开
        ---
        正文
        """).replace("\n", "\r\n")
    path = repo / "content" / "nsfw" / "crlf.md"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert as_user(repo, "limin@example.gov.cn", "review", "content/nsfw/crlf.md").returncode == 0
    assert as_user(repo, "chenhong@example.gov.cn", "approve", "content/nsfw/crlf.md").returncode == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\n" not in data.replace(b"\r\n", b"")
    assert (
        "  reviewed_by: limin\r\n  reviewed: 2026-11-20\r\n  approved_by: chenhong\r\n"
        "  approved: 2026-11-20\r\n  secrecy"
    ) in data.decode("utf-8-sig")
    assert check_json(repo, "--release")["errors"] == 0


def test_disclosure_skeleton_gets_the_next_index_number(repo: Path) -> None:
    assert as_user(repo, "sunqiang@example.gov.cn", "new", "xxgk", "--title", "公告", "--slug", "a").returncode == 0
    assert as_user(repo, "sunqiang@example.gov.cn", "new", "xxgk", "--title", "公告", "--slug", "b").returncode == 0
    second = (repo / "content" / "xxgk" / "b.md").read_text(encoding="utf-8")
    assert "index_no: 000014349/2026-00002" in second  # site.yaml's index_prefix, then year and number
    assert check_json(repo)["errors"] == 0


def _write_body(path: Path, body: str) -> None:
    text = path.read_text(encoding="utf-8")
    head, _, _ = text.partition("\n---\n")
    path.write_text(f"{head}\n---\n{body}", encoding="utf-8")


def test_empty_title_is_refused_at_creation(repo: Path) -> None:
    for title in ("", "   ", "\u3000"):
        done = as_user(repo, "zhangwei@example.gov.cn", "new", "nsfw", "--title", title)
        assert done.returncode == 1 and "标题不能为空" in done.stderr
    assert not list((repo / "content" / "nsfw").glob("2026*.md"))


def test_review_and_approve_on_later_days_need_nobody_else_to_edit_the_form(repo: Path) -> None:
    """Liaison on D, leader on D+2, approver on D+3: each touches only their own stamp; date follows approval."""
    env = _env(repo)

    def stamp(email: str, day: str, *args: str) -> subprocess.CompletedProcess:
        subprocess.run(["git", "config", "user.email", email], cwd=repo, check=True, env=env)
        return sitegen(*args, "--today", day, cwd=repo, env=env)

    assert (
        stamp("zhangwei@example.gov.cn", "2026-11-16", "new", "nsfw", "--title", "通知", "--slug", "n").returncode == 0
    )
    path = repo / "content" / "nsfw" / "n.md"
    _write_body(path, "正文。\n")
    assert stamp("limin@example.gov.cn", "2026-11-18", "review", "content/nsfw/n.md").returncode == 0
    pending = json.loads(
        stamp("limin@example.gov.cn", "2026-11-18", "check", "--format", "json", "content/nsfw/n.md").stdout
    )
    assert pending["errors"] == 0, pending  # reviewed after the planned date: fine while pending
    done = stamp("wangjun@example.gov.cn", "2026-11-19", "approve", "content/nsfw/n.md")
    assert done.returncode == 0 and "发布日期已改为审批当天 2026-11-19" in done.stdout
    text = path.read_text(encoding="utf-8")
    assert "date: 2026-11-19" in text and "# 发布日期" in text  # the comment survives
    released = json.loads(
        stamp(
            "wangjun@example.gov.cn", "2026-11-19", "check", "--release", "--format", "json", "content/nsfw/n.md"
        ).stdout
    )
    assert released == {"errors": 0, "warnings": 0, "problems": []}
    again = stamp("wangjun@example.gov.cn", "2026-11-19", "approve", "content/nsfw/n.md")
    assert again.returncode == 0 and "无需重复签署" in again.stdout
    # Re-dating the review after the approval would put the dates out of order (AP004): refused, nothing written.
    signed = path.read_bytes()
    renewed = stamp("limin@example.gov.cn", "2026-11-20", "review", "content/nsfw/n.md")
    assert renewed.returncode == 1 and "审核仍然有效，无需重新签署" in renewed.stderr
    assert "删除审批单中的这一项" not in renewed.stderr and path.read_bytes() == signed


def test_scheduled_date_is_kept_by_approval(repo: Path) -> None:
    env = _env(repo)
    subprocess.run(["git", "config", "user.email", "zhangwei@example.gov.cn"], cwd=repo, check=True, env=env)
    assert (
        sitegen("new", "nsfw", "--title", "通知", "--slug", "s", "--today", "2026-11-16", cwd=repo, env=env).returncode
        == 0
    )
    path = repo / "content" / "nsfw" / "s.md"
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2026-11-16", "date: 2026-12-01"), encoding="utf-8")
    _write_body(path, "正文。\n")
    assert as_user(repo, "limin@example.gov.cn", "review", "content/nsfw/s.md").returncode == 0
    assert as_user(repo, "chenhong@example.gov.cn", "approve", "content/nsfw/s.md").returncode == 0
    assert "date: 2026-12-01" in path.read_text(encoding="utf-8")


def test_re_approving_a_corrected_article_keeps_its_publish_date(repo: Path) -> None:
    """A correction is re-approved after publishing; the page keeps its original date (docs/lifecycle.md)."""
    from checkkit import approval, article

    path = repo / "content/nsfw/fixed.md"
    corrected = article(
        "已更正的正文。\n",
        date="2026-11-10",
        approval=approval(submitted="2026-11-08", reviewed="2026-11-09", approved_by=None, approved=None),
        extra="corrections:\n  - date: 2026-11-15\n    note: 办理时限更正为3个工作日\n",
    )
    path.write_text(corrected, encoding="utf-8")
    done = as_user(repo, "chenhong@example.gov.cn", "approve", "content/nsfw/fixed.md")
    assert done.returncode == 0, done.stderr
    text = path.read_text(encoding="utf-8")
    assert "date: 2026-11-10" in text and f"approved: {TODAY}" in text
    assert check_json(repo, "content/nsfw/fixed.md")["errors"] == 0


def test_the_example_title_and_titles_with_control_characters_are_refused(repo: Path) -> None:
    """The empty-title message shows an example; that example, a tab or a line break is no title (finding 6)."""
    shown = as_user(repo, "zhangwei@example.gov.cn", "new", "nsfw", "--title", "")
    example = shown.stderr.split('--title "', 1)[1].split('"', 1)[0]
    for title in (example, "关于…的通知", " 关于 …… 的通知 ", "关于调整\n办税时间的通知", "关于调整\t办税时间的通知"):
        done = as_user(repo, "zhangwei@example.gov.cn", "new", "nsfw", "--title", title)
        assert done.returncode == 1 and "Traceback" not in done.stderr, (title, done.stderr)
    assert not list((repo / "content" / "nsfw").glob("2026*.md"))
    made = as_user(repo, "zhangwei@example.gov.cn", "new", "nsfw", "--title", "关于调整办税时间的通知")
    assert made.returncode == 0, made.stderr  # control: a real title


def test_an_empty_or_template_body_cannot_be_signed_or_released(repo: Path) -> None:
    assert as_user(repo, "zhangwei@example.gov.cn", "new", "nsfw", "--title", "通知", "--slug", "e").returncode == 0
    path, rel = repo / "content" / "nsfw" / "e.md", "content/nsfw/e.md"
    for body in ("", "  \n\u3000\n", "## 小标题\n\n正文内容。\n", "在这里 用中文撰写正文\n"):
        _write_body(path, body)
        refused = as_user(repo, "limin@example.gov.cn", "review", rel)
        assert refused.returncode == 1 and "不能签署" in refused.stderr, (body, refused.stderr)
        assert "AP010" in as_user(repo, "chenhong@example.gov.cn", "check", "--release", rel).stdout
    _write_body(path, "自下月起，办税服务厅周六上午照常办公。\n")  # control
    assert as_user(repo, "limin@example.gov.cn", "review", rel).returncode == 0
