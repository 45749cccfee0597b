"""Loading the two maps and the site settings into the model (`generator.maps`).

MP: the maps' schemas, references and the liaison register. Loading never raises on bad
data: what is valid becomes the model, what is not becomes MP problems, declared here
because they are found while reading.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from decimal import Decimal
from typing import Any

from generator import lifecycle, workdays
from generator.datasets import DATASET_NAMES
from generator.form import COLUMN_KINDS
from generator.frontmatter import DecodeError, decode
from generator.maps import Column, Columns, Departments, LiaisonTerm, Maps, Person, Remuneration, SiteSettings, Unit
from generator.problems import ERROR, WARNING, Sink, rule
from generator.project import COLUMNS, DEPARTMENTS, MAP_FILES, RESERVED_OUTPUT, SETTINGS, Files
from generator.schema import Codes, Field, validate
from generator.yamlsrc import KeyPath, YamlAliasError, YamlDoc, YamlSyntaxError, load

BROKEN = rule("MP001", ERROR, "地图文件缺失、不是 UTF-8、YAML 语法错误、不是映射或使用了锚点/别名")
UNKNOWN_UNIT = rule("MP002", ERROR, "引用了 departments.yaml 中不存在的单位")
UNKNOWN_PERSON = rule("MP003", ERROR, "引用了 departments.yaml 中不存在的人员")
REGISTER_ORDER = rule("MP004", ERROR, "联络员备案登记顺序颠倒、时间重叠，或非最后一条缺少 to")
LIAISON_GAP = rule("MP005", WARNING, "联络员空缺超过 15 个工作日（第六条(三)，含调休）")
BAD_ID = rule("MP006", ERROR, "人员或单位 id、栏目路径不合规")
UNKNOWN_KEY = rule("MP007", ERROR, "地图中有未知字段")
COLUMN_ORDER = rule("MP008", ERROR, "子栏目的上级栏目不存在或排在其后")
SHARED_EMAIL = rule("MP009", ERROR, "两个人员使用同一邮箱")
BAD_VALUE = rule("MP010", ERROR, "取值不合规（如网站标识码、单位类型、栏目类型）")
MISSING_KEY = rule("MP011", ERROR, "地图缺少必填字段")
WRONG_TYPE = rule("MP012", ERROR, "地图字段类型不对")
BAD_DATE = rule("MP013", ERROR, "地图中的日期无效")
STRAY_PUBLISHER = rule("MP014", ERROR, "办公厅以外的单位登记了发布人（publishers）")
RESERVED_COLUMN = rule("MP015", ERROR, "栏目路径占用了网站保留的目录名")

CODES = Codes(UNKNOWN_KEY, MISSING_KEY, WRONG_TYPE, BAD_DATE, BAD_VALUE)
ID = r"[a-z0-9][a-z0-9.-]*"
SEGMENT = r"[a-z0-9][a-z0-9-]*"
EMAIL = r"[^@\s]+@[^@\s]+\.[^@\s]+"

DEPARTMENTS_FIELDS = {
    "office": Field("str", True, "发布和审批单位（办公厅）"),
    "technical": Field("str", True, "技术单位（电子税务管理中心）"),
    "people": Field("map", True, "人员"),
    "units": Field("map", True, "单位"),
    "signing": Field("map", False, "提交签名要求"),
}
SIGNING_FIELDS = {
    "required": Field("any", False, "是否要求每个提交都有作者本人的签名（true/false）"),
}
SSH_KEY = r"(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+=*( .*)?"
PERSON_FIELDS = {
    "name": Field("str", True, "姓名"),
    "email": Field("str", True, "提交代码所用邮箱", pattern=EMAIL, hint="例如 zhangwei@example.gov.cn。"),
    "signing_key": Field(
        "str",
        False,
        "SSH 签名公钥",
        pattern=SSH_KEY,
        hint="应为一行 SSH 公钥，例如 ssh-ed25519 AAAAC3Nz…（即 ~/.ssh/id_ed25519.pub 的内容）。",
    ),
}
UNIT_FIELDS = {
    "name": Field("str", True, "单位名称"),
    "kind": Field("str", True, "单位类型", choices=("hq", "local")),
    "leaders": Field("str_list", True, "本单位领导"),
    "supervisor": Field("str", True, "主管局领导"),
    "publishers": Field("str_list", False, "办公厅发布人"),
    "liaisons": Field("list", True, "网站联络员备案登记"),
}
TERM_FIELDS = {
    "person": Field("str", True, "联络员"),
    "from": Field("date", True, "起始日期"),
    "to": Field("date", False, "截止日期"),
}
COLUMN_FIELDS = {
    "title": Field("str", True, "栏目名称"),
    "owner": Field("str", True, "维护单位"),
    "kind": Field("str", False, "栏目类别", choices=tuple(COLUMN_KINDS)),
    "type": Field("str", False, "栏目类型（ColumnType）"),
    "description": Field("str", False, "栏目描述"),
    "keywords": Field("str_list", False, "栏目关键词"),
    "cadence": Field(
        "str",
        False,
        "栏目更新周期（政府网站检查指标）",
        choices=("news", "notice", "plan", "none"),
    ),
    "website": Field(
        "str", False, "该单位自己的网站地址", pattern=r"https?://\S+", hint="例如 https://beijing.chinatax.gov.cn/。"
    ),
    "dataset": Field("str", False, "数据栏目的数据集", choices=DATASET_NAMES),
}
SETTINGS_FIELDS = {
    "name": Field("str", True, "网站名称"),
    "domain": Field("str", True, "网站域名"),
    "base_url": Field(
        "str", True, "网站地址", pattern=r"https?://\S+/", hint="以 / 结尾，例如 https://www.chinatax.gov.cn/。"
    ),
    "id_code": Field("str", True, "网站标识码", pattern=r"bm\d{8}|\d{10}", hint="应为 bm 加 8 位数字，或 10 位数字。"),
    "host": Field("str", True, "主办单位"),
    "contact": Field("map", True, "联系方式"),
    "icp": Field("map", True, "ICP 备案"),
    "police": Field("map", True, "公安机关备案"),
    "protected_branch": Field("str", False, "受保护分支"),
    "index_prefix": Field("str", False, "索引号前缀"),
    "page_size": Field("any", False, "每页条数"),
    "remuneration": Field("map", False, "稿费标准（元/篇，第十条）"),
    # The page furniture of 政府网站发展指引 (all optional; see docs/site.md).
    "logo": Field("map", False, "网站标志（logo 图片）"),
    "conac": Field("map", False, "党政机关网站标识"),
    "operator": Field("str", False, "承办单位"),
    "error_report": Field("str", False, "“我为政府网站找错”地址", pattern=r"https?://\S+"),
    "links": Field("list", False, "页脚相关链接（如中国政府网）"),
    "services": Field("list", False, "首页办事服务入口"),
    "attachments": Field("map", False, "附件设置"),
    "lifecycle": Field("map", False, "文章生命周期设置"),
}
REMUNERATION_FIELDS = {
    "default": Field("any", True, "每篇采用稿件的稿费（元）"),
    "columns": Field("map", False, "个别栏目的稿费（元/篇），含其子栏目"),
}
IMAGE = r"[A-Za-z0-9][A-Za-z0-9._-]*\.(svg|png|jpg|gif|webp)"
IMAGE_HINT = "写 templates/static/ 中的文件名，例如 logo.svg。"
LOGO_FIELDS = {
    "image": Field("str", True, "标志图片", pattern=IMAGE, hint=IMAGE_HINT),
    "alt": Field("str", True, "标志图片的替代文字"),
}
CONAC_FIELDS = {
    "url": Field("str", True, "标识的核验地址（开办单位的网站标识核验链接）", pattern=r"https?://\S+"),
    "image": Field("str", False, "标识图片", pattern=IMAGE, hint=IMAGE_HINT),
}
LINK_FIELDS = {
    "title": Field("str", True, "名称"),
    "url": Field("str", True, "地址", pattern=r"https?://\S+", hint="以 http:// 或 https:// 开头。"),
    "note": Field("str", False, "说明"),
}
RECORD_FIELDS = {
    "number": Field("str", True, "备案号"),
    "url": Field("str", True, "查询地址", pattern=r"https?://\S+"),
    "badge": Field("str", False, "备案图标", pattern=IMAGE, hint=IMAGE_HINT),
}
ATTACHMENT_SETTINGS = {"allow_unscanned_ofd": Field("any", False, "允许发布无法检查内容的 OFD 附件")}
CONTACT_FIELDS = {
    "phone": Field("str", False, "电话"),
    "address": Field("str", False, "地址"),
    "postcode": Field("str", False, "邮编"),
    "email": Field("str", False, "邮箱"),
    "hours": Field("str", False, "工作时间"),
}


class _Recorder:
    """Reads through to a tree and remembers what it read: the maps are a function of those bytes."""

    def __init__(self, tree: Files):
        self.tree = tree
        self.reads: dict[str, bytes | None] = {}

    def read(self, rel: str) -> bytes | None:
        if rel not in self.reads:
            self.reads[rel] = self.tree.read(rel)
        return self.reads[rel]

    def preload(self, paths: list[str]) -> None:
        _preload(self.tree, paths)


def _preload(tree: Files, paths: list[str]) -> None:
    """Ask a tree that reads from git to read these in one go (one `git cat-file --batch`)."""
    preload = getattr(tree, "preload", None)
    if preload is not None:
        preload(paths)


BASE_TEMPLATE = "templates/base.html"  # its presence says the tree has templates/static

# The last maps loaded in this process, with the day and the files they were read from: the
# pre-commit hook loads the index's maps and HEAD's, which are nearly always the same bytes.
_LAST: list[tuple[dt.date, dict[str, bytes | None], Maps]] = []


def load_maps(tree: Files, today: dt.date) -> Maps:
    """The maps of `tree` on `today` (parsed once per process for the same files and day)."""
    return load_maps_read(tree, today)[0]


def load_maps_read(tree: Files, today: dt.date) -> tuple[Maps, dict[str, bytes | None]]:
    """The maps, and every file they were made from (None: absent): the maps are a function of these and the day."""
    for day, reads, maps in _LAST:
        if day == today:
            _preload(tree, list(reads))
        if day == today and all(tree.read(rel) == data for rel, data in reads.items()):
            return dataclasses.replace(maps, problems=list(maps.problems)), dict(reads)
    recorder = _Recorder(tree)
    maps = _load_maps(recorder, today)
    _LAST[:] = [(today, recorder.reads, maps)]
    return dataclasses.replace(maps, problems=list(maps.problems)), dict(recorder.reads)


def _load_maps(tree: Files, today: dt.date) -> Maps:
    _preload(tree, [*MAP_FILES, BASE_TEMPLATE])
    sinks = {name: Sink(name) for name in (DEPARTMENTS, COLUMNS, SETTINGS)}
    departments = _departments(tree, sinks[DEPARTMENTS], today)
    columns = _columns(tree, sinks[COLUMNS], departments)
    settings = _settings(tree, sinks[SETTINGS])
    problems = [p for sink in sinks.values() for p in sink.problems]
    return Maps(departments, columns, settings, problems)


def read_yaml(tree: Files, name: str, sink: Sink) -> YamlDoc | None:
    data = tree.read(name)
    if data is None:
        sink.add(BROKEN, 1, f"找不到 {name}，请在仓库根目录创建它（格式见 docs/maps.md）。")
        return None
    try:
        doc = load(decode(data))
    except DecodeError as exc:
        sink.add(BROKEN, exc.line, f"{name} 不是 UTF-8 编码（{exc.detail}），请用 UTF-8 另存。")
        return None
    except YamlAliasError as exc:
        sink.add(BROKEN, exc.line, "不允许使用 YAML 锚点和别名（& 与 *），请把内容直接写出来。")
        return None
    except YamlSyntaxError as exc:
        sink.add(BROKEN, exc.line, f"YAML 语法错误：{exc.detail}。请检查冒号后的空格、缩进和引号。")
        return None
    for path, line in doc.duplicates:
        sink.add(BROKEN, line, f"键 {path[-1]} 重复出现，请删除或合并其中一处。")
    if not isinstance(doc.value, dict):
        sink.add(BROKEN, doc.line(), f"{name} 的顶层应当是“键: 值”形式的映射。")
        return None
    return doc


def _departments(tree: Files, sink: Sink, today: dt.date) -> Departments | None:
    doc = read_yaml(tree, DEPARTMENTS, sink)
    if doc is None:
        return None
    top = validate(doc.value, DEPARTMENTS_FIELDS, doc, (), sink, CODES)
    people = _people(doc, top.get("people", {}), sink)
    units = {}
    for unit_id, raw in top.get("units", {}).items():
        unit = _unit(doc, str(unit_id), raw, people, sink, today)
        if unit:
            units[unit.id] = unit
    for key in ("office", "technical"):
        if key in top and top[key] not in units:
            sink.add(UNKNOWN_UNIT, doc.line(key), f"{key} 指向的单位 {top[key]} 不在 units 中，请填写已登记的单位 id。")
    if "office" not in top or "technical" not in top:
        return None
    for unit in units.values():
        if unit.publishers and unit.id != top["office"]:
            sink.add(
                STRAY_PUBLISHER,
                doc.line("units", unit.id, "publishers"),
                f"只有办公厅（{top['office']}）可以登记发布人，请删除 {unit.id} 的 publishers。",
            )
    return Departments(top["office"], top["technical"], people, units, _signing_required(doc, top, sink))


def _signing_required(doc: YamlDoc, top: dict[str, Any], sink: Sink) -> bool:
    signing = validate(top["signing"], SIGNING_FIELDS, doc, ("signing",), sink, CODES) if "signing" in top else {}
    required = signing.get("required", False)
    if not isinstance(required, bool):
        sink.add(WRONG_TYPE, doc.line("signing", "required"), "signing.required 应为 true 或 false。")
        return False
    return required


def _people(doc: YamlDoc, raw_people: dict[Any, Any], sink: Sink) -> dict[str, Person]:
    people: dict[str, Person] = {}
    owners: dict[str, str] = {}
    for person_id, raw in raw_people.items():
        person_id = str(person_id)
        if not re.fullmatch(ID, person_id):
            sink.add(
                BAD_ID,
                doc.line("people", person_id),
                f"人员 id {person_id} 不合规：只能使用小写英文字母、数字、“.”和“-”，例如 zhangwei。",
            )
            continue
        fields = validate(raw, PERSON_FIELDS, doc, ("people", person_id), sink, CODES)
        if "name" not in fields or "email" not in fields:
            continue
        email = fields["email"].lower()
        if email in owners:
            sink.add(
                SHARED_EMAIL,
                doc.line("people", person_id, "email"),
                f"{person_id} 与 {owners[email]} 使用同一邮箱 {email}；提交者按邮箱识别，每人须有自己的邮箱。",
            )
        owners.setdefault(email, person_id)
        people[person_id] = Person(person_id, fields["name"], fields["email"], fields.get("signing_key"))
    return people


def _unit(doc: YamlDoc, unit_id: str, raw: Any, people: dict[str, Person], sink: Sink, today: dt.date) -> Unit | None:
    path = ("units", unit_id)
    if not re.fullmatch(ID, unit_id):
        sink.add(BAD_ID, doc.line(*path), f"单位 id {unit_id} 不合规：只能使用小写英文字母、数字、“.”和“-”。")
        return None
    fields = validate(raw, UNIT_FIELDS, doc, path, sink, CODES)
    if len(fields) < 3:
        return None

    def known(person_id: str, *where: Any) -> bool:
        if person_id in people:
            return True
        sink.add(
            UNKNOWN_PERSON,
            doc.line(*path, *where),
            f"{unit_id} 的 {'.'.join(map(str, where))} 中的 {person_id} 不在 people 中，请先在 people 中登记此人。",
        )
        return False

    leaders = tuple(p for i, p in enumerate(fields.get("leaders", [])) if known(p, "leaders", i))
    publishers = tuple(p for i, p in enumerate(fields.get("publishers", [])) if known(p, "publishers", i))
    supervisor = fields.get("supervisor")
    if supervisor and not known(supervisor, "supervisor"):
        supervisor = None
    terms, registered = [], []
    for i, raw_term in enumerate(fields.get("liaisons", [])):
        term = validate(raw_term, TERM_FIELDS, doc, path + ("liaisons", i), sink, CODES)
        if "person" in term and "from" in term:
            # A misspelt person still holds the post in the register: no false vacancy.
            registered.append((i, LiaisonTerm(term["person"], term["from"], term.get("to"))))
            if known(term["person"], "liaisons", i):
                terms.append(registered[-1])
    _register(doc, path, registered, sink, today)
    return Unit(
        unit_id,
        fields.get("name", unit_id),
        fields.get("kind", "hq"),
        leaders,
        supervisor,
        publishers,
        tuple(t for _, t in terms),
    )


def _register(doc: YamlDoc, path: KeyPath, terms: list[tuple[int, LiaisonTerm]], sink: Sink, today: dt.date) -> None:
    """The 备案 register: oldest first, no overlap, and no gap over 15 working days."""
    for position, (i, term) in enumerate(terms):
        line = doc.line(*path, "liaisons", i)
        if term.end is not None and term.end < term.start:
            sink.add(REGISTER_ORDER, line, f"{term.person} 的 to（{term.end}）早于 from（{term.start}），请更正日期。")
        is_last = position == len(terms) - 1
        if term.end is None and not is_last:
            sink.add(REGISTER_ORDER, line, f"只有最后一条登记可以不写 to；请为 {term.person} 填写卸任日期。")
        if is_last:
            if term.end is not None and workdays.workdays_after(term.end, today) > 15:
                sink.add(
                    LIAISON_GAP,
                    line,
                    f"{term.person} 已于 {term.end} 卸任，至今超过 15 个工作日仍未登记新的网站联络员（第六条(三)），请尽快确定并登记。",
                )
            continue
        _, nxt = terms[position + 1]
        next_line = doc.line(*path, "liaisons", terms[position + 1][0])
        if nxt.start < term.start:
            sink.add(REGISTER_ORDER, next_line, "联络员登记应按时间先后排列（最早的在前），请调整顺序。")
        elif term.end is not None and nxt.start <= term.end:
            sink.add(
                REGISTER_ORDER,
                next_line,
                f"{nxt.person} 的任期（自 {nxt.start}）与 {term.person} 的任期（至 {term.end}）重叠；同一时间只能有一名联络员。",
            )
        elif term.end is not None and workdays.workdays_after(term.end, nxt.start) > 15:
            gap = workdays.workdays_after(term.end, nxt.start)
            sink.add(
                LIAISON_GAP,
                next_line,
                f"{term.person} 于 {term.end} 卸任后，{nxt.person} 到 {nxt.start} 才接任，相隔 {gap} 个工作日，超过第六条(三)规定的 15 个工作日。",
            )


def _columns(tree: Files, sink: Sink, departments: Departments | None) -> Columns | None:
    doc = read_yaml(tree, COLUMNS, sink)
    if doc is None:
        return None
    columns: dict[str, Column] = {}
    for path, raw in doc.value.items():
        path = str(path)
        if not all(re.fullmatch(SEGMENT, part) for part in path.split("/")):
            sink.add(
                BAD_ID, doc.line(path), f"栏目路径 {path} 不合规：每一级只能使用小写英文字母、数字和“-”，用“/”分级。"
            )
            continue
        if path.split("/")[0] in RESERVED_OUTPUT:
            sink.add(
                RESERVED_COLUMN,
                doc.line(path),
                f"栏目路径 {path} 占用了网站保留的目录名（{'、'.join(RESERVED_OUTPUT)}），请换一个路径。",
            )
            continue
        fields = validate(raw, COLUMN_FIELDS, doc, (path,), sink, CODES)
        if "title" not in fields or "owner" not in fields:
            continue
        if departments is not None and fields["owner"] not in departments.units:
            sink.add(
                UNKNOWN_UNIT,
                doc.line(path, "owner"),
                f"栏目 {path} 的维护单位 {fields['owner']} 不在 departments.yaml 的 units 中。",
            )
        parent = path.rsplit("/", 1)[0] if "/" in path else None
        if parent is not None and parent not in columns:
            sink.add(
                COLUMN_ORDER, doc.line(path), f"栏目 {path} 的上级栏目 {parent} 不存在或排在它后面；请先列出 {parent}。"
            )
        columns[path] = Column(
            path,
            fields["title"],
            fields["owner"],
            fields.get("kind", "article"),
            fields.get("type"),
            fields.get("description"),
            tuple(fields.get("keywords", ())),
            fields.get("cadence"),
            fields.get("website"),
            fields.get("dataset"),
        )
    return Columns(columns)


def _settings(tree: Files, sink: Sink) -> SiteSettings | None:
    doc = read_yaml(tree, SETTINGS, sink)
    if doc is None:
        return None
    fields = validate(doc.value, SETTINGS_FIELDS, doc, (), sink, CODES)
    records = {
        key: validate(doc.value.get(key), RECORD_FIELDS, doc, (key,), sink, CODES)
        for key in ("icp", "police")
        if key in fields
    }
    contact = validate(fields["contact"], CONTACT_FIELDS, doc, ("contact",), sink, CODES) if "contact" in fields else {}
    page_size = fields.get("page_size", 20)
    if not isinstance(page_size, int) or isinstance(page_size, bool) or not 1 <= page_size <= 200:
        sink.add(BAD_VALUE, doc.line("page_size"), "page_size（每页条数）应是 1 到 200 之间的整数。")
        page_size = 20
    attachments = validate(fields.get("attachments", {}), ATTACHMENT_SETTINGS, doc, ("attachments",), sink, CODES)
    allow_ofd = attachments.get("allow_unscanned_ofd", False)
    if not isinstance(allow_ofd, bool):
        sink.add(
            BAD_VALUE, doc.line("attachments", "allow_unscanned_ofd"), "allow_unscanned_ofd 只能是 true 或 false。"
        )
        allow_ofd = False
    required = ("name", "domain", "base_url", "id_code", "host")
    if (
        any(key not in fields for key in required)
        or any(not {"number", "url"} <= r.keys() for r in records.values())
        or len(records) < 2
    ):
        return None
    return SiteSettings(
        fields["name"],
        fields["domain"],
        fields["base_url"],
        fields["id_code"],
        fields["host"],
        contact,
        records["icp"],
        records["police"],
        fields.get("protected_branch", "main"),
        fields.get("index_prefix", ""),
        page_size,
        _remuneration(doc, fields, sink),
        lifecycle.load_settings(fields["lifecycle"], doc, sink, CODES) if "lifecycle" in fields else None,
        **_furniture(tree, doc, fields, sink),
        allow_unscanned_ofd=allow_ofd,
    )


def _remuneration(doc: YamlDoc, fields: dict[str, Any], sink: Sink) -> Remuneration | None:
    if "remuneration" not in fields:
        return None
    raw = validate(fields["remuneration"], REMUNERATION_FIELDS, doc, ("remuneration",), sink, CODES)
    default = _amount(raw.get("default"), doc, ("remuneration", "default"), sink)
    columns = {}
    for column, value in (raw.get("columns") or {}).items():
        amount = _amount(value, doc, ("remuneration", "columns", column), sink)
        if amount is not None:
            columns[str(column)] = amount
    return Remuneration(default, columns) if default is not None else None


def _amount(value: Any, doc: YamlDoc, path: KeyPath, sink: Sink) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        sink.add(
            BAD_VALUE, doc.line(*path), f"{'.'.join(map(str, path))} 应是不小于 0 的金额（元），例如 200 或 150.5。"
        )
        return None
    amount = Decimal(str(value))
    if amount != amount.quantize(Decimal("0.01")):
        sink.add(BAD_VALUE, doc.line(*path), f"{'.'.join(map(str, path))} 最多精确到分（两位小数）。")
        return None
    return amount


def _furniture(tree: Files, doc: YamlDoc, fields: dict[str, Any], sink: Sink) -> dict[str, Any]:
    """The optional page furniture: each block validated on its own, kept only when complete."""
    found: dict[str, Any] = {"operator": fields.get("operator"), "error_report": fields.get("error_report")}
    for key, schema, needed in (("logo", LOGO_FIELDS, 2), ("conac", CONAC_FIELDS, 1)):
        block = validate(fields[key], schema, doc, (key,), sink, CODES) if key in fields else {}
        found[key] = block if len(block) >= needed else None
    images = [("logo", "image"), ("conac", "image"), ("police", "badge"), ("icp", "badge")]
    # A tree without templates/static (a maps-only check) cannot tell; every site repository has it.
    if tree.read(BASE_TEMPLATE) is None:
        images = []
    named = [(found.get(key) or fields.get(key), name) for key, name in images]
    _preload(tree, [f"templates/static/{h[n]}" for h, n in named if isinstance(h, dict) and isinstance(h.get(n), str)])
    for key, name in images:
        holder: Any = found.get(key) or fields.get(key)
        image = holder.get(name) if isinstance(holder, dict) else None
        if isinstance(image, str) and tree.read(f"templates/static/{image}") is None:
            sink.add(
                BAD_VALUE,
                doc.line(key, name),
                f"{key}.{name} 指向的图片 templates/static/{image} 不存在；请由技术单位放入该文件，或删去此项。",
            )
    for key in ("links", "services"):
        items = []
        for i, raw in enumerate(fields.get(key, [])):
            item = validate(raw, LINK_FIELDS, doc, (key, i), sink, CODES)
            if "title" in item and "url" in item:
                items.append(item)
        found[key] = tuple(items)
    return found
