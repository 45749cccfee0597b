"""`sitegen check` as a user runs it: paths, formats, --strict, --release, --today, exit codes."""

from __future__ import annotations

import os
import re
import time

import pytest
from checkkit import APPROVAL, BILLION_LAUGHS_TEXT, approval, article, line_of

TODAY = ("--today", "2026-11-26")
LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+): (?P<rule>[A-Z]{2}\d{3}) (?P<severity>error|warning|info): (?P<message>.+)$"
)
HAN = re.compile(r"[\u4e00-\u9fff]")
A = "content/nsfw/a.md"
TYPO = article().replace("reviewed_by:", "reviewd_by:")


def test_clean_site_exits_0(site, run_sitegen):
    run = run_sitegen("check", *TODAY, cwd=site())
    assert (run.code, run.out.strip()) == (0, "检查通过：没有发现问题。")


def test_text_lines_are_path_line_code_severity_message(site, run_sitegen):
    root = site({A: TYPO})
    run = run_sitegen("check", *TODAY, cwd=root)
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines, run.err
    for line in lines:
        m = LINE.match(line)
        assert m, line
        assert HAN.search(m["message"]), line
    assert f"{A}:{line_of(TYPO, 'reviewd_by')}: FM008 error: " in run.out
    assert "Traceback" not in run.err and "错误" in run.err


def test_json_shape_and_paths_relative_to_the_root(site, run_sitegen):
    root = site({A: TYPO, "content/nsfw/b.md": article("见[纳税服务](/nsfw/good.md)\n")})
    run = run_sitegen("check", *TODAY, "--format", "json", cwd=root / "content" / "nsfw")
    assert run.code == 1
    data = run.json
    assert set(data) == {"errors", "warnings", "problems"}
    assert (data["errors"], data["warnings"]) == (2, 1)  # FM008 + AP009, LK003
    for problem in data["problems"]:
        assert set(problem) == {"path", "line", "rule", "severity", "message"}
        assert isinstance(problem["line"], int) and problem["line"] >= 1
        assert HAN.search(problem["message"])
    assert ("FM008", A, line_of(TYPO, "reviewd_by")) in run.rules()
    assert ("LK003", "content/nsfw/b.md", 14) in run.rules()


def test_strict_turns_a_warning_into_exit_1(site, run_sitegen):
    root = site({A: article("见[纳税服务](/nsfw/good.md)\n")})
    assert run_sitegen("check", *TODAY, cwd=root).code == 0
    strict = run_sitegen("check", *TODAY, "--strict", "--format", "json", cwd=root)
    assert strict.code == 1
    assert [p["rule"] for p in strict.json["problems"]] == ["LK003"]


def test_release_turns_a_pending_stage_into_an_error(site, run_sitegen):
    root = site({A: article(approval=approval(approved_by=None, approved=None))})
    branch = run_sitegen("check", *TODAY, "--format", "json", cwd=root)
    assert branch.code == 0
    assert [(p["rule"], p["severity"]) for p in branch.json["problems"]] == [("AP008", "info")]
    release = run_sitegen("check", *TODAY, "--release", "--format", "json", cwd=root)
    assert release.code == 1
    assert [(p["rule"], p["severity"]) for p in release.json["problems"]] == [("AP008", "error")]
    assert release.json["errors"] == 1


def test_today_decides_what_is_in_the_future(site, run_sitegen):
    root = site({A: article(approval=approval(approved="2026-11-27"), date="2026-11-27")})
    assert run_sitegen("check", "--today", "2026-11-26", cwd=root).code == 1
    assert run_sitegen("check", "--today", "2026-11-27", cwd=root).code == 0


def test_given_paths_only_are_checked(site, run_sitegen):
    root = site({A: TYPO, "content/nsfw/zqyj/b.md": article()})
    run = run_sitegen("check", *TODAY, "--format", "json", "content/nsfw/good.md", cwd=root)
    assert (run.code, run.json["problems"]) == (0, [])
    folder = run_sitegen("check", *TODAY, "--format", "json", "content/nsfw/zqyj", cwd=root)
    assert folder.code == 1
    assert {p["path"] for p in folder.json["problems"]} == {"content/nsfw/zqyj/b.md"}


def test_a_path_leaving_content_is_refused(site, run_sitegen, tmp_path):
    root = site()
    (tmp_path / "outside.md").write_text(article(), encoding="utf-8")
    for arg in ("../outside.md", "content/../../outside.md", str(tmp_path / "outside.md")):
        run = run_sitegen("check", *TODAY, "--format", "json", arg, cwd=root)
        assert run.code == 1, arg
        assert run.rules() == [("FM003", "../outside.md", 1)], arg


def test_symlinked_file_and_folder_are_refused(site, run_sitegen, tmp_path):
    root = site()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "b.md").write_text(article(), encoding="utf-8")
    os.symlink(tmp_path / "elsewhere", root / "content/nsfw/more")
    os.symlink(tmp_path / "elsewhere" / "b.md", root / "content/nsfw/link.md")
    whole = run_sitegen("check", *TODAY, "--format", "json", cwd=root)
    assert whole.code == 1
    assert sorted(whole.rules()) == [("FM003", "content/nsfw/link.md", 1), ("FM003", "content/nsfw/more", 1)]
    inside = run_sitegen("check", *TODAY, "--format", "json", "content/nsfw/more/b.md", cwd=root)
    assert (inside.code, inside.rules()) == (1, [("FM003", "content/nsfw/more/b.md", 1)])
    for folder in ("content", "content/nsfw/more/"):
        run = run_sitegen("check", *TODAY, "--format", "json", folder, cwd=root)
        assert run.code == 1 and ("FM003", "content/nsfw/more", 1) in run.rules(), folder


BAD_INPUTS = {
    "content/nsfw/yaml.md": '---\ntitle: "未闭合\ndate: 2026-11-20\n---\n正文\n',
    "content/nsfw/list.md": "---\n- 甲\n---\n正文\n",
    "content/nsfw/typo.md": TYPO,
    "content/nsfw/date.md": article(date="2026-13-40"),
    "content/nsfw/gbk.md": article().encode() + "税务".encode("gbk"),
    "content/nsfw/large.md": article("甲" * 400_000),
    "content/nsfw/bomb.md": None,  # filled in below
    "content/nsfx/column.md": article(),
    "content/nsfw/html.md": article("<script>alert(1)</script>\n\n[x](javascript:alert(1))\n[y](data:text/html,x)\n"),
    "content/nsfw/nul.md": b"\x00\x01\x02",
    "content/nsfw/empty.md": "",
}
BAD_INPUTS["content/nsfw/bomb.md"] = BILLION_LAUGHS_TEXT
EXPECTED = {
    "content/nsfw/yaml.md": ("FM005", 2),
    "content/nsfw/list.md": ("FM006", 2),
    "content/nsfw/typo.md": ("FM008", 8),
    "content/nsfw/date.md": ("FM010", 3),
    "content/nsfw/gbk.md": ("FM001", 15),
    "content/nsfw/large.md": ("FM002", 1),
    "content/nsfw/bomb.md": ("FM007", 3),
    "content/nsfx/column.md": ("CO001", 1),
    "content/nsfw/html.md": ("SE005", 14),
    "content/nsfw/nul.md": ("FM001", 1),
    "content/nsfw/empty.md": ("FM004", 1),
}


def test_bad_input_is_reported_never_a_traceback_or_a_hang(site, run_sitegen):
    root = site({**BAD_INPUTS, "departments.yaml": "office: bgt\npeople: &p {a: *p}\n"})
    start = time.perf_counter()
    run = run_sitegen("check", *TODAY, "--format", "json", cwd=root)
    assert time.perf_counter() - start < 20
    assert run.code == 1 and "Traceback" not in run.err and "内部错误" not in run.err
    found = set(run.rules())
    for path, (rule, line) in EXPECTED.items():
        assert (rule, path, line) in found, (path, rule, line, sorted(found))
    assert ("SE006", "content/nsfw/html.md", 16) in found
    assert ("SE006", "content/nsfw/html.md", 17) in found
    assert ("MP001", "departments.yaml", 2) in found


@pytest.mark.parametrize(
    "args, words",
    [
        (("check", *TODAY, "--staged"), "不是 git 仓库"),
        (("check", *TODAY, "content/nsfw/nothere.md"), "找不到"),
        (("check", "--today", "2026-13-01"), "YYYY-MM-DD"),
    ],
)
def test_could_not_run_exits_2(site, run_sitegen, args, words):
    run = run_sitegen(*args, cwd=site())
    assert run.code == 2, run.err
    assert words in run.err and "Traceback" not in run.err


def test_outside_any_site_exits_2(run_sitegen, tmp_path):
    run = run_sitegen("check", *TODAY, cwd=tmp_path)
    assert run.code == 2 and "找不到站点仓库" in run.err


def test_an_edit_after_a_check_is_seen_by_the_next_check(site, run_sitegen):
    # Same size, same second: a cache keyed on stat data alone would miss it.
    root = site({A: article(approval=APPROVAL)})
    assert run_sitegen("check", *TODAY, cwd=root).code == 0
    path = root / A
    before = path.stat()
    path.write_text(article(approval=approval(secrecy="秘密")), encoding="utf-8")
    assert path.stat().st_size == before.st_size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    again = run_sitegen("check", *TODAY, "--format", "json", cwd=root)
    assert [p["rule"] for p in again.json["problems"]] == ["AP007"]
