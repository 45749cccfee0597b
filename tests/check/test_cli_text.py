"""Everything the command line says is Chinese, Click's own usage and errors included; a closed pipe is no error."""

from __future__ import annotations

import re
import subprocess
import sys

import click
import pytest
from checkkit import sitegen
from gitenv import REPO

from generator import clizh

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


# ---- every command, every usage error: no English word a user would have to read ---------------------

# Words that are names, not prose: the commands, the choices, file formats and tools the user types.
NAMES = {"git", "sitegen", "SSH", "HTML", "CSV", "Word", "GH", "CODEOWNERS", "json", "text", "markdown", "html", "csv"}
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
# Not prose: options, paths and file names, environment settings, dates' shapes, commit ranges, codes.
NOT_PROSE = re.compile(
    r"--?[a-z][a-z-]*|[\w.~-]*[/.][\w./~-]+|[\w.~-]+/|[A-Z_]+=\S*|YYYY-MM-DD|A\.\.B|\d{4}Q\d|[a-z]+-[a-z-]+|\{[a-z|]+\}"
)


def english_words(text: str, allowed: set[str]) -> list[str]:
    """The ASCII words of `text` that are not a command, option, choice, path or code."""
    prose = NOT_PROSE.sub(" ", text)
    return [w for w in WORD.findall(prose) if w not in allowed and w not in NAMES]


def _commands() -> list[tuple[list[str], click.Command]]:
    from generator.cli import main

    found: list[tuple[list[str], click.Command]] = []

    def walk(path: list[str], command: click.Command) -> None:
        found.append((path, command))
        if isinstance(command, click.Group):
            for name, sub in sorted(command.commands.items()):
                walk([*path, name], sub)

    walk([], main)
    return found


COMMANDS = _commands()
ALLOWED = {name for path, _ in COMMANDS for name in path} | {
    str(c)
    for _, command in COMMANDS
    for p in command.params
    if isinstance(p.type, click.Choice)
    for c in p.type.choices
}


def _invoke(args: list[str]) -> tuple[int, str]:
    from click.testing import CliRunner

    from generator.cli import main

    done = CliRunner().invoke(main, args, prog_name="sitegen")
    return done.exit_code, done.output


def test_the_word_check_finds_clicks_english() -> None:
    """Control: Click's own help, as Click writes it, fails the check this module applies."""

    clicks_own = (
        "Usage: sitegen import [OPTIONS] SOURCE COLUMN\n\nOptions:\n  --title TEXT  文章标题\n"
        "  -h, --help    Show this message and exit.\n"
    )
    assert english_words(clicks_own, ALLOWED) == ["Usage", "OPTIONS", "SOURCE", "COLUMN", "Options", "TEXT"] + [
        "Show",
        "this",
        "message",
        "and",
        "exit",
    ]

    @click.command(cls=clizh.Command)
    @click.argument("source")
    def plain(source: str) -> None:
        """新建文章。"""

    with click.Context(plain, info_name="sitegen") as ctx:  # an argument nobody named in Chinese
        assert english_words(plain.get_help(ctx), ALLOWED) == [], plain.get_help(ctx)
    assert english_words("用法： sitegen import [选项] 源文件 栏目  --title 标题  content/a.md", ALLOWED) == []


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_every_help_and_usage_error_is_chinese(path: list[str], command: click.Command) -> None:
    code, text = _invoke([*path, "--help"])
    assert code == 0 and "用法：" in text and "选项：" in text and "显示本帮助并退出。" in text, text
    assert "Options:" not in text and "选项:" not in text and "命令:" not in text
    if isinstance(command, click.Group):
        assert "命令：" in text
    assert english_words(text, ALLOWED) == [], text
    texts = [text]
    required = [p for p in command.params if isinstance(p, click.Argument) and p.required]
    if required:
        code, said = _invoke(path)  # the arguments left out: the first one is named, in Chinese
        assert code == 2 and f"缺少参数 '{required[0].make_metavar(click.Context(command))}'" in said, said
        texts.append(said)
    for param in command.params:
        if isinstance(param, click.Option) and not param.is_flag and param.name != "help":
            code, said = _invoke([*path, param.opts[0]])  # an option without its value
            assert code == 2 and f"选项 '{param.opts[0]}' 需要一个值。" in said, said
            texts.append(said)
            if isinstance(param.type, (click.Choice, click.types.IntParamType)):
                code, said = _invoke(
                    [*path, param.opts[0], "一" if param.type.name == "整数" else "无效"]
                )  # not a word itself
                assert code == 2 and "的值无效" in said, said
                texts.append(said)
    code, said = _invoke([*path, "--nosuch"])
    assert code == 2 and "没有选项 '--nosuch'。" in said, said
    texts.append(said)
    for said in texts[1:]:
        assert "错误：" in said
        assert english_words(said, ALLOWED) == [], said


def test_commands_are_walked() -> None:
    """The walk reaches the nested groups' commands, so the test above cannot pass on an empty list."""
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"", "check", "import", "withdraw", "hooks install", "report quarter", "serve"} <= names
    assert len(names) >= 20


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["serve", "--port", "99999"], "99999 不在允许的范围内（应为 1 至 65535）。"),
        (["serve", "--port", "0"], "0 不在允许的范围内（应为 1 至 65535）。"),
        (["serve", "--port", "abc"], "'abc' 不是有效的整数。"),
        (["import"], "缺少参数 '源文件'。"),
        (["withdraw", "content/a.md"], "缺少选项 '--reason'。"),
        (["takedown"], "缺少参数 '文章路径'。"),
    ],
)
def test_the_reviewers_cases(args: list[str], words: str) -> None:
    done = sitegen(*args, cwd=REPO)
    assert done.returncode == 2 and words in done.stderr, done.stderr
    assert "内部错误" not in done.stderr


def test_a_full_disk_on_stdout_is_a_short_chinese_error() -> None:
    """`sitegen rules > /dev/full`: one Chinese line, exit 1, no crash log; the same output to a pipe is fine."""
    full = subprocess.run(
        [sys.executable, "-m", "generator.cli", "rules", "--format", "markdown"],
        cwd=REPO,
        stdout=open("/dev/full", "w"),  # noqa: SIM115 - the device itself is the case
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        check=False,
    )
    assert full.returncode == 1, full.stderr
    assert full.stderr.strip().splitlines() == [
        "sitegen: 无法写出结果：设备空间已满（ENOSPC）。请检查输出重定向到的文件或设备。"
    ]
    control = sitegen("rules", "--format", "markdown", cwd=REPO)
    assert control.returncode == 0 and control.stderr == "" and "规则参考" in control.stdout


def test_option_descriptions_line_up_on_screen() -> None:
    """Chinese metavars are two columns wide on a terminal: the descriptions still start in one column."""
    code, text = _invoke(["import", "--help"])
    assert code == 0
    rows = [line for line in text.splitlines() if line.startswith("  -")]
    assert len(rows) == 5 and any("标题" in row for row in rows)
    gaps = [re.search(r"\S  +(?=\S)", row) for row in rows]  # the spaces between an option and its description
    starts = {clizh.display_width(row[: gap.end()]) for row, gap in zip(rows, gaps, strict=True) if gap}
    assert len(starts) == 1 and all(gaps), text
