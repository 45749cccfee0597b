"""Problems are values: the record, the rule that names it, the formatters and the exit decision.

The registry lives here, at the bottom of the layers, because the model itself reports
problems while reading files (FM while parsing an article, MP while loading the maps);
`generator.rules` adds the families that judge what was read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Final, Literal

Severity = Literal["error", "warning", "info"]
ERROR: Final = "error"
WARNING: Final = "warning"
INFO: Final = "info"  # shown, never blocks (a pending approval stage on a branch)


@dataclass(frozen=True, order=True)
class Problem:
    """One finding: where (path, line), which rule, how grave, and what to change (in Chinese)."""

    path: str  # relative to the repository root, posix separators
    line: int
    rule: str
    severity: Severity
    message: str


@dataclass(frozen=True)
class Rule:
    """A rule code with its severity and one-line Chinese summary (the registry lists them all)."""

    code: str
    severity: Severity
    summary: str


REGISTRY: dict[str, Rule] = {}


def rule(code: str, severity: Severity, summary: str) -> Rule:
    """Declare a rule (at import time); the rules reference is generated from the registry."""
    if code in REGISTRY:
        raise ValueError(f"rule code {code} registered twice")
    REGISTRY[code] = Rule(code, severity, summary)
    return REGISTRY[code]


MAX_PER_RULE = 50  # problems of one rule shown for one file


class Sink:
    """Collects the problems of one file."""

    def __init__(self, path: str):
        self.path = printable_path(path)
        self.problems: list[Problem] = []
        self._counts: dict[str, int] = {}

    def add(self, rule: Rule, line: int, message: str, severity: Severity | None = None) -> None:
        # A crafted file can hold a finding every few bytes: past a screenful, more say nothing new.
        count = self._counts[rule.code] = self._counts.get(rule.code, 0) + 1
        if count > MAX_PER_RULE:
            return
        if count == MAX_PER_RULE:
            message += f"（同类问题过多，此文件只列出前 {MAX_PER_RULE} 处，请逐一修正后再检查）"
        self.problems.append(Problem(self.path, max(line, 1), rule.code, severity or rule.severity, message))


def printable_path(path: str) -> str:
    """A path as it can be shown: undecodable bytes and control characters as escapes, never a crash."""
    if path.isprintable():
        return path
    text = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems))


def count(problems: Iterable[Problem], severity: Severity) -> int:
    return sum(1 for p in problems if p.severity == severity)


def has_errors(problems: Iterable[Problem], *, strict: bool = False) -> bool:
    blocking: set[Severity] = {ERROR, WARNING} if strict else {ERROR}
    return any(p.severity in blocking for p in problems)


def format_text(problems: Iterable[Problem]) -> str:
    return "".join(f"{p.path}:{p.line}: {p.rule} {p.severity}: {p.message}\n" for p in problems)


def summary_line(problems: list[Problem]) -> str:
    errors, warnings, notes = count(problems, ERROR), count(problems, WARNING), count(problems, INFO)
    if not errors and not warnings:
        return f"检查通过（另有 {notes} 条提示）。" if notes else "检查通过：没有发现问题。"
    return f"共发现 {errors} 个错误、{warnings} 个警告。"


def format_json(problems: list[Problem]) -> str:
    payload = {
        "errors": count(problems, ERROR),
        "warnings": count(problems, WARNING),
        "problems": [asdict(p) for p in problems],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
