"""`sitegen hooks pre-receive`: the server's gate, fed the pushed ref updates on stdin.

hooks/pre-receive only finds the server's own sitegen and hands it the updates; every
decision is made here, by code installed on the server, never by code in the push.
A push is refused as a whole when any of its updates is refused:

- `refs/replace/*` (would make git show a decoy in place of a commit) and any update made
  through a symbolic ref (an alias of another branch) are refused whatever the branch;
- a protected branch may not be deleted, rewound or given unrelated history (GH010/GH013);
- an update of a protected branch is judged as a net change from its old tip, with the maps
  and keys of that old tip (history.judge_update), and its new tip must pass the release check
  under the old tip's maps as well as its own.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from generator import gitio
from generator.errors import EXIT_CLEAN, EXIT_PROBLEMS
from generator.problems import Problem, format_text, has_errors, sort_problems, summary_line
from generator.rules import Sink
from generator.rules.gh import BAD_REF

ZERO = "0" * 40


def run_receive(*, root: Path, today: dt.date | None, updates: list[tuple[str, str, str]]) -> int:
    from generator.gate import judge_tip

    today = today or dt.date.today()
    problems: list[Problem] = []
    protected_updates = []
    for old, new, ref in updates:
        refused = _ref_refusal(root, old, new, ref)
        if refused:
            problems.append(_problem(ref, refused))
            continue
        branch = ref.removeprefix("refs/heads/") if ref.startswith("refs/heads/") else None
        if branch is None or not _is_protected(root, branch, old, new):
            continue
        if _zero(new):
            problems.append(
                _problem(
                    ref,
                    f"受保护分支 {branch} 不能删除。如确需改变发布分支，请由办公厅修改 site.yaml 的 protected_branch。",
                )
            )
            continue
        protected_updates.append((old, new, branch))
    for old, new, branch in protected_updates:
        base = None if _zero(old) else old
        if base is None:
            base = _default_branch_tip(root, branch)
        problems += judge_tip(root, base, new, today=today)
    problems = sort_problems(problems)
    if problems:
        sys.stderr.write(format_text(problems))
        print(summary_line(problems), file=sys.stderr)
    if has_errors(problems):
        names = ", ".join(b for _, _, b in protected_updates) or "受保护分支"
        print(f"sitegen: 推送到 {names} 的改动未通过检查（见上），已拒绝。请按提示修正后重新推送。", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_CLEAN


def parse_updates(text: str) -> list[tuple[str, str, str]]:
    updates = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3:
            updates.append((parts[0], parts[1], parts[2]))
    return updates


def _ref_refusal(root: Path, old: str, new: str, ref: str) -> str | None:
    if ref.startswith("refs/replace/") or ref == "refs/replace":
        return (
            f"不接受 {ref}：replace 引用会让 git 用另一个对象冒充某个提交，检查看到的将不是真正发布的内容。"
            "请删除它（git update-ref -d）后重新推送。"
        )
    target = gitio.git(root, "symbolic-ref", "-q", ref, check=False).decode("utf-8", "replace").strip()
    if target:
        return (
            f"{ref} 在服务器上是指向 {target} 的符号引用（别名）：通过别名更新会绕过对 {target} 的检查，已拒绝。"
            f"请直接推送到 {target}（并请管理员删除这个别名）。"
        )
    return None


def _is_protected(root: Path, branch: str, old: str, new: str) -> bool:
    """Protected by the server's config, as the repository's default branch, or by site.yaml before OR
    after the push (a push cannot unprotect). The default branch stays protected whatever site.yaml
    says: an office member's edit of protected_branch must not switch the gate off for main."""
    configured = gitio.git(root, "config", "--get-all", "sitegen.protectedBranch", check=False).decode().split()
    if branch in configured:
        return True
    head = gitio.git(root, "symbolic-ref", "-q", "HEAD", check=False).decode().strip()
    if head == f"refs/heads/{branch}" or (not head and branch == "main"):
        return True
    return any(not _zero(rev) and _protected_in(root, rev) == branch for rev in (old, new))


def _protected_in(root: Path, rev: str) -> str:
    import yaml

    data = gitio.git(root, "cat-file", "blob", f"{rev}:site.yaml", check=False)
    try:
        doc = yaml.safe_load(data.decode("utf-8")) if data else None
    except (yaml.YAMLError, UnicodeDecodeError):
        return "main"
    value = doc.get("protected_branch") if isinstance(doc, dict) else None
    return value if isinstance(value, str) and value else "main"


def _default_branch_tip(root: Path, branch: str) -> str | None:
    """What a new protected branch is judged from: the repository's default branch, if it has commits."""
    head = gitio.git(root, "symbolic-ref", "-q", "HEAD", check=False).decode().strip()
    if not head or head == f"refs/heads/{branch}":
        return None
    tip = gitio.git(root, "rev-parse", "--verify", "-q", f"{head}^{{commit}}", check=False).decode().strip()
    return tip or None


def _zero(sha: str) -> bool:
    return not sha.strip("0")


def _problem(ref: str, message: str) -> Problem:
    sink = Sink(ref)
    sink.add(BAD_REF, 1, message)
    return sink.problems[0]
