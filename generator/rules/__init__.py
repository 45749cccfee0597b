"""The rule families: every rule has a stable code, a default severity and a summary.

Family modules declare their rules with `rule(...)` at import time (the registry itself is
`generator.problems`); the rules reference (`sitegen rules --format markdown`, docs/rules.md)
is generated from it. FM and MP are declared by the model modules that report them while
reading (`generator.form`, `generator.maploader`); the other families judge what was read.
"""

from __future__ import annotations

import importlib

from generator.problems import REGISTRY, Rule, Sink, rule

__all__ = ["FAMILIES", "Rule", "Sink", "all_rules", "rule"]

FAMILIES = {
    "FM": "文件本身（编码、大小、front matter、字段）",
    "CO": "栏目归属（第四、五条）",
    "AP": "审批链（第八条）",
    "SE": "保密与隐私（第十八、十九条）",
    "LK": "链接与附件",
    "DX": "政府信息公开与征求意见的时限",
    "MP": "两张地图与站点设置",
    "GH": "git 历史（--commits）",
    "DT": "数据栏目的数据文件（出口退税率、税收统计）",
    "LC": "文章发布之后：撤稿、紧急下线、更正、效力与替代、政策解读、意见采纳情况",
}
# The modules that declare each family, in FAMILIES order.
_FAMILY_MODULES = (
    "generator.form",
    "generator.rules.co",
    "generator.rules.ap",
    "generator.rules.se",
    "generator.rules.seattach",
    "generator.rules.lk",
    "generator.rules.dx",
    "generator.maploader",
    "generator.rules.gh",
    "generator.rules.dt",
    "generator.rules.lc",
    "generator.rules.lc_git",
)


def all_rules() -> list[Rule]:
    for name in _FAMILY_MODULES:
        importlib.import_module(name)
    return sorted(REGISTRY.values(), key=lambda r: r.code)
