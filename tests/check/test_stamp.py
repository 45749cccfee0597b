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
    assert report["errors"] == 0 and [p["rule"] for p in report["problems"]] == ["AP008"]
    assert check_json(repo, "--release")["errors"] == 1


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
    assert "index_no: 2026-00002" in second
    assert check_json(repo)["errors"] == 0
