"""What the article rules may look at besides the article itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from generator.maps import Columns, Departments
from generator.project import Tree


@dataclass(frozen=True)
class Context:
    departments: Departments | None
    columns: Columns | None
    today: dt.date
    release: bool
    tree: Tree
    settings: Any = None  # maps.SiteSettings, when site.yaml could be read
