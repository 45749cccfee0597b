"""Generate a deterministic benchmark corpus of realistic Chinese articles.

One run writes, under TARGET:

    sitegen/   a complete sitegen site (maps, site.yaml, templates/ copied from
               the repository; content/ generated), a git repo with one commit
    hugo/      the same articles for Hugo, with a small theme-less layout set
    pelican/   the same articles for Pelican (default theme)
    mkdocs/    the same articles for MkDocs (default theme, full navigation)

Every article carries a valid approval form (SPEC §5) built from the real
departments.yaml and columns.yaml, so `sitegen check --release` must pass.
The same --seed and -n always give byte-identical files.

    python benchmarks/corpus.py -n 1000 --seed 1 benchmarks/work/corpus-1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus_text as text

REPO = Path(__file__).resolve().parent.parent
FIRST_DAY = dt.date(2024, 1, 1)
# The benchmark runs with --today 2026-11-26; no stamp may be dated after it.
LAST_DAY = dt.date(2026, 11, 25)
SAT_ORG_CODE = "000014349"  # 国家税务总局's prefix of 索引号


# --------------------------------------------------------------------------
# The two maps (read from the repository, with a small fallback until the
# data helper has committed them).


@dataclass(frozen=True)
class Column:
    path: str
    title: str
    owner: str
    kind: str = "article"


@dataclass(frozen=True)
class Term:
    person: str
    start: dt.date
    end: dt.date  # inclusive; open terms end on LAST_DAY


@dataclass
class Unit:
    id: str
    name: str
    kind: str
    leaders: list[str]
    supervisor: str | None
    terms: list[Term]
    approvers: list[str] = field(default_factory=list)


@dataclass
class Maps:
    office: str
    units: dict[str, Unit]
    columns: list[Column]
    office_email: str
    office_name: str
    from_repo: bool


FALLBACK_DEPARTMENTS = """
office: bgt
technical: dzswzx
people:
  chenhong: {name: 陈红, email: chenhong@example.gov.cn}
  zhaoli: {name: 赵丽, email: zhaoli@example.gov.cn}
  sunqiang: {name: 孙强, email: sunqiang@example.gov.cn}
  zhangwei: {name: 张伟, email: zhangwei@example.gov.cn}
  limin: {name: 李敏, email: limin@example.gov.cn}
  wangjun: {name: 王军, email: wangjun@example.gov.cn}
  liuyang: {name: 刘洋, email: liuyang@example.gov.cn}
units:
  bgt:
    name: 办公厅
    kind: hq
    leaders: [sunqiang]
    supervisor: wangjun
    publishers: [chenhong]
    liaisons:
      - {person: zhaoli, from: 2023-01-01}
  nsfws:
    name: 纳税服务司
    kind: hq
    leaders: [limin]
    supervisor: wangjun
    liaisons:
      - {person: liuyang, from: 2023-01-01, to: 2025-02-20}
      - {person: zhangwei, from: 2025-03-01}
"""

FALLBACK_COLUMNS = """
xxgk: {title: 政府信息公开, owner: bgt, kind: disclosure}
nsfw: {title: 纳税服务, owner: nsfws}
nsfw/zxft: {title: 在线访谈, owner: nsfws}
nsfw/bsfw: {title: 办税服务, owner: nsfws}
gzcy: {title: 公众参与, owner: bgt}
gzcy/zqyj: {title: 征求意见, owner: bgt, kind: consultation}
"""


def _day(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _unit(uid: str, raw: dict, office_publishers: list[str]) -> Unit:
    terms = []
    for entry in raw.get("liaisons") or []:
        end = _day(entry["to"]) if entry.get("to") else LAST_DAY
        terms.append(Term(entry["person"], _day(entry["from"]), min(end, LAST_DAY)))
    supervisor = raw.get("supervisor")
    approvers = list(office_publishers) + ([supervisor] if supervisor else [])
    return Unit(
        uid, raw.get("name", uid), raw.get("kind", "hq"), list(raw.get("leaders") or []), supervisor, terms, approvers
    )


def load_maps(repo: Path) -> Maps:
    """Read departments.yaml and columns.yaml, or the fallback if not committed yet."""
    dep_file, col_file = repo / "departments.yaml", repo / "columns.yaml"
    from_repo = dep_file.exists() and col_file.exists()
    deps = yaml.safe_load(dep_file.read_text("utf-8") if from_repo else FALLBACK_DEPARTMENTS)
    cols = yaml.safe_load(col_file.read_text("utf-8") if from_repo else FALLBACK_COLUMNS)
    office = deps["office"]
    publishers = list(deps["units"][office].get("publishers") or [])
    units = {uid: _unit(uid, raw, publishers) for uid, raw in deps["units"].items()}
    columns = [Column(path, c["title"], c["owner"], c.get("kind", "article")) for path, c in cols.items()]
    office_liaison = units[office].terms[-1].person if units[office].terms else publishers[0]
    email = deps["people"][office_liaison].get("email", f"{office_liaison}@example.gov.cn")
    return Maps(office, units, columns, email, office_liaison, from_repo)


def article_columns(maps: Maps) -> list[Column]:
    """Columns whose owner can sign a complete form: where articles go.

    Channels hold articles too (the real site has e.g. xxgk/ndbg2025.md beside
    xxgk's children); a unit whose chain cannot be completed by three different
    people cannot own valid articles.
    """
    usable = [c for c in maps.columns if _signable(maps.units.get(c.owner))]
    if not usable:
        raise SystemExit("corpus: no column has an owner with a complete approval chain")
    return usable


# Share of articles by column kind, as on the real site: the 政府信息公开 columns carry a large part
# of what is published; consultations are few. A kind the maps lack gives its share to the others.
KIND_SHARE = {"disclosure": 0.25, "consultation": 0.04}


_BY_KIND: dict[tuple[Column, ...], dict[str, list[Column]]] = {}


def pick_column(rng: random.Random, columns: list[Column]) -> Column:
    by_kind = _BY_KIND.get(tuple(columns))
    if by_kind is None:
        by_kind = _BY_KIND[tuple(columns)] = {}
        for c in columns:
            by_kind.setdefault(c.kind, []).append(c)
    roll = rng.random()
    for kind, share in KIND_SHARE.items():
        if roll < share and kind in by_kind:
            return rng.choice(by_kind[kind])
        roll -= share
    plain = by_kind.get("article") or columns
    return rng.choice(plain)


def _signable(unit: Unit | None) -> bool:
    if unit is None or not unit.terms:
        return False
    return any(_chain_people(unit, t.person) for t in unit.terms)


def _chain_people(unit: Unit, submitter: str) -> tuple[list[str], list[str]] | None:
    # One person signs one stage only: keep reviewers that leave a distinct approver.
    approvers = [p for p in unit.approvers if p != submitter]
    reviewers = [r for r in unit.leaders if r != submitter and any(a != r for a in approvers)]
    return (reviewers, approvers) if reviewers else None


# --------------------------------------------------------------------------
# Text: a seeded pool of filled sentences, so articles are cheap to assemble.


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        province=rng.choice(text.PROVINCES),
        tax=rng.choice(text.TAXES),
        topic=rng.choice(text.TOPICS),
        subject=rng.choice(text.SUBJECTS).format(province=rng.choice(text.PROVINCES)),
        pct=f"{rng.randint(1, 299) / 10:.1f}",
        amount=f"{rng.randint(10, 99999) / 10:.1f}",
        count=rng.randint(2, 980),
        count2=rng.randint(2, 980),
        year=rng.randint(2023, 2026),
    )


@dataclass(frozen=True)
class Pool:
    sentences: list[str]
    titles: list[str]


def build_pool(seed: int, size: int = 4000) -> Pool:
    rng = random.Random(seed)
    sentences = [_fill(rng.choice(text.SENTENCES), rng) for _ in range(size)]
    titles = [_fill(rng.choice(text.TITLES), rng) for _ in range(size // 4)]
    return Pool(sentences, titles)


def _paragraph(rng: random.Random, pool: Pool, lo: int = 4, hi: int = 8) -> str:
    return "".join(rng.choices(pool.sentences, k=rng.randint(lo, hi)))


def _table(rng: random.Random) -> str:
    head = rng.choice(text.TABLE_HEADERS)
    names = text.TAXES if head[0] == "税种" else text.PROVINCES if head[0] == "地区" else text.TOPICS
    rows = [
        f"| {n} | {rng.randint(10, 99999) / 10:.1f} | {rng.randint(-50, 300) / 10:.1f}% |" for n in rng.sample(names, 5)
    ]
    return "\n".join([f"| {head[0]} | {head[1]} | {head[2]} |", "| --- | ---: | ---: |", *rows])


def _list(rng: random.Random, pool: Pool) -> str:
    """An ordered list, a bullet list, or the 一是/二是 paragraphs Chinese reports favour."""
    items = rng.choices(pool.sentences, k=rng.randint(3, 5))
    shape = rng.random()
    if shape < 0.4:
        return "\n".join(f"{i}. {s}" for i, s in enumerate(items, 1))
    if shape < 0.8:
        return "\n".join(f"- {s}" for s in items)
    return "\n\n".join(f"**{text.ORDINALS[i]}是**{s}" for i, s in enumerate(items))


def make_body(rng: random.Random, pool: Pool) -> str:
    """About 2,900 Chinese characters: a lead, 4-5 ## sections, a list and a table."""
    sections = rng.randint(4, 5)
    table_at, list_at = rng.randrange(sections), rng.randrange(sections)
    heads = rng.sample(text.HEADINGS, sections)
    blocks = [_paragraph(rng, pool, 5, 8)]
    for k in range(sections):
        blocks.append(f"## {text.ORDINALS[k]}、{heads[k]}")
        blocks.append(_paragraph(rng, pool))
        if k == list_at:
            blocks.append(_list(rng, pool))
        blocks.append(_paragraph(rng, pool))
        if k == table_at:
            blocks.append(_table(rng))
        blocks.append(_paragraph(rng, pool, 3, 6))
    if rng.random() < 0.3:
        blocks.append("更多信息请访问[国家税务总局网站](https://www.chinatax.gov.cn/)。")
    return "\n\n".join(blocks) + "\n"


# --------------------------------------------------------------------------
# Articles: the approval form and the column's extra block.


@dataclass
class Article:
    index: int
    column: Column
    slug: str
    title: str
    date: dt.date
    unit: Unit
    summary: str
    approval: dict[str, object]
    disclosure: dict[str, object] | None
    consultation: dict[str, object] | None
    body: str
    attachments: dict[str, bytes] = field(default_factory=dict)  # file name -> bytes, beside the article


def _stamp_dates(rng: random.Random, term: Term) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    """submitted within the liaison's term; reviewed, approved, date follow in order."""
    start = max(term.start, FIRST_DAY)
    submitted = start + dt.timedelta(days=rng.randint(0, max((term.end - start).days, 0)))
    reviewed = min(submitted + dt.timedelta(days=rng.randint(0, 3)), LAST_DAY)
    approved = min(reviewed + dt.timedelta(days=rng.randint(0, 3)), LAST_DAY)
    date = min(approved + dt.timedelta(days=rng.randint(0, 2)), LAST_DAY)
    return submitted, reviewed, approved, date


_TERMS: dict[tuple[object, ...], tuple[list[Term], list[int]]] = {}


def _pick_term(rng: random.Random, unit: Unit) -> Term:
    """A liaison term weighted by its length inside the corpus period, with a complete chain."""
    key = (unit.id, tuple(unit.terms), tuple(unit.leaders), tuple(unit.approvers))
    cached = _TERMS.get(key)
    if cached is None:
        terms = [t for t in unit.terms if t.end >= FIRST_DAY and t.start <= LAST_DAY and _chain_people(unit, t.person)]
        cached = _TERMS[key] = (terms, [(t.end - max(t.start, FIRST_DAY)).days + 1 for t in terms])
    return rng.choices(cached[0], weights=cached[1])[0]


def _approval(rng: random.Random, unit: Unit) -> tuple[dict[str, object], dt.date]:
    term = _pick_term(rng, unit)
    reviewers, approvers = _chain_people(unit, term.person)  # type: ignore[misc]
    reviewer = rng.choice(reviewers)
    approver = rng.choice([p for p in approvers if p != reviewer])
    submitted, reviewed, approved, date = _stamp_dates(rng, term)
    form = {
        "submitted_by": term.person,
        "submitted": submitted,
        "reviewed_by": reviewer,
        "reviewed": reviewed,
        "approved_by": approver,
        "approved": approved,
        "secrecy": "公开",
    }
    return form, date


def _disclosure(rng: random.Random, index: int, date: dt.date, unit: Unit) -> dict[str, object]:
    issuer = unit.name if unit.kind == "local" or unit.name.startswith("国家税务总局") else f"国家税务总局{unit.name}"
    block: dict[str, object] = {"index_no": f"{SAT_ORG_CODE}/{date.year}-{index + 1:05d}"}
    if rng.random() < 0.6:
        block["doc_no"] = f"{rng.choice(text.DOC_PREFIXES)}〔{date.year}〕{rng.randint(1, 199)}号"
    block.update(
        {
            "issuer": issuer,
            "topic": rng.choice(text.DISCLOSURE_TOPICS),
            "written": date - dt.timedelta(days=rng.randint(0, 10)),
            "validity": "有效",
        }
    )
    return block


def _consultation(date: dt.date) -> dict[str, object]:
    block: dict[str, object] = {
        "opens": date,
        "closes": date + dt.timedelta(days=35),
        "feedback": "电子邮件 zqyj@example.gov.cn",
    }
    if date + dt.timedelta(days=45) <= LAST_DAY:  # closed ones publish their 意见采纳情况 (docs/lifecycle.md)
        block["result"] = {
            "date": date + dt.timedelta(days=45),
            "comments": 12,
            "adopted": "采纳了简化办理材料等 5 条意见。",
        }
    return block


@dataclass(frozen=True)
class Placement:
    """Where and when an article is: cheap to compute, so other articles can link to it."""

    column: Column
    unit: Unit
    slug: str
    title: str
    date: dt.date
    approval: dict[str, object]

    @property
    def rel_path(self) -> str:
        return f"{self.column.path}/{self.slug}.md"


def placement(index: int, seed: int, maps: Maps, columns: list[Column], pool: Pool) -> Placement:
    rng = random.Random(seed * 1_000_003 + index)
    column = pick_column(rng, columns)
    unit = maps.units[column.owner]
    approval, date = _approval(rng, unit)
    return Placement(column, unit, f"{date:%Y%m%d}-{index:06d}", rng.choice(pool.titles), date, approval)


ATTACHMENT_SHARE = 0.15  # articles with attachments (a PDF, sometimes two)
LINKS_MAX = 3  # links to other articles of the corpus, 0..LINKS_MAX per article


def make_article(index: int, seed: int, maps: Maps, columns: list[Column], pool: Pool, n: int | None = None) -> Article:
    """Article `index` of an `n`-article corpus (links point only inside the first n)."""
    # One generator per article: the result does not depend on how work is split.
    place = placement(index, seed, maps, columns, pool)
    rng = random.Random(seed * 7_000_003 + index)
    body = make_body(rng, pool)
    attachments = _attachments(rng, index) if rng.random() < ATTACHMENT_SHARE else {}
    links = []
    if n and n > 1:
        for other in sorted({rng.randrange(n) for _ in range(rng.randint(0, LINKS_MAX))} - {index}):
            target = placement(other, seed, maps, columns, pool)
            rel = os.path.relpath(target.rel_path, place.column.path)
            links.append(f"相关文件：[{target.title}]({rel})。")
    for name in attachments:
        links.append(f"附件：[{name[:-4]}]({place.slug}/{name})")
    if links:
        body += "\n" + "\n\n".join(links) + "\n"
    return Article(
        index=index,
        column=place.column,
        slug=place.slug,
        title=place.title,
        date=place.date,
        unit=place.unit,
        summary=rng.choice(pool.sentences),
        approval=place.approval,
        disclosure=_disclosure(rng, index, place.date, place.unit) if place.column.kind == "disclosure" else None,
        consultation=_consultation(place.date) if place.column.kind == "consultation" else None,
        body=body,
        attachments=attachments,
    )


def _attachments(rng: random.Random, index: int) -> dict[str, bytes]:
    names = ["附件1.pdf"] if rng.random() < 0.7 else ["附件1.pdf", "附件2.pdf"]
    return {name: minimal_pdf(f"sitegen corpus article {index} attachment {k}") for k, name in enumerate(names, 1)}


def minimal_pdf(line: str) -> bytes:
    """A small valid one-page PDF carrying one line of ASCII text (xref offsets computed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# --------------------------------------------------------------------------
# Rendering for each tool. Front matter is written by hand (not yaml.dump):
# it is many times faster and the values are simple.


def _q(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(value, ensure_ascii=False)


def _block(name: str, values: dict[str, object]) -> list[str]:
    lines = [f"{name}:"]
    for key, value in values.items():
        if isinstance(value, dict):
            lines += ["  " + line for line in _block(key, value)]
        else:
            lines.append(f"  {key}: {value.isoformat() if isinstance(value, dt.date) else value}")
    return lines


def render_sitegen(a: Article) -> str:
    lines = [
        "---",
        f"title: {_q(a.title)}",
        f"date: {a.date.isoformat()}",
        f"unit: {a.unit.id}",
        f"summary: {_q(a.summary)}",
        *_block("approval", a.approval),
    ]
    if a.disclosure:
        lines += _block("disclosure", a.disclosure)
    if a.consultation:
        lines += _block("consultation", a.consultation)
    return "\n".join(lines) + "\n---\n" + a.body


def render_hugo(a: Article) -> str:
    return f"---\ntitle: {_q(a.title)}\ndate: {a.date.isoformat()}\nsummary: {_q(a.summary)}\n---\n{a.body}"


def render_pelican(a: Article, category: str) -> str:
    return (
        f"Title: {a.title}\nDate: {a.date.isoformat()}\nCategory: {category}\n"
        f"Slug: {a.slug}\nSummary: {a.summary}\n\n{a.body}"
    )


def render_mkdocs(a: Article) -> str:
    return f"---\ntitle: {_q(a.title)}\ndate: {a.date.isoformat()}\n---\n{a.body}"


def category_names(columns: list[Column]) -> dict[str, str]:
    """Pelican has flat categories: name a column by its title chain so names stay distinct."""
    titles = {c.path: c.title for c in columns}
    names = {}
    for c in columns:
        parts = c.path.split("/")
        chain = [titles.get("/".join(parts[: k + 1]), parts[k]) for k in range(len(parts))]
        names[c.path] = "·".join(chain)
    return names


# --------------------------------------------------------------------------
# Writing. Workers are forked and inherit these globals; each writes a
# contiguous slice of articles and returns the (column, slug, title) it wrote.

_STATE: dict[str, object] = {}


def _write_slice(bounds: tuple[int, int]) -> list[tuple[str, str, str]]:
    maps: Maps = _STATE["maps"]  # type: ignore[assignment]
    columns: list[Column] = _STATE["columns"]  # type: ignore[assignment]
    pool: Pool = _STATE["pool"]  # type: ignore[assignment]
    roots: dict[str, Path] = _STATE["roots"]  # type: ignore[assignment]
    seed: int = _STATE["seed"]  # type: ignore[assignment]
    n: int = _STATE["n"]  # type: ignore[assignment]
    cats: dict[str, str] = _STATE["categories"]  # type: ignore[assignment]
    written = []
    for i in range(*bounds):
        a = make_article(i, seed, maps, columns, pool, n)
        rel = f"{a.column.path}/{a.slug}.md"
        for tool, root in roots.items():
            _put(root / rel, RENDERERS[tool](a, cats[a.column.path]))
        for name, data in a.attachments.items():
            # Hugo copies only static/; MkDocs copies every non-Markdown file of docs/.
            for tool, into in (("sitegen", "content"), ("hugo", "static"), ("mkdocs", "docs")):
                if tool in roots:
                    _put_bytes(roots[tool].parent / into / a.column.path / a.slug / name, data)
        written.append((a.column.path, a.slug, a.title))
    return written


RENDERERS = {
    "sitegen": lambda a, _cat: render_sitegen(a),
    "hugo": lambda a, _cat: render_hugo(a),
    "pelican": render_pelican,
    "mkdocs": lambda a, _cat: render_mkdocs(a),
}
CONTENT_DIRS = {
    "sitegen": "sitegen/content",
    "hugo": "hugo/content",
    "pelican": "pelican/content",
    "mkdocs": "mkdocs/docs",
}


def _put(path: Path, content: str) -> None:
    try:
        path.write_text(content, encoding="utf-8")
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


def _put_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def write_articles(roots: dict[str, Path], n: int, seed: int, maps: Maps, jobs: int) -> list[tuple[str, str, str]]:
    """Write articles 0..n-1 into each tool's content folder (`roots`: tool -> folder)."""
    columns = article_columns(maps)
    _STATE.update(
        maps=maps,
        columns=columns,
        pool=build_pool(seed),
        roots=roots,
        seed=seed,
        n=n,
        categories=category_names(maps.columns),
    )
    for c in columns:  # create folders up front so workers never race on mkdir
        for root in roots.values():
            (root / c.path).mkdir(parents=True, exist_ok=True)
    step = max(1, -(-n // (jobs * 8)))
    slices = [(lo, min(lo + step, n)) for lo in range(0, n, step)]
    if jobs <= 1:
        parts = [_write_slice(s) for s in slices]
    else:
        with multiprocessing.get_context("fork").Pool(jobs) as workers:
            parts = workers.map(_write_slice, slices)
    return [row for part in parts for row in part]


# --------------------------------------------------------------------------
# The four site skeletons.


def write_sitegen_site(site: Path, maps: Maps, repo: Path) -> None:
    for name in ("departments.yaml", "columns.yaml", "site.yaml"):
        if (repo / name).exists():
            shutil.copy2(repo / name, site / name)
    if not maps.from_repo:
        (site / "departments.yaml").write_text(FALLBACK_DEPARTMENTS.lstrip(), "utf-8")
        (site / "columns.yaml").write_text(FALLBACK_COLUMNS.lstrip(), "utf-8")
    if (repo / "templates").is_dir():
        shutil.copytree(repo / "templates", site / "templates", dirs_exist_ok=True)
    (site / ".gitignore").write_text("build/\n.cache/\n", "utf-8")


def git_commit(site: Path, maps: Maps) -> None:
    """One commit by the office's liaison, so `check --staged` has a HEAD to compare with."""
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2026-11-25T12:00:00+08:00",
        "GIT_COMMITTER_DATE": "2026-11-25T12:00:00+08:00",
    }

    def run(*args):
        return subprocess.run(
            ["git", *args],
            cwd=site,
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )

    run("init", "-q", "-b", "main")
    run("config", "user.name", maps.office_name)
    run("config", "user.email", maps.office_email)
    run("config", "commit.gpgsign", "false")
    run("add", "-A")
    run("commit", "-q", "-m", "benchmark corpus")


HUGO_CONFIG = """baseURL = "https://www.example.gov.cn/"
languageCode = "zh-cn"
defaultContentLanguage = "zh-cn"
hasCJKLanguage = true
title = "国家税务总局"
buildFuture = true
disableKinds = ["taxonomy", "term"]
[pagination]
  pagerSize = 20
[services.rss]
  limit = 20
"""

HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }} - {{ site.Title }}</title></head>
<body>
<nav><ul>{{ range site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav>
<main>{{ block "main" . }}{{ end }}</main>
</body></html>
""",
    "home.html": """{{ define "main" }}<h1>{{ site.Title }}</h1>
{{ range site.Sections }}<section><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><ul>
{{ range first 5 .RegularPagesRecursive.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}
</ul></section>{{ end }}{{ end }}
""",
    "section.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ $pager := .Paginate .RegularPages.ByDate.Reverse }}
<ul>{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>
{{ with $pager.Prev }}<a href="{{ .URL }}">上一页</a>{{ end }} {{ with $pager.Next }}<a href="{{ .URL }}">下一页</a>{{ end }}
{{ end }}
""",
    "page.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2006-01-02" }}</p>
{{ .Content }}</article>{{ end }}
""",
}


def write_hugo_site(target: Path, maps: Maps) -> None:
    site = target / "hugo"
    (site / "hugo.toml").write_text(HUGO_CONFIG, "utf-8")
    layouts = site / "layouts"
    layouts.mkdir(parents=True, exist_ok=True)
    for name, body in HUGO_LAYOUTS.items():
        (layouts / name).write_text(body, "utf-8")
    for c in maps.columns:  # every column is a section with its own title
        folder = site / "content" / c.path
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "_index.md").write_text(f"---\ntitle: {_q(c.title)}\n---\n", "utf-8")


PELICAN_CONFIG = """# The pelican-quickstart answers, for a site of this size.
AUTHOR = "国家税务总局"
SITENAME = "国家税务总局"
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh"
DEFAULT_PAGINATION = 20
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
"""


def write_pelican_site(target: Path) -> None:
    (target / "pelican" / "pelicanconf.py").write_text(PELICAN_CONFIG, "utf-8")


def mkdocs_nav(maps: Maps, rows: list[tuple[str, str, str]]) -> list[object]:
    """The column tree as MkDocs navigation: each column a section holding its children and articles."""
    pages: dict[str, list[str]] = {}
    for path, slug, _title in rows:
        pages.setdefault(path, []).append(f"{path}/{slug}.md")
    nodes: dict[str, list[object]] = {}
    top: list[object] = []
    for c in maps.columns:
        items: list[object] = []
        nodes[c.path] = items
        parent = nodes.get(c.path.rsplit("/", 1)[0]) if "/" in c.path else top
        (parent if parent is not None else top).append({c.title: items})
    for path, files in pages.items():
        nodes[path].extend(sorted(files, reverse=True))
    return [entry for entry in top if next(iter(entry.values()))]  # type: ignore[union-attr]


def write_mkdocs_site(target: Path, maps: Maps, rows: list[tuple[str, str, str]]) -> None:
    site = target / "mkdocs"
    (site / "docs").mkdir(parents=True, exist_ok=True)
    (site / "docs" / "index.md").write_text("# 国家税务总局\n\n欢迎访问国家税务总局网站。\n", "utf-8")
    config = {
        "site_name": "国家税务总局",
        "site_url": "https://www.example.gov.cn/",
        "theme": {"name": "mkdocs", "locale": "zh_CN"},
        "nav": [{"首页": "index.md"}, *_prune(mkdocs_nav(maps, rows))],
    }
    text_ = yaml.dump(config, allow_unicode=True, sort_keys=False, Dumper=_fast_dumper())
    (site / "mkdocs.yml").write_text(text_, "utf-8")


def _prune(nav: list[object]) -> list[object]:
    # MkDocs refuses empty sections; drop columns that got no article.
    out: list[object] = []
    for entry in nav:
        if isinstance(entry, dict):
            ((title, items),) = entry.items()
            kept = _prune(items)
            if kept:
                out.append({title: kept})
        else:
            out.append(entry)
    return out


def _fast_dumper() -> type:
    return getattr(yaml, "CSafeDumper", yaml.SafeDumper)


# --------------------------------------------------------------------------


def generate(
    target: Path, n: int, seed: int, repo: Path = REPO, jobs: int | None = None, commit: bool = True
) -> dict[str, object]:
    maps = load_maps(repo)
    if target.exists():
        shutil.rmtree(target)
    started = time.perf_counter()
    roots = {tool: target / folder for tool, folder in CONTENT_DIRS.items()}
    rows = write_articles(roots, n, seed, maps, jobs or os.cpu_count() or 1)
    write_sitegen_site(target / "sitegen", maps, repo)
    write_hugo_site(target, maps)
    write_pelican_site(target)
    write_mkdocs_site(target, maps, rows)
    generated = time.perf_counter() - started
    if commit:
        git_commit(target / "sitegen", maps)
    manifest = {
        "n": n,
        "seed": seed,
        "maps_from_repo": maps.from_repo,
        "columns_used": len({r[0] for r in rows}),
        "generate_seconds": round(generated, 2),
        "total_seconds": round(time.perf_counter() - started, 2),
        "first_article": f"content/{rows[0][0]}/{rows[0][1]}.md" if rows else None,
    }
    (target / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
    return manifest


def write_sitegen_corpus(
    site: Path, n: int, seed: int = 1, *, repo: Path = REPO, jobs: int | None = None, commit: bool = True
) -> list[str]:
    """A complete sitegen site of `n` corpus articles at `site` (replaced if present): the stable entry.

    Maps, settings and templates come from `repo`; the same (n, seed) always gives the same files.
    Returns the articles' paths relative to the site root (content/...), in index order.
    """
    maps = load_maps(repo)
    if site.exists():
        shutil.rmtree(site)
    rows = write_articles({"sitegen": site / "content"}, n, seed, maps, jobs or os.cpu_count() or 1)
    write_sitegen_site(site, maps, repo)
    if commit:
        git_commit(site, maps)
    return [f"content/{path}/{slug}.md" for path, slug, _title in rows]


def corpus_article(index: int, n: int, seed: int = 1, repo: Path = REPO) -> Article:
    """Article `index` of the n-article corpus, exactly as write_sitegen_corpus writes it."""
    maps = load_maps(repo)
    return make_article(index, seed, maps, article_columns(maps), build_pool(seed), n)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", type=Path, help="folder to (re)create")
    parser.add_argument("-n", type=int, default=1000, help="number of articles")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repo", type=Path, default=REPO, help="sitegen repository to take the maps from")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    parser.add_argument("--no-git", action="store_true", help="skip git init/commit of the sitegen tree")
    args = parser.parse_args(argv)
    manifest = generate(args.target, args.n, args.seed, args.repo, args.jobs, commit=not args.no_git)
    print(json.dumps(manifest, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
