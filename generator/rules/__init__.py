"""The rule registry: every rule has a stable code, a default severity and a summary.

Family modules declare their rules with `rule(...)` at import time; the rules
reference (`sitegen rules --format markdown`, docs/rules.md) is generated from here.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from generator.problems import Problem

FAMILIES = {
    "FM": "文件本身（编码、大小、front matter、字段）",
    "CO": "栏目归属（第四、五条）",
    "AP": "审批链（第八条）",
    "SE": "保密与隐私（第十八、十九条）",
    "LK": "链接与附件",
    "DX": "政府信息公开与征求意见的时限",
    "MP": "两张地图与站点设置",
    "GH": "git 历史（--commits）",
}
_FAMILY_MODULES = ("fm", "co", "ap", "se", "lk", "dx", "mp", "gh")


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    summary: str


REGISTRY: dict[str, Rule] = {}


def rule(code: str, severity: str, summary: str) -> Rule:
    if code in REGISTRY:
        raise ValueError(f"rule code {code} registered twice")
    REGISTRY[code] = Rule(code, severity, summary)
    return REGISTRY[code]


def all_rules() -> list[Rule]:
    for name in _FAMILY_MODULES:
        try:
            importlib.import_module(f"generator.rules.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"generator.rules.{name}":
                raise
    return sorted(REGISTRY.values(), key=lambda r: r.code)


class Sink:
    """Collects the problems of one file."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []

    def add(self, rule: Rule, line: int, message: str, severity: str | None = None) -> None:
        self.problems.append(Problem(self.path, max(line, 1), rule.code, severity or rule.severity, message))
