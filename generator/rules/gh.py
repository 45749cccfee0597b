"""GH: the history that reaches main — who may change what, and whose stamp is whose.

A pre-commit hook is advice (`git commit --no-verify` skips it); these rules judge
the commits themselves, in CI and in the server's pre-receive hook. They are pure:
history.py walks git and hands them commits, the maps each commit is judged by,
and the articles' front matter before and after each change.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable, Iterable
from typing import Any, Final

from generator import frontmatter, yamlsrc
from generator.maps import Columns, Departments, Maps
from generator.problems import ERROR, Problem
from generator.project import CONTENT, DEPARTMENTS, OFFICE_FILES, TECHNICAL_PATHS, is_inside
from generator.rules import Rule, Sink, rule

UNKNOWN_AUTHOR = rule("GH001", ERROR, "提交作者的邮箱不属于 departments.yaml 中登记的任何人")
NOT_COLUMN_WRITER = rule("GH002", ERROR, "改动栏目内容的提交，作者既不是栏目所属单位当日的网站联络员，也不是办公厅人员")
FORGED_STAMP = rule("GH003", ERROR, "写入审核或审批签署（reviewed_by / approved_by）的提交，作者不是被签署人本人")
STALE_STAMP = rule("GH004", ERROR, "文章签署之后又被他人改动，签署已不能证明现在的内容经过审核或审批")
MAPS_NOT_OFFICE = rule("GH005", ERROR, "columns.yaml、departments.yaml、site.yaml 只能由办公厅人员修改（第四条(一)）")
NOT_TECHNICAL = rule(
    "GH006", ERROR, "templates/、generator/、hooks/、pyproject.toml 和 CI 配置只能由技术单位人员修改（第四条(四)）"
)
NOT_STAFF = rule("GH007", ERROR, "content/ 以外的其他文件只能由办公厅或技术单位人员修改")
UNSIGNED = rule("GH008", ERROR, "departments.yaml 要求签名时，提交没有作者本人密钥的有效签名")
NO_MAPS = rule("GH009", ERROR, "判断提交所依据的地图（受保护分支改动之前的 departments.yaml、columns.yaml）无法读取")
UNJUDGEABLE = rule(
    "GH010",
    ERROR,
    "无法判断的历史：新的根提交、不是快进的更新、浅克隆，或最终改动找不到作出它的提交",
)
BAD_COMMIT = rule("GH011", ERROR, "提交的作者信息或作者日期无法读取")
GITLINK = rule("GH012", ERROR, "子模块（gitlink）：仓库中不能含有指向其他仓库的提交")
BAD_REF = rule("GH013", ERROR, "不能这样更新引用：删除受保护分支、refs/replace/、通过符号引用更新受保护分支")

# What each stamp covers: the approver also decides the publish date.
STAGE_KEYS = {"reviewed_by": ("reviewed_by", "reviewed"), "approved_by": ("approved_by", "approved", "date")}
STAGE_LABELS = {"reviewed_by": "本单位领导审核", "approved_by": "审批"}
LIFECYCLE_BLOCKS = ("withdrawal", "takedown")
STAMP_KEYS = frozenset(k for keys in STAGE_KEYS.values() for k in keys if k != "date")
REWRITE = "请在分支上改写历史（git rebase -i：删除此提交，或改由有权限的人提交）后重新推送；只追加一个撤销提交（git revert）不能消除此问题。"
# The same problems found in the commit being made (pre-commit hook): nothing to rewrite yet, the staged files change.
UNSTAGE = (
    "这次提交尚未完成：请把这些改动移出暂存区（git restore --staged <文件>，工作区中的修改会保留），"
    "交由有权限的人修改和提交，再提交其余改动。"
)
UNSIGN = "这次提交尚未完成：请撤销对他人签名的改动（在文件中改回原来的签署）后重新 git add，再提交。"


def fix(commit: Commit, staged: str = UNSTAGE) -> str:
    """How to undo a refused change: rewrite the branch's history, or (commit not made yet) change what is staged."""
    return staged if commit.pending else REWRITE


class Change:
    """One path changed by a commit: its blob before and after (None: added or deleted).

    This module's records are plain classes, read-only by their Final attributes: see rules/context.py.
    """

    __slots__ = ("new", "old", "others", "path")

    def __init__(
        self,
        path: str,
        old: str | None,  # blob before the commit (first parent); None: added
        new: str | None,  # None: deleted
        others: tuple[str | None, ...] = (),  # a merge's other parents' blobs
    ) -> None:
        self.path: Final = path
        self.old: Final = old
        self.new: Final = new
        self.others: Final = others


class Commit:
    """A commit as the GH rules judge it: its id, parents, author, date and changes."""

    __slots__ = ("changes", "config_email", "day", "email", "name", "parents", "pending", "sha", "subject")

    def __init__(
        self,
        sha: str,
        parents: tuple[str, ...],
        name: str,
        email: str,
        day: dt.date,  # author date, in the author's time zone
        subject: str,
        changes: tuple[Change, ...],
        pending: bool = False,  # the commit being made (pre-commit hook): no id, no message, nothing to rewrite
        config_email: str
        | None = None,  # pending: `git config user.email`, which GIT_AUTHOR_EMAIL or --author override
    ) -> None:
        self.sha: Final = sha
        self.parents: Final = parents
        self.name: Final = name
        self.email: Final = email
        self.day: Final = day
        self.subject: Final = subject
        self.changes: Final = changes
        self.pending: Final = pending
        self.config_email: Final = config_email

    @property
    def label(self) -> str:
        if self.pending:
            return f"待提交的改动（作者 {self.name} <{self.email}>，{self.day}）"
        return f"提交 {self.sha[:8]}「{self.subject}」（作者 {self.name} <{self.email}>，{self.day}）"


class Form:
    """An article's front matter and body as written; `front` is None when unreadable."""

    __slots__ = ("body", "front", "lines")

    def __init__(self, front: dict[str, Any] | None, body: str, lines: dict[yamlsrc.KeyPath, int]) -> None:
        self.front: Final = front
        self.body: Final = body
        self.lines: Final = lines

    def stamp(self, key: str) -> str | None:
        approval = self.front.get("approval") if self.front else None
        value = approval.get(key) if isinstance(approval, dict) else None
        if isinstance(value, bool) or not isinstance(value, (str, int)) or str(value).strip() == "":
            return None
        return str(value).strip()

    def without(self, keys: Iterable[str]) -> tuple[Any, ...]:
        """Everything but the given approval keys (and `date`, if named): what a change must leave alone."""
        if self.front is None:
            return (None, self.body)
        front = dict(self.front)
        approval = front.get("approval")
        if isinstance(approval, dict):
            front["approval"] = {k: v for k, v in approval.items() if k not in keys}
        if "date" in keys:
            front.pop("date", None)
        for block in LIFECYCLE_BLOCKS:  # withdrawal and takedown have their own stamps (rules/lc_git.py)
            if block in keys:
                front.pop(block, None)
        return (front, self.body)

    def line(self, *path: Any) -> int:
        return yamlsrc.line_of(self.lines, path)


def read_form(data: bytes | None) -> Form | None:
    if data is None:
        return None
    try:
        text = frontmatter.decode(data)
    except frontmatter.DecodeError:
        return Form(None, data.decode("utf-8", "replace"), {})
    split = frontmatter.split(text)
    if split.yaml_text is None or not split.closed:
        return Form(None, text, {})
    try:
        doc = yamlsrc.load(split.yaml_text)
    except yamlsrc.YamlSyntaxError:
        return Form(None, text, {})
    if not isinstance(doc.value, dict):
        return Form(None, text, {})
    offset = split.yaml_first_line - 1
    return Form(doc.value, split.body, {path: line + offset for path, line in doc.lines.items()})


Forms = Callable[[str | None], Form | None]  # blob sha -> the article it holds


def _add(out: list[Problem], path: str, code: Rule, message: str, line: int = 1) -> None:
    sink = Sink(path)
    sink.add(code, line, message)
    out.extend(sink.problems)


def _office(deps: Departments, day: dt.date) -> set[str]:
    """The office's people on `day`: a former liaison of the office is no longer office staff."""
    unit = deps.units.get(deps.office)
    return unit.staff_on(day) if unit else set()


def _technical(deps: Departments, day: dt.date) -> set[str]:
    unit = deps.units.get(deps.technical)
    return unit.staff_on(day) if unit else set()


def column_of(path: str, columns: Columns) -> str | None:
    """The deepest column whose folder holds `path` (articles and their attachment folders)."""
    folder = posixpath.dirname(path)[len(CONTENT) + 1 :]
    while folder:
        if folder in columns:
            return folder
        folder = posixpath.dirname(folder)
    return None


def signable(person: str, unit_id: str | None, deps: Departments) -> tuple[str, ...]:
    """The stamps `person` may sign on an article of `unit_id`."""
    unit = deps.units.get(unit_id or "")
    if unit is None:
        return ()
    stages = []
    if person in unit.leaders:
        stages.append("reviewed_by")
    if person in deps.approvers_for(unit.id):
        stages.append("approved_by")
    return tuple(stages)


def stamp_only(old: Form | None, new: Form | None, person: str, stages: tuple[str, ...]) -> bool:
    """True when the change only signs (or withdraws) `person`'s own stamps."""
    if not stages or old is None or new is None or old.front is None or new.front is None:
        return False
    keys = {k for stage in stages for k in STAGE_KEYS[stage]}
    for stage in stages:
        if {old.stamp(stage), new.stamp(stage)} - {person, None}:
            return False
    return old.without(keys) == new.without(keys)


# ---- per commit: who may change what -------------------------------------------------------


def check_commit(commit: Commit, maps: Maps, forms: Forms) -> list[Problem]:
    out: list[Problem] = []
    deps, columns = maps.departments, maps.columns
    if deps is None or columns is None:
        _add(
            out,
            DEPARTMENTS,
            NO_MAPS,
            f"{commit.label} 之前的 departments.yaml 或 columns.yaml 有错误，无法判断谁可以做这些改动。请先修正两张地图（sitegen check 会指出问题）。",
        )
        return out
    person = deps.person_by_email(commit.email)
    if person is None:
        _add(
            out,
            DEPARTMENTS,
            UNKNOWN_AUTHOR,
            f"{commit.label} 的作者邮箱 {commit.email} 不属于 departments.yaml 中的任何人。提交者按邮箱识别：{_author_fix(commit)}或请办公厅在 people 中登记此人。",
        )
        return out
    groups: dict[tuple[Rule, str], list[str]] = {}
    for change in commit.changes:
        verdict = _judge_path(commit, change, person.id, deps, columns, forms)
        if verdict is not None:
            groups.setdefault(verdict, []).append(change.path)
    for (code, scope), paths in groups.items():
        _add(out, paths[0], code, _path_message(code, scope, commit, paths, deps, columns))
    return out


def _author_fix(commit: Commit) -> str:
    if not commit.pending:
        return "请用登记的邮箱提交（git config user.email 你的登记邮箱，再 git commit --amend --reset-author 改写此提交），"
    if commit.email != commit.config_email:
        # git takes the author from GIT_AUTHOR_EMAIL (or --author) before user.email: setting the config changes nothing.
        return (
            f"作者邮箱 {commit.email} 来自环境变量 GIT_AUTHOR_EMAIL（或 git commit --author），它优先于 git config user.email"
            f"{f'（现为 {commit.config_email}）' if commit.config_email else ''}：请取消这个变量（unset GIT_AUTHOR_EMAIL）"
            "或把它设为你的登记邮箱、不用 --author，再提交；"
        )
    return "请把 git config user.email 设为你的登记邮箱，再提交；"


def _judge_path(
    commit: Commit, change: Change, person: str, deps: Departments, columns: Columns, forms: Forms
) -> tuple[Rule, str] | None:
    path = change.path
    office, technical = _office(deps, commit.day), _technical(deps, commit.day)
    if is_inside(path, CONTENT):
        column = column_of(path, columns)
        if person in office:
            return None
        owner = columns.by_path[column].owner if column else None
        unit = deps.units.get(owner or "")
        if unit is not None and unit.liaison_on(commit.day) == person:
            return None
        stages = signable(person, owner, deps)
        befores, new = (change.old, *change.others), forms(change.new)
        if path.endswith(".md") and any(stamp_only(forms(old), new, person, stages) for old in befores):
            return None
        from generator.rules.lc_git import lifecycle_stamp_only  # LC builds on GH; imported late to avoid a cycle

        if path.endswith(".md") and any(lifecycle_stamp_only(forms(o), new, person, owner, deps) for o in befores):
            return None
        return NOT_COLUMN_WRITER, column or ""
    if path in OFFICE_FILES:
        return None if person in office else (MAPS_NOT_OFFICE, "")
    if any(is_inside(path, p.rstrip("/")) for p in TECHNICAL_PATHS):
        return None if person in technical else (NOT_TECHNICAL, "")
    return None if person in office | technical else (NOT_STAFF, "")


def _path_message(code: Rule, scope: str, commit: Commit, paths: list[str], deps: Departments, columns: Columns) -> str:
    what = paths[0] + (f" 等 {len(paths)} 个文件" if len(paths) > 1 else "")
    head = f"{commit.label} 改动了 {what}"
    office = deps.unit_label(deps.office)
    if code is NOT_COLUMN_WRITER and scope:
        column = columns.by_path[scope]
        liaison = deps.units[column.owner].liaison_on(commit.day) if column.owner in deps.units else None
        who = deps.label(liaison) if liaison else "（当日没有登记联络员）"
        return (
            f"{head}，但栏目“{column.title}”（{scope}）由 {deps.unit_label(column.owner)} 维护，{commit.day} 当日登记的网站联络员是 {who}；"
            f"除其本人和 {office} 人员外，他人只能签署自己的审核或审批，不能改动栏目内容。{fix(commit)}"
        )
    if code is NOT_COLUMN_WRITER:
        return f"{head}，这些文件不在 columns.yaml 的任何栏目中，只有 {office} 人员可以改动。{fix(commit)}"
    if code is MAPS_NOT_OFFICE:
        return f"{head}：两张地图和站点设置只能由 {office} 人员修改（第四条(一)）。请把改动要求交给办公厅，由其提交。{fix(commit)}"
    if code is NOT_TECHNICAL:
        return f"{head}：模板、生成器、钩子和 CI 配置只能由 {deps.unit_label(deps.technical)} 人员修改（第四条(四)）。请交由其提交。{fix(commit)}"
    return f"{head}：content/ 以外的文件只能由 {office} 或 {deps.unit_label(deps.technical)} 人员修改。{fix(commit)}"


# ---- per article: whose stamp is whose --------------------------------------------------------


class Event:
    """One commit's change to one article."""

    __slots__ = ("attachments_changed", "author", "befores", "commit", "new")

    def __init__(
        self,
        commit: Commit,
        author: str | None,  # person id by the commit's maps; None: unknown
        befores: tuple[Form | None, ...],  # the article in each parent (one, unless a merge)
        new: Form | None,
        attachments_changed: bool = False,  # the same commit changed a file of the article's attachment folder
    ) -> None:
        self.commit: Final = commit
        self.author: Final = author
        self.befores: Final = befores
        self.new: Final = new
        self.attachments_changed: Final = attachments_changed


def check_stamps(
    path: str, events: list[Event], final: Form, unit_id: str | None, deps: Departments, *, report_forged: bool = True
) -> list[Problem]:
    """`events` oldest first; `final` is the article at the end of the range."""
    out: list[Problem] = []
    for stage in STAGE_KEYS:
        signer = final.stamp(stage)
        if signer is None:
            continue
        line = final.line("approval", stage)
        setter = _setter(events, stage, signer)
        if setter is not None and setter.author != signer:
            if report_forged:  # history.py reports every stamp change with check_stamp_changes instead
                by = deps.label(setter.author) if setter.author else setter.commit.email
                command = "review" if stage == "reviewed_by" else "approve"
                _add(
                    out,
                    path,
                    FORGED_STAMP,
                    f"{setter.commit.label} 把 approval.{stage} 写成了 {deps.label(signer)}，但提交者是 {by}：签署只能由被签署人本人提交，他人（包括联络员）不能代为签署。请删除这一签署，由 {deps.label(signer)} 本人运行 sitegen {command} 并提交。{fix(setter.commit, UNSIGN)}",
                    line,
                )
            continue
        stale = _stale(events, stage, signer, unit_id, deps)
        if stale is not None:
            _add(
                out,
                path,
                STALE_STAMP,
                f"{stale.commit.label} 在“{STAGE_LABELS[stage]}”签署之后又改动了文章，而改动者不是签署人 {deps.label(signer)}；签署只能证明签署时的内容。请删除 approval 中此环节及其后各环节的签署，由相应人员重新签署后再合并。",
                line,
            )
    return out


def check_stamp_changes(path: str, events: list[Event], deps: Departments, final: Form | None) -> list[Problem]:
    """A stamp is written, changed or removed only by the stamped person (GH003).

    Exceptions: an edit of the article may clear the stamps it invalidates (GH004 asks for it);
    a forged stamp that never reaches `final` may be taken out again by anyone.
    """
    out: list[Problem] = []
    forged: set[tuple[str, tuple[Any, ...] | None]] = set()
    last_write: dict[str, tuple[tuple[Any, ...], Problem | None]] = {}  # stage -> (values written, problem if forged)
    for event in events:
        new = event.new
        if new is None or new.front is None:
            continue  # the article is deleted or unreadable: other rules judge that
        befores: list[Form | None] = [b for b in event.befores if b is not None] or [None]
        for stage, keys in STAGE_KEYS.items():
            stamp_keys = [k for k in keys if k != "date"]
            now = tuple(_value(new, k) for k in stamp_keys)
            changed = [b for b in befores if b is None or tuple(_value(b, k) for k in stamp_keys) != now]
            if len(changed) < len(befores):
                continue  # the same as in one parent: not this commit's doing
            before = changed[0]
            old_signer = before.stamp(stage) if before is not None else None
            new_signer = new.stamp(stage)
            was = tuple(_value(before, k) for k in stamp_keys) if before is not None else None
            edits = before is None or before.without(STAMP_KEYS) != new.without(STAMP_KEYS) or event.attachments_changed
            bad_write = new_signer is not None and event.author != new_signer
            bad_removal = (
                old_signer is not None
                and event.author != old_signer
                and not (edits and new_signer is None)
                and (stage, was) not in forged
            )
            line = _stamp_line(new, before, stage)
            if new_signer is not None:
                problem = None
                if bad_write:
                    forged.add((stage, now))
                    problem = _one(path, FORGED_STAMP, _stamp_message(event, stage, old_signer, new_signer, deps), line)
                last_write[stage] = (now, problem)
            if bad_removal:
                _add(out, path, FORGED_STAMP, _stamp_message(event, stage, old_signer, None, deps), line)
    # A forged stamp counts when it is the one the article ends with (not re-signed by its owner since).
    for stage, (values, problem) in last_write.items():
        signed = [k for k in STAGE_KEYS[stage] if k != "date"]
        if problem is not None and final is not None and tuple(_value(final, k) for k in signed) == values:
            out.append(problem)
    return out


def _one(path: str, code: Rule, message: str, line: int) -> Problem:
    found: list[Problem] = []
    _add(found, path, code, message, line)
    return found[0]


def _stamp_line(new: Form, before: Form | None, stage: str) -> int:
    if new.stamp(stage) is not None:
        return new.line("approval", stage)
    return before.line("approval", stage) if before is not None and before.front is not None else 1


def _stamp_message(event: Event, stage: str, old: str | None, new: str | None, deps: Departments) -> str:
    by = deps.label(event.author) if event.author else event.commit.email
    command = "review" if stage == "reviewed_by" else "approve"
    if new is not None and event.author != new:
        return (
            f"{event.commit.label} 把 approval.{stage} 写成了 {deps.label(new)}，但提交者是 {by}：签署只能由被签署人本人提交，"
            f"他人（包括联络员）不能代为签署。请删除这一签署，由 {deps.label(new)} 本人运行 sitegen {command} 并提交。{fix(event.commit, UNSIGN)}"
        )
    who = deps.label(old) if old else "签署人"
    return (
        f"{event.commit.label} 改动或删除了 {who} 在 approval.{stage} 的签署（签署人或签署日期），但提交者是 {by}：签署只能由签署人本人改动；"
        f"他人只能在修改文章内容的同时清除因此失效的签署。{fix(event.commit, UNSIGN)}"
    )


def _setter(events: list[Event], stage: str, signer: str) -> Event | None:
    """The last commit that set the stamp to its present value; None: set before the range."""
    found = None
    for event in events:
        before = {old.stamp(stage) if old else None for old in event.befores}
        after = event.new.stamp(stage) if event.new else None
        if after == signer and signer not in before:  # a merge only sets what no parent had
            found = event
    return found


def _stale(events: list[Event], stage: str, signer: str, unit_id: str | None, deps: Departments) -> Event | None:
    """The first change by someone else after the signer last signed."""
    start = 0
    for index, event in enumerate(events):
        if event.author == signer and _touches(event, STAGE_KEYS[stage]):
            start = index + 1
    for event in events[start:]:
        if event.author == signer:
            continue
        # Signing one's own stage (and the approver's publish date) is not a change of content.
        ignored = STAMP_KEYS | set(LIFECYCLE_BLOCKS)  # a withdrawal or takedown does not change what was approved
        ignored |= {"date"} if event.author in deps.approvers_for(unit_id or "") else set()
        if _changes_outside(event, ignored):
            return event
    return None


def _touches(event: Event, keys: Iterable[str]) -> bool:
    """Did this commit sign, re-date or withdraw the stamp made of `keys` (against every parent)?"""
    new = event.new
    return all(
        old is None or new is None or any(_value(old, k) != _value(new, k) for k in keys) for old in event.befores
    )


def _changes_outside(event: Event, keys: Iterable[str]) -> bool:
    """Did this commit change anything but `keys`, compared with every parent?"""
    new = event.new
    return all(old is None or new is None or old.without(keys) != new.without(keys) for old in event.befores)


def _value(form: Form, key: str) -> Any:
    if form.front is None:
        return None
    if key == "date":
        return form.front.get("date")
    approval = form.front.get("approval")
    return approval.get(key) if isinstance(approval, dict) else None


# ---- signatures -----------------------------------------------------------------------------


def check_signature(commit: Commit, maps: Maps, status: str, principal: str) -> list[Problem]:
    """`status` and `principal` are git's %G? and %GS against the keys in departments.yaml."""
    deps = maps.departments
    if deps is None or not deps.signing_required:
        return []
    person = deps.person_by_email(commit.email)
    if person is None:
        return []  # GH001 already says so
    out: list[Problem] = []
    if status == "G" and principal.lower() == person.email.lower():
        return out
    if person.signing_key is None:
        why = f"departments.yaml 要求签名，但没有登记 {deps.label(person.id)} 的 signing_key"
        fix = "请办公厅在 people 中登记此人的 SSH 公钥（signing_key）"
    elif status == "N":
        why = "此提交没有签名"
        fix = "请配置 git config gpg.format ssh 和 user.signingkey，用 git commit -S 重新提交（或 git rebase --exec 'git commit --amend --no-edit -S'）"
    elif status == "G":
        why = f"签名来自另一人的密钥（{principal}），不是作者本人的"
        fix = "请由作者本人用自己的密钥签名重新提交"
    else:
        why = "签名无效，或不是 departments.yaml 中登记的作者密钥"
        fix = "请确认 user.signingkey 与 departments.yaml 中登记的 signing_key 一致，再签名重新提交"
    _add(out, DEPARTMENTS, UNSIGNED, f"{commit.label}：{why}。{fix}。")
    return out
