"""What is on its way to the site, branch by branch, and who it waits for (`sitegen status`).

An article is "on its way" on a branch when the branch adds or changes it against the point
where it left the protected branch (`git diff protected...branch`): everything else on a branch
is already on the site. The working tree adds what is edited but not yet committed. A fixed
handful of git calls whatever the size: one for-each-ref, one diff per branch, one status, one
`cat-file --batch` for every article found.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from generator import branches, gitio
from generator.maps import Columns, Departments, Maps, UsableMaps
from generator.project import CONTENT, PLACEHOLDER_TEXT, is_inside
from generator.rules.gh import column_of, read_form

WORKTREE = "（工作区，未提交）"
STAGES = ("draft", "submitted", "reviewed", "approved")
STAGE_LABELS = {
    "draft": "未报送",
    "submitted": "待本单位领导审核",
    "reviewed": "待审批",
    "approved": "已审批，可合并发布",
}


@dataclass
class Entry:
    branch: str  # a local or remote branch, or WORKTREE
    path: str
    title: str
    unit: str
    stage: str  # one of STAGES
    date: dt.date | None
    signers: dict[str, str | None]  # submitted_by / reviewed_by / approved_by -> person id
    placeholder: bool  # the body still holds the text `sitegen new` wrote


@dataclass
class Branches:
    current: str | None  # the checked-out branch (None: detached)
    protected: str
    entries: list[Entry] = field(default_factory=list)


def collect(root: Path, maps: Maps | UsableMaps) -> Branches:
    protected = maps.settings.protected_branch if maps.settings else "main"
    tips, current = branches.tips_and_current(root)
    wanted = branches.on_their_way(root, protected, tips)  # (branch, path) read from git
    blobs = gitio.read_blobs(root, [f"{ref}:{path}" for ref, path in wanted]) if wanted else {}
    result = Branches(current, protected)
    edited = _uncommitted(root)
    locals_ = {ref for ref, _ in wanted if not ref.startswith("origin/")}
    for ref, path in wanted:
        if ref == current and path in edited:
            continue  # the working file is newer: shown below
        if ref.startswith("origin/") and ref[len("origin/") :] in locals_:
            local = f"{ref[len('origin/') :]}:{path}"
            if local in blobs and blobs[local] == blobs.get(f"{ref}:{path}"):
                continue  # the same text as the local branch that tracks it
        entry = _entry(ref, path, blobs.get(f"{ref}:{path}"), maps.departments)
        if entry is not None:
            result.entries.append(entry)
    for path in edited:
        file = root / path
        data = file.read_bytes() if file.is_file() else None
        entry = _entry(WORKTREE, path, data, maps.departments)
        if entry is not None:
            result.entries.append(entry)
    return result


def _uncommitted(root: Path) -> list[str]:
    """Articles edited or created in the working tree and not committed (staged or not)."""
    out = gitio.git(root, "status", "--porcelain", "-z", "--untracked-files=all", "--no-renames", "--", CONTENT)
    paths = []
    for record in out.decode("utf-8", "surrogateescape").split("\0"):
        if len(record) > 3 and record[:2] != " D" and record[0] != "D" and record.endswith(".md"):
            paths.append(record[3:])
    return sorted(paths)


def _entry(branch: str, path: str, data: bytes | None, deps: Departments | None) -> Entry | None:
    form = read_form(data)
    if form is None or form.front is None or not is_inside(path, CONTENT):
        return None
    front = form.front
    signers = {key: form.stamp(key) for key in ("submitted_by", "reviewed_by", "approved_by")}
    stage = "draft"
    for key, name in (("submitted_by", "submitted"), ("reviewed_by", "reviewed"), ("approved_by", "approved")):
        if signers[key]:
            stage = name
    date = front.get("date") if isinstance(front.get("date"), dt.date) else None
    title = str(front.get("title") or path)
    unit = str(front.get("unit") or "")
    return Entry(branch, path, title, unit, stage, date, signers, PLACEHOLDER_TEXT in form.body)


# ---- who an entry waits for -----------------------------------------------------------------


def may_review(person: str, entry: Entry, deps: Departments) -> bool:
    unit = deps.units.get(entry.unit)
    return (
        entry.stage == "submitted"
        and unit is not None
        and person in unit.leaders
        and entry.signers["submitted_by"] != person
    )


def may_approve(person: str, entry: Entry, deps: Departments) -> bool:
    return (
        entry.stage == "reviewed"
        and person in deps.approvers_for(entry.unit)
        and person not in (entry.signers["submitted_by"], entry.signers["reviewed_by"])
    )


def is_office(person: str, deps: Departments) -> bool:
    office = deps.units.get(deps.office)
    return office is not None and person in office.staff()


def waiting_for(entry: Entry, deps: Departments) -> list[str]:
    """Who may sign the next stage."""
    unit = deps.units.get(entry.unit)
    if entry.stage == "submitted" and unit is not None:
        return [p for p in unit.leaders if p != entry.signers["submitted_by"]]
    if entry.stage == "reviewed":
        return [p for p in deps.approvers_for(entry.unit) if p not in entry.signers.values()]
    return []


def mine(person: str, entry: Entry, deps: Departments, columns: Columns | None, today: dt.date) -> bool:
    """An article I submitted, or one in a column my unit's liaison (me) keeps."""
    if entry.signers["submitted_by"] == person:
        return True
    column = column_of(entry.path, columns) if columns is not None else None
    found = columns.get(column) if columns is not None and column else None
    owner = found.owner if found else None
    unit = deps.units.get(owner or "")
    return entry.signers["submitted_by"] is None and unit is not None and unit.liaison_on(today) == person
