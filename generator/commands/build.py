"""`sitegen build`: the release check, then the site; on any error the old output stays."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import EXIT_CLEAN, EXIT_PROBLEMS, SitegenError
from generator.problems import format_text, has_errors, summary_line
from generator.project import find_root

if TYPE_CHECKING:
    from generator.checking import Site  # imported lazily at run time: `sitegen --help` starts fast


def run_build(
    *, out: Path | None, today: dt.date | None, root: Path | None, quiet: bool = False, search: bool | None = None
) -> int:
    """`search`: None follows SITEGEN_NO_SEARCH; False skips the search index."""
    from generator import workers
    from generator.collector import paused

    try:
        with paused():  # until the rendering, a build's objects live to its end: the collector would only rescan them
            return _build(out=out, today=today, root=root, quiet=quiet, search=search)
    finally:
        workers.stop_helper()


def _build(*, out: Path | None, today: dt.date | None, root: Path | None, quiet: bool, search: bool | None) -> int:
    from generator import workers
    from generator.checking import check_tree
    from generator.site import search as site_search
    from generator.site.assemble import build_site
    from generator.site.fsio import MARKER, check_out_dir
    from generator.site.render import PrivacyLeak

    started = time.perf_counter()
    today = today or dt.date.today()
    root = (root or find_root()).resolve()
    out = (out if out is not None else root / "build").resolve()
    check_out_dir(out, root)
    if site_search.enabled(search) and (out / MARKER).is_file():
        # An output to update: its search index's update will run in a helper forked now, while this process is
        # small, beside the planning of the pages (site/assemble.py); run_build stops it if no update takes it.
        workers.start_helper(site_search.warm)
    result = check_tree(root, today=today, release=True, cache_in_background=True)
    if result.problems:
        sys.stderr.write(format_text(result.problems))
    if has_errors(result.problems) or not _usable(result.site):
        print(
            f"{summary_line(result.problems)}发布检查未通过，未生成网站；{_rel(out, root)} 保持原样。", file=sys.stderr
        )
        return EXIT_PROBLEMS
    try:
        report = build_site(result.site, root=root, out=out, today=today, with_search=search)
    except PrivacyLeak as exc:
        print(f"sitegen: {exc}", file=sys.stderr)
        print(f"未生成网站；{_rel(out, root)} 保持原样。", file=sys.stderr)
        return EXIT_PROBLEMS
    except SitegenError as exc:
        raise SitegenError(f"{exc}（未生成网站；{_rel(out, root)} 保持原样。）") from None
    from generator.workers import wait_background

    wait_background()  # the check cache, written while the site was built
    if not quiet:
        scheduled = f"，{report.scheduled} 篇定时发布的文章尚未到发布日期" if report.scheduled else ""
        print(
            f"网站已生成到 {_rel(out, root)}：{report.articles} 篇文章，共 {report.pages} 个页面{scheduled}"
            f"（用时 {time.perf_counter() - started:.1f} 秒）。"
        )
    return EXIT_CLEAN


def _usable(site: Site) -> bool:
    return all(x is not None for x in (site.settings, site.departments, site.columns))


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix() + "/"
    except ValueError:
        return str(path)
