"""`sitegen check --commits A..B`: walk the history and hand every commit to the GH rules.

A fixed handful of git calls whatever the range's length: rev-list for the commits,
one `cat-file --batch` for their headers, one `diff-tree --stdin` for all changes,
one `cat-file --batch-check` for the maps each commit is judged by, one
`cat-file --batch` for every blob needed, one `ls-tree` of the end of the range,
and, only where departments.yaml asks for signatures, one `log` to verify them.

Each commit is judged by the maps as they stood before it (its first parent's), so
that nobody can make themselves office staff or a liaison in the commit that uses it.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from generator import gitio
from generator.errors import SitegenError
from generator.maploader import load_maps
from generator.maps import Maps
from generator.problems import Problem
from generator.project import COLUMNS, CONTENT, DEPARTMENTS, CommitTree, is_inside
from generator.rules import gh, lc_git

_AUTHOR = re.compile(rb"^author (.*?) <(.*?)> (\d+) ([+-])(\d\d)(\d\d)$", re.MULTILINE)
_HEX = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?")


def check_history(root: Path, rev_range: str, *, today: dt.date, release: bool = False) -> list[Problem]:
    args, tip = parse_range(rev_range)
    order = _rev_list(root, args)
    if not order:
        return []
    changes = _changes(root, [sha for sha, _ in order])
    headers = gitio.read_blobs(root, [sha for sha, _ in order])
    commits = [_commit(sha, parents, headers[sha], changes.get(sha, ())) for sha, parents in order]
    tip_tree = CommitTree(root, tip)
    bases = {c.sha: c.parents[0] if c.parents else c.sha for c in commits}
    map_ids = _map_blob_ids(root, {*bases.values(), tip_tree.rev})
    articles = sorted({ch.path for c in commits for ch in c.changes if _is_article(ch.path)} & set(tip_tree.entries))
    wanted = {sha for pair in map_ids.values() for sha in pair if sha}
    wanted |= {
        sha for c in commits for ch in c.changes if _is_article(ch.path) for sha in (ch.old, ch.new, *ch.others) if sha
    }
    wanted |= {tip_tree.entries[p][1] for p in articles}
    blobs = gitio.read_blobs(root, sorted(wanted))
    maps_of = _maps_loader(blobs, map_ids, today)
    judged = {c.sha: maps_of(bases[c.sha]) for c in commits}
    forms = _forms(blobs)

    problems: list[Problem] = []
    for commit in commits:
        problems.extend(gh.check_commit(commit, judged[commit.sha], forms))
        problems.extend(lc_git.check_commit(commit, judged[commit.sha], forms, today))
    tip_maps = maps_of(tip_tree.rev)
    for path in articles:
        problems.extend(_stamps(path, commits, judged, forms, blobs[tip_tree.entries[path][1]], tip_maps))
    if any(m.departments and m.departments.signing_required for m in judged.values()):
        signatures = _signatures(root, commits, judged.values())
        for commit in commits:
            problems.extend(gh.check_signature(commit, judged[commit.sha], *signatures.get(commit.sha, ("N", ""))))
    return problems


def parse_range(text: str) -> tuple[list[str], str]:
    """rev-list arguments and the range's end for `A..B`, `B ^A` or `B --not --all` (a new branch)."""
    args: list[str] = []
    tip, negated = None, False
    for token in text.split():
        if token == "--not":
            negated = not negated
            args.append(token)
        elif token == "--all" and negated:
            args.append(token)
        elif token.startswith("-") or "..." in token:
            raise SitegenError(f"--commits 的写法不对：{text!r}。请写成 A..B（例如 origin/main..HEAD）。")
        elif ".." in token:
            start, end = token.split("..", 1)
            args += [f"^{start or 'HEAD'}", end or "HEAD"]
            tip = tip or end or "HEAD"
        else:
            args.append(token)
            if not negated and not token.startswith("^"):
                tip = tip or token
    if tip is None:
        raise SitegenError(f"--commits 的写法不对：{text!r}。请写成 A..B（例如 origin/main..HEAD）。")
    return args, tip


def _rev_list(root: Path, args: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """The range's commits with their parents, parents before children."""
    out = gitio.git(root, "rev-list", "--topo-order", "--reverse", "--parents", *args, "--")
    return [(line.split()[0], tuple(line.split()[1:])) for line in out.decode().splitlines() if line]


def _changes(root: Path, shas: list[str]) -> dict[str, tuple[gh.Change, ...]]:
    """Every commit's changed files; a merge lists only what differs from all its parents."""
    out = gitio.git(
        root,
        "diff-tree",
        "--stdin",
        "-z",
        "-r",
        "--raw",
        "--root",
        "-c",
        "--no-renames",
        "--no-abbrev",
        input=("\n".join(shas) + "\n").encode(),
    )
    tokens = out.split(b"\0")
    found: dict[str, list[gh.Change]] = {}
    current: list[gh.Change] = []
    i = 0
    while i < len(tokens):
        token = tokens[i].decode("utf-8", "surrogateescape")
        if token.startswith(":"):
            # ":old-mode… new-mode old-sha… new-sha status" then the path; the first sha is the first parent's.
            fields = token.lstrip(":").split()
            parents = (len(fields) - 1) // 2 - 1
            olds = [None if _zero(sha) else sha for sha in fields[parents + 1 : 2 * parents + 1]]
            new = fields[2 * parents + 1]
            path = tokens[i + 1].decode("utf-8", "surrogateescape")
            current.append(gh.Change(path, olds[0], None if _zero(new) else new, tuple(olds[1:])))
            i += 2
            continue
        if _HEX.fullmatch(token):
            current = found.setdefault(token, [])
        i += 1
    return {sha: tuple(items) for sha, items in found.items()}


def _zero(sha: str) -> bool:
    return not sha.strip("0")


def _commit(sha: str, parents: tuple[str, ...], raw: bytes, changes: tuple[gh.Change, ...]) -> gh.Commit:
    head, _, message = raw.partition(b"\n\n")
    match = _AUTHOR.search(head)
    if match is None:
        raise SitegenError(f"无法读取提交 {sha[:8]} 的作者信息。")
    name, email, stamp, sign, hours, minutes = match.groups()
    offset = dt.timedelta(hours=int(hours), minutes=int(minutes)) * (1 if sign == b"+" else -1)
    day = dt.datetime.fromtimestamp(int(stamp), dt.timezone(offset)).date()
    subject = message.decode("utf-8", "replace").strip().split("\n", 1)[0].strip()
    return gh.Commit(
        sha,
        parents,
        name.decode("utf-8", "replace"),
        email.decode("utf-8", "replace"),
        day,
        subject or "（无说明）",
        changes,
    )


def _is_article(path: str) -> bool:
    return is_inside(path, CONTENT) and path.endswith(".md")


def _map_blob_ids(root: Path, revs: set[str]) -> dict[str, tuple[str | None, str | None]]:
    """rev -> blob ids of (departments.yaml, columns.yaml) in that commit."""
    ordered = sorted(revs)
    wanted = [f"{rev}:{name}" for rev in ordered for name in (DEPARTMENTS, COLUMNS)]
    out = gitio.git(root, "cat-file", "--batch-check", input=("\n".join(wanted) + "\n").encode())
    ids = [
        parts[0] if len(parts) == 3 and parts[1] == "blob" else None  # "<rev>:<path> missing"
        for parts in (line.split() for line in out.decode("utf-8", "replace").splitlines())
    ]
    return {rev: (ids[2 * i], ids[2 * i + 1]) for i, rev in enumerate(ordered)}


class _Blobs:
    """The two maps of one commit, already read."""

    def __init__(self, files: dict[str, bytes | None]):
        self.files = files

    def read(self, rel: str) -> bytes | None:
        return self.files.get(rel)


def _maps_loader(
    blobs: dict[str, bytes], map_ids: dict[str, tuple[str | None, str | None]], today: dt.date
) -> Callable[[str], Maps]:
    cache: dict[tuple[str | None, str | None], Maps] = {}

    def maps_of(rev: str) -> Maps:
        pair = map_ids[rev]
        if pair not in cache:
            files = {DEPARTMENTS: blobs.get(pair[0] or ""), COLUMNS: blobs.get(pair[1] or "")}
            cache[pair] = load_maps(_Blobs(files), today)
        return cache[pair]

    return maps_of


def _forms(blobs: dict[str, bytes]) -> Callable[[str | None], gh.Form | None]:
    cache: dict[str, gh.Form | None] = {}

    def form(sha: str | None) -> gh.Form | None:
        if sha is None:
            return None
        if sha not in cache:
            cache[sha] = gh.read_form(blobs.get(sha))
        return cache[sha]

    return form


def _stamps(
    path: str,
    commits: list[gh.Commit],
    judged: dict[str, Maps],
    forms: Callable[[str | None], gh.Form | None],
    final: bytes,
    tip_maps: Maps,
) -> list[Problem]:
    events = []
    for commit in commits:
        for change in commit.changes:
            if change.path == path:
                deps = judged[commit.sha].departments
                person = deps.person_by_email(commit.email) if deps else None
                befores = tuple(forms(sha) for sha in (change.old, *change.others))
                events.append(gh.Event(commit, person.id if person else None, befores, forms(change.new)))
    final_form = gh.read_form(final)
    deps, columns = tip_maps.departments, tip_maps.columns
    if final_form is None or deps is None or columns is None:
        return []
    column = gh.column_of(path, columns)
    unit = columns.by_path[column].owner if column else None
    return gh.check_stamps(path, events, final_form, unit, deps)


def _signatures(root: Path, commits: list[gh.Commit], all_maps: Iterable[Maps]) -> dict[str, tuple[str, str]]:
    """sha -> (git's %G?, the signer's email) checked against the keys the maps register."""
    lines = set()
    for maps in all_maps:
        for person in maps.departments.people.values() if maps.departments else ():
            key = (person.signing_key or "").split()[:2]
            if len(key) == 2 and not set(person.email) & set(',"*?! '):
                lines.add(f"{person.email.lower()} {key[0]} {key[1]}\n")
    with tempfile.TemporaryDirectory(prefix="sitegen-signers-") as tmp:
        signers = Path(tmp) / "allowed_signers"
        signers.write_text("".join(sorted(lines)), encoding="utf-8")
        out = gitio.git(
            root,
            "-c",
            "gpg.format=ssh",
            "-c",
            f"gpg.ssh.allowedSignersFile={signers}",
            "log",
            "--no-walk=unsorted",
            "--stdin",
            "--format=%H%x00%G?%x00%GS",
            input=("\n".join(c.sha for c in commits) + "\n").encode(),
            check=False,
        )
    result = {}
    for line in out.decode("utf-8", "replace").splitlines():
        parts = line.split("\0")
        if len(parts) == 3:
            result[parts[0]] = (parts[1], parts[2])
    return result
