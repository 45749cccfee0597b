"""What an article's later life adds to its public view: the withdrawal or takedown notice,
corrections, validity and successor banners (both ways), the policy ↔ interpretation links
and the consultation's result. Only public fields are copied (reasons, dates, notes), never
who requested, reviewed, approved or took anything down (第十九条).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from generator import lifecycle
from generator.site.views import ArticleView, ConsultationResult, Correction, Link, Notice


def decorate(views: list[ArticleView], articles: list[Any], today: dt.date) -> list[ArticleView]:
    """`views` and `articles` in the same order; returns the views with their lifecycle parts."""
    by_source = {v.source: v for v in views}
    predecessors: dict[str, list[Link]] = {}
    for view, article in zip(views, articles):
        successor = (article.disclosure or {}).get("superseded_by")
        if successor in by_source:
            predecessors.setdefault(successor, []).append(Link(view.title, view.url))
    out = []
    for view, article in zip(views, articles):
        out.append(_decorate(view, article, by_source, predecessors.get(view.source, []), today))
    return out


def _decorate(
    view: ArticleView, article: Any, by_source: dict[str, ArticleView], before: list[Link], today: dt.date
) -> ArticleView:
    life = article.life or {}
    if not life and view.disclosure is None and view.consultation is None and _bare(view):
        return view  # no later life (7,500 of 10,000 articles): what the comparison below would find
    changes: dict[str, Any] = {
        "notice": _notice(life, today),
        "corrections": tuple(
            Correction(_text(c.get("date")), str(c.get("note", ""))) for c in life.get("corrections") or ()
        ),
        "interpretation": _link(life.get("interpretation"), by_source),
        "interprets": _link(life.get("interprets"), by_source),
    }
    if view.disclosure is not None:
        block = article.disclosure or {}
        since = _text(block.get("validity_since"))
        successor = _link(block.get("superseded_by"), by_source)
        predecessors = tuple(sorted(before, key=lambda link: link.url))
        old = view.disclosure
        if (old.since, old.successor, old.predecessors) != (since, successor, predecessors):
            changes["disclosure"] = dataclasses.replace(
                old, since=since, successor=successor, predecessors=predecessors
            )
    if view.consultation is not None:
        result = (article.consultation or {}).get("result")
        if isinstance(result, dict) and isinstance(result.get("date"), dt.date) and result["date"] <= today:
            changes["consultation"] = dataclasses.replace(
                view.consultation,
                result=ConsultationResult(
                    _text(result["date"]),
                    int(result.get("comments") or 0),
                    str(result.get("adopted", "")),
                    str(result.get("not_adopted", "")),
                ),
            )
    if all(getattr(view, name) == value for name, value in changes.items()):
        return view  # most articles: no later life (a copy of 10,000 views costs a tenth of a second)
    return dataclasses.replace(view, **changes)


def _bare(view: ArticleView) -> bool:
    """The view holds none of the parts `_decorate` sets (as views.article_view makes it)."""
    return view.notice is None and not view.corrections and view.interpretation is None and view.interprets is None


def _notice(life: dict[str, Any], today: dt.date) -> Notice | None:
    if lifecycle.taken_down(life, today):
        block = life["takedown"]
        return Notice("takedown", _text(block.get("date")), str(block.get("reason", "")))
    if lifecycle.withdrawal_approved(life) and life["withdrawal"]["approved"] <= today:
        block = life["withdrawal"]
        return Notice("withdrawn", _text(block.get("approved")), str(block.get("reason", "")))
    return None


def _link(path: Any, by_source: dict[str, ArticleView]) -> Link | None:
    """A link to another published article; None when it has no page (yet)."""
    target = by_source.get(path) if isinstance(path, str) else None
    return Link(target.title, target.url) if target is not None else None


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)
