"""`sitegen rules`: the rules reference, generated from the registry."""

from __future__ import annotations

from generator.errors import EXIT_CLEAN
from generator.rules import FAMILIES, all_rules

SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}


def render_markdown() -> str:
    lines = [
        "# 规则参考（sitegen check）",
        "",
        "由 `sitegen rules --format markdown` 生成，请勿手工编辑。",
        "",
        (
            "严重程度：错误（error）阻止提交和发布；警告（warning）会显示，在 `--strict` 下也会阻止；"
            "提示（info）只作提醒。"
        ),
        "",
    ]
    rules = all_rules()
    for family, title in FAMILIES.items():
        members = [r for r in rules if r.code.startswith(family)]
        if not members:
            continue
        lines += [f"## {family}：{title}", "", "| 代码 | 严重程度 | 含义 |", "|---|---|---|"]
        lines += [f"| {r.code} | {SEVERITY[r.severity]} | {r.summary} |" for r in members]
        lines.append("")
    return "\n".join(lines)


def run_rules(*, fmt: str) -> int:
    if fmt == "markdown":
        print(render_markdown())
    else:
        for r in all_rules():
            print(f"{r.code}  {SEVERITY[r.severity]}  {r.summary}")
    return EXIT_CLEAN
