"""Site search: an exact index (searchindex.py) built at a cold build and kept current by a change layer.

Output, under search/ (read by templates/static/search.js):

    meta.json             the current generation, its change layer, the fold table, channels, years
    stamp.txt             "<gen> <layer>": read afresh before every search (an open page whose index changed
                          loads it again: a scrub moves own parts within the main index's packs)
    <gen>/                the main index: docs.bin, tie.bin, packs.bin, p/ (searchindex.py),
                          r/<n>.bin (what results show: URL, title, date and text of PACK articles,
                          read by byte ranges: _write_results), 3/ (common grams: searchindex.py),
                          f/ (frequent phrases: searchphrases.py), s/ (frequent sentences:
                          searchsentences.py; static/search-s.js reads them), w/ (the words of the
                          sentence table, whole lists: searchsentences.py, search-s.js)
    <layer>/              the change layer: the same for the articles added or changed since <gen>
                          (ids from the main index's count up), plus deleted.bin: main ids no longer current

A build compares every published article's search key (its title, date, column,
body digest, disclosure labels and attachment names) with the state remembered
from the previous build (in the user's cache folder as JSON, never in the tree).
When the previous index is the one that state describes, the main index folder
is moved from the previous output into the new one as the new output is swapped
in (one rename, whatever its number of files: fsio.Writer.carry) and only the
change layer is written: a one-article change costs milliseconds, not a re-index. A change layer that
would be written again as it is (nothing changed since) is carried over the same way, under the same rule. An article changed,
withdrawn or removed since the main index was built is taken out of it (searchscrub.py): the files
that hold its old text (its pairs' and grams' lists and positions, its result pack) are rewritten
without it, so nothing of the old text stays downloadable, and deleted.bin tells the browser.
When the layer would hold more than CHANGE_LAYER_MAX articles, or anything else differs (the code,
the columns, a missing or altered previous build, a main index that is not what its texts built),
the index is built cold. The update (`prepare`, then `update`) needs nothing the render makes: the build
runs it in another process while it plans, links and renders the pages (site/assemble.py); a cold index
starts from the texts the render workers made (`cold`).
Either way the results are the same: the ranking uses nothing that depends on
the document numbering (see search.js).

Why few files: on the build machines creating a file costs 0.1-0.6 ms of kernel
CPU whatever its size, so at 10,000 articles one file per result block (48,000)
cost more than the whole numpy index. A result needs only its record and about
200 characters around the hit, so results live in packs of PACK articles read
by HTTP Range requests: about 1 KB a result and 157 files at 10,000 articles.
Range is standard for static files (nginx, Apache, IIS, CDNs, object stores);
a server without it sends a pack whole, once per page, and search still works.

Set SITEGEN_NO_SEARCH=1 (or `sitegen build --no-search`) to skip the index.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
import os
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from generator.article import read_body
from generator.checkcache import code_version
from generator.site import markdown, routes
from generator.site.fsio import Writer
from generator.site.searchtext import SearchText, article_text, fold_pairs, utf16_len
from generator.site.views import ArticleView, ColumnView
from generator.usercache import repository_cache_dir

if TYPE_CHECKING:  # numpy is imported only when an index is written (not by every sitegen command)
    from generator.site.searchindex import IndexDoc
    from generator.site.searchscrub import Patch

FORMAT = 12
PACK = 64  # results per r/ file (search.js reads them by byte ranges)
CHANGE_LAYER_MAX = 200  # articles in the change layer before the next build re-indexes cold
CHANGE_LAYER_SHARDS = 16
SCRUB_MAX = 12  # articles taken out of the main index in one build (each costs about 0.5 s at 10,000), else cold
META = f"{routes.SEARCH_INDEX}/meta.json"
STAMP = f"{routes.SEARCH_INDEX}/stamp.txt"
_EPOCH = dt.date(1970, 1, 1)


def enabled(wanted: bool | None = None) -> bool:
    """Whether a build writes the search index: `wanted`, else (None) unless SITEGEN_NO_SEARCH says not."""
    if wanted is not None:
        return wanted
    return os.environ.get("SITEGEN_NO_SEARCH", "").strip() not in ("1", "true", "yes")


def warm() -> None:
    """Import what an update of the index needs (numpy, the index's modules): a helper's head start
    (workers.start_helper), while the build checks the articles."""
    importlib.import_module("generator.site.searchscrub")


def search_key(view: ArticleView) -> str:
    """Everything an article's entry in the index depends on."""
    attachments = tuple(a.name for a in view.attachments)
    parts = (FORMAT, view.url, view.title, view.date, view.column, view.digest, view.disclosure, attachments)
    return hashlib.sha1(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


Channels = list[tuple[str, str]]  # (path, title) of each channel, in navigation order
Facets = tuple[list[int], set[str]]  # the years of the articles, newest first, and the channels they are in


@dataclass
class Entry:
    view: ArticleView
    key: str


@dataclass
class State:
    env: str
    gen: str
    layer: str  # "" when there is no change layer
    main: list[tuple[str, str]]  # (url, key) by main id
    changed: list[tuple[str, str]]  # (url, key) of the change layer, by id - len(main)
    deleted: list[int]
    # Every entry of the main folder as the output held it when this state was saved (names, kinds,
    # sizes, mtimes, ctimes, inodes): the folder is carried into the next output only if it is exactly
    # that (a file planted, replaced or edited in the live output's index must not be republished).
    manifest: str = ""
    shards: int = 0  # the main index's pair shards
    layer_manifest: str = ""  # the same for the change layer's folder (carried too when nothing in it changed)
    sentences: int = 0  # sentences in the main index's table (s/sentences.bin; search.js then reads search-s.js)


@dataclass
class Plan:
    """What this build's index is made of, worked out once: the cold index and the update share it."""

    cache: Path | None  # the remembered state's file
    env: str  # everything an index depends on besides the articles (code, Markdown engine, channels)
    entries: list[Entry]  # newest first
    channels: Channels


def plan(root: Path, articles: list[ArticleView], columns: dict[str, ColumnView]) -> Plan:
    channels = [(c.path, c.title) for c in columns.values() if c.parent is None]
    env = hashlib.sha1(repr((FORMAT, code_version(), markdown.engine_name(), channels)).encode()).hexdigest()
    return Plan(_state_file(root), env, [Entry(a, search_key(a)) for a in articles], channels)


def cold(plan: Plan, writer: Writer, texts: dict[str, SearchText]) -> State:
    """The whole index, written into the stage; `texts` has the search text of every article rendered in this
    build (the others are rendered here)."""
    return _cold(plan.env, plan.entries, texts, writer, plan.channels)


def remember(plan: Plan, state: State) -> Callable[[Path], None]:
    """What to call once the stage is the output (given its path): it remembers the state (a build that fails
    later leaves the old state)."""
    return lambda out: _save_state(plan.cache, state, out)


# --------------------------------------------------------------------------
# cold


def _cold(env: str, entries: list[Entry], texts: dict[str, SearchText], writer: Writer, channels: Channels) -> State:
    digest = hashlib.sha1(env.encode())
    for e in entries:
        digest.update(f"{e.view.url}\0{e.key}\n".encode())
    gen = digest.hexdigest()[:12]
    from generator.site.searchindex import layer_files, shard_count

    channel_ids = {path: i for i, (path, _) in enumerate(channels)}
    docs = [_index_doc(e.view, _text(e.view, texts), channel_ids) for e in entries]
    units = sum(len(d.text) for d in docs)
    shards = shard_count(units)
    base = f"{routes.SEARCH_INDEX}/{gen}"
    sentences = 0
    for rel, data in layer_files(docs, 0, shards):
        writer.write_fresh(f"{base}/{rel}", data)
        if rel == "s/sentences.bin":
            sentences = int.from_bytes(data[4:8], "little")
    writer.write_fresh(f"{base}/tie.bin", _ties([e.view.url for e in entries]))
    _write_results(writer, base, 0, [e.view for e in entries], docs)
    state = State(env, gen, "", [(e.view.url, e.key) for e in entries], [], [], shards=shards, sentences=sentences)
    _write_meta(writer, state, shards, channels, _facets(entries), None)
    return state


# --------------------------------------------------------------------------
# incremental


@dataclass
class Update:
    """How this build's index differs from the previous output's, worked out from the remembered state."""

    state: State
    deleted: list[int]  # main ids no longer current
    gone: list[int]  # those this build takes out of the main index (their old texts are scrubbed)
    changed: list[Entry]  # the change layer's articles
    layer: str  # the change layer's folder
    channels: Channels
    facets: Facets  # of every current article (meta.json)

    @property
    def costly(self) -> bool:
        """More to do than carry the previous index over: old texts to take out, or a change layer to write."""
        return bool(self.gone) or self.layer != self.state.layer


def prepare(plan: Plan, previous: Path | None) -> Update | None:
    """The change to the previous output's index, or None when the index must be built cold."""
    state = _usable_state(plan.cache, plan.env, previous)
    if state is None:
        return None
    main_ids = {url: i for i, (url, _) in enumerate(state.main)}
    current = {e.view.url: e for e in plan.entries}
    # A main document taken out by an earlier build stays out (its entries are gone from the main index),
    # even when its article is back as it was: then it is in the change layer like any other change.
    already = set(state.deleted)
    out = already | {i for i, (url, key) in enumerate(state.main) if url not in current or current[url].key != key}
    deleted = sorted(out)
    changed = [e for e in plan.entries if e.view.url not in main_ids or main_ids[e.view.url] in out]
    gone = [i for i in deleted if i not in already]
    # A whole column withdrawn, say: a cold index costs less than taking each article out.
    if len(changed) > CHANGE_LAYER_MAX or len(gone) > SCRUB_MAX:
        return None
    layer_state = [(e.view.url, e.key) for e in changed]
    layer = "x" + hashlib.sha1(repr((state.gen, layer_state, deleted)).encode()).hexdigest()[:10]
    return Update(state, deleted, gone, changed, layer, plan.channels, _facets(plan.entries))


def update(change: Update, writer: Writer) -> State | None:
    """The index of this build as `change` to the previous output's, written into the stage; None (nothing
    written) when it must be built cold after all. Needs no texts from the render: the few articles the change
    layer holds are rendered here from their checked sources, so it can run before and beside the pages' render
    (site/assemble.py runs it in another process while the pages are planned and linked: `change` is all it
    needs besides the files, a few kilobytes to send there)."""
    assert writer.previous is not None
    channels = change.channels
    state, deleted, gone, changed, layer = change.state, change.deleted, change.gone, change.changed, change.layer
    main_dir = f"{routes.SEARCH_INDEX}/{state.gen}"
    old_search = Path(writer.previous) / routes.SEARCH_INDEX
    if not state.manifest or _manifest(old_search / state.gen) != state.manifest:
        return None
    if not (old_search / state.gen / "docs.bin").is_file():
        return None
    # A changed, withdrawn, taken-down or removed article's old text is in the main index: whole in its
    # result pack, and recoverable from its pairs' positions. Hiding it behind deleted.bin alone would
    # leave it downloadable (第十八、十九条): it is taken out of every file that holds it.
    writes: dict[str, list[tuple[int, bytes]]] = {}
    if gone:  # (searchscrub imports numpy: not for a build that takes nothing out)
        patch = _scrub_main(old_search / state.gen, state, gone)
        if patch is None:
            return None
        writes = patch.writes
    if not writer.carry(main_dir, writes):
        return None
    # Unpatched, the main folder is moved over as it was verified: its manifest stays the one that vouched for it.
    main_manifest = "" if writes else state.manifest
    layer_manifest = _carried_layer(state, layer, old_search, writer)
    if not layer_manifest:
        _write_layer(writer, layer, len(state.main), changed, deleted, channels)
    new_state = State(
        state.env,
        state.gen,
        layer,
        state.main,
        [(e.view.url, e.key) for e in changed],
        deleted,
        main_manifest,
        state.shards,
        layer_manifest,
        state.sentences,
    )
    layer_size = (len(state.main), len(changed), len(deleted))
    _write_meta(writer, new_state, state.shards, channels, change.facets, layer_size)
    return new_state


def _carried_layer(state: State, layer: str, old_search: Path, writer: Writer) -> str:
    """The change layer of the previous output, carried into this one when it is the very layer this build
    would write (same articles, same keys, same main ids out) and exactly as that build left it: its manifest
    ("" when it is not carried; the layer is then written afresh)."""
    if layer != state.layer or not state.layer_manifest:
        return ""
    if _manifest(old_search / layer) != state.layer_manifest:
        return ""
    return state.layer_manifest if writer.carry(f"{routes.SEARCH_INDEX}/{layer}") else ""


def _write_layer(
    writer: Writer,
    layer: str,
    first: int,
    changed: list[Entry],
    deleted: list[int],
    channels: Channels,
) -> None:
    """The change layer's files: the index of the articles added or changed since the main index (ids from
    `first` up), and deleted.bin (the main ids no longer current)."""
    channel_ids = {path: i for i, (path, _) in enumerate(channels)}
    # Never read back from the previous output (anyone who can write there could change it): rendered here
    # from their checked sources.
    docs = [_index_doc(e.view, _source_text(e.view), channel_ids) for e in changed]
    base = f"{routes.SEARCH_INDEX}/{layer}"
    from generator.site.searchindex import layer_files

    # No sentence table of its own: search.js reads s/ only when the main index has one (meta "sentences"), so
    # the pairs inside a table of the layer's would be found by nothing; a layer is small enough for its pairs.
    for rel, data in layer_files(docs, first, CHANGE_LAYER_SHARDS, clauses=False):
        writer.write_fresh(f"{base}/{rel}", data)
    writer.write_fresh(f"{base}/tie.bin", _ties([e.view.url for e in changed]))
    writer.write_fresh(f"{base}/deleted.bin", b"".join(i.to_bytes(4, "little") for i in deleted))
    _write_results(writer, base, first, [e.view for e in changed], docs)


def _scrub_main(folder: Path, state: State, gone: list[int]) -> Patch | None:
    """What to overwrite in the main index so that the documents `gone` leave it, or None when that
    cannot be worked out (the index is then built cold).

    Their old texts come from their result packs in `folder`, which the caller found exactly as the
    build that wrote them left them (the manifest). Their records and texts there, and their entries
    in docs.bin and tie.bin, are overwritten too: nothing of them stays.
    """
    from generator.site.searchscrub import Patch, ScrubError, scrub

    patch = Patch()
    if not gone:
        return patch
    n = len(state.main)
    try:
        packs = {k: (folder / "r" / f"{k}.bin").read_bytes() for k in {i // PACK for i in gone}}
        removed = {}
        blank = json.dumps({"u": "", "t": "", "d": ""}).encode("utf-8")
        for i in gone:
            data = packs[i // PACK]
            start, middle, end = _pack_spans(data)[i % PACK]
            if json.loads(data[start:middle].decode("utf-8")).get("u") != state.main[i][0]:
                return None  # not the document the state numbers so
            removed[i] = data[middle:end].decode("utf-16-le", "surrogatepass")
            if len(blank) > middle - start:
                return None
            patch.write(f"r/{i // PACK}.bin", start, blank.ljust(middle - start) + bytes(end - middle))
        scrub(folder, n, state.shards, removed, patch)
        docs_size, ties_size = (folder / "docs.bin").stat().st_size, (folder / "tie.bin").stat().st_size
    except (ScrubError, OSError, ValueError, IndexError, KeyError, struct.error):
        return None
    if docs_size != 4 + 5 * n or ties_size != 4 * n or state.shards <= 0:
        return None
    for i in gone:  # no date, title length, channel or URL checksum of a document that is gone
        patch.write("docs.bin", 4 + 2 * i, b"\0\0")
        patch.write("docs.bin", 4 + 2 * n + 2 * i, b"\0\0")
        patch.write("docs.bin", 4 + 4 * n + i, b"\xff")
        patch.write("tie.bin", 4 * i, b"\0\0\0\0")
    return patch


def _text(view: ArticleView, texts: dict[str, SearchText]) -> SearchText:
    """The search text of an article, rendering its body here when this build did not."""
    found = texts.get(view.url)
    return found if found is not None else _source_text(view)


def _source_text(view: ArticleView) -> SearchText:
    """The search text of an article rendered from its checked source (the bytes of `view.digest`)."""
    return article_text(view, markdown.render(read_body(view.body_file, view.digest, view.source)))


def _index_doc(view: ArticleView, text: SearchText, channel_ids: dict[str, int]) -> IndexDoc:
    from generator.site.searchindex import IndexDoc

    day = (dt.date.fromisoformat(view.date) - _EPOCH).days
    channel = channel_ids.get(view.column.split("/")[0], 255)
    return IndexDoc(text.title + "\n" + text.rest, day, utf16_len(text.title), channel)


def _ties(urls: list[str]) -> bytes:
    """The last ranking key, from the URL only, so a change layer ranks exactly as a cold index."""
    return b"".join(zlib.crc32(u.encode("utf-8")).to_bytes(4, "little") for u in urls)


def _write_results(writer: Writer, base: str, first: int, views: list[ArticleView], docs: list[IndexDoc]) -> None:
    """What results show, PACK articles to a file r/<n>.bin (n = (id - first) // PACK), read by byte ranges.

    A file starts with 2·count + 1 u32 offsets: per article where its record starts and where its
    text starts, then where the file ends. A record is JSON (URL, title, date); a text is UTF-16LE,
    so a code unit offset maps to a byte range. search.js reads the offsets, then the record and the
    stretch of text around the hit with HTTP Range requests (about 1 KB a result, whatever the size
    of the file); a server that ignores Range sends the whole file once, and it serves every result in it.
    """
    for start in range(0, len(docs), PACK):
        records: list[bytes] = []
        texts: list[bytes] = []
        for view, doc in zip(views[start : start + PACK], docs[start : start + PACK]):
            records.append(_record(view.url, doc.text.partition("\n")[0], view.date))
            texts.append(doc.text.encode("utf-16-le", "surrogatepass"))
        writer.write_fresh(f"{base}/r/{start // PACK}.bin", _pack(records, texts))


def _record(url: str, title: str, date: str) -> bytes:
    return json.dumps({"u": url, "t": title, "d": date}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _pack(records: list[bytes], texts: list[bytes]) -> bytes:
    offsets, at = [], 4 * (2 * len(records) + 1)
    for record, text in zip(records, texts):
        offsets += [at, at + len(record)]
        at += len(record) + len(text)
    offsets.append(at)
    body = b"".join(part for pair in zip(records, texts) for part in pair)
    return struct.pack(f"<{len(offsets)}I", *offsets) + body


def read_results(layer: Path) -> Iterator[tuple[dict[str, str], str]]:
    """Every result of a layer as a build wrote it: (record, text), in id order (the inverse of _write_results)."""
    for n in range(len(list((layer / "r").glob("*.bin")))):
        yield from _read_pack((layer / "r" / f"{n}.bin").read_bytes())


def _read_pack(data: bytes) -> Iterator[tuple[dict[str, str], str]]:
    for start, middle, end in _pack_spans(data):
        yield json.loads(data[start:middle].decode("utf-8")), data[middle:end].decode("utf-16-le", "surrogatepass")


def _pack_spans(data: bytes) -> list[tuple[int, int, int]]:
    """Per article of a result pack: where its record starts, where its text starts, where it ends."""
    count = (int.from_bytes(data[:4], "little") // 4 - 1) // 2
    offsets = struct.unpack_from(f"<{2 * count + 1}I", data)
    return [(offsets[2 * k], offsets[2 * k + 1], offsets[2 * k + 2]) for k in range(count)]


def _facets(entries: list[Entry]) -> Facets:
    return sorted({int(e.view.date[:4]) for e in entries}, reverse=True), {e.view.column.split("/")[0] for e in entries}


def _write_meta(
    writer: Writer,
    state: State,
    shards: int,
    channels: Channels,
    facets: Facets,
    layer: tuple[int, int, int] | None,
) -> None:
    years, used = facets
    meta = {
        "format": FORMAT,
        "gen": state.gen,
        "n": len(state.main),
        "shards": shards,
        "fold": fold_pairs(),
        "channels": [[i, title] for i, (path, title) in enumerate(channels) if path in used],
        "years": years,
        "sentences": state.sentences,
        "layer": None
        if layer is None
        else {"dir": state.layer, "first": layer[0], "n": layer[1], "deleted": layer[2], "shards": CHANGE_LAYER_SHARDS},
    }
    writer.write_fresh(META, json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    # what an open search page checks before each search: the index it loaded, or another (its files changed)
    writer.write_fresh(STAMP, f"{state.gen} {state.layer if layer else ''}".encode("ascii"))


# --------------------------------------------------------------------------
# the remembered state


def _state_file(root: Path) -> Path | None:
    folder = repository_cache_dir(root, "search")
    return None if folder is None else folder / "state.json"


def _usable_state(file: Path | None, env: str, previous: Path | None) -> State | None:
    """The previous build's state, if it describes exactly the index now in the previous build."""
    if file is None or previous is None or os.environ.get("SITEGEN_NO_CACHE"):
        return None
    try:
        data = json.loads(file.read_bytes())
        meta = json.loads((Path(previous) / META).read_text(encoding="utf-8"))
        state = State(
            str(data["env"]),
            str(data["gen"]),
            str(data["layer"]),
            [(str(u), str(k)) for u, k in data["main"]],
            [(str(u), str(k)) for u, k in data["changed"]],
            [int(i) for i in data["deleted"]],
            str(data.get("manifest", "")),
            int(data.get("shards", 0)),
            str(data.get("layer_manifest", "")),
            int(data.get("sentences", 0)),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if state.env != env or meta.get("gen") != state.gen:
        return None
    if (meta.get("layer") or {}).get("dir", "") != state.layer:
        return None
    return state


def _manifest(folder: Path) -> str:
    """A digest of every entry under `folder`: its name, kind, size, mtime, ctime and inode ("" if unreadable)."""
    entries = []
    pending = [""]
    try:
        while pending:
            rel = pending.pop()
            with os.scandir(folder / rel if rel else folder) as listing:
                for entry in listing:
                    st = entry.stat(follow_symlinks=False)
                    name = f"{rel}/{entry.name}" if rel else entry.name
                    entries.append((name, st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(name)
    except OSError:
        return ""
    return hashlib.sha256(repr(sorted(entries)).encode("utf-8", "surrogateescape")).hexdigest()


def _save_state(file: Path | None, state: State, out: Path) -> None:
    if file is None or os.environ.get("SITEGEN_NO_CACHE"):
        return
    # A folder moved over unpatched keeps the manifest that vouched for it before the move (taken again
    # now, it would vouch for whatever was done to the folder since); a folder written or patched by this
    # build is surveyed where it now is.
    if not state.manifest:
        state.manifest = _manifest(out / routes.SEARCH_INDEX / state.gen)
    if state.layer and not state.layer_manifest:
        state.layer_manifest = _manifest(out / routes.SEARCH_INDEX / state.layer)
    tmp = file.with_name(f".{file.name}.{os.getpid()}")
    # Written field by field: dataclasses.asdict would copy each of the 10,000 (url, key) pairs first.
    plain = {f.name: getattr(state, f.name) for f in fields(State)}
    tmp.write_text(json.dumps(plain, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, file)
