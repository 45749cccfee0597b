"""The branches of a clone and what each one carries that the protected branch does not yet hold."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from generator import gitio
from generator.errors import SitegenError
from generator.project import CONTENT, is_inside

_UNREAD = ""  # sitegen.protectedBranch not read yet (an empty value reads as unset)


def protected_branch(root: Path, configured: str | None = _UNREAD) -> str:
    """Never from the working tree (a branch could name itself): git config, else origin's default branch, else main.

    `configured`: the value of sitegen.protectedBranch when the caller has read it already (None: unset).
    """
    if configured == _UNREAD:
        configured = gitio.config_value(root, "sitegen.protectedBranch")
    if configured:
        return configured
    remote_head = gitio.git(root, "symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD", check=False).decode()
    return remote_head.strip().removeprefix("origin/") or "main"


def protected_tip(root: Path, branch: str | None = None) -> str | None:
    """The protected branch's commit as this clone knows it: origin's copy first, else the local branch.

    `branch`: the protected branch when the caller knows it already (`protected_branch`)."""
    branch = branch or protected_branch(root)
    refs = (f"refs/remotes/origin/{branch}", f"refs/heads/{branch}")
    # Both refs in one for-each-ref (the hook's usual case: each is a commit); anything else (a tag
    # object, an odd name) is asked of rev-parse as before, which peels it to its commit or finds none.
    listed = gitio.git(root, "for-each-ref", "--format=%(refname)%00%(objecttype)%00%(objectname)", "--", *refs)
    found = {}
    for line in listed.decode("utf-8", "surrogateescape").splitlines():
        name, kind, sha = (line.split("\0") + ["", ""])[:3]
        found[name] = sha if kind == "commit" else None
    for ref in refs:
        if ref in found and found[ref] is not None:
            return found[ref]
        if ref in found or not _plain_ref(ref):
            out = gitio.git(root, "rev-parse", "-q", "--verify", f"{ref}^{{commit}}", check=False).decode().strip()
            if out:
                return out
    return None


def _plain_ref(ref: str) -> bool:
    """A ref name that for-each-ref lists exactly when it exists (no pattern characters, a valid name)."""
    return not set(ref) & set("*?[\\ ~^:") and ".." not in ref and not ref.endswith((".", "/", ".lock"))


def protected_ref(names: list[str], protected: str) -> str | None:
    """The protected branch as this clone knows it: the local one, else the remote-tracking one."""
    return protected if protected in names else f"origin/{protected}" if f"origin/{protected}" in names else None


def on_their_way(root: Path, protected: str, tips: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(branch, article path) for every article a branch adds or changes since it left `protected`.

    `tips`: the branches as `tips_and_current` found them (saves asking git again).
    """
    tips = _tips(root) if tips is None else tips
    names = list(tips)
    base = protected_ref(names, protected)
    if base is None:
        return []
    others = [ref for ref in names if ref not in (protected, f"origin/{protected}")]
    batched = (
        _changed_in_batch(root, tips[base], {ref: tips[ref] for ref in others}) if len(others) > BATCH_FROM else {}
    )
    found = []
    for ref in others:
        paths = batched[ref] if ref in batched else _changed(root, f"{base}...{ref}")
        found += [(ref, p) for p in paths if p.endswith(".md")]
    return found


BATCH_FROM = 2  # more branches than this: two git processes for all of them instead of one each


def _tips(root: Path) -> dict[str, str]:
    """Local and remote-tracking branches with the commit each one points to."""
    return tips_and_current(root)[0]


def tips_and_current(root: Path) -> tuple[dict[str, str], str | None]:
    """(_tips, the checked-out branch or None when HEAD is detached), from one `for-each-ref` when it can tell."""
    out = gitio.git(
        root,
        "for-each-ref",
        "--format=%(HEAD)%(refname:short)%00%(objectname)",
        "refs/heads",
        "refs/remotes",
        check=False,
    )
    tips, current = {}, None
    for line in out.decode("utf-8", "replace").splitlines():
        mark, name, _, sha = line[:1], *line[1:].partition("\0")
        if name and not name.endswith("/HEAD"):
            tips[name] = sha
            if mark == "*":
                current = name
    if current is None:  # detached, or a branch with no commit yet (which for-each-ref cannot list)
        current = gitio.git(root, "symbolic-ref", "-q", "--short", "HEAD", check=False).decode().strip() or None
    return tips, current


def changed_since(root: Path, base: str, rev: str) -> list[str]:
    """The articles `rev` adds or changes since it left `base`."""
    return [p for p in _changed(root, f"{base}...{rev}") if p.endswith(".md")]


def _changed(root: Path, spec: str) -> list[str]:
    """The paths under content/ that `git diff --diff-filter=AM <spec>` names."""
    out = gitio.git(
        root, "diff", "--name-only", "-z", "--diff-filter=AM", "--no-renames", spec, "--", CONTENT, check=False
    )
    return [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]


def _changed_in_batch(root: Path, base: str, tips: dict[str, str]) -> dict[str, list[str]]:
    """What `git diff <base>...<ref>` names for each ref, from one `rev-list` and one `diff-tree --stdin`.

    The merge base of `base` and a ref is where the ref's own commits (those `base` cannot reach)
    meet `base`'s history: rev-list's boundary. A ref that meets it in several commits (it merged
    `base` in on the way) is left out of the answer: on_their_way asks `git diff` for that one.
    """
    wanted = sorted(set(tips.values()))
    try:
        listing = gitio.git(
            root,
            "rev-list",
            "--boundary",
            "--parents",
            "--stdin",
            input="".join(f"{t}\n" for t in [f"^{base}", *wanted]).encode(),
        )
    except SitegenError:
        return {}  # on_their_way asks `git diff` for each ref
    parents: dict[str, list[str]] = {}
    for line in listing.decode().splitlines():
        if line and not line.startswith("-"):
            sha, *rest = line.split()
            parents[sha] = rest
    bases: dict[str, str | None] = {}  # tip -> its merge base with `base` (None: no diff to ask for)
    for tip in wanted:
        if tip not in parents:  # `base` reaches it: the three-dot diff is empty
            bases[tip] = None
            continue
        seen, todo, met = {tip}, [tip], set()
        while todo:
            for parent in parents[todo.pop()]:
                if parent not in parents:
                    met.add(parent)
                elif parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        if len(met) == 1:
            bases[tip] = met.pop()
        elif not met:  # no common history: git diff fails and names nothing
            bases[tip] = None
    pairs = [(tip, mb) for tip, mb in bases.items() if mb is not None]
    paths: dict[str, list[str]] = {tip: [] for tip, mb in bases.items()}
    if pairs:
        try:
            out = gitio.git(
                root,
                "diff-tree",
                "--stdin",
                "-r",
                "--name-only",
                "-z",
                "--diff-filter=AM",
                "--no-renames",
                "--",
                CONTENT,
                input="".join(f"{tip} {mb}\n" for tip, mb in pairs).encode(),
            )
        except SitegenError:
            return {}
        current: list[str] | None = None
        for token in out.decode("utf-8", "surrogateescape").split("\0"):
            if not token:
                continue
            if token in paths and not is_inside(token, CONTENT):  # the header of one tip's diff
                current = paths[token]
            elif current is not None:
                current.append(token)
    return {ref: paths[tip] for ref, tip in tips.items() if tip in paths}


def index_numbers_at(root: Path, rev: str, folders: set[str]) -> dict[str, str]:
    """索引号 -> article path, for the disclosure articles of commit `rev` (a quick scan, no YAML)."""
    from generator.form import index_lines

    out = gitio.git(root, "ls-tree", "-r", "-z", "--full-tree", rev, "--", *sorted(folders))
    entries = []
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, path = record.split(b"\t", 1)
        name = path.decode("utf-8", "surrogateescape")
        if name.endswith(".md") and name.rsplit("/", 1)[0] in folders:
            entries.append((name, meta.decode().split()[2]))
    blobs = gitio.read_blobs(root, sorted({sha for _, sha in entries}))
    numbers: dict[str, str] = {}
    for name, sha in entries:
        match = next(index_lines(blobs[sha][:8192].decode("utf-8", "replace")), None)
        if match:
            numbers.setdefault(match[1], name)
    return numbers


class Sync:
    """How a local branch stands to the remote branch it is pushed to (a plain record: see rules/context.py)."""

    __slots__ = ("ahead", "behind", "no_remote", "remote", "upstream_set")

    def __init__(
        self,
        remote: str | None,  # origin/<name> (its upstream, else the remote branch of the same name); None: never pushed
        ahead: int,  # commits only the local branch has (not pushed yet)
        behind: int,  # commits only the remote branch has (not pulled yet)
        upstream_set: bool,  # `git push` alone knows where to push
        no_remote: bool = False,  # the clone has no remote branches at all: its local branches are the truth
    ) -> None:
        self.remote: Final = remote
        self.ahead: Final = ahead
        self.behind: Final = behind
        self.upstream_set: Final = upstream_set
        self.no_remote: Final = no_remote


def tracking(root: Path) -> dict[str, Sync]:
    """Every local branch against its remote branch: one for-each-ref; rev-list only for a same-named remote
    branch that is not set as upstream and differs (rare: `git push origin HEAD:<name>`)."""
    out = gitio.git(
        root,
        "for-each-ref",
        "--format=%(refname)%00%(objectname)%00%(upstream:short)%00%(upstream:track,nobracket)",
        "refs/heads",
        "refs/remotes",
        check=False,
    )
    heads: dict[str, str] = {}
    remotes: dict[str, str] = {}
    upstream: dict[str, tuple[str, str]] = {}
    for line in out.decode("utf-8", "replace").splitlines():
        ref, sha, up, track = (line.split("\0") + ["", "", ""])[:4]
        if ref.startswith("refs/heads/"):
            name = ref[len("refs/heads/") :]
            heads[name] = sha
            if up and track != "gone" and up.split("/", 1)[-1] == name:  # not a start point like origin/main
                upstream[name] = (up, track)
        elif ref.startswith("refs/remotes/") and not ref.endswith("/HEAD"):
            remotes[ref[len("refs/remotes/") :]] = sha
    result = {}
    for name, sha in heads.items():
        if not remotes:
            result[name] = Sync(None, 0, 0, False, no_remote=True)
        elif name in upstream and upstream[name][0] in remotes:  # `git push` goes there
            up, track = upstream[name]
            counts = dict(part.strip().split(" ", 1) for part in track.split(",") if part.strip())
            result[name] = Sync(up, int(counts.get("ahead", 0)), int(counts.get("behind", 0)), True)
        elif f"origin/{name}" in remotes:
            remote = f"origin/{name}"
            ahead = behind = 0
            if remotes[remote] != sha:
                counted = gitio.git(
                    root, "rev-list", "--left-right", "--count", f"{sha}...{remotes[remote]}", check=False
                )
                ahead, behind = (int(x) for x in (counted.split() + [b"0", b"0"])[:2])
            result[name] = Sync(remote, ahead, behind, False)
        else:
            result[name] = Sync(None, 0, 0, False)
    return result
