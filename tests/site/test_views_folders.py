"""views.Folders: one listing per parent folder answers what os.path.isdir answers for each article."""

from __future__ import annotations

import os
from types import SimpleNamespace

from generator.project import WorkTree
from generator.site.views import Folders, Listed, _attachments


def test_folders_answer_as_isdir(tmp_path):
    (tmp_path / "content/a/one").mkdir(parents=True)  # an article's attachment folder
    (tmp_path / "content/a/one.md").write_text("x", "utf-8")
    (tmp_path / "content/a/two.md").write_text("x", "utf-8")  # none
    (tmp_path / "content/a/three").write_text("a file, not a folder", "utf-8")
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "content/a/four")  # followed, as isdir follows it
    os.symlink(tmp_path / "missing", tmp_path / "content/a/five")  # dangling
    folders = Folders(tmp_path)
    asked = ["content/a/one", "content/a/two", "content/a/three", "content/a/four", "content/a/five"]
    asked += ["content/b/six", "content/a/one/deeper", "top"]
    answers = {rel: folders.isdir(rel) for rel in asked}
    assert answers == {rel: os.path.isdir(tmp_path / rel) for rel in asked}
    assert answers["content/a/one"] and answers["content/a/four"]  # controls: the folders are found
    assert not answers["content/a/two"] and not answers["content/a/three"] and not answers["content/a/five"]


def test_the_checks_listing_gives_the_files_a_walk_finds(tmp_path):
    """views.Listed (the files the check's walk of content/ listed) answers as Folders' own walk of each folder."""
    for rel in [
        "content/a/one.md",
        "content/a/one/附件1.pdf",
        "content/a/one/表/数据.xlsx",  # below: part of the attachment list too
        "content/a/one/.hidden.pdf",  # left out
        "content/a/one/.folder/inside.pdf",  # a visible file in a hidden folder is listed, as os.walk lists it
        "content/a/one/two.md",  # an article inside another's folder: its files are in both lists
        "content/a/one/two/深.docx",
        "content/a/three.md",  # none
        "content/a/three.pdf",  # beside the article, not in its folder
        "content/b/four.md",
        "content/b/four/x.csv",
    ]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", "utf-8")
    tree = WorkTree(tmp_path)
    plain = [rel for rel in tree.content_files() if tree.plain(rel)]
    articles = [SimpleNamespace(rel_path=rel) for rel in plain if rel.endswith(".md")]
    listed, walked = Listed(tmp_path, plain, articles), Folders(tmp_path)
    for article in articles:
        folder = article.rel_path[:-3]
        assert sorted(listed.files(folder)) == sorted(walked.files(folder)), folder
    assert sorted(listed.files("content/a/one")) == [  # control: what the walk finds is what it should
        (".folder", "inside.pdf"),
        ("two", "深.docx"),
        ("two.md",),
        ("表", "数据.xlsx"),
        ("附件1.pdf",),
    ]
    assert listed.files("content/a/three") == walked.files("content/a/three") == []


def test_a_file_gone_since_the_check_is_left_out(tmp_path):
    """The check listed it, then it was removed before the build: the page lists what is there (review s24, 2)."""
    (tmp_path / "content/a/one").mkdir(parents=True)
    (tmp_path / "content/a/one/附件1.pdf").write_bytes(b"%PDF-1.4")
    listed = ["content/a/one.md", "content/a/one/附件1.pdf", "content/a/one/附件2.pdf"]  # 附件2 removed since
    article = SimpleNamespace(rel_path="content/a/one.md", column="a", slug="one", link_titles={})
    found = _attachments(article, tmp_path, Listed(tmp_path, listed, [article]))
    assert [a.name for a in found] == ["附件1.pdf"]
