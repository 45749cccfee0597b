"""The check cache never serves a stale result: content, maps, links and code all count."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from generator import workers
from generator.checkcache import CheckCache, parse_main
from generator.checking import check_tree
from generator.commands.build import run_build
from generator.usercache import repository_cache_dir

TODAY = dt.date(2026, 11, 26)
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    for name in ("departments.yaml", "columns.yaml", "site.yaml"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "content", root / "content")
    return root


def rules(root: Path) -> list[tuple[str, str]]:
    return [(p.path, p.rule) for p in check_tree(root, today=TODAY, release=True).problems]


def age_everything(root: Path) -> None:
    """Make every file look older than the cache, as after a pause between two checks."""
    past = time.time() - 3600
    for path in (root / "content").rglob("*"):
        os.utime(path, (past, past))


def first_article(root: Path) -> Path:
    return next(p for p in sorted((root / "content" / "nsfw").rglob("*.md")))


def test_second_check_comes_from_the_cache_and_agrees(site: Path) -> None:
    age_everything(site)
    assert rules(site) == []
    assert (repository_cache_dir(site, "check") / "check.json").is_file()
    assert not (site / ".cache").exists(), "nothing is cached in the working tree"
    cache = CheckCache(
        site, [(site / n).read_bytes() for n in ("departments.yaml", "columns.yaml", "site.yaml")], TODAY, True
    )
    assert len(cache.entries) == len(list((site / "content").rglob("*.md")))
    assert rules(site) == []


def test_a_build_leaves_the_whole_check_cache_written(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build writes the cache from a forked child while it renders, and waits for it before it ends."""
    monkeypatch.setenv("SITEGEN_NO_SEARCH", "1")
    shutil.copytree(REPO / "templates", site / "templates")
    age_everything(site)
    assert run_build(out=None, today=TODAY, root=site, quiet=True) == 0
    assert not workers._forked  # the writer was waited for by the build itself
    stored = parse_main((repository_cache_dir(site, "check") / "check.json").read_text("utf-8"))  # no waiting
    assert stored is not None and len(stored[2]) == len(list((site / "content").rglob("*.md")))
    cache = CheckCache(
        site, [(site / n).read_bytes() for n in ("departments.yaml", "columns.yaml", "site.yaml")], TODAY, True
    )
    assert len(cache.entries) == len(list((site / "content").rglob("*.md"))) > 10
    assert all(entry[0] is not None for entry in cache.entries.values())  # by stat: the next build reads none


def test_many_new_results_are_written_by_a_child_and_a_few_here(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A check that has many results to encode (a cold build) writes the cache from a forked child; one that read
    a few articles afresh (a rebuild) writes its small delta itself, before it returns (no child to fork)."""
    from generator import checkcache

    handed: list[object] = []

    def in_background(task):  # workers.in_background, minus the fork (inline in a process with threads anyway)
        handed.append(task)
        task()

    monkeypatch.setattr(workers, "in_background", in_background)
    monkeypatch.setattr(checkcache, "ENCODED_HERE_MAX", 3)  # the scratch site's articles are "many"
    age_everything(site)
    time.sleep(2.1)  # past the racy window of the ctime utime() just set
    folder = repository_cache_dir(site, "check")
    assert check_tree(site, today=TODAY, release=True, cache_in_background=True).problems == []
    assert len(handed) == 1, "a child writes the whole cache"
    assert len(_cache(site).entries) == len(list((site / "content").rglob("*.md"))) > 3
    article = first_article(site)
    article.write_text(article.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    assert check_tree(site, today=TODAY, release=True, cache_in_background=True).problems == []
    assert len(handed) == 1, "one article's delta is written here"
    delta = json.loads((folder / "check-delta.json").read_text(encoding="utf-8"))
    assert list(delta["entries"]) == [article.relative_to(site).as_posix()]


def test_an_edited_article_is_checked_again(site: Path) -> None:
    age_everything(site)
    assert rules(site) == []
    article = first_article(site)
    article.write_text(article.read_text(encoding="utf-8") + "\n联系人手机 13812345678。\n", encoding="utf-8")
    rel = article.relative_to(site).as_posix()
    assert (rel, "SE003") in rules(site)


def test_a_rewrite_that_restores_size_and_mtime_is_still_seen(site: Path) -> None:
    article = first_article(site)
    article.write_text(article.read_text(encoding="utf-8") + "\n编号 ABCDEFGHIJK。\n", encoding="utf-8")
    age_everything(site)
    assert rules(site) == []
    st = article.stat()
    article.write_bytes(article.read_bytes().replace(b"ABCDEFGHIJK", b"13812345678"))
    os.utime(article, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (article.stat().st_size, article.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    assert (article.relative_to(site).as_posix(), "SE003") in rules(site)


def test_a_map_change_invalidates_every_entry(site: Path) -> None:
    age_everything(site)
    assert rules(site) == []
    deps = site / "departments.yaml"
    text = deps.read_text(encoding="utf-8")
    deps.write_text(text.replace("leaders: [", "leaders: [nobody-known, ", 1), encoding="utf-8")
    found = {rule for _, rule in rules(site)}
    assert "MP003" in found


def test_a_removed_link_target_is_reported_for_a_cached_article(site: Path) -> None:
    age_everything(site)
    assert rules(site) == []
    target = site / "content" / "xxgk" / "glbf.md"
    linking = [
        p for p in (site / "content").rglob("*.md") if "glbf.md" in p.read_text(encoding="utf-8") and p != target
    ]
    assert linking, "the bundled site links to the regulation"
    shutil.copy(target, site / "glbf.bak")
    target.unlink()
    shutil.rmtree(target.with_suffix(""), ignore_errors=True)
    found = rules(site)
    assert any(rule == "LK001" for _, rule in found)


def test_a_corrupt_cache_is_ignored(site: Path) -> None:
    (repository_cache_dir(site, "check") / "check.json").write_bytes(b"not json {")
    assert rules(site) == []


def _staged_site(site: Path, tmp_path: Path) -> tuple[dict[str, str], Path, str]:
    import subprocess

    from gitenv import git_env

    env = git_env(tmp_path / "home", GIT_AUTHOR_NAME="联络员", GIT_AUTHOR_EMAIL="a@example.gov.cn")
    env.update(GIT_COMMITTER_NAME="联络员", GIT_COMMITTER_EMAIL="a@example.gov.cn")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "站点"]):
        subprocess.run(["git", *args], cwd=site, env=env, check=True, capture_output=True)
    article = first_article(site)
    return env, article, article.relative_to(site).as_posix()


def _stage(site: Path, env: dict[str, str], article: Path, text: str) -> None:
    import subprocess

    article.write_text(text, encoding="utf-8")
    subprocess.run(["git", "add", str(article)], cwd=site, env=env, check=True)


def _staged_rules(site: Path, rel: str) -> list[tuple[str, str]]:
    from generator.project import IndexTree

    result = check_tree(site, today=TODAY, release=False, targets=[rel], tree=IndexTree(site))
    return [(p.path, p.rule) for p in result.problems]


def test_a_staged_article_checked_before_is_served_by_its_digest_and_new_text_is_checked(
    site: Path, tmp_path: Path
) -> None:
    env, article, rel = _staged_site(site, tmp_path)
    original = article.read_text(encoding="utf-8")
    _stage(site, env, article, original + "\n联系人手机 13812345678。\n")
    first = _staged_rules(site, rel)
    assert (rel, "SE003") in first
    assert (repository_cache_dir(site, "check") / "staged.json").is_file()
    assert not (site / ".cache").exists(), "nothing is cached in the working tree"
    assert _staged_rules(site, rel) == first  # the same bytes: the same verdict
    # Control: other staged bytes are checked afresh, whichever way the verdict goes.
    _stage(site, env, article, original + "\n联系人手机请见附件。\n")
    assert (rel, "SE003") not in _staged_rules(site, rel)
    _stage(site, env, article, original + "\n\n联系人手机 13812345678。\n")
    assert (rel, "SE003") in _staged_rules(site, rel)


def test_a_staged_verdict_served_from_the_cache_loads_no_secrecy_scanner(site: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    env, article, rel = _staged_site(site, tmp_path)
    _stage(site, env, article, article.read_text(encoding="utf-8") + "\n联系人手机 13812345678。\n")
    env["SITEGEN_CACHE_DIR"] = os.environ["SITEGEN_CACHE_DIR"]
    code = (
        "import datetime, sys\nfrom pathlib import Path\nfrom generator.checking import check_tree\n"
        "from generator.project import IndexTree\n"
        f"r = check_tree(Path.cwd(), today=datetime.date(2026, 11, 26), release=False, targets=[{rel!r}],"
        " tree=IndexTree(Path.cwd()))\n"
        "print(sorted({p.rule for p in r.problems}), 'generator.sescan' in sys.modules)\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", code], cwd=site, env=env, capture_output=True, text=True, check=True)
        for _ in "12"
    ]
    assert [r.stdout.strip().rsplit(" ", 1)[1] for r in runs] == ["True", "False"], [r.stderr for r in runs]
    assert "'SE003'" in runs[1].stdout and runs[0].stdout.rsplit(" ", 1)[0] == runs[1].stdout.rsplit(" ", 1)[0]


def test_the_gate_checking_a_commit_keeps_no_verdicts(site: Path, tmp_path: Path) -> None:
    """`check --rev` (the pre-receive hook, CI) judges every article afresh: no staged.json is read or written."""
    from generator.project import CommitTree

    env, article, rel = _staged_site(site, tmp_path)
    _stage(site, env, article, article.read_text(encoding="utf-8") + "\n联系人手机 13812345678。\n")
    import subprocess

    subprocess.run(["git", "commit", "-q", "-m", "改"], cwd=site, env=env, check=True)
    staged = repository_cache_dir(site, "check") / "staged.json"
    staged.unlink(missing_ok=True)
    result = check_tree(site, today=TODAY, release=False, targets=[rel], tree=CommitTree(site, "HEAD"))
    assert "SE003" in {p.rule for p in result.problems}
    assert not staged.exists()
    _staged_rules(site, rel)  # control: the pre-commit hook's staged check does keep its verdicts
    assert staged.is_file()


def test_an_attachment_changed_behind_the_digest_cache_is_read_again(site: Path) -> None:
    """Unchanged attachments are judged without reading them (sha256 by stat data); a changed one is read.

    The replacement gets back the old mtime: only its ctime, which nobody can set, tells it apart.
    """
    import docmaker

    attachment = site / "content" / "xxgk" / "glbf" / "说明.docx"
    attachment.write_bytes(docmaker.docx(["说明。"]))
    age_everything(site)
    assert ("content/xxgk/glbf/说明.docx", "SE009") not in rules(site)  # control: a plain document passes
    assert ("content/xxgk/glbf/说明.docx", "SE009") not in rules(site)  # and again from the caches
    old = attachment.stat()
    attachment.write_bytes(docmaker.docx_with_part("word/vbaProject.bin", b"x"))  # a macro: SE009
    os.utime(attachment, ns=(old.st_atime_ns, old.st_mtime_ns))
    assert ("content/xxgk/glbf/说明.docx", "SE009") in rules(site)
    shutil.rmtree(repository_cache_dir(site, "check"))
    assert ("content/xxgk/glbf/说明.docx", "SE009") in rules(site)  # the same verdict cold


def _cache(site: Path) -> CheckCache:
    maps = [(site / n).read_bytes() for n in ("departments.yaml", "columns.yaml", "site.yaml")]
    return CheckCache(site, maps, TODAY, True)


def test_after_a_few_changes_only_the_delta_is_written(site: Path) -> None:
    """One edited article rewrites the small delta file, not the results of the whole site; a warm check
    then reads main + delta and agrees, and an article gone is gone from the cache too."""
    age_everything(site)
    time.sleep(2.1)  # past the racy window of the ctime utime() just set: the main file's entries vouch
    assert rules(site) == []
    folder = repository_cache_dir(site, "check")
    main = (folder / "check.json").read_bytes()
    article = first_article(site)
    article.write_text(article.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    assert rules(site) == []
    assert (folder / "check.json").read_bytes() == main, "the main file was written again"
    rel = article.relative_to(site).as_posix()
    delta = json.loads((folder / "check-delta.json").read_text(encoding="utf-8"))
    assert list(delta["entries"]) == [rel]
    cache = _cache(site)
    assert cache.entries[rel][1] == hashlib.sha1(article.read_bytes()).hexdigest()
    assert len(cache.entries) == len(list((site / "content").rglob("*.md")))
    article.write_text(article.read_text(encoding="utf-8") + "\n联系人手机 13812345678。\n", encoding="utf-8")
    assert (rel, "SE003") in rules(site)  # control: the delta's entry does not vouch for new bytes
    gone = next(
        p
        for p in sorted((site / "content" / "nsfw").rglob("*.md"))
        if p != article and "](" not in p.read_text("utf-8")
    )
    gone.unlink()
    rules(site)
    assert gone.relative_to(site).as_posix() not in _cache(site).entries
    assert len(_cache(site).entries) == len(list((site / "content").rglob("*.md")))


def test_a_delta_counts_only_with_its_main_file(site: Path) -> None:
    age_everything(site)
    assert rules(site) == []
    folder = repository_cache_dir(site, "check")
    stored = parse_main((folder / "check.json").read_text(encoding="utf-8"))
    assert stored is not None
    key, saved_ns, entries = stored
    some = [list(e) if k == 0 else e for k, e in enumerate(next(iter(entries.values())))]
    for base, applied in ((saved_ns + 1, False), (saved_ns, True)):  # another main file; control
        delta = {"key": key, "base": base, "saved_ns": saved_ns, "entries": {"content/x.md": some}}
        (folder / "check-delta.json").write_text(json.dumps(delta), encoding="utf-8")
        assert ("content/x.md" in _cache(site).entries) is applied


def test_past_the_delta_limit_the_main_file_is_written_again(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import checkcache

    age_everything(site)
    assert rules(site) == []
    folder = repository_cache_dir(site, "check")
    monkeypatch.setattr(checkcache, "DELTA_MAX", 1)
    articles = sorted((site / "content" / "nsfw").rglob("*.md"))[:2]
    for article in articles:
        article.write_text(article.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    assert rules(site) == []
    assert not (folder / "check-delta.json").exists()
    stored = parse_main((folder / "check.json").read_text(encoding="utf-8"))
    assert stored is not None
    for article in articles:
        rel = article.relative_to(site).as_posix()
        assert stored[2][rel][1] == hashlib.sha1(article.read_bytes()).hexdigest()


def _damaged(text: str, damage: str) -> str:
    lines = text.split("\n")
    header = json.loads(lines[0])
    first = header["entries"][0]
    changes = {
        "nested too deep": lambda: "[" * 100_000,
        "its header nested too deep": lambda: lines[0][: lines[0].index('"entries":') + 10] + "[" * 5_000,
        "one result line short": lambda: "\n".join(lines[:-1]),
        "a path twice": lambda: _with_entries(lines, [*header["entries"], first], [*lines[1:], lines[1]]),
        "an entry that is text": lambda: _with_entries(lines, ["abc", *header["entries"][1:]], lines[1:]),
        "stat data that is text": lambda: _with_entries(lines, [[first[0], "abcd", first[2]], *header["entries"][1:]]),
        "stat data of three numbers": lambda: _with_entries(
            lines, [[first[0], first[1][:3], first[2]], *header["entries"][1:]]
        ),
        "stat data with a boolean": lambda: _with_entries(
            lines, [[first[0], [True, *first[1][1:]], first[2]], *header["entries"][1:]]
        ),
        "a digest that is a number": lambda: _with_entries(lines, [[first[0], first[1], 5], *header["entries"][1:]]),
        "as written": lambda: text,  # control
    }
    return changes[damage]()


def _with_entries(lines: list[str], entries: list, results: list[str] | None = None) -> str:
    header = json.loads(lines[0])
    header["entries"] = entries
    return "\n".join([json.dumps(header, ensure_ascii=False), *(lines[1:] if results is None else results)])


@pytest.mark.parametrize(
    "damage",
    [
        "nested too deep",
        "its header nested too deep",
        "one result line short",
        "a path twice",
        "an entry that is text",
        "stat data that is text",
        "stat data of three numbers",
        "stat data with a boolean",
        "a digest that is a number",
        "as written",
    ],
)
def test_a_damaged_main_file_is_no_cache_at_all(site: Path, damage: str) -> None:
    """A main file that is not exactly what the code writes is ignored whole (every article checked again), never
    an error; control: the file as written is read."""
    age_everything(site)
    time.sleep(2.1)  # past the racy window: the entries vouch
    assert rules(site) == []
    file = repository_cache_dir(site, "check") / "check.json"
    file.write_text(_damaged(file.read_text(encoding="utf-8"), damage), encoding="utf-8")
    assert bool(_cache(site).entries) is (damage == "as written")
    assert rules(site) == []  # checked (again), and the cache written afresh
    assert len(_cache(site).entries) == len(list((site / "content").rglob("*.md")))
