"""The parsed maps in the user cache (generator/mapcache.py): equal to a fresh parse, or not used at all."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from generator import mapcache, maploader, plaindata
from generator.maps import Maps
from generator.project import MAP_FILES, IndexTree, WorkTree

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SITEGEN_CACHE_DIR", str(folder))
    monkeypatch.delenv("SITEGEN_NO_CACHE", raising=False)
    _forget()
    return folder


def _forget() -> None:
    """A new process: nothing remembered in memory, only what is on disk."""
    mapcache._SEEN.clear()
    maploader._LAST.clear()


def fresh(site: Path, today: dt.date = TODAY) -> Maps:
    _forget()
    maps = maploader.load_maps(WorkTree(site), today)
    _forget()
    return maps


def cached(site: Path, today: dt.date = TODAY) -> Maps:
    _forget()
    maps = mapcache.load_maps(WorkTree(site), today)
    _forget()
    return maps


def entries(cache: Path) -> list[Path]:
    return sorted(cache.rglob("maps/*.json"))


def same(a: Maps, b: Maps) -> None:
    assert a == b
    assert a.columns is not None and b.columns is not None
    assert list(a.columns.by_path) == list(b.columns.by_path)  # navigation order survives


def tamper(entry: Path, old: str, new: str) -> None:
    text = entry.read_text(encoding="utf-8")
    assert old in text
    entry.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_cache_hit_equals_a_fresh_parse(site: Path, cache: Path) -> None:
    first = cached(site)  # parses and stores
    assert len(entries(cache)) == 1
    second = cached(site)  # from the file
    same(second, fresh(site))
    same(first, second)
    assert second.settings is not None and second.departments is not None
    assert isinstance(second.settings.remuneration.default if second.settings.remuneration else Decimal(0), Decimal)


def test_the_entry_is_what_is_used_and_plain_json(site: Path, cache: Path) -> None:
    """Control case for the tests below: an entry edited by hand (same key) is what a hit returns."""
    cached(site)
    (entry,) = entries(cache)
    json.loads(entry.read_text(encoding="utf-8"))  # plain JSON, nothing that runs code when read
    title = fresh(site).columns.by_path["xxgk"].title  # type: ignore[union-attr]
    tamper(entry, f'"title":"{title}"', '"title":"改过的标题"')
    assert cached(site).columns.by_path["xxgk"].title == "改过的标题"  # type: ignore[union-attr]


def test_a_changed_map_is_parsed_again(site: Path, cache: Path) -> None:
    cached(site)
    (entry,) = entries(cache)
    title = fresh(site).columns.by_path["xxgk"].title  # type: ignore[union-attr]
    tamper(entry, f'"title":"{title}"', '"title":"改过的标题"')
    columns = site / "columns.yaml"
    columns.write_text(columns.read_text(encoding="utf-8").replace(title, "政务公开", 1), encoding="utf-8")
    got = cached(site)
    same(got, fresh(site))
    assert got.columns.by_path["xxgk"].title == "政务公开"  # type: ignore[union-attr]


def test_another_day_is_another_entry(site: Path, cache: Path) -> None:
    cached(site)
    (entry,) = entries(cache)
    tamper(entry, '"office":"bgt"', '"office":"nsfws"')
    later = TODAY + dt.timedelta(days=400)
    same(cached(site, later), fresh(site, later))
    assert len(entries(cache)) == 2


def test_a_changed_file_read_besides_the_maps_is_seen(site: Path, cache: Path) -> None:
    """site.yaml names images in templates/static/: the entry holds their hashes, checked on each use."""
    settings = fresh(site).settings
    assert settings is not None and settings.logo is not None
    image = site / "templates" / "static" / settings.logo["image"]
    cached(site)
    assert not [p for p in fresh(site).problems if p.rule == "MP010"]
    image.unlink()
    got = cached(site)
    same(got, fresh(site))
    assert [p for p in got.problems if p.rule == "MP010"]  # the missing image, found again


def test_broken_maps_are_cached_with_their_problems(site: Path, cache: Path) -> None:
    departments = site / "departments.yaml"
    departments.write_text(departments.read_text(encoding="utf-8") + "\nstray: 1\n", encoding="utf-8")
    cached(site)
    got = cached(site)
    same(got, fresh(site))
    assert [p.rule for p in got.problems] == ["MP007"]


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"{not json",
        b"\xff\xfe\x00",
        b'{"format":1,"key":"KEY","reads":{},"maps":{"$class":"Popen","fields":{}}}',
        b'{"format":1,"key":"KEY","reads":{"columns.yaml":null},"maps":[1,2]}',
        b'{"$decimal":"nan-ish"}',
        b"[" * 100_000,
    ],
    ids=["empty", "truncated", "not-utf8", "foreign-class", "not-maps", "bad-decimal", "deep"],
)
def test_a_corrupted_entry_is_ignored(site: Path, cache: Path, garbage: bytes) -> None:
    cached(site)
    (entry,) = entries(cache)
    entry.write_bytes(garbage.replace(b"KEY", entry.stem.encode()))
    same(cached(site), fresh(site))
    same(cached(site), fresh(site))  # and rewritten good


def test_an_entry_under_another_key_is_not_used(site: Path, cache: Path) -> None:
    """An entry made for another day, put under today's name, still names the key it was made for."""
    later = TODAY + dt.timedelta(days=400)
    cached(site)
    (today_entry,) = entries(cache)
    today_entry.unlink()
    cached(site, later)
    (later_entry,) = entries(cache)
    tamper(later_entry, '"office":"bgt"', '"office":"nsfws"')
    later_entry.rename(today_entry)
    same(cached(site), fresh(site))


def test_no_cache_inside_the_repository(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITEGEN_CACHE_DIR", str(site / ".cache"))
    _forget()
    same(cached(site), fresh(site))
    assert not (site / ".cache").exists()


def test_the_index_and_a_commit_use_the_same_entries(site: Path, cache: Path) -> None:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "HOME": str(site.parent)}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid", "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=site, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=site, check=True, env=env)
    _forget()
    from_index = mapcache.load_maps(IndexTree(site), TODAY)
    assert len(entries(cache)) == 1  # the index holds the working files' bytes: one entry for both
    same(from_index, fresh(site))
    same(cached(site), from_index)


def test_decimal_is_plain_data() -> None:
    for text in ("150.50", "200", "0.01"):
        back = plaindata.loads(plaindata.dumps({"v": Decimal(text)}))["v"]
        assert isinstance(back, Decimal) and str(back) == text
    with pytest.raises(plaindata.NotPlain):
        plaindata.loads('{"$decimal": 1.5}')
    with pytest.raises(plaindata.NotPlain):
        plaindata.loads('{"$decimal": "abc"}')


def test_the_base_template_is_the_loaders() -> None:
    assert mapcache.BASE_TEMPLATE == maploader.BASE_TEMPLATE


def test_the_code_version_covers_every_module() -> None:
    """Every cache key holds it: the name and bytes of each .py file of the package, in a fixed order."""
    import hashlib

    from generator import usercache

    package = Path(usercache.__file__).resolve().parent
    files = sorted(package.rglob("*.py"), key=lambda p: p.relative_to(package).as_posix())
    assert len(files) > 50 and package / "mapcache.py" in files and package / "rules" / "gh.py" in files
    digest = hashlib.sha1()
    for path in files:
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    assert usercache.code_version() == digest.hexdigest()


def test_the_same_maps_read_without_templates_are_a_second_variant(site: Path, cache: Path) -> None:
    """The hook reads the protected branch's maps as bare blobs (no templates/ beside them): both kept."""
    from generator import history

    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "HOME": str(site.parent)}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid", "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=site, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=site, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", "maps"], cwd=site, check=True, env=env)
    (site / "templates" / "static" / "logo.svg").unlink()  # the working tree's maps now point at a missing image
    from_blobs = [history.trusted_maps(site, "HEAD", TODAY) for _ in range(2)]
    _forget()
    working = cached(site)
    _forget()
    again = history.trusted_maps(site, "HEAD", TODAY)
    (entry,) = entries(cache)
    assert len(json.loads(entry.read_text(encoding="utf-8"))["variants"]) == 2
    same(working, fresh(site))
    assert [p.rule for p in working.problems] == ["MP010"]
    assert from_blobs[0] == from_blobs[1] == again
    assert again.problems == []  # no templates/ beside the blobs: images are not looked for
    _forget()
    same(again, maploader.load_maps(history._Blobs({n: (site / n).read_bytes() for n in MAP_FILES}), TODAY))


def test_the_index_vouches_for_the_files_read_by_their_blob_ids(site: Path, cache: Path) -> None:
    """Read from git's index, an entry is matched by the blob ids the index lists: the images site.yaml
    names are not read again, and a staged change to one (or its removal) is still seen."""
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "HOME": str(site.parent)}
    env |= {"PATH": "/usr/bin:/bin"}
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=site, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=site, check=True, env=env)
    settings = fresh(site).settings
    assert settings is not None and settings.logo is not None
    image = f"templates/static/{settings.logo['image']}"
    _forget()
    first = mapcache.load_maps(IndexTree(site), TODAY)
    _forget()
    index = IndexTree(site)
    index.preload([*MAP_FILES, mapcache.BASE_TEMPLATE])
    again = mapcache.load_maps(index, TODAY)
    assert again == first and image not in index._cache  # matched by its blob id, not read
    (site / image).write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    subprocess.run(["git", "add", image], cwd=site, check=True, env=env)
    _forget()
    changed = IndexTree(site)
    assert mapcache.load_maps(changed, TODAY) == first  # the same maps, but found by reading the image
    assert image in changed._cache
    subprocess.run(["git", "rm", "-q", "--cached", image], cwd=site, check=True, env=env)
    _forget()
    gone = mapcache.load_maps(IndexTree(site), TODAY)
    assert [p.rule for p in gone.problems] == ["MP010"]  # the image is no longer staged: found again
    _forget()
    same(gone, maploader.load_maps(IndexTree(site), TODAY))
