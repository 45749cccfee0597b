"""Reused pages are never stale: a warm build equals a cold one after any kind of change."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from generator.commands.build import run_build
from generator.errors import SitegenError
from generator.usercache import repository_cache_dir

TODAY = dt.date(2026, 11, 26)


def build(root: Path, out: str = "build") -> Path:
    assert run_build(out=root / out, today=TODAY, root=root, quiet=True) == 0
    return root / out


def assert_same_as_cold(root: Path) -> None:
    warm = build(root)
    shutil.rmtree(repository_cache_dir(root, "pages"))
    cold = build(root, "cold")
    assert _differences(warm, cold) == []


def _differences(a: Path, b: Path) -> list[str]:
    """Every file that is not byte-for-byte the same in both trees."""
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    return sorted((files_a ^ files_b) | {f for f in files_a & files_b if (a / f).read_bytes() != (b / f).read_bytes()})


def test_unchanged_tree_gives_the_same_site(site: Path) -> None:
    build(site)
    assert (repository_cache_dir(site, "pages") / "pages.json").is_file()
    assert not (site / ".cache").exists(), "nothing is cached in the working tree"
    assert_same_as_cold(site)


def test_template_change_reaches_every_page(site: Path) -> None:
    build(site)
    footer = site / "templates" / "_footer.html"
    footer.write_text(footer.read_text(encoding="utf-8").replace("主办单位：", "主办单位（已改）："), encoding="utf-8")
    out = build(site)
    pages = list(out.rglob("*.html"))
    assert pages and all("主办单位（已改）" in p.read_text(encoding="utf-8") for p in pages)
    assert_same_as_cold(site)


def test_map_change_reaches_navigation(site: Path) -> None:
    build(site)
    columns = site / "columns.yaml"
    columns.write_text(
        columns.read_text(encoding="utf-8").replace("title: 纳税服务\n", "title: 纳税缴费服务\n", 1), encoding="utf-8"
    )
    out = build(site)
    assert "纳税缴费服务" in (out / "xxgk" / "glbf.html").read_text(encoding="utf-8")
    assert_same_as_cold(site)


def test_article_change_reaches_its_page_and_lists(site: Path) -> None:
    build(site)
    article = site / "content" / "xxgk" / "glbf.md"
    article.write_text(article.read_text(encoding="utf-8").replace("title: ", "title: 修订版", 1), encoding="utf-8")
    out = build(site)
    assert "修订版" in (out / "xxgk" / "glbf.html").read_text(encoding="utf-8")
    assert "修订版" in (out / "index.html").read_text(encoding="utf-8")
    assert_same_as_cold(site)


def test_a_hand_edited_output_file_is_rendered_again(site: Path) -> None:
    out = build(site)
    page = out / "xxgk" / "glbf.html"
    original = page.read_bytes()
    tampered = page.with_name("tmp")
    tampered.write_bytes(original.replace("管理办法".encode(), "篡改内容".encode()))
    os.replace(tampered, page)
    assert build(site, "build").joinpath("xxgk", "glbf.html").read_bytes() == original


def test_the_build_date_counts(site: Path) -> None:
    build(site)
    later = dt.date(2027, 1, 5)
    assert run_build(out=site / "build", today=later, root=site, quiet=True) == 0
    shutil.rmtree(repository_cache_dir(site, "pages"))
    assert run_build(out=site / "cold", today=later, root=site, quiet=True) == 0
    assert _differences(site / "build", site / "cold") == []


def test_a_reused_page_must_hold_the_recorded_bytes(site: Path) -> None:
    """The memo's stat data matching is not enough: the file's content must be the one recorded."""
    import json

    from generator.checkcache import stat_signature

    out = build(site)
    page = out / "xxgk" / "glbf.html"
    original = page.read_bytes()
    with open(page, "r+b") as handle:  # same inode, other bytes: as if another build had written here
        handle.write(original.replace("管理办法".encode(), "篡改内容".encode()))
    marker = out / ".sitegen-build"  # and another build writes its own marker (a new file)
    replacement = out / "marker.tmp"
    replacement.write_bytes(marker.read_bytes())
    os.replace(replacement, marker)
    memo_file = repository_cache_dir(site, "pages") / "pages.json"
    memo = json.loads(memo_file.read_text(encoding="utf-8"))
    memo["entries"]["xxgk/glbf.html"][1] = list(stat_signature(str(page)))  # it "vouches" for the tampered file
    memo_file.write_text(json.dumps(memo, ensure_ascii=False), encoding="utf-8")
    assert build(site).joinpath("xxgk", "glbf.html").read_bytes() == original


def test_a_changed_attachment_reaches_the_output(site: Path) -> None:
    """An attachment is linked from the last build only while its source is untouched (stat data, ctime
    included): the replacement gets back the old mtime, and the new bytes are published all the same."""
    import time

    import docmaker

    source = site / "content" / "xxgk" / "glbf" / "说明.docx"
    source.write_bytes(docmaker.docx(["第一版说明。"]))
    past = time.time() - 3600
    os.utime(source, (past, past))  # older than the racy window: its stat data may vouch for it
    out = build(site)
    published = next(out.rglob("说明.docx"))
    assert published.read_bytes() == source.read_bytes()
    inode = published.stat().st_ino
    assert build(site).joinpath(published.relative_to(out)).stat().st_ino == inode  # control: linked, not copied
    source.write_bytes(docmaker.docx(["第二版说明。"]))
    os.utime(source, (past, past))
    assert build(site).joinpath(published.relative_to(out)).read_bytes() == source.read_bytes()
    assert_same_as_cold(site)


def _spare(site: Path) -> Path:
    staging = repository_cache_dir(site, "staging")
    found = [p for p in staging.iterdir() if p.name.startswith(".build.spare-")]
    assert len(found) == 1, sorted(p.name for p in staging.iterdir())
    return found[0]


def test_the_replaced_output_becomes_the_next_stage_and_unchanged_pages_stay_untouched(site: Path) -> None:
    """The swap leaves the old output in the cache's staging folder as the next build's stage (the spare).
    A page unchanged twice running is then already in place: same inode, same ctime (nothing linked or
    unlinked), so the memo vouches for it by its exact stat data; nothing is left to remove."""
    build(site)
    build(site)
    spare = _spare(site)
    assert (spare / ".sitegen-build").is_file()
    assert not [p for p in spare.parent.iterdir() if ".staging-" in p.name or p.name.startswith("removed-")]
    before = {p: os.stat(site / "build" / p) for p in ("index.html", "xxgk/glbf.html")}
    out = build(site)
    for page, old in before.items():
        now = os.stat(out / page)
        assert (now.st_ino, now.st_ctime_ns, now.st_nlink) == (old.st_ino, old.st_ctime_ns, old.st_nlink), page
        assert os.stat(spare / page).st_ino == now.st_ino  # the spare holds the same file by another name
    assert_same_as_cold(site)


def test_nothing_planted_in_the_spare_is_published(site: Path) -> None:
    """The spare lies in the user's cache: an extra page, a page replaced by other bytes, a symbolic link
    to a file or a folder elsewhere never reach the output; the untouched pages are kept (control)."""
    build(site)
    out = build(site)
    spare = _spare(site)
    outside = site.parent / "outside"
    outside.mkdir()
    (outside / "secret.html").write_text("机密★十年", encoding="utf-8")
    (spare / "planted.html").write_text("未经审核的页面", encoding="utf-8")
    (spare / "xxgk" / "planted").mkdir()
    (spare / "xxgk" / "planted" / "x.html").write_text("未经审核的页面", encoding="utf-8")
    replaced = spare / "xxgk" / "glbf.html"
    replaced.unlink()  # a new inode: the live page keeps its own
    replaced.write_text("篡改内容", encoding="utf-8")
    (spare / "lxwm.html").unlink()
    (spare / "lxwm.html").symlink_to(outside / "secret.html")
    (spare / "elsewhere").symlink_to(outside, target_is_directory=True)
    kept = os.stat(out / "index.html").st_ino
    original = (out / "xxgk" / "glbf.html").read_bytes()
    out = build(site)
    assert not (out / "planted.html").exists() and not (out / "xxgk" / "planted").exists()
    assert not (out / "elsewhere").exists()
    assert (out / "xxgk" / "glbf.html").read_bytes() == original
    assert "机密" not in (out / "lxwm.html").read_text(encoding="utf-8")
    assert not (out / "lxwm.html").is_symlink()
    assert (outside / "secret.html").read_text(encoding="utf-8") == "机密★十年"  # nothing written through a link
    assert os.stat(out / "index.html").st_ino == kept  # control: an untouched page stays in place
    assert_same_as_cold(site)


def test_a_page_edited_through_the_spare_is_rendered_again(site: Path) -> None:
    """The spare's name of a live page is the same file: an in-place edit through it that keeps the size
    and restores the mtime still moves the ctime, and the next build renders the page again."""
    build(site)
    out = build(site)
    out = build(site)  # the memo now vouches for its pages by their stat data
    page = out / "xxgk" / "glbf.html"
    original = page.read_bytes()
    twin = _spare(site) / "xxgk" / "glbf.html"
    assert os.stat(twin).st_ino == os.stat(page).st_ino
    before = page.stat()
    with open(twin, "r+b") as handle:
        handle.write(original.replace("管理办法".encode(), "机密★十".encode()))
    os.utime(twin, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert build(site).joinpath("xxgk", "glbf.html").read_bytes() == original
    assert build(site).joinpath("xxgk", "glbf.html").read_bytes() == original


def test_a_page_edited_in_place_while_the_old_output_is_removed_is_rendered_again(site: Path) -> None:
    """An in-place edit that keeps the size and restores the mtime moves the ctime; the memo must not
    take it for the background removal's unlink (s5 review, finding 1), however long that removal runs."""
    import time

    build(site)
    out = build(site)  # the memo now vouches for its pages by their stat data
    page = out / "xxgk" / "glbf.html"
    original = page.read_bytes()
    junk = out / "junk"  # a large old output: its removal after the next build takes a while
    junk.mkdir()
    for i in range(20_000):
        (junk / str(i)).touch()
    build(site)
    before = page.stat()
    with open(page, "r+b") as handle:  # same inode, same size, other bytes
        handle.write(original.replace("管理办法".encode(), "机密★十".encode()))
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    staging = repository_cache_dir(site, "staging")
    deadline = time.monotonic() + 120
    while any(".staging-" in p.name for p in staging.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.1)  # the removal has ended (and noted when)
    assert build(site).joinpath("xxgk", "glbf.html").read_bytes() == original
    assert build(site).joinpath("xxgk", "glbf.html").read_bytes() == original


def test_the_first_rebuild_after_a_cold_build_renders_nothing(site: Path, tmp_path: Path) -> None:
    """A cold build parses the maps and checks every article; the next build, a new process, reads both
    from the user cache. The page keys must not see the difference (a pickle's memo did: equal values
    shared differently gave other bytes, and every page was rendered again)."""
    import re
    import subprocess
    import sys

    env = {**os.environ, "SITEGEN_CACHE_DIR": str(tmp_path / "empty-cache"), "SITEGEN_TIMINGS": "1"}

    def rendered() -> tuple[int, int]:
        command = [sys.executable, "-m", "generator.cli", "build", "--today", TODAY.isoformat()]
        run = subprocess.run(command, cwd=site, env=env, check=True, capture_output=True, text=True)
        found = re.search(r"pages rendered: (\d+) of (\d+)", run.stderr)
        assert found, run.stderr
        return int(found[1]), int(found[2])

    done, pages = rendered()
    assert done == pages > 100
    assert rendered() == (0, pages)
    # Control: an edited article's page and the lists that show it are rendered again, and only they.
    article = site / "content" / "xxgk" / "glbf.md"
    article.write_text(article.read_text(encoding="utf-8").replace("title: ", "title: 修订版", 1), encoding="utf-8")
    done, _ = rendered()
    assert 0 < done < pages


def test_attachment_titles_kept_with_the_check_result_follow_the_text(site: Path) -> None:
    """The link text an attachment is listed under is found by the check and kept with its result (a warm
    build does not read the body again); a changed link text reaches the page, a warm build equals a cold one."""
    out = build(site)
    assert ">附件：网站信息发布审批单</a>" in (out / "xxgk" / "glbf.html").read_text(encoding="utf-8")
    article = site / "content" / "xxgk" / "glbf.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("[附件：网站信息发布审批单](glbf/spd.pdf)", "[审批单样表](glbf/spd.pdf)"), "utf-8")
    for _ in range(2):  # the first build checks the new text, the second reads its result from the cache
        page = build(site).joinpath("xxgk", "glbf.html").read_text(encoding="utf-8")
        assert ">审批单样表</a>" in page and ">附件：网站信息发布审批单</a>" not in page
    assert_same_as_cold(site)


def test_folders_planted_in_the_output_do_not_survive_and_folder_modes_are_reset(site: Path) -> None:
    """Review s6, H2-1 and H2-2: the live output becomes the spare. An empty folder (.git/), a read-only
    folder holding a page, a world-writable column folder planted there must not be published by later
    builds; every folder the build keeps gets the mode a build gives it."""
    build(site)
    out = build(site)
    (out / ".git").mkdir()
    (out / "admin-backup").mkdir()
    locked = out / "locked"
    locked.mkdir()
    (locked / "page.html").write_text("内部资料\n未经审核的页面", encoding="utf-8")
    locked.chmod(0o555)
    os.chmod(out / "xxgk", 0o777)
    try:
        for _ in range(3):  # the planted output is the spare of the build after next
            out = build(site)
            assert not (out / ".git").exists() and not (out / "admin-backup").exists()
            assert not (out / "locked").exists()
        assert os.stat(out / "xxgk").st_mode & 0o777 == 0o755
    finally:
        for folder in repository_cache_dir(site, "staging").rglob("locked"):
            folder.chmod(0o755)
    assert_same_as_cold(site)


def test_a_symbolic_link_in_a_read_only_folder_of_the_spare_does_not_stop_builds(site: Path) -> None:
    """Review s6, H2-5: whatever the spare holds, a build goes on (with a fresh stage if need be)."""
    build(site)
    build(site)
    spare = _spare(site)
    folder = spare / "xxgk"
    (folder / "link.html").symlink_to(site / "site.yaml")
    folder.chmod(0o555)
    try:
        out = build(site)
        assert not (out / "xxgk" / "link.html").exists()
        assert os.stat(out / "xxgk").st_mode & 0o777 == 0o755
    finally:
        for path in repository_cache_dir(site, "staging").rglob("xxgk"):
            path.chmod(0o755)
    assert_same_as_cold(site)


def test_a_file_planted_at_a_temporary_name_is_never_written_through(tmp_path: Path) -> None:
    """Review s6, H2-7: a hard link planted where a page's temporary copy is written is replaced, not
    written through (the file it shares with keeps its bytes)."""
    from generator.site import fsio

    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text("an earlier build's page", encoding="utf-8")
    os.link(victim, tmp_path / f".page.html.tmp{os.getpid()}")
    fsio._write_new(page, b"new page")
    assert page.read_text(encoding="utf-8") == "new page"
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_a_rebuild_of_one_article_compiles_only_its_templates_and_a_broken_one_still_fails(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The memo remembers the templates the last build compiled whole: the next build with the very same
    templates and code compiles only what its few pages use; a changed template set is compiled whole first,
    so a broken template that no rendered page uses still fails the build."""
    from generator.site import render

    compiled: list[str] = []
    whole = render.compile_all
    monkeypatch.setattr(render, "compile_all", lambda env: (compiled.append("all"), whole(env))[1])
    build(site)
    assert compiled == ["all"]  # control: a cold build compiles every template
    article = site / "content" / "xxgk" / "glbf.md"
    article.write_text(article.read_text(encoding="utf-8").replace("title: ", "title: 修订版", 1), encoding="utf-8")
    compiled.clear()
    assert "修订版" in (build(site) / "xxgk" / "glbf.html").read_text(encoding="utf-8")
    assert compiled == []
    assert_same_as_cold(site)
    sitemap = site / "templates" / "sitemap.html"
    good = sitemap.read_text(encoding="utf-8")
    sitemap.write_text(good + "{% if %}", encoding="utf-8")
    article.write_text(article.read_text(encoding="utf-8").replace("title: 修订版", "title: 二次修订", 1), "utf-8")
    with pytest.raises(SitegenError, match=r"sitemap\.html"):
        build(site)
    sitemap.write_text(good, encoding="utf-8")
    assert "二次修订" in (build(site) / "xxgk" / "glbf.html").read_text(encoding="utf-8")
