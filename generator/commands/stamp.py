"""`sitegen new`, `sitegen review`, `sitegen approve`: fill in the approval form as oneself.

The current user is identified by `git config user.email`. Stamping edits only
the lines of the two keys it sets, so comments and layout survive.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import branches, gitio
from generator.checkcache import FileScanCache
from generator.commands.whoami import current_person
from generator.commands.whoami import usable_maps as _maps
from generator.errors import EXIT_CLEAN, Refused, SitegenError
from generator.form import COLUMN_KINDS, index_lines
from generator.maps import Column, Departments, Person, UsableMaps
from generator.problems import Sink
from generator.project import CONTENT, EXAMPLE_TITLE, PLACEHOLDER_BODY, SLUG, find_root, fold

if TYPE_CHECKING:
    from generator.article import Parsed

STAGE_KEYS = {"reviewed": ("reviewed_by", "本单位领导审核"), "approved": ("approved_by", "审批")}
APPROVAL_ORDER = ("submitted_by", "submitted", "reviewed_by", "reviewed", "approved_by", "approved", "secrecy")


def run_new(*, column: str, title: str, slug: str | None, today: dt.date | None, root: Path | None) -> int:
    today = today or dt.date.today()
    if not title.strip():
        raise Refused(f'标题不能为空：请用 --title "{EXAMPLE_TITLE}" 的形式给出文章标题。')
    if fold(title) == fold(EXAMPLE_TITLE):
        raise Refused(f'“{title}”是示例标题：请把省略号换成实际内容，例如 --title "关于调整办税服务时间的通知"。')
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in title):
        raise Refused("标题中含有换行符、制表符等控制字符：标题须写在一行内，请去掉它们后重新运行。")
    root = (root or find_root()).resolve()
    maps = _maps(root, today)
    column = column.strip("/")
    col = maps.columns.get(column)
    if col is None:
        close = difflib.get_close_matches(column, list(maps.columns.by_path), n=3)
        hint = (
            f"是不是 {'、'.join(close)}？" if close else "可用 sitegen new --help 查看用法，栏目路径见 columns.yaml。"
        )
        raise Refused(f"没有栏目 {column}。{hint}")
    person = current_person(root, maps.departments)
    unit = maps.departments.units[col.owner]
    liaison = unit.liaison_on(today)
    if person.id != liaison:
        who = maps.departments.label(liaison) if liaison else "（当前没有登记联络员）"
        raise Refused(
            f"栏目“{col.title}”由 {unit.name} 维护，只有它的网站联络员 {who} 可以新建文章；"
            f"你是 {maps.departments.label(person.id)}。如联络员已调整，请办公厅先更新 departments.yaml。"
        )
    slug = slug or _free_slug(root, column, today)
    if not SLUG.fullmatch(slug):
        raise Refused(f"文件名 {slug} 不合规：只能用小写英文字母、数字和“-”，并以字母或数字开头。")
    target = root / CONTENT / column / f"{slug}.md"
    if target.exists():
        raise Refused(f"{target.relative_to(root)} 已经存在，请换一个 --slug。")
    text = _skeleton(root, maps, col, person, unit.name, title, today)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    rel = target.relative_to(root).as_posix()
    print(f"已新建 {rel}，审批单已按联络员 {maps.departments.label(person.id)} 填好。")
    print(
        "下一步：编辑正文 → git add 并提交 → 请本单位领导运行 sitegen review "
        f"{rel} → 请办公厅或主管局领导运行 sitegen approve {rel} → 发起合并请求。"
    )
    return EXIT_CLEAN


def not_there(path: Path, target: Path) -> None:
    """A path with nothing behind it on this branch: say so, not "not an article"."""
    if not target.exists() and not target.is_symlink():
        raise SitegenError(
            f"{path}：文件不存在（当前分支的工作区中没有这个文件）。请检查路径，"
            "或用 sitegen status 查看这篇文章在哪个分支上，再用 git switch 切换到那个分支。"
        )


def run_stamp(*, path: Path, stage: str, today: dt.date | None, root: Path | None) -> int:
    today = today or dt.date.today()
    root = (root or find_root()).resolve()
    maps = _maps(root, today)
    target = path if path.is_absolute() else Path.cwd() / path
    try:
        rel = target.resolve().relative_to(root).as_posix()
    except ValueError:
        raise SitegenError(f"{path} 不在站点仓库 {root} 中。") from None
    data = target.read_bytes() if target.is_file() else None
    if data is None:
        not_there(path, target)
    if data is None or not rel.startswith(CONTENT + "/") or not rel.endswith(".md"):
        raise SitegenError(f"{path} 不是 content/ 中的文章（.md 文件）。")
    from generator.article import parse  # here: `sitegen new` reads no article
    from generator.rules.ap import placeholder

    sink = Sink(rel)
    parsed = parse(rel, data, sink)
    form = parsed.fields.get("approval")
    if parsed.doc is None or not isinstance(form, dict) or "unit" not in parsed.fields:
        raise SitegenError(f"{rel} 的审批单不完整或有错误，请先运行 sitegen check {rel} 并改正。")
    person = current_person(root, maps.departments)
    from generator.commands import lifecycle as lifecycle_commands  # a withdrawal is signed like the form

    if lifecycle_commands.signs_withdrawal(parsed, today):
        return lifecycle_commands.stamp_withdrawal(root, target, rel, data, parsed, maps, stage, today)
    who_key, label = STAGE_KEYS[stage]
    _may_stamp(maps.departments, parsed.fields["unit"], form, person, stage, label)
    unwritten = placeholder(parsed)
    if unwritten is not None:
        raise Refused(
            f"{rel}:{unwritten[0]}: 正文还是 sitegen new 写入的占位文字，不能签署“{label}”。"
            f"请联络员先改好：{unwritten[1]}"
        )
    signed = form.get(stage)
    # Signing again on a later day re-dates one's own stamp: that is how a stamp is renewed after an edit.
    if form.get(who_key) == person.id and isinstance(signed, dt.date) and signed >= today:
        print(f"{maps.departments.label(person.id)} 已于 {form[stage]} 签署“{label}”，无需重复签署。")
        return EXIT_CLEAN
    if stage == "reviewed" and form.get("approved_by"):
        _refuse_review_after_approval(maps.departments, form, person)
    text = _set_keys(data, rel, {who_key: person.id, stage: today.isoformat()})
    planned = parsed.fields.get("date")
    # A corrected article keeps its original publish date (docs/lifecycle.md).
    moved = (
        stage == "approved"
        and isinstance(planned, dt.date)
        and planned < today
        and "corrections" not in parsed.fields
        and not _already_published(root, rel, today)
    )
    if moved:
        # The approver owns the publish date: a planned day that has passed becomes the approval day.
        text = _set_date(text, rel, today.isoformat())
    from generator.commands import stampguard  # here: `sitegen new` judges no commit

    stampguard.refuse_unless_committable(root, rel, person, maps, data, text, today, label)
    target.write_bytes(text)
    _show_exemptions(parsed)
    print(f"已以 {maps.departments.label(person.id)} 的身份签署“{label}”，日期 {today}。")
    if moved:
        print(f"原定发布日期 {planned} 已过，发布日期已改为审批当天 {today}（发布日期由审批人决定）。")
    print(f'请提交（提交作者必须是你本人）：git commit -m "{label}：{parsed.fields.get("title", rel)}" -- {rel}')
    return EXIT_CLEAN


def _show_exemptions(parsed: Parsed) -> None:
    """The stamp covers the liaison's exemptions (issue 10): the signer is shown each one."""
    from generator import exemptions

    items, _ = exemptions.read(parsed.fields.get(exemptions.FIELD), parsed.line)
    if not items:
        return
    print(f"本文有 {len(items)} 项误报豁免，你的签署同时表示认可这些豁免：")
    for item in items:
        print(f"  第 {item.line} 行  {item.rule}  “{item.text}”  理由：{item.reason}")


def _may_stamp(deps: Departments, unit_id: str, form: dict[str, Any], person: Person, stage: str, label: str) -> None:
    unit = deps.units.get(unit_id)
    if unit is None:
        raise Refused(f"报送单位 {unit_id} 不在 departments.yaml 中，无法签署。")
    if stage == "reviewed":
        allowed = list(unit.leaders)
        needed = ("submitted_by", "报送")
    else:
        allowed = deps.approvers_for(unit_id)
        needed = ("reviewed_by", "本单位领导审核")
    if person.id not in allowed:
        names = "、".join(deps.label(p) for p in allowed) or "（未登记）"
        raise Refused(f"{deps.label(person.id)} 不能签署 {unit.name} 文章的“{label}”；可以签署的是：{names}。")
    if not form.get(needed[0]):
        raise Refused(f"“{needed[1]}”环节尚未完成，不能先签署“{label}”。")
    others = [
        k
        for k in ("submitted_by", "reviewed_by", "approved_by")
        if form.get(k) == person.id and k != STAGE_KEYS[stage][0]
    ]
    if others:
        raise Refused(f"{deps.label(person.id)} 已签署本文的其他环节，每个环节须由不同的人签署。")
    current = form.get(STAGE_KEYS[stage][0])
    if current and current != person.id:
        # Never advise removing the stamp: only its signer may (GH003); an edit of the article clears it (GH004).
        raise Refused(
            f"本文已由 {deps.label(current)} 于 {form.get(stage, '')} 签署“{label}”，这一环节已经完成，无需你再签署。"
            f"如果文章在签署后还要修改，由联络员修改时一并清除此签署，之后再请有权限的人重新签署。"
        )


def _refuse_review_after_approval(deps: Departments, form: dict[str, Any], person: Person) -> None:
    """A review re-dated after the approval would put the dates out of order (AP004): say what the rules allow."""
    approver = deps.label(str(form["approved_by"]))
    raise Refused(
        f"{deps.label(person.id)} 已于 {form.get('reviewed')} 审核本文，本文也已由 {approver} 于 {form.get('approved')} "
        "审批：审核仍然有效，无需重新签署。如确需重新审核（例如文章还要修改），须先清除审批签署：由审批人本人撤回自己的审批"
        "（删除 approval 中的 approved_by、approved 两行并以本人身份提交），或由联络员修改文章时一并清除审核和审批签署；"
        "之后再运行 sitegen review。"
    )


def _set_keys(
    data: bytes, rel: str, values: dict[str, str], block: str = "approval", order: tuple[str, ...] = APPROVAL_ORDER
) -> bytes:
    for key, value in values.items():
        data = _set_key(data, rel, key, value, block, order)
    return data


def _set_key(
    data: bytes, rel: str, key: str, value: str, block: str = "approval", order: tuple[str, ...] = APPROVAL_ORDER
) -> bytes:
    """Replace or insert the line `<block>.<key>`, keeping comments, BOM and line endings."""
    from generator.article import parse

    parsed = parse(rel, data, Sink(rel))
    bom = data.startswith(b"\xef\xbb\xbf")
    raw = data.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in raw else "\n"
    lines = raw.split(newline)
    approval_index = parsed.line(block) - 1
    assert parsed.doc is not None, "run_stamp parsed this form before"
    if (block, key) in parsed.doc.lines:
        index = parsed.line(block, key) - 1
        if index == approval_index:
            raise SitegenError(f"{block} 写成了单行形式，请改为每个字段一行后再签署。")
        lines[index] = _replace_value(lines[index], key, value)
    else:
        before = [parsed.line(block, k) - 1 for k in order[: order.index(key)] if (block, k) in parsed.doc.lines]
        index = max(before, default=approval_index)
        indent = _indent_of(lines[index]) if index != approval_index else "  "
        lines.insert(index + 1, f"{indent}{key}: {value}")
    return (b"\xef\xbb\xbf" if bom else b"") + newline.join(lines).encode("utf-8")


def _set_date(data: bytes, rel: str, value: str) -> bytes:
    """Replace the top-level `date:` line, keeping its comment."""
    from generator.article import parse

    parsed = parse(rel, data, Sink(rel))
    if parsed.doc is None or ("date",) not in parsed.doc.lines:
        raise SitegenError(f"{rel} 缺少 date 字段，请先填写发布日期。")
    bom = data.startswith(b"\xef\xbb\xbf")
    raw = data.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in raw else "\n"
    lines = raw.split(newline)
    index = parsed.line("date") - 1
    lines[index] = _replace_value(lines[index], "date", value)
    return (b"\xef\xbb\xbf" if bom else b"") + newline.join(lines).encode("utf-8")


def _indent_of(line: str) -> str:
    match = re.match(r"\s*", line)  # always matches, perhaps empty
    return match.group(0) if match else ""


def _replace_value(line: str, key: str, value: str) -> str:
    match = re.match(rf"^(\s*{key}\s*:)[^#]*?(\s+#.*)?$", line)
    if not match:
        raise SitegenError(f"无法自动修改这一行：{line.strip()}，请手工填写 {key}: {value}。")
    return f"{match.group(1)} {value}{match.group(2) or ''}"


def _free_slug(root: Path, column: str, today: dt.date) -> str:
    base = today.strftime("%Y%m%d")
    folder = root / CONTENT / column
    candidate, n = base, 1
    while (folder / f"{candidate}.md").exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


# Characters that are never special in a YAML plain scalar (no ASCII, no space, no line break of any
# kind): a title made of these alone is written plain without asking the YAML parser.
_PLAIN_CHARS = re.compile(r"[\u4e00-\u9fff，。、；：？！“”‘’（）《》〈〉〔〕【】—…·]+")


def _scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when that reads back unchanged, else double-quoted."""
    if _PLAIN_CHARS.fullmatch(text):
        return text
    import yaml  # here: a title of Chinese text alone needs no parser

    try:
        if yaml.safe_load(f"k: {text}") == {"k": text}:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)


def _skeleton(
    root: Path, maps: UsableMaps, col: Column, person: Person, unit_name: str, title: str, today: dt.date
) -> str:
    lines = [
        "---",
        f"title: {_scalar(title)}          # 标题",
        f"date: {today}          # 发布日期；晚于当天则到期自动发布",
        f"unit: {col.owner}          # 报送单位：{unit_name}",
        "summary:          # 摘要（可选，一两句话）",
        "approval:          # 网站信息发布审批单（第八条）",
        f"  submitted_by: {person.id}          # 报送人：本单位网站联络员",
        f"  submitted: {today}          # 报送日期",
        "  reviewed_by:          # 本单位领导审核：由领导本人运行 sitegen review 签署",
        "  reviewed:",
        "  approved_by:          # 审批：办公厅发布人或主管局领导运行 sitegen approve 签署",
        "  approved:",
        "  secrecy: 公开          # 保密审查结论：只有经审查可以“公开”的信息才能上网（第十八条）",
    ]
    block = COLUMN_KINDS[col.kind]
    if block is not None:
        skeleton = "\n".join(block.skeleton)
        index_no = _next_index_no(root, maps, today) if "{index_no}" in skeleton else ""
        closes = today + dt.timedelta(days=30)  # a consultation runs 30 days unless the liaison says otherwise
        issuer, topic = _scalar(unit_name), _scalar(col.title)
        lines += skeleton.format(index_no=index_no, issuer=issuer, topic=topic, today=today, closes=closes).split("\n")
    lines += ["---", "", PLACEHOLDER_BODY]
    return "\n".join(lines)


def _articles_in(folder: Path) -> list[tuple[str, str]]:
    """(name, path) of the articles directly in `folder`, as `folder.glob("*.md")` finds them, without pathlib's cost."""
    try:
        with os.scandir(folder) as entries:
            return [
                (e.name, e.path)
                for e in entries
                if e.name.endswith(".md") and not e.name.startswith(".") and e.is_file()
            ]
    except OSError:
        return []


def _next_index_no(root: Path, maps: UsableMaps, today: dt.date) -> str:
    """One more than the highest number of the year seen anywhere this clone can see.

    The working tree (this branch) and every local and fetched branch's new or changed
    disclosure articles: two liaisons collide only when both start before either branch has
    been pushed and fetched. The merge-request check (`--target`) catches what still slips through.
    """
    prefix = maps.settings.index_prefix if maps.settings else ""
    head = f"{prefix}/{today.year}-" if prefix else f"{today.year}-"
    folders = {f"{CONTENT}/{col.path}" for col in maps.columns if col.kind == "disclosure"}
    numbers: list[str] = []
    scans = FileScanCache(root, "allocator.json")  # the working files' numbers, by stat data
    for folder in folders:
        for name, path in _articles_in(root / folder):
            rel, signature = f"{folder}/{name}", scans.signature(path)
            found = scans.get(rel, signature)
            if found is None:
                with open(path, "rb") as handle:
                    found = [number for _, number in index_lines(handle.read(8192).decode("utf-8", "replace"))]
                scans.put(rel, signature, found)
            numbers += found
    scans.save()
    texts: list[str] = []
    if gitio.toplevel(root) is not None:
        protected = maps.settings.protected_branch if maps.settings else "main"
        elsewhere = [
            f"{ref}:{p}" for ref, p in branches.on_their_way(root, protected) if p.rsplit("/", 1)[0] in folders
        ]
        texts += [data[:8192].decode("utf-8", "replace") for data in gitio.read_blobs(root, elsewhere).values()]
    for text in texts:
        numbers += [number for _, number in index_lines(text)]
    highest = 0
    for number in numbers:
        if number.startswith(head) and number[len(head) :].isdigit():
            highest = max(highest, int(number[len(head) :]))
    return f"{head}{highest + 1:05d}"


def _already_published(root: Path, rel: str, today: dt.date) -> bool:
    """True when HEAD or the protected branch already publishes `rel`: its date is public and stays (LC104)."""
    from generator import history
    from generator.rules import lc_git

    for rev in ("HEAD", branches.protected_tip(root)):
        if rev is None:
            continue
        form = history.forms_at(root, rev)(rel)
        if form is not None and lc_git.published(form, today):
            return True
    return False
