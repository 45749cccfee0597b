"""The fast front-matter reader gives PyYAML's document exactly, or steps aside."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from generator import frontmatter, yamlflat
from generator.yamlsrc import YamlSyntaxError, load, load_composed

REPO = Path(__file__).resolve().parents[2]


def _same(text: str) -> None:
    fast = yamlflat.load(text)
    if fast is None:
        return
    slow = load_composed(text)
    assert (fast.value, fast.lines, fast.duplicates) == (slow.value, slow.lines, slow.duplicates), text
    assert [type(v) for v in (fast.value or {}).values()] == [type(v) for v in (slow.value or {}).values()]


def _two_levels(text: str) -> bool:
    """The plain form the fast reader is for; a third level (consultation.result, corrections) is PyYAML's."""
    return not any(line.startswith("    ") and line.strip() for line in text.splitlines())


def _forms(paths) -> list[str]:
    return [frontmatter.split(frontmatter.decode(p.read_bytes())).yaml_text or "" for p in paths]


def test_every_front_matter_of_the_bundled_site_takes_the_fast_road_and_reads_the_same():
    forms = _forms(sorted((REPO / "content").rglob("*.md")))
    assert len(forms) > 50
    for text in forms:
        assert yamlflat.load(text) is not None or not _two_levels(text), text
        _same(text)


def test_every_front_matter_of_the_benchmark_corpus_reads_the_same(tmp_path):
    sys.path.insert(0, str(REPO / "benchmarks"))
    import corpus

    paths = corpus.write_sitegen_corpus(tmp_path / "site", 300, seed=11, commit=False)
    for text in _forms(tmp_path / "site" / p for p in paths):
        assert yamlflat.load(text) is not None or not _two_levels(text), text
        _same(text)


UNUSUAL = [
    "title: yes\n",  # a bool to PyYAML
    "title: 12366\n",
    "title: 1e3\n",
    "title: ~\n",
    "title: null\n",
    "title: 0x1F\n",
    "date: 2026-13-40\n",  # not a date: kept as text by the composed road
    "date: 2026-1-5\n",
    "date: 2026-11-20 10:00:00\n",
    'title: "引号里有\\"转义\\""\n',
    "title: 'it''s'\n",
    "title: '单引号'\n",
    'title: "双引号" # 注释\n',
    'title: "双引号"# 紧贴的注释\n',
    "title: 值 # 注释\n",
    "title: 值#不是注释\n",
    "title: a: b\n",
    "title: [a, b]\n",
    "title: {a: b}\n",
    "title: &a 锚点\nsummary: *a\n",
    "title: !!str 12\n",
    "title: |\n  多行\n",
    "title: >\n  折叠\n",
    "title: 多行\n  续行\n",
    "title:\n  - 列表\n",
    "approval:\n    submitted_by: four\n",
    "approval:\n  reviewed:\n    deeper: x\n",
    "title: 重复\ntitle: 又一次\n",
    "approval:\n  submitted_by: a\n  submitted_by: b\n",
    "approval:\n  submitted_by: a\napproval:\n  reviewed_by: b\n",
    "approval: # 审批单\n  submitted_by: a\n",
    "summary:\n",
    "summary:   \n",
    "summary: # 只有注释\n",
    "# 只有注释\n",
    "",
    "\n\n",
    "title:\ttab\n",
    "\ttitle: tab\n",
    "title: 值\r\n",
    "title: \x85\n",
    "title : 空格\n",
    "title:值\n",
    "2026: 数字键\n",
    "on: 布尔键\n",
    "null: 空键\n",
    "- 列表\n",
    "---\ntitle: 文档开始\n",
    "title: -5\n",
    "title: '@'\n",
    "title: `x`\n",
    "title: 100%\n",
    "title: 国税发〔2026〕12号\n",
    "title: 国税发[2026]12号\n",
    "feedback: 电子邮件 zqyj@example.gov.cn\n",
    "index_no: 000014349/2026-00123\n",
    "title: =\n",
    "title: 末尾冒号:\n",
    "  title: 缩进开始\n",
    "approval:\n  submitted_by: a\n reviewed_by: b\n",
]


@pytest.mark.parametrize("text", UNUSUAL)
def test_unusual_yaml_reads_the_same_or_goes_to_pyyaml(text):
    _same(text)
    try:
        expected = load_composed(text)
    except YamlSyntaxError as exc:
        with pytest.raises(YamlSyntaxError) as got:
            load(text)
        assert (got.value.line, got.value.detail) == (exc.line, exc.detail)
        return
    got = load(text)
    assert (got.value, got.lines, got.duplicates) == (expected.value, expected.lines, expected.duplicates)


def test_random_mixtures_of_the_pieces_read_the_same():
    rng = random.Random(2026)
    keys = ["title", "date", "unit", "summary", "approval", "disclosure", "on", "null", "x"]
    values = [
        "",
        " 值",
        " 2026-11-20",
        " 2026-02-30",
        ' "引 号"',
        " 'a'",
        " 12",
        " yes",
        " a # c",
        " # c",
        " [1]",
        " a: b",
    ]
    for _ in range(3000):
        lines = []
        for _ in range(rng.randint(0, 8)):
            indent = rng.choice(["", "", "  ", "    ", " "])
            lines.append(indent + rng.choice(keys) + ":" + rng.choice(values))
            if rng.random() < 0.1:
                lines.append(rng.choice(["", "# 注释", "  # 注释"]))
        _same("\n".join(lines) + "\n")


def test_the_fast_road_is_taken_for_the_form_sitegen_new_writes(tmp_path):
    form = (
        "title: 关于……的通知  # 标题\n"
        "date: 2026-11-20  # 发布日期\n"
        "unit: nsfws\n"
        "summary:  # 摘要（可选）\n"
        "approval:  # 网站信息发布审批单\n"
        "  submitted_by: zhangwei  # 报送人\n"
        "  submitted: 2026-11-18\n"
        "  reviewed_by:\n"
        "  reviewed:\n"
        "  approved_by:\n"
        "  approved:\n"
        "  secrecy: 公开\n"
    )
    assert yamlflat.load(form) is not None
    _same(form)


def test_the_unusual_characters_are_exactly_the_negated_class_it_replaced():
    import re

    negated = re.compile("[^\x0a\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    differing = [c for c in range(0x110000) if bool(negated.match(chr(c))) != bool(yamlflat._UNUSUAL.match(chr(c)))]
    assert not differing
    assert yamlflat._UNUSUAL.match("\t") and not yamlflat._UNUSUAL.match("中")  # control: it does tell them apart


def test_the_copied_implicit_resolvers_are_pyyamls_own():
    import yaml

    theirs = yaml.resolver.Resolver.yaml_implicit_resolvers
    assert None not in theirs and not yaml.resolver.Resolver.yaml_path_resolvers
    assert set(theirs) == set(yamlflat.IMPLICIT_BY_FIRST)
    for first, resolvers in theirs.items():
        ours = [yamlflat.implicit_regex(tag) for tag in yamlflat.IMPLICIT_BY_FIRST[first]]
        assert [(tag, rx.pattern, rx.flags) for tag, rx in resolvers] == [
            (tag, rx.pattern, rx.flags) for tag, rx in zip(yamlflat.IMPLICIT_BY_FIRST[first], ours, strict=True)
        ], first
    resolver = yaml.resolver.Resolver()
    for value in (
        "yes",
        "No",
        "null",
        "~",
        "0o17",
        "0x1F",
        "1_000",
        "12:30",
        "1.5e+3",
        ".inf",
        "<<",
        "=",
        "2026-11-26",
        "2026-1-2 3:04:05",
        "guokexin",
        "tangwei",
        "公开",
        "Offline",
        "-",
        "+1",
        "!",
    ):
        assert yamlflat.implicit_tag(value) == resolver.resolve(yaml.ScalarNode, value, (True, False)), value


def test_a_plain_form_is_read_without_importing_pyyaml(tmp_path):
    import subprocess

    code = (
        "import sys\nfrom generator.yamlsrc import load\n"
        "doc = load('title: 通知\\ndate: 2026-11-26\\nunit: bgt\\napproval:\\n  submitted_by: tangwei\\n  secrecy: 公开\\n')\n"
        "assert doc.value['approval']['submitted_by'] == 'tangwei', doc.value\n"
        "print('yaml' in sys.modules)\n"
        "load('title: [a, b]\\n')\n"  # control: a flow list goes to PyYAML
        "print('yaml' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert done.stdout.split() == ["False", "True"]
