"""Reused pages are never stale: a warm build equals a cold one after any kind of change."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from generator.commands.build import run_build
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


def test_the_replaced_output_is_removed_in_the_background_and_noted(site: Path) -> None:
    """The swap leaves the old output in the cache's staging folder; a detached process removes it."""
    import time

    build(site)
    first_home = (site / "build" / "index.html").stat().st_ino
    build(site)
    staging = repository_cache_dir(site, "staging")
    deadline = time.monotonic() + 120
    while any(".staging-" in p.name for p in staging.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(".staging-" in p.name for p in staging.iterdir()), "the old output was not removed"
    assert [p.name for p in staging.iterdir() if p.name.startswith("removed-")], "its end was not noted"
    assert (site / "build" / "index.html").stat().st_ino == first_home  # the live output kept its files


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
