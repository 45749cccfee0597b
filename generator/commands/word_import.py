"""`sitegen import FILE.docx COLUMN`: a new article from a Word document, for the column's liaison.

Read and convert everything first; write the article and its images only then, exclusively;
run the whole check (secrecy and privacy scan included) on what was written, and take it all
back when the scan finds an error. A refused file leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import difflib
import sys
from pathlib import Path

from generator import wordconv
from generator.article import SLUG
from generator.commands.stamp import _free_slug, _skeleton
from generator.commands.whoami import current_person
from generator.commands.whoami import usable_maps as _maps
from generator.errors import EXIT_CLEAN, EXIT_PROBLEMS, Refused, SitegenError
from generator.problems import format_text
from generator.project import CONTENT, find_root


def run_import(
    *, source: Path, column: str, title: str | None, slug: str | None, today: dt.date | None, root: Path | None
) -> int:
    today = today or dt.date.today()
    root = (root or find_root()).resolve()
    maps = _maps(root, today)
    column = column.strip("/")
    col = maps.columns.get(column)
    if col is None:
        close = difflib.get_close_matches(column, list(maps.columns.by_path), n=3)
        raise Refused(
            f"没有栏目 {column}。" + (f"是不是 {'、'.join(close)}？" if close else "栏目路径见 columns.yaml。")
        )
    person = current_person(root, maps.departments)
    unit = maps.departments.units[col.owner]
    if unit.liaison_on(today) != person.id:
        liaison = unit.liaison_on(today)
        who = maps.departments.label(liaison) if liaison else "（当前没有登记联络员）"
        raise Refused(
            f"栏目“{col.title}”由 {unit.name} 维护，只有它的网站联络员 {who} 可以导入文章；你是 {maps.departments.label(person.id)}。"
        )
    data = _read(source)
    try:
        wordconv.screen(source.name, data)
    except wordconv.WordError as exc:
        raise Refused(str(exc)) from None
    slug = slug or _free_slug(root, column, today)
    if not SLUG.fullmatch(slug):
        raise Refused(f"文件名 {slug} 不合规：只能用小写英文字母、数字和“-”，并以字母或数字开头。")
    target = root / CONTENT / column / f"{slug}.md"
    folder = root / CONTENT / column / slug
    if target.exists() or folder.exists():
        raise Refused(f"{target.relative_to(root)} 或其附件文件夹已经存在，请用 --slug 换一个文件名。")
    converted = _convert(data, slug)
    title = (title or converted.title or source.stem).strip()
    if not title:
        raise Refused("无法确定标题：请用 --title 指定文章标题。")
    head = _skeleton(root, maps, col, person, unit.name, title, today)
    text = head[: head.index("---\n", 4) + 4] + "\n" + converted.markdown
    written = _write(target, folder, text, converted.images)
    rel = target.relative_to(root).as_posix()
    return _scan(root, rel, written, today, converted, maps.departments.label(person.id))


def _read(source: Path) -> bytes:
    if not source.is_file():
        raise SitegenError(f"找不到文件 {source}。")
    size = source.stat().st_size
    if size > wordconv.MAX_FILE:
        raise Refused(
            f"文件有 {size / 1048576:.0f} MB，超过 50 MB 上限；请压缩其中的图片（Word：图片格式 → 压缩图片）后再导入。"
        )
    return source.read_bytes()


def _convert(data: bytes, slug: str) -> wordconv.Converted:
    try:
        return wordconv.convert(data, slug)
    except wordconv.WordError as exc:
        raise Refused(str(exc)) from None


def _write(target: Path, folder: Path, text: str, images: list[tuple[str, bytes]]) -> list[Path]:
    """Create the article and its images exclusively; on any failure remove what was created."""
    written: list[Path] = []
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8", newline="\n") as out:
            written.append(target)
            out.write(text)
        if images:
            folder.mkdir()
            written.append(folder)
            for name, blob in images:
                with open(folder / name, "xb") as out:
                    written.append(folder / name)
                    out.write(blob)
    except BaseException:
        _remove(written)
        raise
    return written


def _remove(written: list[Path]) -> None:
    for path in reversed(written):
        if path.is_dir():
            path.rmdir()
        else:
            path.unlink(missing_ok=True)


def _scan(root: Path, rel: str, written: list[Path], today: dt.date, converted: wordconv.Converted, who: str) -> int:
    from generator.checking import check_tree

    targets = [p.relative_to(root).as_posix() for p in written if p.is_file()]
    try:
        problems = check_tree(root, today=today, release=False, targets=targets).problems
    except BaseException:
        _remove(written)
        raise
    secret = [p for p in problems if p.rule.startswith("SE") and p.severity == "error"]
    if secret:
        _remove(written)
        sys.stdout.write(format_text(secret))
        print(
            f"保密与隐私检查发现 {len(secret)} 个问题（行号指导入后的文章），已撤销导入，没有留下任何文件。"
            "请在 Word 文档中删除或处理这些内容（涉密标志、身份证号、手机号、银行卡号等）后重新导入。",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    print(f"已导入 {rel}（{len(converted.images)} 张图片作为附件），审批单已按联络员 {who} 填好。")
    for item in converted.dropped:
        print(f"注意：{item} 未能导入，请另行处理。")
    print("Word 文档的属性（作者等）和批注不会导入；请核对标题、表格和图片是否正确。")
    shown = [p for p in problems if p.severity != "info"]
    if shown:
        sys.stdout.write(format_text(shown))
    print(f"下一步：核对 {rel} → git add 并提交 → 请本单位领导运行 sitegen review {rel}。")
    return EXIT_CLEAN
