"""Reviewed exemptions: a false alarm the liaison explains in the front matter.

```yaml
exemptions:
  - rule: SE003
    text: "15012345678"
    reason: 退税金额，不是手机号码
```

An exemption names the rule, the exact text it covers and why. The reviewer and the approver
are shown every exemption when they stamp (their stamp covers it), the office's reports list
them (`site_exemptions`), and a classification mark is never exempted. The rules that judge
exemptions live in rules/se.py; this module only reads them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from generator.textfold import fold_key

FIELD = "exemptions"
# Only personal-data findings may be exempted: never a classification mark, never unsafe HTML or links.
EXEMPTABLE = ("SE002", "SE003", "SE004", "SE007")


@dataclass(frozen=True, slots=True)
class Exemption:
    """An approved exemption from a secrecy rule for one exact text, with the reason given."""

    rule: str
    text: str
    reason: str
    line: int

    def covers(self, rule: str, found: str) -> bool:
        return rule == self.rule and key(found) == key(self.text)


@dataclass(frozen=True, slots=True)
class ExemptionRow:
    """One exemption of one article, as the office's reports list it."""

    path: str
    line: int
    rule: str
    text: str
    reason: str
    title: str
    unit: str
    submitted_by: str | None
    reviewed_by: str | None
    approved_by: str | None


def key(text: str) -> str:
    """Exemptions compare texts folded and without spaces: YAML quoting must not matter."""
    return fold_key(str(text))


def read(raw: Any, line: Callable[..., int]) -> tuple[list[Exemption], list[tuple[int, str]]]:
    """The well-formed exemptions of a front matter's `exemptions` value, and (line, problem) for the rest."""
    found: list[Exemption] = []
    problems: list[tuple[int, str]] = []
    if raw is None:
        return found, problems
    if not isinstance(raw, list):
        return found, [(line(FIELD), "exemptions 应当是列表，每项写 rule、text、reason 三个字段。")]
    for i, item in enumerate(raw):
        where = line(FIELD, i)
        if not isinstance(item, dict):
            problems.append((where, f"exemptions 第 {i + 1} 项应当写成 rule、text、reason 三个字段。"))
            continue
        unknown = sorted(set(map(str, item)) - {"rule", "text", "reason"})
        if unknown:
            problems.append(
                (where, f"exemptions 第 {i + 1} 项有未知字段 {'、'.join(unknown)}：只能写 rule、text、reason。")
            )
        rule, text, reason = (item.get(k) for k in ("rule", "text", "reason"))
        missing = [
            k for k, v in (("rule", rule), ("text", text), ("reason", reason)) if v is None or str(v).strip() == ""
        ]
        if missing:
            problems.append(
                (where, f"exemptions 第 {i + 1} 项缺少 {'、'.join(missing)}：豁免必须写明规则、原文和理由。")
            )
            continue
        found.append(Exemption(str(rule).strip().upper(), str(text), str(reason).strip(), where))
    return found, problems


def site_exemptions(articles: Iterable[Any]) -> list[ExemptionRow]:
    """Every exemption of every article, for the office's reports (issue 14): path, rule, text, reason, signers."""
    rows = []
    for article in articles:
        approval = article.approval or {}
        for item in article.exemptions:
            rows.append(
                ExemptionRow(
                    article.rel_path,
                    item.line,
                    item.rule,
                    item.text,
                    item.reason,
                    article.title,
                    article.unit,
                    approval.get("submitted_by"),
                    approval.get("reviewed_by"),
                    approval.get("approved_by"),
                )
            )
    return sorted(rows, key=lambda r: (r.path, r.line))
