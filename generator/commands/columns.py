"""`sitegen columns`: the columns, who maintains them, and (--mine) what I may do in each.

Apart from `sitegen status` so that it loads only the maps (from the cache) and who I am.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from generator.commands.whoami import current_person, usable_maps
from generator.errors import EXIT_CLEAN
from generator.project import find_root


def run_columns(*, mine_only: bool, fmt: str, today: dt.date | None, root: Path | None) -> int:
    today = today or dt.date.today()
    root = (root or find_root()).resolve()
    maps = usable_maps(root, today)
    deps, columns = maps.departments, maps.columns
    assert deps is not None and columns is not None
    person = current_person(root, deps) if mine_only else None
    rows = []
    for column in columns:
        unit = deps.units.get(column.owner)
        liaison = unit.liaison_on(today) if unit else None
        roles = []
        if person is not None:
            if liaison == person.id:
                roles.append("new")
            if unit is not None and person.id in unit.leaders:
                roles.append("review")
            if person.id in deps.approvers_for(column.owner):
                roles.append("approve")
            if not roles:
                continue
        rows.append(
            {
                "path": column.path,
                "title": column.title,
                "owner": column.owner,
                "owner_name": unit.name if unit else column.owner,
                "liaison": liaison,
                "liaison_name": deps.label(liaison) if liaison else None,
                "roles": roles,
            }
        )
    if fmt == "json":
        sys.stdout.write(json.dumps({"columns": rows}, ensure_ascii=False, indent=2) + "\n")
        return EXIT_CLEAN
    words = {"new": "可新建和修改文章", "review": "可审核", "approve": "可审批"}
    if person is not None:
        print(
            f"{deps.label(person.id)} 可以操作的栏目：{len(rows)} 个"
            if rows
            else f"{deps.label(person.id)} 没有可以发布的栏目。"
        )
    for row in rows:
        who = row["liaison_name"] or "（当前没有登记联络员）"
        said = f"  —— {'、'.join(words[r] for r in row['roles'])}" if row["roles"] else ""
        print(f"{row['path']}  {row['title']}  {row['owner_name']}  联络员 {who}{said}")
    return EXIT_CLEAN
