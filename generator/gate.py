"""The gate: one verdict on moving the protected branch from a trusted base to a new tip.

Used by the server hook (commands/receive.py) and by `sitegen check --commits` in CI, so
both judge alike: the history rules over the net change (history.py), and the release check
of the new tip, under its own maps (the next build uses them) and, for what the change
touches, under the base's maps (a change never vouches for itself).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from generator import gitio
from generator.history import Update, commit_id, judge_update, trusted_maps
from generator.maps import Maps
from generator.problems import Problem
from generator.project import CONTENT, MAP_FILES, CommitTree, is_inside

SIGNING_OFF = (
    "sitegen 提示：departments.yaml 未要求提交签名，提交者身份只凭其自己填写的邮箱，"
    "审核、审批签署的真实性也仅止于此；开启签名见 docs/ci.md（sitegen keys）。"
)


def judge_tip(
    root: Path, base: str | None, tip: str, *, today: dt.date, tree_check: bool = True, release: bool = True
) -> list[Problem]:
    """Every problem with moving the protected branch from `base` (None: first push) to `tip`."""
    from generator.checking import check_tree

    problems = list(judge_update(root, Update(base, tip), today=today))
    tree = CommitTree(root, tip)
    if tree_check:
        problems += check_tree(root, today=today, release=release, tree=tree).problems
    if base is not None:
        maps = trusted_maps(root, base, today)
        say_identity(maps)
        touched = changed_content(root, commit_id(root, base), tree.rev)
        same_maps = tree_check and _map_ids(root, commit_id(root, base)) == _map_ids(root, tree.rev)
        if touched and maps.usable() is not None and not same_maps:  # the same maps: the check above already judged so
            problems += check_tree(root, today=today, release=release, tree=tree, targets=touched, maps=maps).problems
    return problems


def changed_content(root: Path, base: str, tip: str) -> list[str]:
    """content/ files that `tip` adds or changes against `base`."""
    out = gitio.git(root, "diff-tree", "-r", "-z", "--name-only", "--no-renames", "--diff-filter=AMT", base, tip)
    return sorted(p for p in out.decode("utf-8", "surrogateescape").split("\0") if p and is_inside(p, CONTENT))


def _map_ids(root: Path, rev: str) -> bytes:
    names = "".join(f"{rev}:{name}\n" for name in MAP_FILES)
    return gitio.git(root, "cat-file", "--batch-check=%(objectname)", input=names.encode())


def say_identity(maps: Maps) -> None:
    """With signing off, say once per run what a stamp is worth."""
    deps = maps.departments
    if deps is not None and not deps.signing_required:
        print(SIGNING_OFF, file=sys.stderr)
