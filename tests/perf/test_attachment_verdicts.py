"""An attachment's whole scan (name and content) is kept by path and sha256: never for another path or other
bytes, and a damaged verdict is scanned again (attachcache.py, AttachmentCache.verdict)."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path

import pytest

from generator.checking import check_tree
from generator.usercache import repository_cache_dir

TODAY = dt.date(2026, 11, 26)
CLEAN = "content/xxgk/glbf/附件.pdf"
PHONE = "content/xxgk/glbf/联系电话13912345678.pdf"  # the same bytes; its name publishes a phone number


@pytest.fixture
def twins(site: Path) -> Path:
    data = (site / "content/xxgk/glbf/spd.pdf").read_bytes()
    (site / CLEAN).write_bytes(data)
    (site / PHONE).write_bytes(data)
    past = time.time() - 3600  # older than the caches: their stat data vouches for their bytes
    for path in (site / "content").rglob("*"):
        os.utime(path, (past, past))
    return site


def problems(root: Path) -> list[tuple[str, str, str]]:
    return [(p.path, p.rule, p.message) for p in check_tree(root, today=TODAY, release=True).problems]


def verdicts_file(root: Path) -> Path:
    return repository_cache_dir(root, "attachments") / "verdicts.json"


def edit_verdicts(root: Path, change) -> None:
    stored = json.loads(verdicts_file(root).read_text("utf-8"))
    change(stored["verdicts"])
    verdicts_file(root).write_text(json.dumps(stored, ensure_ascii=False), "utf-8")


def on(rel: str, found: list[tuple[str, str, str]]) -> set[str]:
    return {rule for path, rule, _ in found if path == rel}


def test_a_warm_check_takes_the_kept_verdicts_and_agrees_with_a_cold_one(twins: Path, monkeypatch) -> None:
    cold = problems(twins)
    assert on(PHONE, cold) and not on(CLEAN, cold)  # the name alone tells them apart
    kept = json.loads(verdicts_file(twins).read_text("utf-8"))["verdicts"]
    assert {CLEAN, PHONE, "content/xxgk/glbf/spd.pdf"} <= kept.keys()
    assert problems(twins) == cold
    monkeypatch.setenv("SITEGEN_NO_CACHE", "1")
    assert problems(twins) == cold  # and without any cache


def test_a_kept_verdict_is_taken_for_its_own_path_and_bytes(twins: Path) -> None:
    """Control for the refusals below: an entry bound to its path and bytes is what the check reports."""
    problems(twins)
    problems(twins)  # the second check read the bytes' digests from stat data, and kept the verdicts
    edit_verdicts(twins, lambda v: v[PHONE].__setitem__(2, []))
    assert not on(PHONE, problems(twins))


def test_a_verdict_copied_to_another_path_is_refused(twins: Path) -> None:
    problems(twins)
    problems(twins)
    edit_verdicts(twins, lambda v: v.__setitem__(PHONE, v[CLEAN]))  # the same bytes, another name
    assert on(PHONE, problems(twins))
    assert on(PHONE, problems(twins))  # and the verdict written again is the right one


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: entry.__setitem__(slice(1, 3), ["0" * 64, []]),  # kept (clean) for other bytes
        lambda entry: entry.__setitem__(2, [["SE003", "1", "x"]]),  # a line that is not a number
        lambda entry: entry.__setitem__(2, "[]"),  # not a list of findings
        lambda entry: entry.pop(),  # too short
    ],
)
def test_a_stale_or_damaged_verdict_is_scanned_again(twins: Path, damage) -> None:
    expected = problems(twins)
    problems(twins)
    edit_verdicts(twins, lambda v: damage(v[PHONE]))
    assert problems(twins) == expected


def test_a_verdict_made_for_other_registered_staff_is_not_taken(twins: Path) -> None:
    problems(twins)
    problems(twins)
    edit_verdicts(twins, lambda v: v[PHONE].__setitem__(2, []))  # taken as long as the key is the same
    departments = twins / "departments.yaml"
    departments.write_text(departments.read_text("utf-8") + "\n", "utf-8")  # same people: same key
    assert not on(PHONE, problems(twins))
    stored = json.loads(verdicts_file(twins).read_text("utf-8"))
    stored["context"] = "0" * 64  # as if made for other people, units or settings
    verdicts_file(twins).write_text(json.dumps(stored, ensure_ascii=False), "utf-8")
    assert on(PHONE, problems(twins))


def content_entries(root: Path) -> list[Path]:
    """The attachment cache's entries by content (named by a hash), not the verdicts file."""
    return [p for p in repository_cache_dir(root, "attachments").glob("*.json") if p.name != "verdicts.json"]


@pytest.mark.parametrize("larger", [False, True])
def test_only_an_attachment_worth_keeping_is_kept_by_content(twins: Path, monkeypatch, larger: bool) -> None:
    """An entry by content spares a large attachment a second scan under another name; a small one (below
    KEEP_FROM) is scanned again instead, and its entry's file is never created. Its verdicts stay by path."""
    from generator import attachcache
    from generator.rules import seattach

    size = (twins / CLEAN).stat().st_size
    monkeypatch.setattr(attachcache, "KEEP_FROM", size if larger else size + 1)
    cold = problems(twins)
    assert len(content_entries(twins)) == (1 if larger else 0)  # the three attachments have the same bytes
    assert {CLEAN, PHONE} <= json.loads(verdicts_file(twins).read_text("utf-8"))["verdicts"].keys()
    copy = "content/xxgk/glbf/副本.pdf"
    (twins / copy).write_bytes((twins / CLEAN).read_bytes())  # a new name: no verdict for it
    scans: list[str] = []
    real = seattach.scan_content
    monkeypatch.setattr(seattach, "scan_content", lambda rel, *rest: scans.append(rel) or real(rel, *rest))
    assert on(copy, problems(twins)) == on(CLEAN, cold)  # clean, as the same bytes under their first name
    assert scans == ([] if larger else [copy])
