"""What the article rules may look at besides the article itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.maps import Columns, Departments, SiteSettings
from generator.project import Tree


@dataclass(frozen=True)
class Context:
    """What a rule may see besides the article: the maps, the day, the mode and the tree."""

    departments: Departments | None
    columns: Columns | None
    today: dt.date
    release: bool
    tree: Tree
    settings: SiteSettings | None = None  # when site.yaml could be read
