"""Everything the reports read from the repository, in a fixed handful of git calls.

The protected branch (main) is the record of what was adopted: its maps are the
ones the reports judge by, its first-parent history says when each article reached
it. Every other branch (local and remote-tracking) adds the articles submitted but
not (yet) adopted: what it adds or changes under content/ since it left main.
Nothing is read from the working tree but the name of the protected branch.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import gitio, usercache
from generator.article import place
from generator.errors import SitegenError
from generator.mapcache import load_maps
from generator.maps import Columns, Departments, SiteSettings
from generator.project import COLUMNS, CONTENT, DEPARTMENTS, SETTINGS, CommitTree, WorkTree, is_inside
from generator.rules.gh import read_form
from generator.yamlsrc import YamlSyntaxError, load

MAX_BLOB = 4 * 1024 * 1024  # larger "articles" on a branch are noted, not read
TOO_BIG = "too big"
HEAD_LIMIT = 65536  # where the closing `---` of a form is looked for before the whole blob is read


@dataclass(frozen=True)
class Entry:
    """One article (by path) as the reports see it."""

    path: str
    column: str
    title: str
    unit: str | None
    submitted_by: str | None
    submitted: dt.date | None
    date: dt.date | None  # the publish date of the form
    adopted: dt.date | None  # the day it reached the protected branch; None: not (yet) adopted
    branches: tuple[str, ...]  # where it waits, when not adopted
    blob: str
    front: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def published(self) -> dt.date | None:
        """Online from: adopted and its publish date reached (a later `date` is a scheduled article)."""
        if self.adopted is None:
            return None
        return max(self.adopted, self.date) if self.date else self.adopted


@dataclass
class Corpus:
    root: Path
    today: dt.date
    branch: str  # the protected branch's name
    head: str  # its commit
    departments: Departments
    columns: Columns
    settings: SiteSettings | None
    entries: list[Entry]
    branches_read: int
    notes: list[str]  # what could not be counted where it belongs, in Chinese
    maps_key: str = ""  # the blob ids of the maps the figures are judged by

    def read(self, entries: Iterable[Entry]) -> dict[str, bytes]:
        """The bytes of some entries (one `cat-file --batch`)."""
        return gitio.read_blobs(self.root, sorted({e.blob for e in entries}))


def gather(root: Path, today: dt.date, *, branches: bool = True, articles: bool = True) -> Corpus:
    if gitio.toplevel(root) is None:
        raise SitegenError(f"{root} 不是 git 仓库：报表从提交历史中统计，请在站点仓库中运行。")
    branch = _protected_name(root)
    head = _resolve(root, branch)
    tree = CommitTree(root, head)
    maps = load_maps(tree, today)
    if maps.departments is None or maps.columns is None:
        raise SitegenError(
            f"{branch} 分支上的 departments.yaml 或 columns.yaml 无法读取，请先运行 sitegen check 修正两张地图。"
        )
    notes: list[str] = []
    maps_key = " ".join(tree.entries.get(name, ("", ""))[1] for name in (DEPARTMENTS, COLUMNS, SETTINGS))
    if not articles:  # the liaison register needs only the maps
        return Corpus(root, today, branch, head, maps.departments, maps.columns, maps.settings, [], 0, notes, maps_key)
    on_main = {p: sha for p, (_mode, sha) in tree.entries.items() if _is_article(p)}
    adopted = _adoption_days(root, head)
    waiting, branches_read = _branch_articles(root, head, branch, set(on_main), notes) if branches else ({}, 0)
    fronts = _fronts(root, {*on_main.values(), *(sha for sha, _ in waiting.values())})
    entries: list[Entry] = []
    for path, sha in sorted(on_main.items()):
        day = adopted.get(path)
        if day is None:  # cannot happen on a sane history; keep it honest rather than guess
            notes.append(f"{path}：在 {branch} 的历史中找不到它进入的提交，按今天计为采用日期。")
            day = today
        entries.extend(_entry(path, sha, fronts, day, (), notes))
    for path, (sha, names) in sorted(waiting.items()):
        entries.extend(_entry(path, sha, fronts, None, tuple(sorted(names)), notes))
    return Corpus(
        root, today, branch, head, maps.departments, maps.columns, maps.settings, entries, branches_read, notes
    )


def _is_article(path: str) -> bool:
    return is_inside(path, CONTENT) and path.endswith(".md")


def _protected_name(root: Path) -> str:
    """The branch named in the working tree's site.yaml (only a name to look up), else main."""
    data = WorkTree(root).read(SETTINGS)
    try:
        value = load(data.decode("utf-8-sig")).value if data else None
    except (YamlSyntaxError, UnicodeDecodeError):
        value = None
    name = value.get("protected_branch") if isinstance(value, dict) else None
    return name if isinstance(name, str) and name.strip() else "main"


def _resolve(root: Path, branch: str) -> str:
    for ref in (f"refs/heads/{branch}", f"refs/remotes/origin/{branch}"):
        out = gitio.git(root, "rev-parse", "--verify", "-q", f"{ref}^{{commit}}", check=False).strip()
        if out:
            return out.decode()
    raise SitegenError(
        f"仓库中没有 {branch} 分支（也没有 origin/{branch}）：报表以发布分支为准，请先 git fetch 或检出 {branch}。"
    )


def _adoption_days(root: Path, head: str) -> dict[str, dt.date]:
    """path -> the day of the (latest) first-parent commit of main that added it."""
    out = gitio.git(
        root,
        "log",
        "--first-parent",
        "--no-renames",
        "--diff-filter=A",
        "--name-only",
        "-z",
        "--format=%x01%cd",
        "--date=format:%Y-%m-%d",
        head,
        "--",
        CONTENT,
    )
    days: dict[str, dt.date] = {}
    day = None
    for token in out.split(b"\0"):
        token = token.strip(b"\n")
        if token.startswith(b"\x01"):
            head_line, _, first = token[1:].partition(b"\n")
            day = dt.date.fromisoformat(head_line.decode())
            token = first.strip(b"\n")
        if token and day is not None:
            days.setdefault(token.decode("utf-8", "surrogateescape"), day)
    return days


def _branch_articles(
    root: Path, head: str, main: str, adopted: set[str], notes: list[str]
) -> tuple[dict[str, tuple[str, set[str]]], int]:
    """path -> (blob, branch names) of the articles other branches add or change and main lacks.

    One `git log` over every readable branch, newest first: the first time a path is met is
    its latest version on some branch. Commits already on main are left out (`--not`).
    """
    refs = _readable_refs(root, head, main, notes)
    if not refs:
        return {}, 0
    revs = "".join(f"{ref}\n" for ref in refs) + f"^{head}\n"
    out = gitio.git(
        root,
        "log",
        "--stdin",
        "--source",
        "--topo-order",
        "--raw",
        "-z",
        "--no-renames",
        "--no-abbrev",
        "--format=%x01%S",
        "--",
        CONTENT,
        input=revs.encode(),
    )
    found: dict[str, tuple[str, set[str]]] = {}
    gone: set[str] = set()
    name = ""
    tokens = out.split(b"\0")
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip(b"\n")
        if token.startswith(b"\x01"):
            name = _short(token[1:].decode("utf-8", "surrogateescape").strip())
            token = token.partition(b"\n")[2].lstrip(b"\n")
            if not token:
                i += 1
                continue
        if token.startswith(b":") and i + 1 < len(tokens):
            path = tokens[i + 1].decode("utf-8", "surrogateescape")
            fields = token.split()
            i += 2
            if path in adopted or not _is_article(path):
                continue
            if path in found:
                found[path][1].add(name)
            elif path not in gone:
                if fields[4] == b"D":
                    gone.add(path)  # deleted on the branch: withdrawn by its author
                else:
                    found[path] = (fields[3].decode(), {name})
            continue
        i += 1
    return found, len(refs)


def _readable_refs(root: Path, head: str, main: str, notes: list[str]) -> list[str]:
    """Every local and remote-tracking branch but main itself; a ref whose commit is missing is noted."""
    listing = gitio.git(root, "for-each-ref", "--format=%(objectname) %(refname)", "refs/heads", "refs/remotes")
    candidates = []
    for line in listing.decode("utf-8", "surrogateescape").splitlines():
        sha, _, ref = line.partition(" ")
        name = _short(ref)
        if ref.endswith("/HEAD") or name in (main, f"origin/{main}") or sha == head:
            continue
        candidates.append((sha, ref))
    if not candidates:
        return []
    checked = gitio.git(
        root, "cat-file", "--batch-check", input="".join(f"{sha}^{{commit}}\n" for sha, _ in candidates).encode()
    )
    readable = []
    for (_sha, ref), answer in zip(candidates, checked.decode().splitlines(), strict=False):
        parts = answer.split()
        if len(parts) == 3 and parts[1] == "commit":
            readable.append(ref)
        else:
            notes.append(f"分支 {_short(ref)} 无法读取（提交缺失或损坏），其中的稿件未计入。")
    return readable


def _short(ref: str) -> str:
    return ref.split("/", 2)[2] if ref.startswith(("refs/heads/", "refs/remotes/")) else ref


def _sizes(root: Path, shas: set[str]) -> dict[str, int]:
    if not shas:
        return {}
    ordered = sorted(shas)
    out = gitio.git(root, "cat-file", "--batch-check", input=("\n".join(ordered) + "\n").encode())
    sizes = {}
    for line in out.decode().splitlines():
        parts = line.split()
        if len(parts) == 3:
            sizes[parts[0]] = int(parts[2])
    return sizes


def _fronts(root: Path, shas: set[str]) -> dict[str, Any]:
    """blob -> its form (a dict), None (no readable form) or TOO_BIG; cached by blob id.

    A blob id names its bytes, so a cached form can never be stale; the cache lives in the
    user's private cache folder, never in the tree.
    """
    folder = usercache.repository_cache_dir(root, "reports")
    cache_file = folder / "forms.pickle" if folder else None
    cached = load_cache(cache_file)
    fronts = {sha: cached[sha] for sha in shas if sha in cached}
    missing = shas - fronts.keys()
    if missing:
        sizes = _sizes(root, missing)
        readable = sorted(sha for sha in missing if sizes.get(sha, MAX_BLOB + 1) <= MAX_BLOB)
        for sha in missing - set(readable):
            fronts[sha] = TOO_BIG
        for sha, data in gitio.read_blobs(root, readable).items():
            fronts[sha] = front_matter(data)
        if cache_file is not None:
            save_cache(cache_file, fronts)
    return fronts


def front_matter(data: bytes) -> dict[str, Any] | None:
    """An article's form as a mapping (None: no readable form), read as the checks read it.

    read_form takes yamlflat's fast road for a plain form and PyYAML for anything else. A
    report needs no body, so only the bytes up to the closing `---` are decoded and split.
    """
    if data.startswith(b"---\n"):
        end = data.find(b"\n---\n", 3, HEAD_LIMIT)
        if end >= 0:
            data = data[: end + 5]
    form = read_form(data)
    return form.front if form and isinstance(form.front, dict) else None


def load_cache(path: Path | None) -> dict[str, Any]:
    if path is None or not path.is_file():
        return {}
    try:
        with path.open("rb") as handle:
            loaded = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, ImportError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def save_cache(path: Path, fronts: dict[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        with tmp.open("wb") as handle:
            pickle.dump(fronts, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


def _entry(
    path: str, sha: str, fronts: dict[str, Any], adopted: dt.date | None, branches: tuple[str, ...], notes: list[str]
) -> list[Entry]:
    where = f"{path}（分支 {'、'.join(branches)}）" if branches else path
    front = fronts.get(sha)
    if front == TOO_BIG:
        notes.append(f"{where}：文件过大（超过 {MAX_BLOB // 1048576} MiB），未计入。")
        return []
    if not isinstance(front, dict):
        notes.append(f"{where}：审批单无法解析，未计入。")
        return []
    raw_approval = front.get("approval")
    approval: dict[str, Any] = raw_approval if isinstance(raw_approval, dict) else {}
    column, _slug = place(path)
    unit = _text(front.get("unit"))
    submitted = _day(approval.get("submitted"))
    if submitted is None:
        if adopted is None:
            notes.append(f"{where}：缺少有效的报送日期（approval.submitted），未计入报送统计。")
        else:
            notes.append(f"{where}：缺少有效的报送日期（approval.submitted），按进入发布分支的日期 {adopted} 计。")
            submitted = adopted
    return [
        Entry(
            path,
            column,
            _text(front.get("title")) or path,
            unit,
            _text(approval.get("submitted_by")),
            submitted,
            _day(front.get("date")),
            adopted,
            branches,
            sha,
            front,
        )
    ]


def _text(value: object) -> str | None:
    return str(value).strip() or None if isinstance(value, (str, int)) and not isinstance(value, bool) else None


def _day(value: object) -> dt.date | None:
    return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None
