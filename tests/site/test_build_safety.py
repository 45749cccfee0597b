"""A build killed at any moment, or two builds into one output at once, never leave a mixed site
or anything in the repository; a build publishes the files its release check saw, nothing put there since."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sitekit import TODAY, ScratchSite, minimal_pdf, populate

from generator.checking import check_tree
from generator.problems import has_errors
from generator.site.assemble import build_site

REPO = Path(__file__).resolve().parents[2]


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def start_build(root: Path, out: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO), SITEGEN_NO_SEARCH="1")
    code = "from generator.cli import main; main(prog_name='sitegen')"
    args = [sys.executable, "-c", code, "build", "--root", str(root), "--out", str(out), "--today", TODAY.isoformat()]
    return subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def leftovers(root: Path) -> list[str]:
    expected = {"content", "templates", "departments.yaml", "columns.yaml", "site.yaml", "build"}
    return sorted(p.name for p in root.iterdir() if p.name not in expected)


def test_killed_build_leaves_old_or_new_site_and_nothing_in_the_repository(tmp_path: Path) -> None:
    site = populate(ScratchSite(tmp_path / "site"))
    out = site.root / "build"
    assert start_build(site.root, out).wait() == 0
    old = snapshot(out)
    site.article("nsfw", "added", title="新增的通知", date="2026-11-20", body="新增的正文。")
    started = time.perf_counter()
    reference = tmp_path / "reference"
    assert start_build(site.root, reference).wait() == 0
    new = snapshot(reference)
    duration = time.perf_counter() - started
    assert old != new
    rng = random.Random(8)
    for _ in range(6):
        build = start_build(site.root, out)
        time.sleep(rng.uniform(0, duration))
        build.send_signal(signal.SIGKILL)
        build.wait()
        assert snapshot(out) in (old, new), "a killed build left a mixed site"
        assert leftovers(site.root) == [], "a killed build left files in the repository"
    assert start_build(site.root, out).wait() == 0
    assert snapshot(out) == new, "the next build is exact"
    assert leftovers(site.root) == []


def test_two_builds_into_one_output_never_mix(tmp_path: Path) -> None:
    first = populate(ScratchSite(tmp_path / "first"))
    second = populate(ScratchSite(tmp_path / "second"))
    second.article("nsfw", "only-second", title="只在第二个站点", date="2026-11-20", body="第二个。")
    first.article("nsfw", "tags", title="第一个站点改过的标题", date="2026-11-21", body="第一个。")
    out = tmp_path / "public"
    expected = {}
    for name, site in (("first", first), ("second", second)):
        reference = tmp_path / f"ref-{name}"
        assert start_build(site.root, reference).wait() == 0
        expected[name] = snapshot(reference)
    for _ in range(4):
        builds = [start_build(first.root, out), start_build(second.root, out)]
        results = [b.communicate() for b in builds]
        assert [b.returncode for b in builds] == [0, 0], results
        assert snapshot(out) in (expected["first"], expected["second"]), "the output mixes two builds"
        waited = [err for _, err in results if "另一个构建正在写入" in err]
        assert len(waited) <= 1
    assert start_build(first.root, out).wait() == 0
    assert snapshot(out) == expected["first"], "the next build is exact"


def test_second_build_says_it_waits(tmp_path: Path) -> None:
    from generator.site.fsio import BuildLock

    site = populate(ScratchSite(tmp_path / "site"))
    out = site.root / "build"
    log = tmp_path / "second.err"
    env = dict(os.environ, PYTHONPATH=str(REPO), SITEGEN_NO_SEARCH="1")
    code = "from generator.cli import main; main(prog_name='sitegen')"
    args = [
        sys.executable,
        "-c",
        code,
        "build",
        "--root",
        str(site.root),
        "--out",
        str(out),
        "--today",
        TODAY.isoformat(),
    ]
    with BuildLock(site.root, out), open(log, "w") as err:
        build = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=err, text=True)
        deadline = time.monotonic() + 300
        while "另一个构建正在写入" not in log.read_text(encoding="utf-8") and time.monotonic() < deadline:
            assert build.poll() is None, log.read_text(encoding="utf-8")
            time.sleep(0.2)
        time.sleep(1)
        assert build.poll() is None, "the second build must wait for the first"
    assert build.wait(timeout=300) == 0, log.read_text(encoding="utf-8")
    message = log.read_text(encoding="utf-8")
    assert "另一个构建正在写入" in message and str(out) in message


def test_a_template_cannot_reach_python_internals(tmp_path: Path) -> None:
    """A merge request's trial build renders templates not yet judged: the sandbox stops them."""
    site = populate(ScratchSite(tmp_path / "site"))
    out = site.root / "build"
    assert start_build(site.root, out).wait() == 0
    old = snapshot(out)
    page = site.use_own_templates() / "sitemap.html"
    original = page.read_text(encoding="utf-8")
    probe = "{{ ''.__class__.__mro__[1].__subclasses__() }}"
    page.write_text(original.replace("{% block main %}", "{% block main %}" + probe, 1), encoding="utf-8")
    failed = start_build(site.root, out)
    _out, err = failed.communicate()
    assert failed.returncode != 0 and "templates/sitemap.html" in err and "__class__" in err
    assert snapshot(out) == old  # the previous site stands
    page.write_text(original.replace("{% block main %}", "{% block main %}{{ site.name }}", 1), encoding="utf-8")
    assert start_build(site.root, out).wait() == 0  # control: an ordinary change renders


def test_a_template_that_is_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    site = populate(ScratchSite(tmp_path / "site"))
    out = site.root / "build"
    secret = tmp_path / "ci-secret.html"
    secret.write_text("CI-SECRET-TOKEN\n", encoding="utf-8")
    footer = site.use_own_templates() / "_footer.html"
    kept = footer.read_text(encoding="utf-8")
    footer.unlink()
    footer.symlink_to(secret)
    failed = start_build(site.root, out)
    _out, err = failed.communicate()
    assert failed.returncode != 0 and "templates/_footer.html" in err and "符号链接" in err
    assert not out.exists() or "CI-SECRET-TOKEN" not in "".join(p.read_text("utf-8") for p in out.rglob("*.html"))
    footer.unlink()
    footer.write_text(kept + "<!-- 普通文件 -->\n", encoding="utf-8")
    assert start_build(site.root, out).wait() == 0  # control: the same file, copied in


def test_a_script_in_another_encoding_is_shipped_as_written(tmp_path: Path) -> None:
    """Review s6 (h3, 5): a GBK-encoded script in templates/static/ stopped the build with 内部错误."""
    site = populate(ScratchSite(tmp_path / "site"))
    static = site.use_own_templates() / "static"
    script = "// 旧系统的脚本\nvar 提示 = '欢迎访问';\n".encode("gbk")
    (static / "legacy.js").write_bytes(script)
    out = site.root / "build"
    assert start_build(site.root, out).wait() == 0
    assert (out / "static" / "legacy.js").read_bytes() == script
    (static / "modern.js").write_text("    // 注释\n    var a = 1;\n", encoding="utf-8")  # control: compacted
    assert start_build(site.root, out).wait() == 0
    assert (out / "static" / "modern.js").read_bytes() == b"var a=1;\n"


def test_a_file_put_beside_the_articles_after_the_check_is_not_published(tmp_path: Path) -> None:
    """The build publishes the attachments the release check listed and scanned (Site.files), not whatever the
    article's folder holds by the time the pages are made (review s24: a walk then published an unchecked file)."""
    site = populate(ScratchSite(tmp_path / "site"))
    result = check_tree(site.root, today=TODAY, release=True)
    assert not has_errors(result.problems)
    site.write("content/xxgk/gkzn/未经检查.pdf", minimal_pdf(2048))  # after the check: never scanned
    out = site.root / "build"
    build_site(result.site, root=site.root, out=out, today=TODAY, with_search=False)
    published = {p.name for p in out.rglob("*.pdf")}
    assert "附件1.pdf" in published  # control: the checked attachment is there
    assert "未经检查.pdf" not in published
    assert "未经检查" not in (out / "xxgk/gkzn.html").read_text("utf-8")
