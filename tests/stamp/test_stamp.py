"""sitegen new / review / approve in a real git repository, as different people."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

TODAY = "2026-11-20"

DEPARTMENTS = """\
office: bgt
technical: dzswzx
people:
  chen: {name: 陈红, email: chen@example.gov.cn}
  wang: {name: 王军, email: wang@example.gov.cn}
  li: {name: 李敏, email: li@example.gov.cn}
  zhang: {name: 张伟, email: zhang@example.gov.cn}
  liu: {name: 刘洋, email: liu@example.gov.cn}
  zhao: {name: 赵磊, email: zhao@example.gov.cn}
  sun: {name: 孙丽, email: sun@example.gov.cn}
units:
  bgt:
    name: 办公厅
    kind: hq
    leaders: [zhao]
    supervisor: wang
    publishers: [chen]
    liaisons:
      - {person: sun, from: 2024-01-01}
  dzswzx:
    name: 电子税务管理中心
    kind: hq
    leaders: [zhao]
    supervisor: wang
    liaisons:
      - {person: sun, from: 2024-01-01}
  nsfws:
    name: 纳税服务司
    kind: hq
    leaders: [li]
    supervisor: wang
    liaisons:
      - {person: liu, from: 2024-01-01, to: 2025-02-20}
      - {person: zhang, from: 2025-03-03}
"""
COLUMNS = """\
nsfw:
  title: 纳税服务
  owner: nsfws
xxgk:
  title: 政府信息公开
  owner: bgt
  kind: disclosure
zqyj:
  title: 征求意见
  owner: nsfws
  kind: consultation
"""
SETTINGS = """\
name: 国家税务总局
domain: www.example.gov.cn
base_url: https://www.example.gov.cn/
id_code: bm29000001
host: 国家税务总局
contact: {phone: "12366"}
icp: {number: 京ICP备00000000号, url: https://beian.miit.gov.cn/}
police: {number: 京公网安备00000000000000号, url: https://beian.mps.gov.cn/}
index_prefix: "000014349"
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "content" / "nsfw").mkdir(parents=True)
    (root / "departments.yaml").write_text(DEPARTMENTS, encoding="utf-8")
    (root / "columns.yaml").write_text(COLUMNS, encoding="utf-8")
    (root / "site.yaml").write_text(SETTINGS, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    return root


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, env=_env(root))


def _env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(HOME=str(root.parent), GIT_CONFIG_NOSYSTEM="1")
    return env


def sitegen(root: Path, email: str, *args: str) -> subprocess.CompletedProcess:
    git(root, "config", "user.email", email)
    return subprocess.run([sys.executable, "-m", "generator.cli", *args, "--today", TODAY],
                          cwd=root, capture_output=True, text=True, env=_env(root))


def check_json(root: Path, *args: str) -> dict:
    done = sitegen(root, "chen@example.gov.cn", "check", "--format", "json", *args)
    return json.loads(done.stdout)


def test_liaison_starts_an_article_that_is_pending(repo: Path) -> None:
    done = sitegen(repo, "zhang@example.gov.cn", "new", "nsfw", "--title", "关于“便民办税春风行动”的说明: 第一批")
    assert done.returncode == 0, done.stderr
    article = repo / "content" / "nsfw" / "20261120.md"
    assert "submitted_by: zhang" in article.read_text(encoding="utf-8")
    report = check_json(repo)
    assert report["errors"] == 0 and [p["rule"] for p in report["problems"]] == ["AP008"]
    assert check_json(repo, "--release")["errors"] == 1


def test_only_the_current_liaison_may_start_an_article(repo: Path) -> None:
    done = sitegen(repo, "liu@example.gov.cn", "new", "nsfw", "--title", "标题")
    assert done.returncode == 1
    assert "张伟（zhang）" in done.stderr and "Traceback" not in done.stderr
    unknown = sitegen(repo, "nobody@example.com", "new", "nsfw", "--title", "标题")
    assert unknown.returncode == 1 and "不在 departments.yaml 中" in unknown.stderr
    assert sitegen(repo, "zhang@example.gov.cn", "new", "nsfx", "--title", "标题").returncode == 1


def test_full_flow_review_then_approve(repo: Path) -> None:
    assert sitegen(repo, "zhang@example.gov.cn", "new", "nsfw", "--title", "标题", "--slug", "notice").returncode == 0
    path = "content/nsfw/notice.md"
    refused = sitegen(repo, "zhang@example.gov.cn", "review", path)
    assert refused.returncode == 1 and "李敏（li）" in refused.stderr
    early = sitegen(repo, "chen@example.gov.cn", "approve", path)
    assert early.returncode == 1 and "尚未完成" in early.stderr
    assert sitegen(repo, "li@example.gov.cn", "review", path).returncode == 0
    not_allowed = sitegen(repo, "li@example.gov.cn", "approve", path)
    assert not_allowed.returncode == 1
    assert sitegen(repo, "wang@example.gov.cn", "approve", path).returncode == 0
    text = (repo / path).read_text(encoding="utf-8")
    assert "reviewed_by: li" in text and "approved_by: wang" in text and "# 审批" in text
    assert check_json(repo, "--release") == {"errors": 0, "warnings": 0, "problems": []}


def test_stamp_inserts_missing_keys_and_keeps_crlf_and_bom(repo: Path) -> None:
    text = textwrap.dedent("""\
        ---
        title: 标题
        date: 2026-11-20
        unit: nsfws
        approval:
          submitted_by: zhang
          submitted: 2026-11-19
          secrecy: 公开
        ---
        正文
        """).replace("\n", "\r\n")
    path = repo / "content" / "nsfw" / "crlf.md"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert sitegen(repo, "li@example.gov.cn", "review", "content/nsfw/crlf.md").returncode == 0
    assert sitegen(repo, "chen@example.gov.cn", "approve", "content/nsfw/crlf.md").returncode == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\n" not in data.replace(b"\r\n", b"")
    assert "  reviewed_by: li\r\n  reviewed: 2026-11-20\r\n  approved_by: chen\r\n  approved: 2026-11-20\r\n  secrecy" in data.decode("utf-8-sig")
    assert check_json(repo, "--release")["errors"] == 0


def test_disclosure_skeleton_gets_the_next_index_number(repo: Path) -> None:
    assert sitegen(repo, "sun@example.gov.cn", "new", "xxgk", "--title", "公告", "--slug", "a").returncode == 0
    assert sitegen(repo, "sun@example.gov.cn", "new", "xxgk", "--title", "公告", "--slug", "b").returncode == 0
    second = (repo / "content" / "xxgk" / "b.md").read_text(encoding="utf-8")
    assert "index_no: 000014349/2026-00002" in second
    assert check_json(repo)["errors"] == 0
