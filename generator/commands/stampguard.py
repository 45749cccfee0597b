"""Before `sitegen review` / `approve` write a stamp: would the commit of it be accepted?

A stamp the pre-commit hook or the history check then refuses is a dead end for the signer, who
can neither commit it nor (GH003) have anyone else take it out. So the resulting form is judged
first, by the rules the hook applies: the approval form's own rules (AP: order of the dates, no
stamp after today; a withdrawal's LC002–LC005) and who may change what in the commit of the working file (GH002/GH003/GH004,
history.judge_change, the hook's judge). Nothing is written when either refuses.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator import branches, gitio, history
from generator.article import parse
from generator.errors import Refused
from generator.maps import Person, UsableMaps
from generator.problems import ERROR, Problem
from generator.project import WorkTree
from generator.rules import Sink, ap, gh, lc
from generator.rules.context import Context

# The withdrawal's own stamps (people and dates): the rest of LC judges more than the stamp being written.
_WITHDRAWAL = frozenset(
    r.code for r in (lc.WITHDRAW_NOT_LIAISON, lc.WITHDRAW_NOT_LEADER, lc.WITHDRAW_NOT_APPROVER, lc.WITHDRAW_ORDER)
)


def refuse_unless_committable(
    root: Path, rel: str, person: Person, maps: UsableMaps, before: bytes, after: bytes, today: dt.date, label: str
) -> None:
    """Raise Refused (in Chinese, with what to do instead) when committing `after` as `person` would fail."""
    _form_rules(root, rel, maps, after, label)
    _commit_rules(root, rel, person, maps, before, after, today, label)


def _form_rules(root: Path, rel: str, maps: UsableMaps, after: bytes, label: str) -> None:
    # The hook judges by the real clock: a stamp dated after it is refused (AP005) whatever --today said.
    ctx = Context(maps.departments, maps.columns, dt.date.today(), False, WorkTree(root), maps.settings)
    sink = Sink(rel)
    parsed = parse(rel, after, sink)
    found = Sink(rel)
    ap.check(parsed, ctx, found)
    lc.check(parsed, ctx, found)
    errors = [p for p in found.problems if p.severity == ERROR and (p.rule.startswith("AP") or p.rule in _WITHDRAWAL)]
    if errors:
        raise Refused(
            f"没有签署“{label}”：签署后的审批单不合规，提交时会被拒绝：\n{_lines(errors)}\n"
            "签署日期就是运行命令的当天，须不早于前一环节的签署日期、不晚于今天。请按上面的提示处理后再签署。"
        )


def _commit_rules(
    root: Path, rel: str, person: Person, maps: UsableMaps, before: bytes, after: bytes, today: dt.date, label: str
) -> None:
    top = gitio.toplevel(root)
    if top is None:
        return  # not under git: nothing to commit, no hook to refuse
    path = (root / rel).resolve().relative_to(top.resolve()).as_posix()
    head = gitio.git(root, "rev-parse", "-q", "--verify", "HEAD^{commit}", check=False).decode().strip()
    if not head:
        return  # the founding commit is judged by nobody (proposed.judge_staged): nor is this
    blob = gitio.git(root, "rev-parse", "-q", "--verify", f"{head}:{path}", check=False).decode().strip()
    committed = gitio.read_blobs(root, [blob]).get(blob) if blob else None
    blobs = {"committed": committed, "signed": after}
    problems = history.judge_change(
        [gh.Change(path, "committed" if committed is not None else None, "signed")],
        name=person.name,
        email=person.email,
        day=today,
        # the hook's maps; both are commit ids already (rev-parse ^{commit}, protected_tip)
        maps=history.trusted_maps(root, branches.protected_tip(root) or head, today, commit=True),
        read=blobs.get,
    )
    errors = [p for p in problems if p.severity == ERROR]
    deps = maps.departments
    if errors and committed is None:
        raise Refused(
            f"没有签署“{label}”：{rel} 还没有提交到 git。签署只能针对已提交的文章："
            f"请联络员先提交文章（git add {rel}，git commit），你再运行本命令。"
        )
    if errors and committed != before:
        raise Refused(
            f"没有签署“{label}”：工作区中的 {rel} 有尚未提交的修改（与已提交的版本不同）。签署时这些修改会算作 "
            f"{deps.label(person.id)} 的改动，提交时会被拒绝（GH002/GH004）。修改须由其作者（联络员）先提交；"
            f"如果是误改，可用 git restore {rel} 放弃。之后再签署。"
        )
    if errors:
        raise Refused(f"没有签署“{label}”：签署的提交会被拒绝：\n{_lines(errors)}")
    if committed is not None and committed != before:
        print(
            f"注意：工作区中的 {rel} 有尚未提交的修改，提交签署时会一并以 {deps.label(person.id)} 的名义提交。"
            "如果这些修改出自他人，请先由作者本人提交，再签署。"
        )


def _lines(problems: list[Problem]) -> str:
    return "\n".join(f"  {p.path}:{p.line}: {p.rule} {p.message}" for p in problems)
