"""`sitegen withdraw` and `sitegen takedown`, and the withdrawal stamps `sitegen review/approve` sign.

Like the form's stamps, every command edits only the lines it sets (comments and layout survive)
and identifies the user by `git config user.email`. Everything is decided before anything is written.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path

from generator import lifecycle
from generator.article import Parsed, parse
from generator.commands import stampguard
from generator.commands.stamp import _scalar, _set_keys, not_there
from generator.commands.whoami import current_person
from generator.commands.whoami import usable_maps as _maps
from generator.errors import EXIT_CLEAN, Refused, SitegenError
from generator.maps import UsableMaps
from generator.mdscan import links, mask_code
from generator.project import CONTENT, find_root
from generator.rules import Sink

WITHDRAWAL_ORDER = ("reason", "requested_by", "requested", "reviewed_by", "reviewed", "approved_by", "approved")
TAKEDOWN_ORDER = ("by", "date", "reason", "leader", "leader_date", "office", "office_date")
STAGES = {"reviewed": ("reviewed_by", "本单位领导审核撤稿"), "approved": ("approved_by", "审批撤稿")}


def run_withdraw(*, path: Path, reason: str, today: dt.date | None, root: Path | None) -> int:
    today = today or dt.date.today()
    root = (root or find_root()).resolve()
    maps = _maps(root, today)
    target, rel, data, parsed = _article(root, path)
    reason = _reason(reason)
    person = current_person(root, maps.departments)
    unit = maps.departments.units.get(parsed.fields["unit"])
    if unit is None or unit.liaison_on(today) != person.id:
        who = maps.departments.label(unit.liaison_on(today) or "") if unit else ""
        raise Refused(
            f"只有 {unit.name if unit else parsed.fields['unit']} 当前的网站联络员{f' {who}' if who else ''}可以申请撤稿；"
            f"你是 {maps.departments.label(person.id)}。紧急情况请办公厅发布人使用 sitegen takedown。"
        )
    if "withdrawal" in parsed.fields:
        state = "已撤稿" if lifecycle.withdrawal_approved(parsed.fields) else "已有撤稿申请在审批中"
        raise Refused(f"{rel} {state}，不能再次申请撤稿。")
    if not _published(parsed, today):
        raise Refused(f"{rel} 尚未发布（审批未完成或发布日期未到），不能撤稿；未发布的文章直接删除文件即可。")
    block = {"reason": _scalar(reason), "requested_by": person.id, "requested": today.isoformat()}
    target.write_bytes(_add_block(data, rel, "withdrawal", block, "撤稿（sitegen withdraw）"))
    print(f"已为 {rel} 填写撤稿申请，申请人 {maps.departments.label(person.id)}，日期 {today}。")
    linking = _linking(root, rel)
    if linking:
        print("以下文章链接到本文，撤稿后链接将指向撤稿说明，请通知其联络员修改：")
        for other in linking:
            print(f"  {other}")
    print(
        f'下一步：git commit -m "撤稿申请：{parsed.fields.get("title", rel)}" -- {rel} → 请本单位领导运行 sitegen review {rel} '
        f"→ 请办公厅发布人或主管局领导运行 sitegen approve {rel} → 合并后网页改为撤稿说明。"
    )
    return EXIT_CLEAN


def run_takedown(*, path: Path, reason: str | None, confirm: bool, today: dt.date | None, root: Path | None) -> int:
    today = today or dt.date.today()
    root = (root or find_root()).resolve()
    maps = _maps(root, today)
    target, rel, data, parsed = _article(root, path)
    person = current_person(root, maps.departments)
    deps = maps.departments
    if confirm:
        return _confirm(target, rel, data, parsed, maps, person.id, today)
    if reason is None:
        raise Refused("请用 --reason 写明紧急下线的理由（会公开显示在下线说明页上），或用 --confirm 确认他人的下线。")
    reason = _reason(reason)
    if person.id not in deps.publishers():
        allowed = "、".join(deps.label(p) for p in deps.publishers()) or "（未登记）"
        raise Refused(
            f"{deps.label(person.id)} 不是办公厅发布人，不能紧急下线（第十七条）；可以下线的是：{allowed}。"
            "其他情况请由本单位联络员运行 sitegen withdraw 申请撤稿。"
        )
    if "takedown" in parsed.fields:
        raise Refused(f"{rel} 已于 {parsed.fields['takedown'].get('date')} 紧急下线，无需重复。")
    if not _published(parsed, today):
        raise Refused(f"{rel} 尚未发布，不需要下线；紧急下线不能用来发布或代替审批。")
    block = {"by": person.id, "date": today.isoformat(), "reason": _scalar(reason)}
    target.write_bytes(_add_block(data, rel, "takedown", block, "紧急下线（第十七条）"))
    deadline = lifecycle.confirm_deadline(today, lifecycle.settings_of(maps.settings))
    print(f"已将 {rel} 紧急下线（{deps.label(person.id)}，{today}）。提交并推送到主分支后，网页即改为下线说明。")
    print(
        f'请提交：git commit -m "紧急下线：{parsed.fields.get("title", rel)}" -- {rel}；'
        f"并请本单位领导和另一位办公厅人员在 {deadline} 前运行 sitegen takedown {rel} --confirm 确认。"
    )
    return EXIT_CLEAN


def _confirm(target: Path, rel: str, data: bytes, parsed: Parsed, maps: UsableMaps, person: str, today: dt.date) -> int:
    deps = maps.departments
    block = parsed.fields.get("takedown")
    if not isinstance(block, dict) or not block.get("by"):
        raise Refused(f"{rel} 没有紧急下线记录，无需确认。")
    unit = deps.units.get(parsed.fields["unit"])
    office = deps.units[deps.office].staff() if deps.office in deps.units else set()
    if unit is not None and person in unit.leaders:
        keys = ("leader", "leader_date")
    elif person in office and person != block.get("by"):
        keys = ("office", "office_date")
    else:
        why = (
            "下线人本人不能确认自己的下线" if person == block.get("by") else "只有本单位领导或另一位办公厅人员可以确认"
        )
        raise Refused(f"{deps.label(person)} 不能确认此次下线：{why}。")
    if block.get(keys[0]):
        raise Refused(f"此次下线已由 {deps.label(block[keys[0]])} 确认。")
    text = _set_keys(data, rel, {keys[0]: person, keys[1]: today.isoformat()}, "takedown", TAKEDOWN_ORDER)
    target.write_bytes(text)
    print(f"已以 {deps.label(person)} 的身份确认紧急下线，日期 {today}。请本人提交：git commit -- {rel}")
    return EXIT_CLEAN


def signs_withdrawal(parsed: Parsed, today: dt.date) -> bool:
    """`sitegen review/approve` sign the withdrawal of a published article that carries an unfinished one."""
    block = parsed.fields.get("withdrawal")
    return isinstance(block, dict) and _published(parsed, today) and not lifecycle.withdrawal_approved(parsed.fields)


def stamp_withdrawal(
    root: Path, target: Path, rel: str, data: bytes, parsed: Parsed, maps: UsableMaps, stage: str, today: dt.date
) -> int:
    deps = maps.departments
    person = current_person(root, deps).id
    block = parsed.fields["withdrawal"]
    who_key, label = STAGES[stage]
    unit = deps.units.get(parsed.fields["unit"])
    if unit is None:
        raise Refused(f"报送单位 {parsed.fields['unit']} 不在 departments.yaml 中，无法签署。")
    allowed = list(unit.leaders) if stage == "reviewed" else deps.approvers_for(unit.id)
    if person not in allowed:
        names = "、".join(deps.label(p) for p in allowed) or "（未登记）"
        raise Refused(f"{deps.label(person)} 不能签署 {unit.name} 文章的“{label}”；可以签署的是：{names}。")
    needed = "requested_by" if stage == "reviewed" else "reviewed_by"
    if not block.get(needed):
        raise Refused(f"撤稿的前一环节尚未完成，不能先签署“{label}”。")
    if person in {block.get(k) for k in ("requested_by", "reviewed_by", "approved_by") if k != who_key}:
        raise Refused(f"{deps.label(person)} 已签署本次撤稿的其他环节，每个环节须由不同的人签署。")
    current, signed = block.get(who_key), block.get(stage)
    if current == person and isinstance(signed, dt.date) and signed >= today:
        print(f"{deps.label(person)} 已于 {signed} 签署“{label}”，无需重复签署。")
        return EXIT_CLEAN
    if current and current != person:  # only its signer may remove a stamp (LC102): never advise it
        raise Refused(
            f"本次撤稿已由 {deps.label(str(current))} 于 {signed} 签署“{label}”，这一环节已经完成，无需你再签署。"
        )
    if stage == "reviewed" and block.get("approved_by"):
        raise Refused(f"本次撤稿已经审批，你于 {signed} 的审核仍然有效，无需重新签署。")
    text = _set_keys(data, rel, {who_key: person, stage: today.isoformat()}, "withdrawal", WITHDRAWAL_ORDER)
    stampguard.refuse_unless_committable(root, rel, deps.people[person], maps, data, text, today, label)
    target.write_bytes(text)
    print(f"已以 {deps.label(person)} 的身份签署“{label}”，日期 {today}。")
    print(f'请提交（提交作者必须是你本人）：git commit -m "{label}：{parsed.fields.get("title", rel)}" -- {rel}')
    return EXIT_CLEAN


# ---- helpers ----------------------------------------------------------------------------------------


def _article(root: Path, path: Path) -> tuple[Path, str, bytes, Parsed]:
    target = path if path.is_absolute() else Path.cwd() / path
    try:
        rel = target.resolve().relative_to(root).as_posix()
    except ValueError:
        raise SitegenError(f"{path} 不在站点仓库 {root} 中。") from None
    not_there(path, target)
    if target.is_symlink() or not target.is_file() or not rel.startswith(CONTENT + "/") or not rel.endswith(".md"):
        raise Refused(f"{path} 不是 content/ 中的文章（.md 文件）。")
    data = target.read_bytes()
    parsed = parse(rel, data, Sink(rel))
    if parsed.doc is None or not isinstance(parsed.fields.get("approval"), dict) or "unit" not in parsed.fields:
        raise Refused(f"{rel} 的审批单不完整或有错误，请先运行 sitegen check {rel} 并改正。")
    return target, rel, data, parsed


def _published(parsed: Parsed, today: dt.date) -> bool:
    form = parsed.fields["approval"]
    date = parsed.fields.get("date")
    approved = all(form.get(k) for k in ("reviewed_by", "approved_by", "approved"))
    return approved and isinstance(date, dt.date) and date <= today


def _reason(reason: str) -> str:
    text = " ".join(reason.split())
    if not text:
        raise Refused("理由不能为空：请用 --reason 写明理由，它会公开显示在说明页上。")
    if len(text) > 500:
        raise Refused("理由过长（超过 500 字），请精简到一两句话。")
    if any(ord(c) < 32 for c in reason if c not in "\t\n\r"):
        raise Refused("理由中含有控制字符，请重新输入。")
    return text


def _add_block(data: bytes, rel: str, key: str, values: dict[str, str], comment: str) -> bytes:
    """Append `key:` with `values` at the end of the front matter, keeping BOM and line endings."""
    parsed = parse(rel, data, Sink(rel))
    bom = data.startswith(b"\xef\xbb\xbf")
    raw = data.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in raw else "\n"
    lines = raw.split(newline)
    closing = parsed.body_line - 2  # the front matter's closing "---", 0-based
    if closing < 1 or lines[closing].strip() != "---":
        raise SitegenError(f"无法在 {rel} 的审批单末尾添加 {key}，请先运行 sitegen check {rel}。")
    block = [f"{key}:          # {comment}", *(f"  {k}: {v}" for k, v in values.items())]
    lines[closing:closing] = block
    return (b"\xef\xbb\xbf" if bom else b"") + newline.join(lines).encode("utf-8")


def _linking(root: Path, rel: str) -> list[str]:
    """Articles whose body links to `rel` (a quick scan: link syntax only)."""
    found = []
    for path in sorted((root / CONTENT).rglob("*.md")):
        other = path.relative_to(root).as_posix()
        if other == rel or path.is_symlink():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if posixpath.basename(rel)[:-3] not in text:
            continue
        folder = posixpath.dirname(other)
        for _, dest in links(mask_code(text)):
            target = posixpath.normpath(posixpath.join(folder, re.split(r"[#?]", dest)[0]))
            if target == rel:
                found.append(other)
                break
    return found
