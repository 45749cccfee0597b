"""The search index's change layer between builds: carried over when nothing in it changed, never when the
live output's copy was touched (the same manifest rule as the main index: search.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sitekit import build

from generator.site.search import read_results

pytestmark = pytest.mark.search


def _meta(out: Path) -> dict:
    return json.loads((out / "search/meta.json").read_text(encoding="utf-8"))


def _with_layer(scratch, tmp_path, monkeypatch) -> tuple[Path, Path]:
    """A built output whose index has a change layer (one added article); returns it and the layer folder."""
    monkeypatch.setenv("SITEGEN_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "out"
    assert build(scratch, out) == 0
    template = min((scratch.root / "content" / "nsfw" / "bsfw").glob("*.md"))
    added = template.with_name("20261120-999994.md")
    added.write_text(template.read_text(encoding="utf-8") + "\n变更层沿用检测文章。\n", encoding="utf-8")
    assert build(scratch, out) == 0
    meta = _meta(out)
    assert meta["layer"]["n"] == 1
    return out, out / "search" / meta["layer"]["dir"]


def _inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_an_unchanged_change_layer_is_moved_over_and_still_vouched_for_next_time(scratch, tmp_path, monkeypatch):
    out, layer = _with_layer(scratch, tmp_path, monkeypatch)
    meta, inodes, files = _meta(out), _inodes(layer), _files(layer)
    for _ in range(2):  # the second time: the state saved by a build that carried both folders still vouches
        assert build(scratch, out) == 0
        assert _meta(out) == meta
        assert _inodes(layer) == inodes and _files(layer) == files  # moved, not written again
    main = out / "search" / meta["gen"]
    assert any("变更层沿用检测文章" in text for _, text in read_results(layer))
    assert not any("变更层沿用检测文章" in text for _, text in read_results(main))


def test_a_change_layer_edited_in_the_live_output_is_written_afresh(scratch, tmp_path, monkeypatch):
    out, layer = _with_layer(scratch, tmp_path, monkeypatch)
    files = _files(layer)
    assert build(scratch, out) == 0  # control: untouched, it is carried
    inodes = _inodes(layer)
    pack = layer / "r" / "0.bin"
    data = pack.read_bytes()
    st = pack.stat()
    forged = data.replace(
        "变更层沿用检测文章".encode("utf-16-le"), "机密文件十年绝密".encode("utf-16-le").ljust(18, b"\0")
    )
    assert forged != data and len(forged) == len(data)
    fd = os.open(pack, os.O_WRONLY)  # in place: same inode, same size, and the mtime put back
    try:
        os.pwrite(fd, forged, 0)
    finally:
        os.close(fd)
    os.utime(pack, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert build(scratch, out) == 0
    assert _meta(out)["layer"]["dir"] == layer.name
    assert _files(layer) == files  # the layer's own bytes, computed again from the checked articles
    assert _inodes(layer)["r/0.bin"] != inodes["r/0.bin"]


def test_a_file_planted_in_the_live_change_layer_is_not_carried(scratch, tmp_path, monkeypatch):
    out, layer = _with_layer(scratch, tmp_path, monkeypatch)
    files = _files(layer)
    (layer / "planted.html").write_text("机密★十年", encoding="utf-8")
    assert build(scratch, out) == 0
    assert not list((out / "search").rglob("planted.html"))
    assert _files(layer) == files
    inodes = _inodes(layer)
    assert build(scratch, out) == 0  # control: the layer written afresh is carried by the next build
    assert _inodes(layer) == inodes


def _update_once(scratch, tmp_path, monkeypatch, how: str) -> tuple[dict[str, bytes], list[int], list[int]]:
    """A cold build, then one article of the main index changed, built with the index's update run `how`: in the
    helper forked at the start (a plain `sitegen build`), in a child forked when it is needed (no helper), or here
    (a threaded process forks nothing). Returns the search files, the pids the update ran in (0: here) and the
    helpers' pids."""
    from generator import workers

    monkeypatch.setenv("SITEGEN_CACHE_DIR", str(tmp_path / f"cache-{how}"))
    monkeypatch.setattr(workers.threading, "active_count", lambda: 1)
    helpers: list[int] = []
    start = workers.start_helper

    def recorded_start(warm):
        start(warm)
        helpers.append(workers._helper.pid if workers._helper else 0)

    monkeypatch.setattr(workers, "start_helper", recorded_start if how == "helper" else lambda warm: None)
    out = tmp_path / f"out-{how}"
    assert build(scratch, out) == 0
    gen = _meta(out)["gen"]
    article = min((scratch.root / "content" / "nsfw" / "bsfw").glob("*.md"))
    original = article.read_text(encoding="utf-8")
    article.write_text(original.replace("\n---\n", "\n---\n更新所在进程检测。\n", 1), encoding="utf-8")
    ran_in: list[int] = []
    result = workers.Ahead.result

    def recorded(self):
        ran_in.append(self._pid)
        return result(self)

    monkeypatch.setattr(workers.Ahead, "result", recorded)
    # Whatever threads this test process holds (a browser test's): the scratch site is checked and rendered here,
    # without pools, and the children fork runs touch none of them.
    monkeypatch.setattr(workers.threading, "active_count", lambda: 2 if how == "here" else 1)
    try:
        assert build(scratch, out) == 0
    finally:
        article.write_text(original, encoding="utf-8")
        monkeypatch.undo()
    meta = _meta(out)
    assert meta["gen"] == gen and meta["layer"]["n"] == 1 and meta["layer"]["deleted"] == 1  # incremental, scrubbed
    return _files(out / "search"), ran_in, helpers


def test_the_index_update_is_the_same_in_the_helper_in_a_fork_and_here(scratch, tmp_path, monkeypatch):
    import os

    from generator import workers

    helper, in_helper, helpers = _update_once(scratch, tmp_path, monkeypatch, "helper")
    forked, in_fork, _ = _update_once(scratch, tmp_path, monkeypatch, "fork")
    here, in_here, _ = _update_once(scratch, tmp_path, monkeypatch, "here")
    assert len(helpers) == 1 and 0 not in helpers  # for the build that had an output to update, not the first
    assert in_helper == helpers and in_fork[0] not in (0, os.getpid(), *helpers) and in_here == [0]
    assert workers._helper is None  # the build's helper was taken or stopped, not left behind
    assert helper == forked == here
    assert any("更新所在进程检测".encode("utf-16-le") in data for data in helper.values())  # the new text, in the layer
