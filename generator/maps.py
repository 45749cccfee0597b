"""The two governance maps (departments.yaml, columns.yaml) and the site settings.

Loading never raises on bad data: what is valid becomes the model, what is not
becomes MP problems (see maploader.py), so one broken unit does not hide the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from generator.problems import Problem


@dataclass(frozen=True)
class Person:
    """Someone departments.yaml names: id, name, registered e-mail and signing key."""

    id: str
    name: str
    email: str
    signing_key: str | None = None  # "ssh-ed25519 AAAA…": the key this person signs commits with


@dataclass(frozen=True)
class LiaisonTerm:
    """A period during which `person` is a unit's registered website liaison."""

    person: str
    start: dt.date
    end: dt.date | None  # None: still the liaison


@dataclass(frozen=True)
class Unit:
    """A unit of departments.yaml: its leaders, supervising bureau leader, publishers and liaison register."""

    id: str
    name: str
    kind: UnitKind
    leaders: tuple[str, ...]
    supervisor: str | None
    publishers: tuple[str, ...]
    liaisons: tuple[LiaisonTerm, ...]

    def liaison_on(self, day: dt.date) -> str | None:
        for term in self.liaisons:
            if term.start <= day and (term.end is None or day <= term.end):
                return term.person
        return None

    def staff(self) -> set[str]:
        """Everyone the register ever named for this unit (the supervisor is a bureau leader, not staff)."""
        return {*self.leaders, *self.publishers, *(t.person for t in self.liaisons)}

    def staff_on(self, day: dt.date) -> set[str]:
        """Who works in this unit on `day`: a liaison only within their registered term (第六条)."""
        liaison = self.liaison_on(day)
        return {*self.leaders, *self.publishers, *([liaison] if liaison else [])}


@dataclass(frozen=True)
class Departments:
    """departments.yaml: the people, the units, and which units are the office and the technical unit."""

    office: str
    technical: str
    people: dict[str, Person]
    units: dict[str, Unit]
    signing_required: bool = False  # every commit must carry its author's good signature

    def person_by_email(self, email: str) -> Person | None:
        wanted = email.strip().lower()
        for person in self.people.values():
            if person.email.lower() == wanted:
                return person
        return None

    def label(self, person_id: str) -> str:
        person = self.people.get(person_id)
        return f"{person.name}（{person_id}）" if person else person_id

    def unit_label(self, unit_id: str) -> str:
        unit = self.units.get(unit_id)
        return f"{unit.name}（{unit_id}）" if unit else unit_id

    def publishers(self) -> tuple[str, ...]:
        office = self.units.get(self.office)
        return office.publishers if office else ()

    def approvers_for(self, unit_id: str) -> list[str]:
        unit = self.units.get(unit_id)
        extra = [unit.supervisor] if unit and unit.supervisor else []
        return [*self.publishers(), *extra]


# What a column's articles carry besides the approval form: nothing, a 政府信息公开 block
# (disclosure), or a 征求意见 block (consultation). The blocks themselves: generator/form.py.
ColumnKind = Literal["article", "disclosure", "consultation"]
UnitKind = Literal["hq", "local"]


@dataclass(frozen=True)
class Column:
    """A column (栏目) of columns.yaml: its path, title, owning unit and kind."""

    path: str
    title: str
    owner: str
    kind: ColumnKind = "article"
    type: str | None = None
    description: str | None = None
    keywords: tuple[str, ...] = ()
    cadence: str | None = None  # news | notice | plan | none: how often it must be updated (sitegen inspect)
    website: str | None = None  # the owning unit's own site (地方频道: the provincial bureau's address)
    dataset: str | None = None  # a data column: the schema its CSV files follow (generator/datasets.py)

    @property
    def parent(self) -> str | None:
        return self.path.rsplit("/", 1)[0] if "/" in self.path else None

    @property
    def depth(self) -> int:
        return self.path.count("/")


@dataclass(frozen=True)
class Columns:
    """columns.yaml: every column by path, in navigation order."""

    by_path: dict[str, Column]  # in navigation order

    def __contains__(self, path: str) -> bool:
        return path in self.by_path

    def get(self, path: str) -> Column | None:
        return self.by_path.get(path)

    def __iter__(self) -> Iterator[Column]:
        return iter(self.by_path.values())

    def children(self, path: str) -> list[Column]:
        return [c for c in self.by_path.values() if c.parent == path]


@dataclass(frozen=True)
class Remuneration:
    """稿费标准 (第十条): yuan per adopted article; a column's rate covers its sub-columns."""

    default: Decimal
    columns: dict[str, Decimal] = field(default_factory=dict)

    def rate(self, column: str) -> Decimal:
        path = column
        while path:
            if path in self.columns:
                return self.columns[path]
            path = path.rsplit("/", 1)[0] if "/" in path else ""
        return self.default


@dataclass(frozen=True)
class LifecycleSettings:
    """site.yaml `lifecycle:` (read and used in lifecycle.py; declared here, with the settings it is part of)."""

    takedown_confirm_days: int = 3
    consultation_result_days: int = 20
    interpretation_required: tuple[str, ...] = ()


@dataclass(frozen=True)
class SiteSettings:
    """site.yaml: the site's identity, registration numbers, contact, protected branch and page furniture."""

    name: str
    domain: str
    base_url: str
    id_code: str
    host: str
    contact: dict[str, str]
    icp: dict[str, str]
    police: dict[str, str]
    protected_branch: str = "main"
    index_prefix: str = ""
    page_size: int = 20
    remuneration: Remuneration | None = None  # None: the office has set no rates
    lifecycle: LifecycleSettings | None = None  # site.yaml `lifecycle:`
    # Optional page furniture (政府网站发展指引); None / () when site.yaml leaves it out.
    logo: dict[str, Any] | None = None  # {image, alt}
    conac: dict[str, Any] | None = None  # {url, image?}: 党政机关网站标识 and its verification link
    operator: str | None = None  # 承办单位
    error_report: str | None = None  # 我为政府网站找错
    links: tuple[dict[str, Any], ...] = ()  # footer links such as 中国政府网
    services: tuple[dict[str, Any], ...] = ()  # home-page service entries
    allow_unscanned_ofd: bool = False  # site.yaml attachments.allow_unscanned_ofd (issue 10)


@dataclass
class Maps:
    """The two maps and the settings as read (None where unreadable), with the MP problems found reading them."""

    departments: Departments | None
    columns: Columns | None
    settings: SiteSettings | None
    problems: list[Problem] = field(default_factory=list)

    def usable(self) -> UsableMaps | None:
        """Both maps, when both could be read: what a command that acts on them needs."""
        if self.departments is None or self.columns is None:
            return None
        return UsableMaps(self.departments, self.columns, self.settings)


@dataclass(frozen=True)
class UsableMaps:
    """Both maps, read without fault: what a command that acts on them needs."""

    departments: Departments
    columns: Columns
    settings: SiteSettings | None
