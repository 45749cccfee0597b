"""`sitegen codeowners [--check]`: the CODEOWNERS file, derived from the two maps.

GitLab and GitHub read the same syntax (the last matching line wins) and, with
branch protection, require a listed owner's approval of every merge request.
It says in the host's terms what the GH rules check in the history: a column
belongs to its unit's liaison and leaders, the maps to the office, the code to
the technical unit. `--check` (in CI) fails when the maps changed and it did not.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import sys
from pathlib import Path

from generator.errors import EXIT_CLEAN, EXIT_PROBLEMS, SitegenError
from generator.mapcache import load_maps
from generator.maps import Columns, Departments, Unit
from generator.problems import format_text
from generator.project import OFFICE_FILES, TECHNICAL_PATHS, WorkTree, find_root

FILE = "CODEOWNERS"
HEADER = """\
# 本文件由 sitegen codeowners 根据 departments.yaml 和 columns.yaml 生成，请勿手工修改；
# 地图改动后运行 sitegen codeowners 重新生成并一同提交（CI 用 sitegen codeowners --check 核对）。
# GitLab 和 GitHub 读取同样的写法：最后一条匹配的规则生效。合并请求须经所列人员之一批准，
# 分支保护和“需要代码负责人批准”的设置见 docs/ci.md。
"""


def run_codeowners(*, check_only: bool, root: Path | None) -> int:
    root = (root or find_root()).resolve()
    maps = load_maps(WorkTree(root), dt.date.today())
    usable = maps.usable()
    if usable is None:
        sys.stdout.write(format_text(maps.problems))
        raise SitegenError(
            "两张地图有错误，无法生成 CODEOWNERS；请先按上面的提示修正（sitegen check 会列出全部问题）。"
        )
    text = render(usable.departments, usable.columns)
    path = root / FILE
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if check_only:
        return _report_check(current, text)
    if current == text:
        print(f"{FILE} 已与两张地图一致，无需改动。")
        return EXIT_CLEAN
    temporary = path.with_name(f".{FILE}.tmp{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)  # never a half-written file for the host to read
    print(f"已{'更新' if current is not None else '生成'} {FILE}，请把它和地图的改动一起提交。")
    return EXIT_CLEAN


def _report_check(current: str | None, text: str) -> int:
    if current == text:
        print(f"{FILE} 与两张地图一致。")
        return EXIT_CLEAN
    if current is None:
        print(f"sitegen: 仓库根目录没有 {FILE}。请运行 sitegen codeowners 生成它并提交。", file=sys.stderr)
        return EXIT_PROBLEMS
    diff = difflib.unified_diff(current.splitlines(True), text.splitlines(True), f"{FILE}（现有）", f"{FILE}（应为）")
    sys.stdout.writelines(diff)
    print(
        f"sitegen: {FILE} 与两张地图不一致（见上面的差异）。请运行 sitegen codeowners 重新生成并提交。", file=sys.stderr
    )
    return EXIT_PROBLEMS


def render(deps: Departments, columns: Columns, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    office = _emails(deps, sorted(_staff(deps, deps.office, today)))
    technical = _emails(deps, sorted(_staff(deps, deps.technical, today)))
    lines = [
        HEADER,
        "# 其他文件：办公厅和技术单位",
        _entry("*", office + technical),
        "",
        f"# 栏目：所属单位的网站联络员和单位领导；不属于任何栏目的内容归 {deps.unit_label(deps.office)}",
        _entry("/content/", office),
    ]
    for column in columns:
        unit = deps.units.get(column.owner)
        owners = _emails(deps, _column_people(unit, today)) if unit else []
        lines.append(f"# {column.title}（{deps.unit_label(column.owner)}）")
        lines.append(_entry(f"/content/{column.path}/", owners or office))
    lines += ["", f"# 两张地图和站点设置：{deps.unit_label(deps.office)}（第四条(一)）"]
    lines += [_entry(f"/{name}", office) for name in OFFICE_FILES]
    lines += ["", f"# 模板、生成器、钩子、测试和 CI 配置：{deps.unit_label(deps.technical)}（第四条(四)）"]
    lines += [_entry(f"/{name}", technical) for name in TECHNICAL_PATHS]
    return "\n".join(lines) + "\n"


def _column_people(unit: Unit, today: dt.date) -> list[str]:
    # Powers follow the register's dates: only the liaison in office today, never a former one.
    liaison = unit.liaison_on(today)
    return [*([liaison] if liaison else []), *unit.leaders]


def _staff(deps: Departments, unit_id: str, today: dt.date) -> set[str]:
    unit = deps.units.get(unit_id)
    return unit.staff_on(today) if unit else set()


def _emails(deps: Departments, people: list[str]) -> list[str]:
    seen: list[str] = []
    for person_id in people:
        person = deps.people.get(person_id)
        if person and person.email not in seen:
            seen.append(person.email)
    return seen


def _entry(pattern: str, owners: list[str]) -> str:
    return f"{pattern} {' '.join(owners)}".rstrip()
