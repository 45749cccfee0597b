"""The daily commands without Click: `sitegen status`, `check --staged`, `review`, `approve`, `new`, `columns`.

Importing Click (and the Chinese texts clizh gives it) is a sixth of what these commands cost in
a 10,000-article repository, and they must answer in under 0.3 s. Their usual command lines are
simple: a few known options each followed by its value, and the positional arguments. `parse`
reads exactly those and returns the same parameters Click's parser would (tests/test_fastcli.py
compares the two); anything else (--help, an unknown or repeated option, --opt=value, a bad date
or choice, a missing value, --root, shell completion) returns None and `main` hands the whole
command line to Click in generator/cli.py, which then says what is wrong in its usual words.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

# Per command: (flags, options taking a value with their allowed values (None: any), positionals: "*", "?", "1").
_FORMAT = ("text", "json")
COMMANDS: dict[str, tuple[frozenset[str], dict[str, tuple[str, ...] | None], str]] = {
    "check": (frozenset({"--staged", "--release", "--strict"}), {"--format": _FORMAT, "--today": None}, "*"),
    "status": (frozenset(), {"--format": _FORMAT, "--today": None}, ""),
    "columns": (frozenset({"--mine"}), {"--format": _FORMAT, "--today": None}, ""),
    "new": (frozenset(), {"--title": None, "--slug": None, "--today": None}, "1"),
    "review": (frozenset(), {"--today": None}, "?"),
    "approve": (frozenset(), {"--today": None}, "?"),
}
# Click's parameter names for the options whose name differs from the option's.
_NAMES = {"--format": "fmt", "--mine": "mine_only"}


def parse(args: list[str]) -> tuple[str, dict[str, Any]] | None:
    """(command, Click's parameters of it) for a plain daily command line; None: let Click read it."""
    if not args or args[0] not in COMMANDS:
        return None
    name, rest = args[0], args[1:]
    flags, valued, positional_kind = COMMANDS[name]
    params: dict[str, Any] = {_name(f): False for f in flags}
    params.update({_name(o): None for o in valued})
    positionals: list[str] = []
    seen: set[str] = set()
    i = 0
    while i < len(rest):
        arg = rest[i]
        if not arg.startswith("-"):
            positionals.append(arg)
        elif arg in seen:
            return None
        elif arg in flags:
            params[_name(arg)] = True
        elif arg in valued and i + 1 < len(rest) and not rest[i + 1].startswith("-"):
            value = rest[i + 1]
            allowed = valued[arg]
            if allowed is not None and value not in allowed:
                return None
            params[_name(arg)] = value
            i += 1
        else:
            return None  # "-", "--", -h, --help, --root, --opt=value, a value that looks like an option
        seen.add(arg)
        i += 1
    if "--format" in valued and params["fmt"] is None:
        params["fmt"] = "text"
    if params.get("today") is not None:
        try:
            params["today"] = dt.date.fromisoformat(params["today"])
        except ValueError:
            return None
    if name == "new" and params["title"] is None:
        return None
    count = {"": 0, "?": 1, "1": 1}.get(positional_kind)
    if count is not None and (len(positionals) > count or (positional_kind == "1" and len(positionals) != 1)):
        return None
    if name == "check":
        params["paths"] = tuple(Path(p) for p in positionals)
        params.update(commits=None, rev=None, target=None)
    elif name == "new":
        params["column"] = positionals[0]
    elif name in ("review", "approve"):
        params["path"] = Path(positionals[0]) if positionals else None
    params["root"] = None
    return name, params


def _name(option: str) -> str:
    return _NAMES.get(option, option[2:])


def runner(name: str, params: dict[str, Any]) -> Callable[[], int]:
    """What generator/cli.py's command `name` runs with these parameters."""
    p = params

    def run() -> int:
        if name == "check":
            from generator.commands.check import run_check

            return run_check(
                paths=p["paths"],
                staged=p["staged"],
                release=p["release"],
                strict=p["strict"],
                commits=p["commits"],
                fmt=p["fmt"],
                today=p["today"],
                root=p["root"],
                rev=p["rev"],
                target=p["target"],
            )
        if name == "status":
            from generator.commands.status import run_status

            return run_status(fmt=p["fmt"], today=p["today"], root=p["root"])
        if name == "columns":
            from generator.commands.columns import run_columns

            return run_columns(mine_only=p["mine_only"], fmt=p["fmt"], today=p["today"], root=p["root"])
        if name == "new":
            from generator.commands.stamp import run_new

            return run_new(column=p["column"], title=p["title"], slug=p["slug"], today=p["today"], root=p["root"])
        stage = "reviewed" if name == "review" else "approved"
        if p["path"] is None:  # no dead end: say what is waiting for this person to sign
            from generator.commands.status import run_waiting

            return run_waiting(stage=stage, today=p["today"], root=p["root"])
        from generator.commands.stamp import run_stamp

        return run_stamp(path=p["path"], stage=stage, today=p["today"], root=p["root"])

    return run


def main() -> NoReturn:
    """The `sitegen` command: a daily command line runs here, any other goes to Click."""
    completing = any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ)
    parsed = None if completing else parse(sys.argv[1:])
    if parsed is None:
        from generator.cli import main as click_main

        if sys.argv[1:2] != ["build"]:
            click_main()
            sys.exit(0)
        from generator import collector

        collector.ending()  # the build's process ends with it (_leave)
        try:
            click_main()
        except SystemExit as done:
            _leave(done.code)
        _leave(0)
    from generator.errors import run_guarded

    sys.exit(run_guarded(runner(*parsed)))


def _leave(code: object) -> NoReturn:
    """Exit as sys.exit(code) would, without the interpreter's teardown: after a build of 10,000 articles,
    freeing its objects one by one took 25–30 ms of a 1.1 s rebuild. What the teardown does that matters is
    done first: the exit handlers (a background cache writer waited for, the build's helper stopped) and the
    standard streams flushed. Only for `sitegen build` run as a command (a single thread: no other to join)."""
    import atexit

    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): printed, status 1
        print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe, a closed stream: as the teardown, nothing more to say
            status = status or 120
    os._exit(status)
