"""generator/fastcli.py reads a daily command line exactly as Click does, or hands it to Click."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import click
import pytest

from generator import fastcli
from generator.cli import main as group

REPO = Path(__file__).resolve().parents[1]

TAKEN = [
    ["check", "--staged"],
    ["check", "--staged", "--today", "2026-11-26"],
    ["check", "--today", "2026-11-26", "--staged", "--strict", "--format", "json"],
    ["check", "content/a.md", "content/b", "--release"],
    ["check"],
    ["status"],
    ["status", "--format", "json", "--today", "2026-02-28"],
    ["columns", "--mine"],
    ["columns", "--format", "text", "--mine", "--today", "2026-11-26"],
    ["new", "xxgk/tzgg", "--title", "关于调整办税服务时间的通知"],
    ["new", "--title", "", "xxgk/tzgg", "--slug", "a-b", "--today", "2026-11-26"],
    ["review", "content/xxgk/a.md", "--today", "2026-11-26"],
    ["review"],
    ["approve", "content/xxgk/a.md"],
    ["approve", "--today", "2026-11-26"],
]

GIVEN_TO_CLICK = [
    [],
    ["--help"],
    ["build"],
    ["check", "--help"],
    ["check", "-h"],
    ["check", "--staged", "--staged"],
    ["check", "--staged", "--root", "."],
    ["check", "--commits", "a..b"],
    ["check", "--format=json"],
    ["check", "--format", "xml"],
    ["check", "--today", "2026-13-01"],
    ["check", "--today"],
    ["check", "--", "-odd.md"],
    ["check", "-"],
    ["status", "extra"],
    ["status", "--mine"],
    ["new", "xxgk"],
    ["new", "--title", "标题"],
    ["new", "a", "b", "--title", "标题"],
    ["new", "a", "--title", "-x"],
    ["review", "a.md", "b.md"],
    ["approve", "--today", "--", "a.md"],
]


@pytest.mark.parametrize("args", TAKEN, ids=" ".join)
def test_a_daily_command_line_reads_as_click_reads_it(args):
    parsed = fastcli.parse(args)
    assert parsed is not None
    name, params = parsed
    command = group.commands[name]
    with command.make_context(name, list(args[1:])) as ctx:
        assert params == ctx.params
    if "--today" in args:
        assert isinstance(params["today"], dt.date)


@pytest.mark.parametrize("args", GIVEN_TO_CLICK, ids=lambda a: " ".join(a) or "(none)")
def test_anything_else_is_left_to_click(args):
    assert fastcli.parse(args) is None


def test_every_fast_command_and_option_is_one_click_has():
    for name, (flags, valued, _) in fastcli.COMMANDS.items():
        options = {o for p in group.commands[name].params if isinstance(p, click.Option) for o in p.opts}
        assert flags | set(valued) <= options, name


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    code = "import runpy, sys; runpy.run_module('generator.cli', run_name='__main__'); "
    probe = f"import atexit, sys; atexit.register(lambda: print('click' in sys.modules, file=sys.stderr)); {code}"
    return subprocess.run(
        [sys.executable, "-c", probe, *args], cwd=cwd, capture_output=True, text=True, env=_env(), check=False
    )


def _env() -> dict[str, str]:
    import os

    return {**os.environ, "PYTHONPATH": str(REPO)}


def test_the_daily_command_runs_without_importing_click_and_the_rest_with_it(tmp_path):
    fast = _run("review", "--today", "2026-11-26", cwd=tmp_path)  # no site here: the command's own refusal
    assert fast.returncode == 2 and "找不到站点仓库" in fast.stderr, fast.stderr
    assert fast.stderr.strip().endswith("False")
    # Control: a line the fast reader declines gets Click's (Chinese) error and exit code.
    slow = _run("review", "--today", "2026-13-01", cwd=tmp_path)
    assert slow.returncode == 2 and "日期应写成 YYYY-MM-DD" in slow.stderr, slow.stderr
    assert slow.stderr.strip().endswith("True")
