"""`sitegen check --commits A..B` and the server hook: judge the net change of the protected branch.

Trust (docs/ci.md): everything that judges comes from the trusted base A, the protected
branch as it stood before the change — its departments.yaml, columns.yaml and signing keys.
Nothing the change brings in vouches for it: not maps, not keys, not new roots.

The unit of judgement is the net change A -> B. netchange.py finds, whatever the history's
shape (merges with old ancestors, octopus merges, evil merges, reverts), the commit that made
every state B holds; each such change is judged by the GH rules as its author's. What cannot be
judged is refused (GH010): a new root commit, a base that is not an ancestor of B, a shallow
repository. A fixed handful of git calls whatever the size: rev-list, one `cat-file --batch`
for the headers, one `diff-tree --stdin` for every diff, one `cat-file --batch` for the blobs
and, only where the base requires signatures, one `log` to verify them.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from generator import gitio, mapcache
from generator.errors import SitegenError
from generator.maps import Maps
from generator.problems import Problem
from generator.project import COLUMNS, CONTENT, DEPARTMENTS, SETTINGS, is_inside
from generator.rules import Rule, Sink, gh, lc_git

if TYPE_CHECKING:
    from generator import netchange

_HEX = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?")
GITLINK_MODE = "160000"
_RANGE_HELP = "请写成 A..B（例如 origin/main..HEAD），A 是受保护分支改动之前的提交。"


class Update:
    """A proposed move of the protected branch: from `base` (None: the first push) to `tip` (a plain record:
    see rules/context.py)."""

    __slots__ = ("base", "tip")

    def __init__(self, base: str | None, tip: str) -> None:
        self.base: Final = base
        self.tip: Final = tip


def check_history(root: Path, rev_range: str, *, today: dt.date, release: bool = False) -> list[Problem]:
    base, tip = parse_range(rev_range)
    return judge_update(root, Update(base, tip), today=today)


def parse_range(text: str) -> tuple[str | None, str]:
    """(base, tip) for `A..B` or `B ^A`; a lone `B` judges B's whole history (the first push)."""
    tokens = text.split()
    if len(tokens) == 1 and ".." in tokens[0] and "..." not in tokens[0]:
        start, end = tokens[0].split("..", 1)
        if start.startswith("-") or end.startswith("-"):
            raise SitegenError(f"--commits 的写法不对：{text!r}。{_RANGE_HELP}")
        return start or "HEAD", end or "HEAD"
    if len(tokens) == 1 and not tokens[0].startswith(("-", "^")) and ".." not in tokens[0]:
        return None, tokens[0]
    if len(tokens) == 2:
        carets = [t for t in tokens if t.startswith("^")]
        plain = [t for t in tokens if not t.startswith(("^", "-")) and ".." not in t]
        if len(carets) == 1 and len(plain) == 1 and len(carets[0]) > 1:
            return carets[0][1:], plain[0]
    raise SitegenError(f"--commits 的写法不对：{text!r}。{_RANGE_HELP}")


# ---- the judgement ---------------------------------------------------------------------------


def judge_update(root: Path, update: Update, *, today: dt.date) -> list[Problem]:
    if _shallow(root):
        return [
            _problem(
                ".git",
                gh.UNJUDGEABLE,
                "仓库是浅克隆（shallow），看不到完整历史，无法判断改动。请完整获取历史（git fetch --unshallow；CI 中设置 GIT_DEPTH: 0 或 fetch-depth: 0）后重试。",
            )
        ]
    tip = commit_id(root, update.tip)
    base = commit_id(root, update.base) if update.base else None
    if base is not None and not is_ancestor(root, base, tip):
        return [
            _problem(
                DEPARTMENTS,
                gh.UNJUDGEABLE,
                f"{tip[:8]} 不是 {base[:8]} 的后继：这不是快进更新（例如强制推送改写了受保护分支的历史）。受保护分支只能向前推进，请先合并或变基到它的最新提交再推送。",
            )
        ]
    order = _rev_list(root, tip, base)
    if not order:
        return []
    commits, problems = _headers(root, order)
    if problems:
        return problems
    roots = [sha for sha, parents in order if not parents]
    if base is not None and roots:
        return [
            _problem(
                DEPARTMENTS,
                gh.UNJUDGEABLE,
                f"{commits[sha].label} 是一个新的根提交（没有父提交）：它不建立在受保护分支的历史之上，可能自带地图或密钥为自己作证，无法判断。请把改动变基到受保护分支上（git rebase），不要合并无关的历史。",
            )
            for sha in roots
        ]
    graph = [(sha, parents or (_EMPTY,)) for sha, parents in order]
    trusted = base or roots[0]  # the first push trusts its own first commit: there is nothing older
    verdict, diffs_net = _verdict(root, graph, base, tip)
    problems = [
        _problem(
            path,
            gh.UNJUDGEABLE,
            f"{path} 在受保护分支上的最终改动找不到作出它的提交，无法判断，已拒绝。请把改动整理成普通提交后重新推送。",
        )
        for path in verdict.unaccounted
    ]
    problems += _gitlinks(verdict.made, commits)
    maps, blobs = _trusted_maps_and_blobs(root, trusted, verdict.made, today)
    if maps.usable() is None:
        any_commit = commits[order[0][0]]
        problems += gh.check_commit(any_commit, maps, lambda sha: None)
        return problems
    forms = _forms(blobs)
    by_commit: dict[str, list[gh.Change]] = {}
    for made in verdict.made:
        by_commit.setdefault(made.commit, []).append(_change(made))
    judged = [_with_changes(commits[sha], tuple(by_commit.get(sha, ()))) for sha, _ in order]
    for commit in judged:
        problems.extend(gh.check_commit(commit, maps, forms))
        problems.extend(lc_git.check_commit(commit, maps, forms, today))
    problems += _stamps(judged, maps, forms, diffs_net)
    problems += _attachment_stamps(judged, maps, forms, diffs_net, forms_at(root, tip))
    deps = maps.departments
    if deps is not None and deps.signing_required:
        signatures = _signatures(root, judged, maps)
        for commit in judged:
            problems.extend(gh.check_signature(commit, maps, *signatures.get(commit.sha, ("N", ""))))
    return problems


def judge_change(
    changes: Sequence[gh.Change],
    *,
    name: str,
    email: str,
    day: dt.date,
    maps: Maps,
    read: Callable[[str], bytes | None],
    final_form: Callable[[str], gh.Form | None] | None = None,
    config_email: str | None = None,
) -> list[Problem]:
    """Judge one proposed change (e.g. what is staged) as if `email` committed it on `day`.

    `changes`: path, blob before and after; `maps`: the trusted base's (see `trusted_maps`);
    `read`: blob id -> bytes; `final_form`: article path -> its form after the change (for the
    attachments its stamps vouch for); `config_email`: git config user.email (GH001 names what
    overrides it). The same rules as the history check: who may change what,
    whose stamp is whose, what may happen to a published article. The pre-commit hook's
    judge of the commit being made (proposed.py) is this function.
    """
    commit = gh.Commit("0" * 40, (), name, email, day, "", tuple(changes), pending=True, config_email=config_email)
    if maps.usable() is None:
        return gh.check_commit(commit, maps, lambda sha: None)
    forms = _forms_reading(read)
    problems = gh.check_commit(commit, maps, forms)
    problems += lc_git.check_commit(commit, maps, forms, day)  # git rm of a published article, forged lifecycle stamps
    net = {c.path: (None, c.new) for c in changes}
    problems += _stamps([commit], maps, forms, net)
    if final_form is not None:
        problems += _attachment_stamps([commit], maps, forms, net, final_form)
    return problems


def trusted_maps(
    root: Path,
    rev: str,
    today: dt.date,
    *,
    commit: bool = False,
    found: Mapping[str, tuple[str, bytes] | None] | None = None,
) -> Maps:
    """The maps of commit `rev` (the trusted base), read from git, never from the working tree.

    `commit`: `rev` is already a commit id (as branches.protected_tip gives it): not asked of git again.
    `found`: `gitio.read_batch` of the names `<rev>:<map>` already made (the pre-commit hook reads them
    with the staged articles' blobs).
    """
    tip = rev if commit else commit_id(root, rev)
    names = (DEPARTMENTS, COLUMNS, SETTINGS)
    # One `cat-file --batch` of `<commit>:<map>` (a name that is not a blob reads as None).
    objects = found if found is not None else gitio.read_batch(root, [f"{tip}:{n}" for n in names])
    blobs = {n: _blob(objects[f"{tip}:{n}"]) for n in names}
    # The parsed maps from the user cache when the same bytes were parsed before (the hook's usual case).
    return mapcache.load_maps(_Blobs(blobs), today, cache_root=root)


def _blob(obj: tuple[str, bytes] | None) -> bytes | None:
    return obj[1] if obj is not None and obj[0] == "blob" else None


# ---- git ------------------------------------------------------------------------------------

_EMPTY = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # the empty tree: what a root commit is judged against


def commit_id(root: Path, rev: str) -> str:
    out = gitio.git(root, "rev-parse", "--verify", "-q", "--end-of-options", f"{rev}^{{commit}}", check=False)
    if not out.strip():
        raise SitegenError(f"找不到提交 {rev}：请给出存在的提交、分支或标签。")
    return out.decode().strip()


def is_ancestor(root: Path, older: str, newer: str) -> bool:
    """True when `older` is `newer` or one of its ancestors (nothing of `older` is left out)."""
    return gitio.git(root, "rev-list", "-n", "1", older, f"^{newer}").strip() == b""


def _shallow(root: Path) -> bool:
    return gitio.git(root, "rev-parse", "--is-shallow-repository").strip() == b"true"


def _rev_list(root: Path, tip: str, base: str | None) -> list[tuple[str, tuple[str, ...]]]:
    """The push's commits with their parents, parents before children."""
    args = [tip] + ([f"^{base}"] if base else [])
    out = gitio.git(root, "rev-list", "--topo-order", "--reverse", "--parents", *args, "--")
    return [(line.split()[0], tuple(line.split()[1:])) for line in out.decode().splitlines() if line]


def _headers(root: Path, order: list[tuple[str, tuple[str, ...]]]) -> tuple[dict[str, gh.Commit], list[Problem]]:
    raw = gitio.read_blobs(root, [sha for sha, _ in order])
    commits: dict[str, gh.Commit] = {}
    problems: list[Problem] = []
    for sha, parents in order:
        parsed = parse_commit(sha, parents, raw[sha])
        if isinstance(parsed, str):
            problems.append(_problem(DEPARTMENTS, gh.BAD_COMMIT, parsed))
        else:
            commits[sha] = parsed
    return commits, problems


def parse_commit(sha: str, parents: tuple[str, ...], raw: bytes) -> gh.Commit | str:
    """The commit, or a Chinese sentence saying why its author line cannot be read. No regex: linear."""
    head, _, message = raw.partition(b"\n\n")
    line = next((x[7:] for x in head.split(b"\n") if x.startswith(b"author ")), None)
    why = f"提交 {sha[:8]} 的作者信息无法读取"
    fix = "请用正常的 git commit 重新提交（不要手工构造提交对象或作者日期）后重新推送。"
    if line is None:
        return f"{why}（没有 author 行）。{fix}"
    ident, _, rest = line.rpartition(b">")
    name, lt, email = ident.partition(b"<")
    fields = rest.split()
    if not lt or len(fields) != 2:
        return f"{why}（author 行格式不对）。{fix}"
    stamp, zone = fields
    try:
        if not stamp.isdigit() or len(zone) != 5 or zone[:1] not in (b"+", b"-") or not zone[1:].isdigit():
            raise ValueError
        offset = dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])) * (1 if zone[:1] == b"+" else -1)
        day = dt.datetime.fromtimestamp(int(stamp), dt.timezone(offset)).date()
    except (ValueError, OverflowError, OSError):
        return f"提交 {sha[:8]} 的作者日期（{_printable(line.decode('utf-8', 'replace'))}）无法读取。{fix}"
    subject = message.decode("utf-8", "replace").strip().split("\n", 1)[0].strip()
    return gh.Commit(
        sha,
        parents,
        _printable(name.decode("utf-8", "replace").strip()),
        _printable(email.decode("utf-8", "replace").strip()),
        day,
        _printable(subject) or "（无说明）",
        (),
    )


def _printable(text: str) -> str:
    """Control characters shown as \\xNN: a commit message must not drive the reader's terminal."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def _diff_pairs(root: Path, pairs: list[tuple[str, str]]) -> list[dict[str, tuple[netchange.State, netchange.State]]]:
    """For each (new, old) commit pair, what differs: path -> (state in old, state in new). One git call."""
    if not pairs:
        return []
    lines = "".join(f"{new}\n" if old == _EMPTY else f"{new} {old}\n" for new, old in pairs)
    out = gitio.git(
        root,
        "diff-tree",
        "--stdin",
        "--always",
        "--root",
        "-z",
        "-r",
        "--raw",
        "--no-renames",
        "--no-abbrev",
        input=lines.encode(),
    )
    tokens = out.split(b"\0")
    results: list[dict[str, tuple[netchange.State, netchange.State]]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if not token:
            continue
        if not token.startswith(b":"):  # a header: the next pair begins
            if not _HEX.fullmatch(token.decode("ascii", "replace").strip()):
                raise SitegenError(f"git diff-tree 的输出无法解析：{token[:60]!r}")
            results.append({})
            continue
        old_mode, new_mode, old_sha, new_sha, _status = token[1:].decode("ascii").split()
        path = tokens[i].decode("utf-8", "surrogateescape")
        i += 1
        results[-1][path] = (_state(old_mode, old_sha), _state(new_mode, new_sha))
    if len(results) != len(pairs):
        raise SitegenError("git diff-tree 的输出与请求不符，无法判断改动。")
    return results


def _state(mode: str, sha: str) -> netchange.State:
    return None if not sha.strip("0") else (mode, sha)


def _tree_states(root: Path, commit: str) -> dict[str, tuple[netchange.State, netchange.State]]:
    out = gitio.git(root, "ls-tree", "-r", "-z", "--full-tree", commit)
    states: dict[str, tuple[netchange.State, netchange.State]] = {}
    for record in out.split(b"\0"):
        if record:
            meta, path = record.split(b"\t", 1)
            mode, _kind, sha = meta.decode().split()
            states[path.decode("utf-8", "surrogateescape")] = (None, (mode, sha))
    return states


def _verdict(
    root: Path, graph: list[tuple[str, tuple[str, ...]]], base: str | None, tip: str
) -> tuple[netchange.Verdict, dict[str, tuple[netchange.State, netchange.State]]]:
    inside = {sha for sha, _ in graph}
    outside = sorted({p for _, parents in graph for p in parents if p not in inside and p not in (base, _EMPTY)})
    pairs = [(sha, parent) for sha, parents in graph for parent in parents]
    pairs += [(base, parent) for parent in outside if base is not None]
    if base is not None:
        pairs.append((tip, base))
    found = _diff_pairs(root, pairs)
    diffs = {pair: found[i] for i, pair in enumerate(pairs)}
    stale_outside: dict[str, set[str]] = {_EMPTY: set()}
    if base is not None:
        stale_outside[base] = set()
        for parent in outside:
            stale_outside[parent] = set(diffs[(base, parent)])
    net = diffs[(tip, base)] if base is not None else _tree_states(root, tip)
    from generator import netchange  # here: the pre-commit hook judges one change and needs none of it

    return netchange.judge(graph, diffs, stale_outside, net, tip), net


def _map_blob_ids(root: Path, commit: str) -> dict[str, str | None]:
    names = (DEPARTMENTS, COLUMNS, SETTINGS)
    out = gitio.git(root, "cat-file", "--batch-check", input="".join(f"{commit}:{n}\n" for n in names).encode())
    ids = [
        parts[0] if len(parts) == 3 and parts[1] == "blob" else None
        for parts in (line.split() for line in out.decode("utf-8", "replace").splitlines())
    ]
    return dict(zip(names, ids, strict=True))


class _Blobs:
    """The maps of one commit, already read."""

    def __init__(self, files: dict[str, bytes | None]):
        self.files = files

    def read(self, rel: str) -> bytes | None:
        return self.files.get(rel)


def _trusted_maps_and_blobs(
    root: Path, trusted: str, made: list[netchange.Made], today: dt.date
) -> tuple[Maps, dict[str, bytes]]:
    ids = _map_blob_ids(root, trusted)
    wanted = {i for i in ids.values() if i}
    for item in made:
        if _is_article(item.path):
            wanted |= {s[1] for s in (*item.befores, item.after) if s is not None and s[0] != GITLINK_MODE}
    blobs = gitio.read_blobs(root, sorted(wanted))
    from generator.maploader import load_maps  # here: the hook's maps come from mapcache, without the schemas

    maps = load_maps(_Blobs({name: blobs.get(i or "") for name, i in ids.items()}), today)
    return maps, blobs


# ---- turning made states into the rules' changes --------------------------------------------


def _change(made: netchange.Made) -> gh.Change:
    """A judged change; a before of another kind (file -> symlink, same bytes) counts as no before."""
    after = made.after
    befores = [None if b is None or (after is not None and b[0] != after[0]) else b[1] for b in made.befores] or [None]
    return gh.Change(made.path, befores[0], after[1] if after else None, tuple(befores[1:]))


def _with_changes(commit: gh.Commit, changes: tuple[gh.Change, ...]) -> gh.Commit:
    return gh.Commit(commit.sha, commit.parents, commit.name, commit.email, commit.day, commit.subject, changes)


def _gitlinks(made: list[netchange.Made], commits: dict[str, gh.Commit]) -> list[Problem]:
    out = []
    for item in made:
        if item.after is not None and item.after[0] == GITLINK_MODE:
            out.append(
                _problem(
                    item.path,
                    gh.GITLINK,
                    f"{commits[item.commit].label} 在 {item.path} 加入了子模块（gitlink，指向其他仓库的提交）：其内容不在本仓库中，无法检查，也不会发布。请删除子模块（git rm --cached {item.path}），把需要的文件本身提交进来。",
                )
            )
    return out


def _is_article(path: str) -> bool:
    return is_inside(path, CONTENT) and path.endswith(".md")


def _forms(blobs: dict[str, bytes]) -> gh.Forms:
    return _forms_reading(blobs.get)


def _forms_reading(read: Callable[[str], bytes | None]) -> gh.Forms:
    cache: dict[str, gh.Form | None] = {}

    def form(sha: str | None) -> gh.Form | None:
        if sha is None:
            return None
        if sha not in cache:
            cache[sha] = gh.read_form(read(sha))
        return cache[sha]

    return form


def _stamps(commits: list[gh.Commit], maps: Maps, forms: gh.Forms, net: Mapping[str, tuple[Any, Any]]) -> list[Problem]:
    """Whose stamp is whose, for every article the change leaves different from the base."""
    deps, columns = maps.departments, maps.columns
    assert deps is not None and columns is not None
    events: dict[str, list[gh.Event]] = {}
    for commit in commits:
        person = deps.person_by_email(commit.email)
        for change in commit.changes:
            if _is_article(change.path):
                befores = tuple(forms(sha) for sha in (change.old, *change.others))
                folder = change.path.removesuffix(".md") + "/"
                attached = any(c.path.startswith(folder) for c in commit.changes)
                events.setdefault(change.path, []).append(
                    gh.Event(commit, person.id if person else None, befores, forms(change.new), attached)
                )
    problems: list[Problem] = []
    for path, found in events.items():
        final = net.get(path)
        after = final[1] if final else None
        sha = after[1] if isinstance(after, tuple) else after
        final_form = forms(sha) if sha else None
        problems += gh.check_stamp_changes(path, found, deps, final_form)
        if final_form is None:
            continue
        column = gh.column_of(path, columns)
        unit = columns.by_path[column].owner if column else None
        problems += gh.check_stamps(path, found, final_form, unit, deps, report_forged=False)
    return problems


def _owners(path: str) -> list[str]:
    """The articles whose attachment folder may hold `path`, nearest first."""
    folder, found = posixpath.dirname(path), []
    while is_inside(folder, CONTENT) and folder != CONTENT:
        found.append(folder + ".md")
        folder = posixpath.dirname(folder)
    return found


def forms_at(root: Path, rev: str) -> Callable[[str], gh.Form | None]:
    """path -> the form of that article in `rev` ("" for the index: what is staged), None when it has none."""
    return lambda path: gh.read_form(gitio.git(root, "cat-file", "blob", f"{rev}:{path}", check=False))


def _attachment_stamps(
    commits: list[gh.Commit],
    maps: Maps,
    forms: gh.Forms,
    net: Mapping[str, tuple[Any, Any]],
    final_form: Callable[[str], gh.Form | None],
) -> list[Problem]:
    """An attachment is part of what its article's stamps vouch for (GH004): a file of the article's folder
    changed, added or deleted after a stage was signed, by someone other than that stage's signer, leaves
    the stamp vouching for bytes its signer never saw."""
    deps = maps.departments
    assert deps is not None
    touched = [
        (index, commit, change.path)
        for index, commit in enumerate(commits)
        for change in commit.changes
        if is_inside(change.path, CONTENT) and not change.path.endswith(".md") and change.path in net
    ]
    finals: dict[str, gh.Form | None] = {}
    problems: list[Problem] = []
    reported: set[tuple[str, str]] = set()
    for index, commit, path in touched:
        owner = None
        for candidate in _owners(path):
            if candidate not in finals:
                finals[candidate] = final_form(candidate)
            if finals[candidate] is not None:
                owner = candidate
                break
        final = finals.get(owner) if owner else None
        if owner is None or final is None:
            continue  # an orphan attachment: LK judges it
        author = deps.person_by_email(commit.email)
        for stage in gh.STAGE_KEYS:
            signer = final.stamp(stage)
            if signer is None or (author is not None and author.id == signer):
                continue
            signed_at = _stamp_commit(commits, owner, stage, signer, forms)
            if (signed_at is not None and signed_at > index) or (path, stage) in reported:
                continue  # signed after this change: the signer saw these bytes
            reported.add((path, stage))
            problems.append(
                _problem(
                    path,
                    gh.STALE_STAMP,
                    f"{commit.label} 在“{gh.STAGE_LABELS[stage]}”签署之后改动了 {owner} 的附件 {path}，而改动者不是签署人 "
                    f"{deps.label(signer)}；签署只能证明签署时的文章和附件。请删除 approval 中此环节及其后各环节的签署，"
                    f"由相应人员重新签署后再合并。"
                    f"{gh.fix(commit, '这次提交尚未完成：请在文章中同时清除这些签署（或撤销对附件的改动）后重新 git add，再提交。')}",
                )
            )
    return problems


def _stamp_commit(commits: list[gh.Commit], article: str, stage: str, signer: str, forms: gh.Forms) -> int | None:
    """Index of the last commit of the range that set `article`'s `stage` stamp to `signer`; None: set before."""
    found = None
    for index, commit in enumerate(commits):
        for change in commit.changes:
            if change.path != article:
                continue
            new = forms(change.new)
            befores = [forms(sha) for sha in (change.old, *change.others)]
            after = new.stamp(stage) if new else None
            if after == signer and signer not in {b.stamp(stage) if b else None for b in befores}:
                found = index
    return found


def _signatures(root: Path, commits: list[gh.Commit], maps: Maps) -> dict[str, tuple[str, str]]:
    """sha -> (git's %G?, the signer's email) checked against the keys the trusted base registers."""
    lines = set()
    deps = maps.departments
    for person in deps.people.values() if deps else ():
        key = (person.signing_key or "").split()[:2]
        if len(key) == 2 and not set(person.email) & set(',"*?! \n\t'):
            lines.add(f"{person.email.lower()} {key[0]} {key[1]}\n")
    import tempfile  # here: only signed histories need it, and it costs the pre-commit hook a thirtieth

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


def _problem(path: str, code: Rule, message: str) -> Problem:
    sink = Sink(path)
    sink.add(code, 1, message)
    return sink.problems[0]
