"""Who is running the command, and the maps it acts on: the little every daily command needs first.

Kept apart from the stamping code so that `sitegen columns` and `sitegen status` load neither the
YAML parser nor the article reader (the maps come from the cache, generator/mapcache.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator import gitio
from generator.errors import Refused, SitegenError
from generator.mapcache import load_maps
from generator.maps import Departments, Person, UsableMaps
from generator.project import WorkTree


def current_person(root: Path, departments: Departments) -> Person:
    email = gitio.config_value(root, "user.email")
    if not email:
        raise Refused("尚未设置 git 邮箱：请运行 git config user.email <你在 departments.yaml 中登记的邮箱>。")
    person = departments.person_by_email(email)
    if person is None:
        raise Refused(
            f"你的 git 邮箱 {email} 不在 departments.yaml 中。请用登记的邮箱运行 git config user.email …，"
            "或请办公厅先登记你。"
        )
    return person


def usable_maps(root: Path, today: dt.date) -> UsableMaps:
    maps = load_maps(WorkTree(root), today)
    usable = maps.usable()
    if usable is None:
        first = maps.problems[0] if maps.problems else None
        detail = f"{first.path}:{first.line}: {first.message}" if first else ""
        raise SitegenError(f"两张地图（columns.yaml、departments.yaml）有错误，请先运行 sitegen check。{detail}")
    return usable
