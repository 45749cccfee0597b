"""Click's own words (usage, option and argument errors, --help) in Chinese.

Click looks its messages up through `gettext` at the moment it shows them; each of
its modules holds its own `_`/`ngettext`, which `install()` points at the tables
below. Anything not in the tables stays as Click wrote it, so a new Click release
degrades to English text rather than breaking.
"""

from __future__ import annotations

import importlib
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

import click

MESSAGES = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受取值。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在允许的范围内（应为 {range}）。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 不可执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "Aborted!": "已中止。",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "required": "必填",
    "deprecated": "已弃用",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "integer": "整数",
    "float": "小数",
    "Do you want to continue?": "要继续吗？",
    "Error: invalid input": "错误：输入无效",
    "Repeat for confirmation": "请再输入一次确认",
    "Error: The two entered values do not match.": "错误：两次输入不一致。",
    "Press any key to continue...": "按任意键继续……",
}
PLURALS = {
    "Got unexpected extra argument ({args})": "多余的参数（{args}）；请检查是否多写了路径，或路径中有空格需要加引号",
    "Did you mean {possibility}?": "是不是 {possibility}？",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "{value!r} is not {choice}.": "{value!r} 不是可选值 {choice}。",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，但只给了 1 个。",
}
PLURAL_OTHER = {
    "Got unexpected extra argument ({args})": "多余的参数（{args}）；请检查是否多写了路径，或路径中有空格需要加引号",
    "Did you mean {possibility}?": "（是不是以下之一：{possibilities}？）",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要 {nargs} 个值。",
    "{value!r} is not {choice}.": "{value!r} 不是可选值之一：{choices}。",
    "{value!r} does not match the format {format}.": "{value!r} 不符合以下格式之一：{formats}。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，但给了 {len} 个。",
}
_MODULES = (
    "click.core",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.types",
    "click.decorators",
    "click.termui",
)


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    table = PLURALS if n == 1 else PLURAL_OTHER
    return table.get(singular, singular if n == 1 else plural)


def install() -> None:
    for name in _MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
    missing = click.exceptions.MissingParameter
    if not getattr(missing.format_message, "_sitegen", False):
        original: Callable[[Any], str] = missing.format_message

        def format_message(self: Any) -> str:  # Click ends this one with an English full stop
            text = original(self)
            return text[:-1] + "。" if text.endswith(".") else text.replace(". ", "。", 1)

        format_message._sitegen = True  # type: ignore[attr-defined]
        missing.format_message = format_message  # type: ignore[method-assign]
    # A type's name is both its default metavar (upper-cased) and the word in "is not a valid ..."
    for kind, word in TYPE_NAMES.items():
        kind.name = word
    click.types._NumberRangeBase._describe_range = _describe_range  # type: ignore[method-assign]


TYPE_NAMES: dict[type[click.ParamType[Any]], str] = {
    click.types.StringParamType: "文字",
    click.types.UnprocessedParamType: "文字",
    click.types.IntParamType: "整数",
    click.types.IntRange: "整数",
    click.types.FloatParamType: "小数",
    click.types.FloatRange: "小数",
    click.types.BoolParamType: "是或否",
    click.types.DateTime: "日期时间",
    click.types.File: "文件",
}


def _describe_range(self: Any) -> str:
    """`1 至 65535` instead of Click's `1<=x<=65535`."""
    low = None if self.min is None else f"{'大于' if self.min_open else '不小于'} {self.min}"
    high = None if self.max is None else f"{'小于' if self.max_open else '不大于'} {self.max}"
    if low and high and not self.min_open and not self.max_open:
        return f"{self.min} 至 {self.max}"
    return "且".join(part for part in (low, high) if part)


class Formatter(click.HelpFormatter):
    def write_heading(self, heading: str) -> None:  # 「选项：」 like 「用法：」, not Click's half-width colon
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        """Click's definition list, its first column aligned by display width (a Chinese character takes two)."""
        rows = list(rows)
        first_col = min(max((display_width(first) for first, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for first, second in rows:
            self.write(f"{indent}{first}")
            if not second:
                self.write("\n")
                continue
            width = display_width(first)
            self.write(
                " " * (first_col - width) if width <= first_col - col_spacing else f"\n{indent}{' ' * first_col}"
            )
            lines = click.formatting.wrap_text(second, max(self.width - first_col - 2, 10), preserve_paragraphs=True)
            for number, line in enumerate(lines.splitlines() or [""]):
                self.write(f"{line}\n" if number == 0 else f"{indent}{' ' * first_col}{line}\n")


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class Context(click.Context):
    formatter_class = Formatter


def _chinese_metavars(command: click.Command) -> None:
    """Arguments without a metavar would show their English name (SOURCE, PATH): show the type's word."""
    for param in command.params:
        if param.metavar is None and isinstance(param, click.Argument) and not isinstance(param.type, click.Choice):
            param.metavar = param.type.name.upper() if param.type is not click.STRING else "值"


class Command(click.Command):
    context_class = Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)
        _chinese_metavars(self)


class Group(click.Group):
    command_class = Command
    context_class = Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)


Group.group_class = Group
