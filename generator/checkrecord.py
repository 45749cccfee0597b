"""One file's check result, and how the check cache writes it: a JSON array read back by position.

A rebuild of 10,000 unchanged articles reads 10,000 of these. Written as plaindata's tagged
objects (`{"$class": "Article", "fields": {...}}`), every record repeated its field names, and
its every object went through the tag decoder; by position, a record is about half the text and a
third of the objects. The values that are not JSON's own (the form's dates, tuples, the line map's
keys) are still plaindata's tags, read back by plaindata into its fixed set of types: as before,
reading a record can never run code. A record that is not exactly what `dumps` writes (damaged,
another shape, a value of the wrong kind) raises plaindata.NotPlain: the cache then has no result
for that file, which is checked again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator import plaindata
from generator.article import Article
from generator.exemptions import Exemption
from generator.problems import Problem
from generator.rules import lk

if TYPE_CHECKING:
    from generator.rules.seattach import Found

FORMAT = 1  # the first item of every record


@dataclass
class FileResult:
    """One file's verdict, as the check cache keeps it."""

    article: Article | None
    problems: list[Problem]  # everything but the tree-dependent LK001, which `links` re-verifies
    index_no: tuple[str, int] | None = None
    links: list[lk.LinkRef] = field(default_factory=list)
    lc_lines: dict[tuple[str, ...], int] = field(default_factory=dict)  # lines of the fields lc.verify reports on
    # An attachment's findings of its name and content scan (kept apart by attachcache.py, never in a record).
    scan: list[Found] | None = None


_FIELDS = tuple(f.name for f in dataclasses.fields(Article))
_DATE = _FIELDS.index("date")
_APPROVAL = _FIELDS.index("approval")
_EXEMPTIONS = _FIELDS.index("exemptions")
_STRINGS = tuple(_FIELDS.index(name) for name in ("rel_path", "column", "slug", "title", "unit", "digest"))


def dumps(result: FileResult) -> str:
    """The record of `result` (TypeError if something in it is not plain data)."""
    article = None
    if result.article is not None:
        values: list[Any] = [getattr(result.article, name) for name in _FIELDS]
        values[_DATE] = values[_DATE].isoformat()
        values[_EXEMPTIONS] = [[e.rule, e.text, e.reason, e.line] for e in values[_EXEMPTIONS]]
        values[_APPROVAL] = _signed_form(values[_APPROVAL])
        article = values
    record = [
        FORMAT,
        article,
        [[p.path, p.line, p.rule, p.severity, p.message] for p in result.problems],
        list(result.index_no) if result.index_no is not None else None,
        [[ref.line, ref.dest, ref.target] for ref in result.links],
        result.lc_lines,
    ]
    return plaindata.dumps(record)


def loads(text: str) -> FileResult:
    """The result a record holds; plaindata.NotPlain if the text is not a record `dumps` wrote."""
    record = plaindata.loads(text)
    try:
        if type(record) is not list or len(record) != 6 or record[0] != FORMAT:
            raise ValueError("not a check record")
        _, article, problems, index_no, links, lc_lines = record
        if type(lc_lines) is not dict:
            raise ValueError("lc_lines")
        return FileResult(
            None if article is None else _article(article),
            [Problem(*_five(p)) for p in problems],
            None if index_no is None else _index_no(index_no),
            [lk.LinkRef(*_three(ref)) for ref in links],
            lc_lines,
        )
    except (TypeError, ValueError, KeyError, IndexError) as exc:
        raise plaindata.NotPlain(str(exc)) from None


def _article(values: Any) -> Article:
    if type(values) is not list or len(values) != len(_FIELDS):
        raise ValueError("article")
    values = list(values)
    values[_DATE] = dt.date.fromisoformat(values[_DATE])
    values[_EXEMPTIONS] = tuple(Exemption(*_four(e)) for e in values[_EXEMPTIONS])
    if type(values[_APPROVAL]) is tuple:
        values[_APPROVAL] = _approval(values[_APPROVAL])
    for at in _STRINGS:
        if type(values[at]) is not str:
            raise ValueError(_FIELDS[at])
    return Article(**dict(zip(_FIELDS, values, strict=True)))


# The approval form of every signed article: these keys in this order (schema.validate returns the form in
# form.APPROVAL_FIELDS' order), names and the secrecy level as strings, the dates as dates. Such a form is written as
# the tuple of its values, dates as text (plaindata's {"$tuple": [...]}; a form read from YAML is never a tuple): a
# sixth of a record's text, and three tagged dates, less to read back 10,000 times at every rebuild. Any other form
# (a stage not signed yet, a key more, a value of another type) is written as it is.
_FORM = ("submitted_by", "submitted", "reviewed_by", "reviewed", "approved_by", "approved", "secrecy")
_FORM_DATES = frozenset({1, 3, 5})


def _signed_form(approval: Any) -> Any:
    if type(approval) is tuple:
        raise TypeError("an approval form that is a tuple would be read back as the usual form")  # YAML makes none
    if type(approval) is not dict or tuple(approval) != _FORM:
        return approval
    values = list(approval.values())
    for at, value in enumerate(values):
        if at in _FORM_DATES:
            if type(value) is not dt.date:
                return approval
            values[at] = value.isoformat()
        elif type(value) is not str:
            return approval
    return tuple(values)


def _approval(values: tuple[Any, ...]) -> dict[str, Any]:
    if len(values) != len(_FORM) or not all(type(v) is str for v in values):
        raise ValueError("approval")
    date = dt.date.fromisoformat
    return {  # _FORM's keys written out: a zip and a loop would cost more than the compact form saves
        "submitted_by": values[0],
        "submitted": date(values[1]),
        "reviewed_by": values[2],
        "reviewed": date(values[3]),
        "approved_by": values[4],
        "approved": date(values[5]),
        "secrecy": values[6],
    }


def _index_no(value: Any) -> tuple[str, int]:
    if type(value) is not list or len(value) != 2 or type(value[0]) is not str or type(value[1]) is not int:
        raise ValueError("index_no")
    return (value[0], value[1])


def _three(value: Any) -> list[Any]:
    """A link: line, destination as written, target path."""
    if type(value) is not list or len(value) != 3 or type(value[0]) is not int:
        raise ValueError("link")
    if type(value[1]) is not str or type(value[2]) is not str:
        raise ValueError("link")
    return value


def _four(value: Any) -> list[Any]:
    if type(value) is not list or len(value) != 4:
        raise ValueError("exemption")
    return value


def _five(value: Any) -> list[Any]:
    """A problem: path, line, rule, severity, message."""
    if type(value) is not list or len(value) != 5 or type(value[1]) is not int:
        raise ValueError("problem")
    if not all(type(value[at]) is str for at in (0, 2, 3, 4)):
        raise ValueError("problem")
    return value
