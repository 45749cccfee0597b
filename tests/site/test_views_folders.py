"""views.Folders: one listing per parent folder answers what os.path.isdir answers for each article."""

from __future__ import annotations

import os

from generator.site.views import Folders


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
