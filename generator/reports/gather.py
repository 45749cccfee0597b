"""Everything the reports read from the repository, in a fixed handful of git calls.

The protected branch (main) is the record of what was adopted: its maps are the
ones the reports judge by, its first-parent history says when each article reached
it. Every other branch (local and remote-tracking) adds the articles submitted but
not (yet) adopted: what it adds or changes under content/ since it left main.
Nothing is read from the working tree but the name of the protected branch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import gitio
from generator.article import place
from generator.errors import SitegenError
from generator.maploader import load_maps
from generator.maps import Columns, Departments, SiteSettings
from generator.project import CONTENT, SETTINGS, CommitTree, WorkTree, is_inside
from generator.rules.gh import read_form
from generator.yamlsrc import YamlSyntaxError, load

MAX_BLOB = 4 * 1024 * 1024  # larger "articles" on a branch are noted, not read


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

    def read(self, entries: Iterable[Entry]) -> dict[str, bytes]:
        """The bytes of some entries (one `cat-file --batch`)."""
        return gitio.read_blobs(self.root, sorted({e.blob for e in entries}))


def gather(root: Path, today: dt.date, *, branches: bool = True) -> Corpus:
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
    on_main = {p: sha for p, (_mode, sha) in tree.entries.items() if _is_article(p)}
    adopted = _adoption_days(root, head)
    waiting, branches_read = _branch_articles(root, head, branch, set(on_main), notes) if branches else ({}, 0)
    sizes = _sizes(root, {*on_main.values(), *(sha for sha, _ in waiting.values())})
    wanted = [sha for sha, size in sizes.items() if size <= MAX_BLOB]
    blobs = gitio.read_blobs(root, sorted(wanted))
    entries: list[Entry] = []
    for path, sha in sorted(on_main.items()):
        day = adopted.get(path)
        if day is None:  # cannot happen on a sane history; keep it honest rather than guess
            notes.append(f"{path}：在 {branch} 的历史中找不到它进入的提交，按今天计为采用日期。")
            day = today
        entries.extend(_entry(path, sha, blobs, day, (), notes))
    for path, (sha, names) in sorted(waiting.items()):
        entries.extend(_entry(path, sha, blobs, None, tuple(sorted(names)), notes))
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
    """path -> (blob, branch names) of the articles other branches add or change and main lacks."""
    refs = gitio.git(root, "for-each-ref", "--format=%(objectname) %(refname)", "refs/heads", "refs/remotes")
    found: dict[str, tuple[str, set[str]]] = {}
    read = 0
    for line in refs.decode("utf-8", "surrogateescape").splitlines():
        sha, _, ref = line.partition(" ")
        name = ref.split("/", 2)[2]
        if ref.endswith("/HEAD") or name in (main, f"origin/{main}") or sha == head:
            continue
        try:
            out = gitio.git(
                root,
                "diff",
                "--raw",
                "-z",
                "--no-renames",
                "--no-abbrev",
                "--diff-filter=AM",
                f"{head}...{sha}",
                "--",
                CONTENT,
            )
        except SitegenError:
            notes.append(f"分支 {name} 无法读取（提交缺失或损坏），其中的稿件未计入。")
            continue
        read += 1
        tokens = out.split(b"\0")
        for meta, path_bytes in zip(tokens[0::2], tokens[1::2]):
            path = path_bytes.decode("utf-8", "surrogateescape")
            if not meta.startswith(b":") or path in adopted or not _is_article(path):
                continue
            blob = meta.split()[3].decode()
            found.setdefault(path, (blob, set()))[1].add(name)
    return found, read


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


def _entry(
    path: str, sha: str, blobs: dict[str, bytes], adopted: dt.date | None, branches: tuple[str, ...], notes: list[str]
) -> list[Entry]:
    where = f"{path}（分支 {'、'.join(branches)}）" if branches else path
    data = blobs.get(sha)
    if data is None:
        notes.append(f"{where}：文件过大或无法读取，未计入。")
        return []
    form = read_form(data)
    front = form.front if form and isinstance(form.front, dict) else None
    if front is None:
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
