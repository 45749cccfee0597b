"""Nothing in the working tree is executed or trusted as a cache; the crash log cannot be redirected."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
import stat
from pathlib import Path

import pytest

from generator.checking import check_tree
from generator.commands.build import run_build
from generator.errors import run_guarded, write_crash_log
from generator.usercache import repository_cache_dir

TODAY = dt.date(2026, 11, 26)


class _Payload:
    """Unpickling this creates the marker file: proof that a pickle was loaded."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_a_cache_planted_in_the_tree_is_never_loaded(site: Path, tmp_path: Path) -> None:
    marker = tmp_path / "payload-ran"
    planted = site / ".cache" / "sitegen"
    planted.mkdir(parents=True)
    for name in ("check.pickle", "pages.pickle", "check.json", "pages.json"):
        (planted / name).write_bytes(pickle.dumps(_Payload(marker)))
    assert not marker.exists()
    assert check_tree(site, today=TODAY, release=True).problems == []
    assert run_build(out=site / "build", today=TODAY, root=site, quiet=True) == 0
    assert check_tree(site, today=TODAY, release=True).problems == []  # the warm run
    assert not marker.exists(), "a cache file from the working tree was unpickled"


def test_a_json_cache_cannot_vouch_for_an_article(site: Path) -> None:
    """Even the real cache, edited to vouch for a changed file, only counts for the bytes it hashed."""
    assert check_tree(site, today=TODAY, release=True).problems == []
    article = next(iter(sorted((site / "content" / "nsfw").rglob("*.md"))))
    article.write_text(article.read_text(encoding="utf-8") + "\n联系人手机 13812345678。\n", encoding="utf-8")
    assert any(p.rule.startswith("SE") for p in check_tree(site, today=TODAY, release=True).problems)


def test_a_cache_folder_inside_the_repository_is_not_used(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITEGEN_CACHE_DIR", str(site / ".cache"))
    assert check_tree(site, today=TODAY, release=True).problems == []
    assert run_build(out=site / "build", today=TODAY, root=site, quiet=True) == 0
    assert not (site / ".cache").exists()


def test_the_cache_is_plain_json(site: Path) -> None:
    import json

    check_tree(site, today=TODAY, release=True)
    lines = (repository_cache_dir(site, "check") / "check.json").read_text(encoding="utf-8").split("\n")
    header = json.loads(lines[0])
    listed = [item[0] for item in header["entries"]]
    assert sorted(listed) == sorted(p.relative_to(site).as_posix() for p in (site / "content").rglob("*.md"))
    records = [json.loads(line) for line in lines[1:]]
    assert records and all(isinstance(r, list) and r[0] == 1 for r in records)  # checkrecord's arrays
    assert all(r[1][0] == path for r, path in zip(records, listed, strict=True) if r[1] is not None)  # in step
    assert any(r[1] is not None and set(r[1][7]) == {"$tuple"} for r in records)  # a signed form: names, dates as text


def test_crash_log_goes_to_a_private_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("SITEGEN_CACHE_DIR", str(tmp_path / "cache"))

    def broken() -> int:
        raise RuntimeError("boom")

    assert run_guarded(broken) == 2
    log = tmp_path / "cache" / "logs" / "crash.log"
    assert "RuntimeError: boom" in log.read_text(encoding="utf-8")
    assert str(log) in capsys.readouterr().err
    assert oct(os.stat(log).st_mode & 0o777) == "0o600"


def test_crash_log_does_not_follow_a_planted_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITEGEN_CACHE_DIR", str(tmp_path / "cache"))
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (tmp_path / "cache" / "logs").mkdir(parents=True)
    (tmp_path / "cache" / "logs" / "crash.log").symlink_to(victim)
    assert write_crash_log("trace") is None
    assert victim.read_text(encoding="utf-8") == "keep me"
    shutil.rmtree(tmp_path / "cache" / "logs")
    (tmp_path / "cache" / "logs").symlink_to(tmp_path)
    assert write_crash_log("trace") is None
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_a_cache_file_is_written_private_and_whole_under_a_fresh_name(tmp_path: Path) -> None:
    """save_plain writes a new file of this user only (0600, never through a planted link) and renames it."""
    from generator import usercache

    target = tmp_path / "entry.json"
    usercache.save_plain(target, {"a": [1, "二"]})
    assert usercache.load_plain(target) == {"a": [1, "二"]}
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["entry.json"]  # no temporary file left behind
    fd, made = usercache._new_private_file(target)
    os.close(fd)
    fd2, other = usercache._new_private_file(target)
    os.close(fd2)
    assert made != other and made.parent == other.parent == tmp_path
    assert made.name.startswith(".entry-") and stat.S_IMODE(made.stat().st_mode) == 0o600
