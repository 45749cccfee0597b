"""索引号 across branches: the allocator sees every branch of the clone; the merge-request check
compares with the target branch's tip (`--target`), where a parallel branch may have taken the number."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from checkkit import clean_env, sitegen, write_site

TODAY = "2026-11-20"
SUNQIANG = "sunqiang@example.gov.cn"  # the office's liaison: owns the disclosure column xxgk


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = write_site(tmp_path / "site")
    env = _env(root)
    for args in (["init", "-q", "-b", "main"], ["config", "user.email", SUNQIANG], ["add", "-A"]):
        subprocess.run(["git", *args], cwd=root, check=True, env=env)
    _git(root, "commit", "-q", "-m", "初始站点")
    return root


def _env(root: Path) -> dict[str, str]:
    home = root.parent / "home"
    home.mkdir(exist_ok=True)
    env = clean_env(home)
    env.update(GIT_AUTHOR_NAME="孙强", GIT_AUTHOR_EMAIL=SUNQIANG, GIT_COMMITTER_EMAIL=SUNQIANG)
    return env


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, env=_env(root), capture_output=True, text=True).stdout


def _new(root: Path, slug: str) -> str:
    done = sitegen("new", "xxgk", "--title", "公告", "--slug", slug, "--today", TODAY, cwd=root, env=_env(root))
    assert done.returncode == 0, done.stderr
    text = (root / "content" / "xxgk" / f"{slug}.md").read_text(encoding="utf-8")
    return next(line.split()[1] for line in text.splitlines() if line.strip().startswith("index_no:"))


def test_the_allocator_skips_numbers_taken_on_other_branches(repo: Path) -> None:
    _git(repo, "switch", "-q", "-c", "first")
    assert _new(repo, "a").endswith("-00001")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "a")
    _git(repo, "switch", "-q", "-c", "second", "main")
    assert not (repo / "content" / "xxgk" / "a.md").exists()
    assert _new(repo, "b").endswith("-00002")  # not 00001: branch `first` holds it


def test_the_merge_request_check_compares_with_the_target_tip(repo: Path) -> None:
    _git(repo, "switch", "-q", "-c", "second")
    _new(repo, "b")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "b")
    b_text = _git(repo, "show", "second:content/xxgk/b.md")
    # Meanwhile a branch from another clone, started at the same time, was merged into main
    # with the same number (its allocator could not see `second`).
    _git(repo, "switch", "-q", "main")
    (repo / "content" / "xxgk").mkdir(parents=True, exist_ok=True)
    (repo / "content" / "xxgk" / "a.md").write_text(
        b_text.replace("title: 公告", "title: 另一则公告"), encoding="utf-8"
    )
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "合并 first")
    _git(repo, "switch", "-q", "second")

    plain = json.loads(sitegen("check", "--format", "json", "--today", TODAY, cwd=repo, env=_env(repo)).stdout)
    assert not [p for p in plain["problems"] if p["rule"] == "DX001"]  # the branch alone cannot see it
    done = sitegen("check", "--format", "json", "--target", "main", "--today", TODAY, cwd=repo, env=_env(repo))
    found = [(p["rule"], p["path"], p["line"]) for p in json.loads(done.stdout)["problems"] if p["rule"] == "DX001"]
    line = 1 + b_text.splitlines().index(next(x for x in b_text.splitlines() if x.strip().startswith("index_no:")))
    assert found == [("DX001", "content/xxgk/b.md", line)] and done.returncode == 1
    assert "在目标分支 main 上已被 content/xxgk/a.md 使用" in done.stdout
    ranged = sitegen(
        "check", "--format", "json", "--commits", "main..second", "--today", TODAY, cwd=repo, env=_env(repo)
    )
    assert ("DX001", "content/xxgk/b.md", line) in [
        (p["rule"], p["path"], p["line"]) for p in json.loads(ranged.stdout)["problems"]
    ]


def test_the_allocator_sees_a_working_file_changed_after_its_scan_was_cached(repo: Path) -> None:
    assert _new(repo, "a").endswith("-00001")
    assert _new(repo, "b").endswith("-00002")  # a.md's scan may now come from the cache
    a = repo / "content" / "xxgk" / "a.md"
    a.write_text(a.read_text(encoding="utf-8").replace("-00001", "-00007"), encoding="utf-8")  # same size
    assert _new(repo, "c").endswith("-00008")


def test_a_cached_scan_is_used_only_while_the_files_stat_data_holds(tmp_path: Path) -> None:
    import os

    from generator.checkcache import FileScanCache

    root = tmp_path / "site"
    root.mkdir()
    (root / "a.md").write_text("x", encoding="utf-8")
    cache = FileScanCache(root, "scan.json")
    signature = cache.signature(str(root / "a.md"))
    cache.put("a.md", signature, ["N1"])
    cache.save()
    assert cache.file is not None
    stored = json.loads(cache.file.read_text(encoding="utf-8"))
    assert FileScanCache(root, "scan.json").get("a.md", signature) is None  # saved right after the write: racy
    stored["saved_ns"] += 10_000_000_000  # as if saved well after the file last changed
    cache.file.write_text(json.dumps(stored), encoding="utf-8")
    assert FileScanCache(root, "scan.json").get("a.md", signature) == ["N1"]
    (root / "a.md").write_text("y", encoding="utf-8")  # same size, new ctime
    os.utime(root / "a.md", ns=(signature[1], signature[1]))  # and the old mtime put back
    assert FileScanCache(root, "scan.json").get("a.md", cache.signature(str(root / "a.md"))) is None


def test_the_hook_scan_cache_follows_a_committed_change_of_number(repo: Path) -> None:
    _new(repo, "a")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "a")
    a = (repo / "content" / "xxgk" / "a.md").read_text(encoding="utf-8")
    (repo / "content" / "xxgk" / "b.md").write_text(a.replace("title: 公告", "title: 另一则"), encoding="utf-8")
    _git(repo, "add", "-A")

    def duplicates() -> list[dict[str, object]]:
        done = sitegen("check", "--staged", "--format", "json", "--today", TODAY, cwd=repo, env=_env(repo))
        return [p for p in json.loads(done.stdout)["problems"] if p["rule"] == "DX001"]

    assert duplicates() and duplicates()  # found by a fresh scan, then from the cache
    _git(repo, "reset", "-q")
    (repo / "content" / "xxgk" / "a.md").write_text(a.replace("-00001", "-00005"), encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "a renumbered")
    _git(repo, "add", "-A")
    assert not duplicates()  # a.md is another blob now: scanned afresh


# ---- the quick scan: index_lines finds exactly what INDEX_LINE.finditer finds --------------------

SCAN_CASES = [
    "---\ndisclosure:\n  index_no: 000014349/2026-00143\n---\n",
    "disclosure: {index_no: '000014349/2026-00001', doc_no: x}\n",
    'disclosure: {topic: 税收, index_no: "A/2026-00002"}\n',
    "index_no: at-line-start-without-indent\n",  # no match: `^\s+` needs an indent
    "  index_no:   # a comment, no value\n  index_no: second\n",
    "a\n\n\n    index_no: after-blank-lines\n",  # the match starts on the first blank line
    "x,index_no: a,index_no: b}\n",
    "{index_no:'q'x\n",
    "  index_no: \"'broken\n",
    "\u3000index_no: 全角空格缩进\n",
    "\u00a0\u00a0index_no: nbsp\r\n  index_no: crlf\r\n",
    "text index_no: inline-no-match\n",
]


@pytest.mark.parametrize("text", SCAN_CASES)
def test_index_lines_match_the_regex_on_crafted_text(text: str) -> None:
    from generator.form import INDEX_LINE, index_lines

    assert list(index_lines(text)) == [(m.start(), m.group(1)) for m in INDEX_LINE.finditer(text)]


def test_index_lines_match_the_regex_on_random_text() -> None:
    import random

    from generator.form import INDEX_LINE, index_lines

    pieces = ["index_no:", "index_no: ", "\n", " ", "\t", "\u3000", "\x0b", "\r", "{", ",", "}", "'", '"', "#"]
    pieces += ["a", "1", "/", ":", "\u00a0", "  index_no: 000014349/2026-00143\n"]
    rnd = random.Random(11)
    found = 0
    for _ in range(30000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 24)))
        expected = [(m.start(), m.group(1)) for m in INDEX_LINE.finditer(text)]
        assert list(index_lines(text)) == expected, repr(text)
        found += len(expected)
    assert found > 1000  # control: the random texts do contain matches
