"""A check result as the check cache keeps it (checkrecord.py): read back exactly, and a record that is
not exactly what the code wrote is no result at all (the file is checked again)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import checkcache, checkrecord, plaindata
from generator.article import Article
from generator.checking import check_tree
from generator.usercache import repository_cache_dir

TODAY = dt.date(2026, 11, 26)


def _check(root: Path) -> tuple[list, list]:
    result = check_tree(root, today=TODAY, release=True)
    return result.problems, sorted((a.without_body() for a in result.site.articles), key=lambda a: a.rel_path)


def _cache(root: Path) -> tuple[Path, dict]:
    file = repository_cache_dir(root, "check") / "check.json"
    parsed = checkcache.parse_main(file.read_text(encoding="utf-8"))
    assert parsed is not None
    key, saved_ns, entries = parsed
    return file, {"key": key, "saved_ns": saved_ns, "entries": {rel: list(e) for rel, e in entries.items()}}


def test_a_warm_check_reads_back_exactly_what_a_cold_one_found(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = _check(site)  # writes the cache
    _, stored = _cache(site)
    assert len(stored["entries"]) == len(list((site / "content").rglob("*.md")))
    warm = _check(site)
    assert warm == cold and cold[1]
    monkeypatch.setenv("SITEGEN_NO_CACHE", "1")
    assert _check(site)[0] == cold[0]  # control: the same verdicts without any cache


def _record(site: Path) -> tuple[str, checkrecord.FileResult]:
    _check(site)
    _, stored = _cache(site)
    entry = next(e for _, e in sorted(stored["entries"].items()) if '{"$tuple":["' in e[2])  # the usual form, compact
    return entry[2], checkrecord.loads(entry[2])


DAMAGED = {
    "not JSON": lambda r: r[:-1],
    "another shape": lambda r: json.dumps(json.loads(r)[:5]),
    "another format": lambda r: json.dumps([99, *json.loads(r)[1:]]),
    "an article short of a field": lambda r: json.dumps(
        [*json.loads(r)[:1], json.loads(r)[1][:-1], *json.loads(r)[2:]]
    ),
    "a date that is none": lambda r: _with_article(r, 4, "2026-02-30"),
    "a title that is a number": lambda r: _with_article(r, 3, 12345),
    "a problem short of a field": lambda r: _with(r, 2, [["content/x.md", 1, "SE001", "error"]]),
    "a link with an extra field": lambda r: _with(r, 4, [[1, "a.md", "content/a.md", "x"]]),
    "a link whose line is text": lambda r: _with(r, 4, [["1", "a.md", "content/a.md"]]),
    "a problem whose line is text": lambda r: _with(r, 2, [["content/x.md", "1", "SE001", "error", "x"]]),
    "a problem whose message is a number": lambda r: _with(r, 2, [["content/x.md", 1, "SE001", "error", 5]]),
    "a class the cache may not hold": lambda r: _with(r, 2, [{"$class": "Path", "fields": {}}]),
    "a pickle": lambda r: "\\x80\\x04\\x95" + r,
    "a compact approval form short of a value": lambda r: _with_form(r, lambda v: v[:-1]),
    "a compact approval date that is none": lambda r: _with_form(r, lambda v: [*v[:1], "2026-02-30", *v[2:]]),
    "a compact approval name that is a number": lambda r: _with_form(r, lambda v: [7, *v[1:]]),
}


def _with_form(record: str, change: Callable[[list], list]) -> str:
    items = json.loads(record)
    items[1][7] = {"$tuple": change(items[1][7]["$tuple"])}
    return json.dumps(items, ensure_ascii=False)


def _with(record: str, at: int, value: object) -> str:
    items = json.loads(record)
    items[at] = value
    return json.dumps(items, ensure_ascii=False)


def _with_article(record: str, at: int, value: object) -> str:
    items = json.loads(record)
    items[1][at] = value
    return json.dumps(items, ensure_ascii=False)


@pytest.mark.parametrize("damage", sorted(DAMAGED))
def test_a_damaged_record_is_refused(site: Path, damage: str) -> None:
    text, result = _record(site)
    assert checkrecord.loads(text) == result and checkrecord.dumps(result) == text  # control: read back as written
    damaged = DAMAGED[damage](text)
    assert damaged != text
    with pytest.raises(plaindata.NotPlain):
        checkrecord.loads(damaged)


def _forge(site: Path, rel: str, record: str) -> None:
    """Put `record` in the main cache file as the entry of `rel` (the delta file, which would override it, goes)."""
    file, stored = _cache(site)
    delta = file.with_name("check-delta.json")
    if delta.exists():
        stored["entries"].update(json.loads(delta.read_text(encoding="utf-8"))["entries"])
        delta.unlink()
    stored["entries"][rel][2] = record
    entries = {r: tuple(e) for r, e in stored["entries"].items()}
    file.write_text(checkcache.main_text(stored["key"], stored["saved_ns"], entries), encoding="utf-8")


def test_a_damaged_or_misplaced_cached_record_means_the_article_is_checked_again(site: Path) -> None:
    """An article with a problem, its cached record damaged, or swapped for a clean article's: the problem is
    still found. Control: its own record, well formed, is what the check reports (the cache is consulted)."""
    article = next(iter(sorted((site / "content" / "nsfw").rglob("*.md"))))
    article.write_text(article.read_text(encoding="utf-8") + "\n联系人手机 13812345678。\n", encoding="utf-8")
    rel = article.relative_to(site).as_posix()
    found = _check(site)[0]
    assert any(p.path == rel and p.rule.startswith("SE") for p in found)
    _, stored = _cache(site)
    own = stored["entries"][rel][2]
    clean = next(e[2] for r, e in sorted(stored["entries"].items()) if r != rel and json.loads(e[2])[2] == [])
    for forged in (own[:-1], _with_article(own, 4, "2026-02-30"), _with(own, 0, 2), clean):
        _forge(site, rel, forged)
        assert [p for p in _check(site)[0] if p.path == rel] == [p for p in found if p.path == rel], forged[:80]
    items = json.loads(own)
    items[2] = [[*p[:4], "缓存中的说明"] for p in items[2]]
    _forge(site, rel, json.dumps(items, ensure_ascii=False))
    assert {p.message for p in _check(site)[0] if p.path == rel and p.rule.startswith("SE")} == {"缓存中的说明"}


FORM = {
    "submitted_by": "wangzekai",
    "submitted": dt.date(2026, 5, 6),
    "reviewed_by": "dongpengfei",
    "reviewed": dt.date(2026, 5, 7),
    "approved_by": "zhoukexin",
    "approved": dt.date(2026, 5, 8),
    "secrecy": "公开",
}


@pytest.mark.parametrize(
    "approval",
    [
        FORM,  # the usual form: written compact
        dict(reversed(FORM.items())),  # another order
        {**FORM, "note": "加急"},  # a key more
        {k: v for k, v in FORM.items() if k != "secrecy"},  # a key less
        {**FORM, "approved": "2026-05-08"},  # a date written as text
        {**FORM, "approved": dt.datetime(2026, 5, 8, 9, 30)},  # a date with a time
        {**FORM, "reviewed_by": None},  # not signed yet
        ["wangzekai", "2026-05-06"],  # not a form at all (the check reports it; the record keeps it as it is)
    ],
)
def test_an_approval_form_is_read_back_exactly_as_it_was(approval: object) -> None:
    result = checkrecord.FileResult(_article_with(approval), [])
    text = checkrecord.dumps(result)
    back = checkrecord.loads(text)
    assert back == result
    assert back.article is not None and type(back.article.approval) is type(approval)
    if isinstance(approval, dict):
        assert list(back.article.approval.items()) == list(approval.items())  # the keys' order too
        assert [type(v) for v in back.article.approval.values()] == [type(v) for v in approval.values()]
    assert ('"$tuple"' in text) is (approval is FORM)  # control: the usual form is the compact one


def test_an_approval_form_that_is_a_tuple_is_not_written() -> None:
    """It would read back as the usual form (a dict): no record rather than another result (YAML makes none)."""
    values = ("a", "2026-05-06", "b", "2026-05-07", "c", "2026-05-08", "公开")
    with pytest.raises(TypeError):
        checkrecord.dumps(checkrecord.FileResult(_article_with(values), []))


def _article_with(approval: object) -> Article:
    """A checked article as the cache keeps it (no body), with this approval form."""
    return Article(
        rel_path="content/a/b.md",
        column="a",
        slug="b",
        title="标题",
        date=dt.date(2026, 5, 8),
        unit="bgt",
        summary=None,
        approval=approval,  # type: ignore[arg-type]
        disclosure=None,
        consultation=None,
        body_text=None,
        body_line=12,
    )
