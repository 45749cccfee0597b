"""Who made each state that a push brings onto the protected branch, whatever the history's shape.

The gate judges the net change from the branch's old tip O to its new tip N. Every commit C
of the push (reachable from N, not from O) holds, for each path, a state (mode and blob, or
absent). That state is either *inherited* from a parent or *made* by C:

- inherited from a parent P of the push, when P holds the same state and P's state is itself
  accounted for (not "stale", see below);
- inherited from a parent outside the push (an ancestor of O), when that state is O's own:
  nothing changes against the trusted tip;
- otherwise C made it, and C's author is judged for that change.

A state taken from an old ancestor that differs from O's is *stale*: it has not been judged,
so it is carried along until some commit chooses it over an accounted-for state (a merge
that resurrects or deletes content of an old ancestor: that merge made the change) or edits
it (the edit is judged; the result stays stale until chosen). Because N descends from O, by
the time N is reached every path that differs from O has been made by some judged commit;
`judge` checks that as well. Work is proportional to the size of the diffs, not their square.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

State = tuple[str, str] | None  # (mode, object id); None: the path does not exist
Diff = Mapping[str, tuple[State, State]]  # path -> (state in the parent, state in the commit)


@dataclass(frozen=True)
class Made:
    """Commit `commit` made `after` at `path`; `befores` are the states it is judged against."""

    commit: str
    path: str
    befores: tuple[State, ...]
    after: State


@dataclass
class Verdict:
    """Who made each state of a push, and the paths whose final state no commit made."""

    made: list[Made]
    unaccounted: list[str]  # paths whose final state no commit of the push made (must stay empty)


def judge(
    order: list[tuple[str, tuple[str, ...]]],
    diffs: Mapping[tuple[str, str], Diff],
    stale_outside: Mapping[str, Iterable[str]],
    net: Diff,
    tip: str,
) -> Verdict:
    """`order`: the push's commits with their parents, parents first. `diffs[(C, P)]`: C against P.

    `stale_outside[P]`: for a parent P outside the push, the paths where P differs from O.
    `net`: O against N; `tip`: N.
    """
    inside = {sha for sha, _ in order}
    children_left: dict[str, int] = {}
    for _, parents in order:
        for parent in parents:
            if parent in inside:
                children_left[parent] = children_left.get(parent, 0) + 1
    stale: dict[str, set[str]] = {}
    made: list[Made] = []
    for sha, parents in order:
        if len(parents) == 1:
            parent = parents[0]
            # The only child of a commit may take over its set instead of copying it.
            if parent in inside and children_left[parent] == 1 and parent != tip:
                inherited = stale.pop(parent)
            else:
                inherited = set(_stale_of(parent, inside, stale, stale_outside))
            for path, (before, after) in diffs[(sha, parent)].items():
                # An edit is judged; if what it rests on is stale, the result stays stale.
                made.append(Made(sha, path, (before,), after))
            stale[sha] = inherited
        else:
            stale[sha] = _merge(sha, parents, [diffs[(sha, p)] for p in parents], inside, stale, stale_outside, made)
        for parent in parents:  # free what no later commit needs
            if parent in children_left:
                children_left[parent] -= 1
                if children_left[parent] == 0 and parent != tip:
                    stale.pop(parent, None)
    final = stale.get(tip, set())
    made_states: dict[str, set[State]] = {}
    for item in made:
        made_states.setdefault(item.path, set()).add(item.after)
    unaccounted = sorted(
        path for path, (_, after) in net.items() if path in final or after not in made_states.get(path, ())
    )
    return Verdict(made, unaccounted)


def _stale_of(
    parent: str, inside: set[str], stale: dict[str, set[str]], outside: Mapping[str, Iterable[str]]
) -> Iterable[str]:
    if parent in inside:
        return stale[parent]
    return outside[parent]  # every parent outside the push must have been diffed against O


def _merge(
    sha: str,
    parents: tuple[str, ...],
    diffs: list[Diff],
    inside: set[str],
    stale: dict[str, set[str]],
    outside: Mapping[str, Iterable[str]],
    made: list[Made],
) -> set[str]:
    stale_sets = [set(_stale_of(p, inside, stale, outside)) for p in parents]
    candidates: set[str] = set()
    for diff in diffs:
        candidates.update(diff)
    for found in stale_sets:
        candidates.update(found)
    result: set[str] = set()
    for path in sorted(candidates):
        after = _after(path, diffs)
        if after is _UNCHANGED:
            # Same state in every parent: inherited from an accounted-for one, or stale in all.
            if all(path in found for found in stale_sets):
                result.add(path)
            continue
        states = [diff[path][0] if path in diff else after for diff in diffs]
        accounted = [i for i in range(len(parents)) if path not in stale_sets[i]]
        if any(states[i] == after for i in accounted):
            continue  # inherited from an accounted-for parent
        if accounted:
            made.append(Made(sha, path, tuple(states[i] for i in accounted), after))
            continue
        # Every parent's state is stale: keep it stale; judge an edit the merge itself made.
        result.add(path)
        if after not in states:
            made.append(Made(sha, path, tuple(states), after))
    return result


_UNCHANGED = ("", "")  # not a state git can hold


def _after(path: str, diffs: list[Diff]) -> State:
    for diff in diffs:
        if path in diff:
            return diff[path][1]
    return _UNCHANGED
