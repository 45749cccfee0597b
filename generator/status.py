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

from generator import branches, frontmatter, gitio, yamlsrc
from generator.maps import Columns, Departments, Maps, UsableMaps
from generator.project import CONTENT, is_inside
from generator.rules.gh import column_of, read_form

WORKTREE = "（工作区，未提交）"
DETACHED = "HEAD"  # the commit checked out without a branch: read like a branch, with its working tree
STAGES = ("unreadable", "draft", "submitted", "reviewed", "approved")
STAGE_LABELS = {
    "unreadable": "无法读取（文件有误）",
    "draft": "未报送",
    "submitted": "待本单位领导审核",
    "reviewed": "待审批",
    "approved": "已审批，可合并发布",
}
# Where the text an entry was read from stands against the remote (what others and the merge see).
SYNC_LABELS = {
    "worktree": "未提交",
    "detached": "游离 HEAD",
    "pushed": "已推送",
    "remote_only": "仅在远程",
    "local_only": "尚未推送",
    "no_remote": "本地仓库（没有远程）",
    "ahead": "有未推送的提交",
    "behind": "本地分支落后于远程",
    "diverged": "本地与远程分叉",
}


@dataclass
class Entry:
    """One article on a branch as `sitegen status` lists it: its stage, who signed it, how the branch stands."""

    branch: str  # the local branch (or origin/<b> when there is none), WORKTREE or DETACHED
    path: str
    title: str
    unit: str
    stage: str  # one of STAGES
    date: dt.date | None
    signers: dict[str, str | None]  # submitted_by / reviewed_by / approved_by -> person id
    placeholder: bool  # the body still holds the text `sitegen new` wrote
    sync: str = "pushed"  # one of SYNC_LABELS
    remote: str | None = None  # the remote branch (origin/<b>) the branch is pushed to, if any
    problem: str | None = None  # why an unreadable article cannot be read, and what to do


@dataclass
class Branches:
    """What `sitegen status` read from the branches: the current one, the protected one, the articles."""

    current: str | None  # the checked-out branch (None: detached)
    protected: str
    entries: list[Entry] = field(default_factory=list)
    current_sync: str = "pushed"  # how the checked-out branch stands to its remote (one of SYNC_LABELS)


def collect(root: Path, maps: Maps | UsableMaps) -> Branches:
    protected = maps.settings.protected_branch if maps.settings else "main"
    tips, current = branches.tips_and_current(root)
    here = current or DETACHED
    wanted = branches.on_their_way(root, protected, tips)  # (branch, path) read from git
    if current is None:  # detached: HEAD's own changes, as on a branch
        bases = [b for b in (f"origin/{protected}", protected) if b in tips]
        wanted += [(DETACHED, p) for p in branches.changed_since(root, bases[0], "HEAD")] if bases else []
    syncs = branches.tracking(root)
    published = (protected, f"origin/{protected}")
    names = [f"{ref}:{path}" for ref, path in wanted] + [f"{b}:{path}" for _, path in wanted for b in published]
    blobs = gitio.read_blobs(root, sorted(set(names))) if wanted else {}
    upstream_of = {sync.remote: name for name, sync in syncs.items() if sync.remote}
    local_paths = {(ref, path) for ref, path in wanted}
    result = Branches(current, protected)
    result.current_sync = _sync(syncs[current]) if current in syncs else "detached"
    edited = _uncommitted(root)
    for ref, path in wanted:
        data = blobs.get(f"{ref}:{path}")
        if data is not None and any(blobs.get(f"{b}:{path}") == data for b in published):
            continue  # the same text is on the protected branch already: published or merged
        if ref == DETACHED:
            shown, sync, remote = DETACHED, "detached", None
        elif ref in syncs:
            state = syncs[ref]
            sync = _sync(state)
            if sync == "behind":
                continue  # the remote branch's newer text is shown instead
            shown, remote = ref, state.remote
        elif ref in upstream_of:
            local = upstream_of[ref]
            sync = _sync(syncs[local])
            if sync != "behind" and ((local, path) in local_paths or sync in ("pushed", "ahead")):
                continue  # the local branch's text (the same, or newer) is shown
            shown, remote = local, ref
        else:
            shown, sync, remote = ref, "remote_only", ref
        if shown == here and path in edited:
            continue  # the working file is newer: shown below
        entry = _entry(shown, path, data, maps.departments)
        if entry is not None:
            entry.sync, entry.remote = sync, remote
            result.entries.append(entry)
    for path in edited:
        file = root / path
        data = file.read_bytes() if file.is_file() else None
        entry = _entry(WORKTREE, path, data, maps.departments)
        if entry is not None:
            entry.sync = "worktree"
            result.entries.append(entry)
    return result


def _sync(state: branches.Sync) -> str:
    if state.no_remote:
        return "no_remote"
    if state.remote is None:
        return "local_only"
    if state.ahead and state.behind:
        return "diverged"
    return "ahead" if state.ahead else "behind" if state.behind else "pushed"


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
    if form is None or data is None or not is_inside(path, CONTENT):
        return None
    if form.front is None:
        signers: dict[str, str | None] = dict.fromkeys(("submitted_by", "reviewed_by", "approved_by"))
        entry = Entry(branch, path, path, "", "unreadable", None, signers, False)
        entry.problem = unreadable_reason(data)
        return entry
    front = form.front
    signers = {key: form.stamp(key) for key in ("submitted_by", "reviewed_by", "approved_by")}
    stage = "draft"
    for key, name in (("submitted_by", "submitted"), ("reviewed_by", "reviewed"), ("approved_by", "approved")):
        if signers[key]:
            stage = name
    date = front.get("date") if isinstance(front.get("date"), dt.date) else None
    title = str(front.get("title") or path)
    unit = str(front.get("unit") or "")
    return Entry(branch, path, title, unit, stage, date, signers, _unwritten(form.body))


def unreadable_reason(data: bytes) -> str:
    """Why the approval form of `data` cannot be read, with the line and the fix."""
    try:
        text = frontmatter.decode(data)
    except frontmatter.DecodeError as exc:
        return f"第 {exc.line} 行不是 UTF-8 编码：请在编辑器中选择“UTF-8”编码另存此文件"
    split = frontmatter.split(text)
    if split.yaml_text is None or not split.closed:
        return "开头缺少完整的审批单（以 --- 开始和结束的一段）"
    try:
        yamlsrc.load(split.yaml_text)
    except yamlsrc.YamlSyntaxError as exc:
        return f"审批单第 {exc.line + split.yaml_first_line - 1} 行有误：{exc.detail}"
    return "审批单不是“字段: 值”的形式"


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


def _unwritten(body: str) -> bool:
    from generator.rules.ap import body_placeholder  # here: AP's imports are not needed for most listings

    return body_placeholder(body) is not None
