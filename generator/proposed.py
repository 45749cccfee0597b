"""The commit being made, judged at `git commit` time by the same GH rules as the history check.

The pre-commit hook knows what CI will later see: the author git will record (git exports
GIT_AUTHOR_* to the hook, `git var GIT_AUTHOR_IDENT` reads them or the configuration), the
staged changes against HEAD, and the maps of the protected branch (a commit, or a branch's
unmerged edit of the maps, never vouches for itself). The history check in CI and the server
hook stays the gate; this only says it earlier. The judging is history.judge_change's; this
module only reads the staged commit.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from generator import branches, gitio, history
from generator.mapcache import load_maps
from generator.maps import Maps
from generator.problems import Problem
from generator.project import CONTENT, MAP_FILES, CommitFiles, IndexTree, is_inside
from generator.rules import gh

_IDENT = re.compile(r"^(.*?) <(.*?)> (\d+) ([+-])(\d\d)(\d\d)$")


class Author:
    """Who the next commit will be by, and on which day (a plain record: see rules/context.py)."""

    __slots__ = ("day", "email", "name")

    def __init__(self, name: str, email: str, day: dt.date) -> None:
        self.name: Final = name
        self.email: Final = email
        self.day: Final = day


def author(root: Path) -> Author | None:
    """Who the next commit will be by, and on which day (author date, author's time zone)."""
    out = gitio.git(root, "var", "GIT_AUTHOR_IDENT", check=False).decode("utf-8", "replace").strip()
    match = _IDENT.match(out)
    if match is None:
        return None
    name, email, stamp, sign, hours, minutes = match.groups()
    offset = dt.timedelta(hours=int(hours), minutes=int(minutes)) * (1 if sign == "+" else -1)
    return Author(name, email, dt.datetime.fromtimestamp(int(stamp), dt.timezone(offset)).date())


def staged_changes(root: Path, head: str | None) -> list[gh.Change]:
    """Every staged change against HEAD (its commit `head`, None before the first commit): added, modified, deleted."""
    base = head or gitio.git(root, "hash-object", "-t", "tree", "/dev/null").decode().strip()
    out = gitio.git(root, "diff-index", "--cached", "-z", "--raw", "--no-renames", "--no-abbrev", base)
    tokens = out.split(b"\0")
    changes = []
    for meta, raw_path in zip(tokens[0::2], tokens[1::2], strict=False):
        fields = meta.decode().lstrip(":").split()
        if len(fields) < 5:
            continue
        old, new = fields[2], fields[3]
        changes.append(
            gh.Change(
                raw_path.decode("utf-8", "surrogateescape"), None if _zero(old) else old, None if _zero(new) else new
            )
        )
    return changes


def _zero(sha: str) -> bool:
    return not sha.strip("0")


def judge_staged(root: Path, today: dt.date, head: str | None, changes: list[gh.Change]) -> list[Problem]:
    """The GH problems of committing `changes` (see `staged_changes`), as the author git will record."""
    who = author(root)
    # The very first commit founds the repository: there are no maps before it to judge it by.
    if who is None or not changes or head is None:
        return []
    config = gitio.config_values(root, "sitegen.protectedBranch", "user.email")
    # The protected branch's maps and the articles' blobs before and after, in one `cat-file --batch`.
    trusted = branches.protected_tip(root, branches.protected_branch(root, config["sitegen.protectedBranch"]))
    map_names = [f"{trusted}:{name}" for name in MAP_FILES] if trusted is not None else []
    wanted = sorted({sha for c in changes if c.path.endswith(".md") for sha in (c.old, c.new) if sha})
    found = gitio.read_batch(root, map_names + wanted)
    maps = _maps_before(root, head, today, trusted, found)
    blobs = {sha: obj[1] for sha in wanted if (obj := found[sha]) is not None}  # as read_blobs: any type
    staged = history.forms_at(root, "")  # ":path" is the staged version: what the commit will hold
    return history.judge_change(
        changes,
        name=who.name,
        email=who.email,
        day=who.day,
        maps=maps,
        read=blobs.get,
        final_form=staged,
        config_email=config["user.email"],
    )


def _maps_before(
    root: Path, head: str, today: dt.date, trusted: str | None, found: Mapping[str, tuple[str, bytes] | None]
) -> Maps:
    """The maps the gate will judge this commit by: the protected branch's (origin's copy first, its commit
    `trusted`, its maps already read into `found`), as CI and the server do; HEAD's only when the clone has
    no protected branch. Never the commit's own, nor a branch's unmerged edit of the maps."""
    if trusted is not None:
        return history.trusted_maps(root, trusted, today, commit=True, found=found)
    return load_maps(CommitFiles(root, head), today)


def affected_by_deletions(root: Path, index: IndexTree, changes: list[gh.Change]) -> list[str]:
    """Staged files to check again because of what the commit deletes (or renames away).

    The articles that still link to a deleted article or attachment, and the attachments left
    behind in a deleted article's folder; the ordinary rules (LK001, LK006) then name them.
    """
    gone = [c.path for c in changes if c.new is None and is_inside(c.path, CONTENT)]
    if not gone:
        return []
    affected: set[str] = set()
    for path in gone:
        if path.endswith(".md"):
            folder = path[:-3] + "/"
            affected |= {p for p in index.entries if p.startswith(folder)}
    names = sorted({posixpath.basename(p) for p in gone})
    args = ["grep", "--cached", "-l", "-z", "-F"]
    for name in names:
        args += ["-e", name]
    out = gitio.git(root, *args, "--", f"{CONTENT}/*.md", check=False)
    affected |= {p for p in out.decode("utf-8", "surrogateescape").split("\0") if p}
    return sorted(affected - set(gone))
