"""`sitegen import`: Word documents written by python-docx in the test, imported into a real repository
and compared with the expected Markdown; bad files are refused in Chinese and leave nothing behind."""

from __future__ import annotations

import io
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from checkkit import clean_env, sitegen, write_site
from docx.shared import Inches

TODAY = "2026-11-20"

EXPECTED_BODY = """\
为进一步优化办税流程，现将有关事项**通知如下**，请*认真执行*。详见[国家税务总局网站](https://www.chinatax.gov.cn/)。

## 一、总体要求

### （一）工作目标

到2027年底，基本实现全程网上办。

### 办理流程

1. 登录电子税务局
2. 填写申报表
3. 提交并缴款

- 注意事项

| 事项 | 时限 | 渠道 |
|---|---|---|
| 申报 | 3个工作日 | 网上 |
| 缴款 | 即时 | 银行\\|网上 |

![流程图](20261120/图片1.png)

本通知自发布之日起施行。
"""


def png(width: int = 4, height: int = 3) -> bytes:
    raw = b"".join(b"\x00" + bytes([200, 30, 30]) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def hyperlink(paragraph, url: str, text: str) -> None:
    """python-docx has no hyperlink API: write the w:hyperlink element and its relationship."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    text_el = OxmlElement("w:t")
    text_el.text = text
    run.append(text_el)
    link.append(run)
    paragraph._p.append(link)


def notice_docx(path: Path, *, extra: str = "") -> Path:
    document = docx.Document()
    document.core_properties.author = "起草人王某某"
    document.core_properties.comments = "属性中的备注"
    document.add_heading("关于优化办税流程的通知", level=1)
    p = document.add_paragraph("为进一步优化办税流程，现将有关事项")
    p.add_run("通知如下").bold = True
    p.add_run("，请")
    p.add_run("认真执行").italic = True
    p.add_run("。详见")
    hyperlink(p, "https://www.chinatax.gov.cn/", "国家税务总局网站")
    p.add_run("。")
    document.add_paragraph("一、总体要求")
    document.add_paragraph("（一）工作目标")
    document.add_paragraph("到2027年底，基本实现全程网上办。" + extra)
    document.add_heading("办理流程", level=2)
    for item in ("登录电子税务局", "填写申报表", "提交并缴款"):
        document.add_paragraph(item, style="List Number")
    document.add_paragraph("注意事项", style="List Bullet")
    table = document.add_table(rows=3, cols=3)
    for i, row in enumerate([("事项", "时限", "渠道"), ("申报", "3个工作日", "网上"), ("缴款", "即时", "银行|网上")]):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    document.add_picture(io.BytesIO(png()), width=Inches(1))
    document.inline_shapes[0]._inline.docPr.set("descr", "流程图")
    last = document.add_paragraph("本通知自发布之日起施行。")
    document.add_comment(last.runs, text="批注：这句要再斟酌", author="审稿人李某", initials="LM")
    document.save(path)
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = write_site(tmp_path / "site")
    env = _env(root)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True, env=env)
    subprocess.run(["git", "config", "user.email", "zhangwei@example.gov.cn"], cwd=root, check=True, env=env)
    return root


def _env(root: Path) -> dict[str, str]:
    home = root.parent / "home"
    home.mkdir(exist_ok=True)
    return clean_env(home)


def run_import(root: Path, source: Path, *args: str) -> subprocess.CompletedProcess:
    return sitegen("import", str(source), "nsfw", "--today", TODAY, *args, cwd=root, env=_env(root))


def content_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / "content").rglob("*"))


def test_a_word_document_becomes_the_expected_article(repo, tmp_path):
    done = run_import(repo, notice_docx(tmp_path / "通知.docx"))
    assert done.returncode == 0, done.stdout + done.stderr
    text = (repo / "content/nsfw/20261120.md").read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    assert body.lstrip("\n") == EXPECTED_BODY
    assert "title: 关于优化办税流程的通知" in head
    assert "submitted_by: zhangwei" in head and "submitted: 2026-11-20" in head
    assert (repo / "content/nsfw/20261120/图片1.png").read_bytes() == png()
    # Properties and comments never come along.
    for gone in ("起草人王某某", "属性中的备注", "批注", "审稿人李某"):
        assert gone not in text
    assert "批注" in done.stdout  # …and the user is told so
    checked = sitegen("check", "--today", TODAY, cwd=repo, env=_env(repo))
    assert checked.returncode == 0, checked.stdout + checked.stderr  # pending approval is only a note


def test_a_secret_mark_in_the_document_is_caught_at_once_and_nothing_is_kept(repo, tmp_path):
    before = content_files(repo)
    done = run_import(repo, notice_docx(tmp_path / "密.docx", extra="（机密★1年）"))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "SE" in done.stdout and "已撤销导入" in done.stderr
    assert content_files(repo) == before


def test_an_id_number_is_caught_too(repo, tmp_path):
    before = content_files(repo)
    done = run_import(repo, notice_docx(tmp_path / "id.docx", extra="联系人身份证号11010519491231002X。"))
    assert done.returncode == 1 and "SE" in done.stdout
    assert content_files(repo) == before


def test_only_the_columns_liaison_may_import(repo, tmp_path):
    env = _env(repo)
    subprocess.run(["git", "config", "user.email", "limin@example.gov.cn"], cwd=repo, check=True, env=env)
    done = run_import(repo, notice_docx(tmp_path / "通知.docx"))
    assert done.returncode == 1 and "网站联络员" in done.stderr
    assert not (repo / "content/nsfw/20261120.md").exists()


def _zip(members: dict[str, bytes], level: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", level) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _with_member(source: Path, name: str, data: bytes) -> bytes:
    with zipfile.ZipFile(source) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    members[name] = data
    return _zip(members)


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("旧版.doc", lambda d: OLE + b"WordDocument", "另存为"),
        ("旧版.docx", lambda d: OLE + b"WordDocument", "旧版 Word（.doc）"),  # renamed: judged by content
        ("金山.wps", lambda d: OLE, "另存为"),
        ("加密.docx", lambda d: OLE + "EncryptedPackage".encode("utf-16-le"), "密码"),
        ("坏的.docx", lambda d: b"PK\x03\x04 this is not really a zip", "损坏"),
        ("文本.docx", lambda d: "只是改了扩展名的文本".encode(), "损坏"),
        ("宏.docx", lambda d: _with_member(d, "word/vbaProject.bin", b"\0" * 64), "宏"),
        ("宏.docm", lambda d: d.read_bytes(), "宏"),
        ("无正文.docx", lambda d: _zip({"[Content_Types].xml": b"<Types/>"}), "缺少正文"),
        ("炸弹.docx", lambda d: _with_member(d, "word/media/big.bin", b"\0" * (201 * 1024 * 1024)), "200 MB"),
        (
            "实体.docx",
            lambda d: _with_member(d, "word/x.xml", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'),
            "DOCTYPE",
        ),
    ],
)
def test_files_that_are_not_a_plain_docx_are_refused_in_chinese(repo, tmp_path, name, make, expected):
    good = notice_docx(tmp_path / "good.docx")
    source = tmp_path / name
    source.write_bytes(make(good))
    before = content_files(repo)
    done = run_import(repo, source)
    assert done.returncode == 1, done.stdout + done.stderr
    assert expected in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert content_files(repo) == before


def test_a_file_over_50_mb_is_refused_before_it_is_read(repo, tmp_path):
    source = tmp_path / "大.docx"
    with open(source, "wb") as out:
        out.truncate(51 * 1024 * 1024)
    done = run_import(repo, source)
    assert done.returncode == 1 and "50 MB" in done.stderr


def test_the_plain_docx_control_is_accepted(repo, tmp_path):
    """Control for the refusals above: the same document, unaltered, imports."""
    done = run_import(repo, notice_docx(tmp_path / "good.docx"), "--slug", "control", "--title", "另一个标题")
    assert done.returncode == 0, done.stderr
    assert "title: 另一个标题" in (repo / "content/nsfw/control.md").read_text(encoding="utf-8")
    again = run_import(repo, notice_docx(tmp_path / "good.docx"), "--slug", "control")
    assert again.returncode == 1 and "已经存在" in again.stderr


def test_chinese_numbering_and_word_heading_levels():
    from generator.wordconv import to_markdown

    title, body = to_markdown(
        "<h1>标题</h1><p>一、总体要求</p><p>（二）具体措施</p><p>1. 加强领导</p>"
        "<p>一、这是一句完整的话，以句号结束。</p><h2>二级</h2><h3>三级</h3>"
        '<p>注<sup><a href="#footnote-1" id="footnote-ref-1">[1]</a></sup></p>'
        '<ol><li id="footnote-1"><p>脚注内容 <a href="#footnote-ref-1">↑</a></p></li></ol>'
        '<p><a href="javascript:alert(1)">坏链接</a> &lt;script&gt;</p>'
    )
    assert title == "标题"
    assert body.split("\n\n") == [
        "## 一、总体要求",
        "### （二）具体措施",
        "#### 1. 加强领导",
        "一、这是一句完整的话，以句号结束。",
        "### 二级",
        "#### 三级",
        "注〔注1〕",
        "坏链接 \\<script\\>",
        "## 注释",
        "〔注1〕脚注内容\n",
    ]
