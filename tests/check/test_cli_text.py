"""Everything the command line says is Chinese, Click's own usage and errors included; a closed pipe is no error."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from checkkit import sitegen
from gitenv import REPO

ENGLISH = re.compile(r"Usage:|Options:|Error:|Missing|Show this|Try '|No such|Got unexpected|is not one of|\[OPTIONS\]")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["new"], "缺少参数 '栏目'。"),
        (["new", "nsfw"], "缺少选项 '--title'。"),
        (["check", "--format", "xml"], "'--format' 的值无效"),
        (["chek"], "没有命令 'chek'。"),
        (["check", "--nosuch"], "没有选项 '--nosuch'。"),
        (["serve", "--port", "abc"], "'--port' 的值无效"),
        (["check", "--today", "2026-13-01"], "日期应写成 YYYY-MM-DD"),
    ],
)
def test_usage_errors_are_chinese(args: list[str], words: str) -> None:
    done = sitegen(*args, cwd=REPO)
    assert done.returncode == 2
    assert words in done.stderr and "用法：" in done.stderr and "查看帮助" in done.stderr
    assert not ENGLISH.search(done.stderr), done.stderr


@pytest.mark.parametrize("args", [["--help"], ["new", "--help"], ["check", "-h"], ["hooks", "--help"]])
def test_help_is_chinese(args: list[str]) -> None:
    done = sitegen(*args, cwd=REPO)
    assert done.returncode == 0
    assert "用法：" in done.stdout and "显示本帮助并退出。" in done.stdout
    assert not ENGLISH.search(done.stdout), done.stdout


def test_a_closed_pipe_is_not_an_error() -> None:
    """`sitegen rules | head`: the reader is gone (here before the first write); no complaint, no failure."""
    done = subprocess.run(
        f'{sys.executable} -m generator.cli rules --format markdown | true; echo "rc=${{PIPESTATUS[0]}}"',
        shell=True,
        executable="/bin/bash",
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.stdout.splitlines()[-1] == "rc=0"
    assert done.stderr == "", done.stderr
    control = sitegen("rules", cwd=REPO)
    assert control.returncode == 0 and len(control.stdout.splitlines()) > 50
