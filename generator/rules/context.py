"""What the article rules may look at besides the article itself."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from generator.maps import Columns, Departments, SiteSettings
    from generator.project import Tree


class Context:
    """What a rule may see besides the article: the maps, the day, the mode and the tree.

    A plain class, read-only by its Final attributes: creating a frozen dataclass costs about a millisecond,
    at every start of the pre-commit hook (as do the other plain record classes on its path).
    """

    __slots__ = ("columns", "departments", "release", "settings", "today", "tree")

    def __init__(
        self,
        departments: Departments | None,
        columns: Columns | None,
        today: dt.date,
        release: bool,
        tree: Tree,
        settings: SiteSettings | None = None,  # when site.yaml could be read
    ) -> None:
        self.departments: Final = departments
        self.columns: Final = columns
        self.today: Final = today
        self.release: Final = release
        self.tree: Final = tree
        self.settings: Final = settings
