"""Time the daily commands of liaisons, leaders and the office in a 10,000-article repository.

    python3 benchmarks/daily.py -n 10000 --branches 10 --repeat 5 [--baseline REV]

Generates (or reuses) a corpus with benchmarks/corpus.py in benchmarks/work/daily-<N>/ (one
commit on main), gives it BRANCHES branches each carrying one pending article, then times, in a
child process each (wall clock, interpreter start included, as a user feels it):

    columns --mine  the liaison's columns (start-up, the maps, who I am)
    status          the office liaison's `sitegen status` (every branch read)
    check --staged  the pre-commit hook's check of one staged edit (with the GH judgement of the commit);
                    the same edit every run, so the staged verdict cache answers for the article
    … via the hook  the same through hooks/pre-commit itself: origin/main is given the code's generator/,
                    which the hook unpacks once into the cache folder and runs with `python -I`
    … new text      check --staged of an edit never staged before (every rule runs on the article)
    … hook new text the same through hooks/pre-commit
    new             `sitegen new` in a disclosure column (allocates the next 索引号 over every branch)
    review          `sitegen review` of a pending article, by the unit's leader
    approve         `sitegen approve` of the same article once reviewed, by an office publisher

Each run is undone before the next (the file restored, the index reset). Prints the median and
every run; the target is under 0.3 s. With --baseline REV, generator/ of commit REV (unpacked into
benchmarks/work/) is timed too, each of its runs interleaved with one of the working tree's, so
that both see the same load: "before" and "after" from one run. Everything under benchmarks/work/
is git-ignored.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work"
TODAY = "2026-11-26"  # the corpus's stamps end on 2026-11-25
TARGET_SECONDS = 0.3


def corpus(n: int) -> Path:
    sys.path.insert(0, str(HERE))
    import corpus as corpus_mod

    site = WORK / f"daily-{n}" / "sitegen"
    if not (site / ".git").is_dir():
        corpus_mod.write_sitegen_corpus(site, n, seed=1, repo=REPO)
    return site


def git(site: Path, *args: str, data: bytes | None = None, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=site, input=data, capture_output=True, check=True, env=env)
    return done.stdout.decode()


def people(site: Path) -> dict[str, str]:
    """Emails of the office's liaison, one of its leaders and a publisher, and a disclosure column."""
    sys.path.insert(0, str(REPO))
    import datetime as dt

    from generator.maploader import load_maps
    from generator.project import WorkTree

    maps = load_maps(WorkTree(site), dt.date.fromisoformat(TODAY))
    deps, columns = maps.departments, maps.columns
    assert deps is not None and columns is not None
    office = deps.units[deps.office]
    liaison = office.liaison_on(dt.date.fromisoformat(TODAY))
    publisher = office.publishers[0]
    leader = next(p for p in office.leaders if p != publisher)
    disclosure = next(c.path for c in columns if c.kind == "disclosure" and c.owner == deps.office)
    plain = next(c.path for c in columns if c.kind == "article" and c.owner == deps.office)

    def email(pid: str) -> str:
        return deps.people[pid].email

    return {
        "liaison": email(liaison),
        "liaison_id": liaison,
        "leader": email(leader),
        "publisher": email(publisher),
        "disclosure": disclosure,
        "column": plain,
    }


def pending_text(who: dict[str, str], title: str) -> str:
    return (
        f"---\ntitle: {title}\ndate: {TODAY}\nunit: bgt\napproval:\n  submitted_by: {who['liaison_id']}\n"
        f"  submitted: {TODAY}\n  secrecy: 公开\n---\n基准测试正文。\n"
    )


def make_branches(site: Path, count: int, who: dict[str, str]) -> None:
    """`count` branches off main, each with one pending article (one `git fast-import`)."""
    if git(site, "for-each-ref", "--format=%(refname)", f"refs/heads/bench-{count - 1}").strip():
        return
    main = git(site, "rev-parse", "main").strip()
    stream = bytearray()
    for i in range(count):
        body = pending_text(who, f"分支 {i} 上的待审文章").encode()
        message = f"bench branch {i}".encode()
        stamp = 1785000000 + i * 3600
        stream += f"commit refs/heads/bench-{i}\ncommitter 基准 <{who['liaison']}> {stamp} +0800\n".encode()
        stream += f"data {len(message)}\n".encode() + message + b"\n" + f"from {main}\n".encode()
        stream += f"M 100644 inline content/{who['column']}/bench-{i}.md\ndata {len(body)}\n".encode() + body + b"\n\n"
    git(site, "fast-import", "--quiet", data=bytes(stream))


def unpack(rev: str) -> Path:
    """generator/ of commit `rev` of this repository, unpacked once into benchmarks/work/."""
    sha = git(REPO, "rev-parse", "--verify", f"{rev}^{{commit}}").strip()
    target = WORK / "code" / sha
    if not (target / "generator" / "cli.py").is_file():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", sha, "generator"], cwd=REPO, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


PROTECTED_COPY = "refs/remotes/origin/main"  # where hooks/pre-commit looks first for the checker


def checker_commit(site: Path, code: Path) -> str:
    """A commit of `site` holding main's tree plus `code`'s generator/: what the hook runs as checker."""
    env = {
        **os.environ,
        "GIT_INDEX_FILE": str(site / ".git" / "bench-checker-index"),
        "GIT_AUTHOR_NAME": "基准",
        "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_NAME": "基准",
        "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    }
    git(site, "read-tree", "main", env=env)
    exclude = ":(exclude,glob)**/__pycache__/**"
    git(code, f"--git-dir={site / '.git'}", f"--work-tree={code}", "add", "-f", "--", "generator", exclude, env=env)
    tree = git(site, "write-tree", env=env).strip()
    return git(site, "commit-tree", tree, "-p", "main", "-m", "checker", env=env).strip()


def timed(site: Path, args: list[str], email: str, code: Path = REPO, hook: bool = False) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and the git processes it ran), with generator/ from `code`.

    `hook`: run this repository's hooks/pre-commit itself (sh, its git look-ups, the checker unpacked
    from PROTECTED_COPY into the cache folder, `python -I`), with the venv's python3 first on PATH.
    """
    git(site, "config", "user.email", email)
    command = [sys.executable, "-m", "generator.cli", *args, "--today", TODAY]
    env = {**os.environ, "PYTHONPATH": str(code)}
    if hook:
        command = ["sh", str(REPO / "hooks" / "pre-commit")]
        bindir = str(Path(sys.executable).parent)
        env.update(SITEGEN_TODAY=TODAY, PATH=os.pathsep.join([bindir, env.get("PATH", "")]))
    # As installed: bytecode is cached (the first, uncounted run writes it).
    env = {k: v for k, v in env.items() if not k.startswith("GIT_AUTHOR_") and k != "PYTHONDONTWRITEBYTECODE"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=site, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{args} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=10000)
    parser.add_argument("--branches", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--baseline", metavar="REV", help="also time generator/ of this commit (before/after)")
    parser.add_argument("--only", metavar="NAMES", help="comma-separated commands to time (default: all)")
    args = parser.parse_args(argv)
    site = corpus(args.n)
    who = people(site)
    make_branches(site, args.branches, who)
    draft = site / "content" / who["column"] / "bench-draft.md"
    staged = min((site / "content" / who["column"]).glob("*.md"))
    original = staged.read_bytes()
    # Each code under test gets its own, fresh cache folder: the first (uncounted) run of a command
    # finds its caches cold, the counted ones find them as a liaison's second command of the day does.
    codes: dict[str, Path] = {"after": REPO}
    if args.baseline:
        codes = {"before": unpack(args.baseline), "after": REPO}
    caches = {label: Path(tempfile.mkdtemp(prefix=f"cache-{label}-", dir=WORK)) for label in codes}
    results: dict[str, dict[str, list[tuple[float, float]]]] = {}
    cold: dict[str, dict[str, tuple[float, float]]] = {}

    checkers = {label: checker_commit(site, code) for label, code in codes.items()}

    only = set(args.only.split(",")) if args.only else None

    def run(name: str, command: list[str], email: str, setup=None, undo=None, hook: bool = False) -> None:
        if only is not None and name not in only:
            return
        for attempt in range(args.repeat + 1):  # the first run warms the caches and is not counted
            for label, code in codes.items():  # interleaved: before and after see the same load
                if hook:
                    git(site, "update-ref", PROTECTED_COPY, checkers[label])
                if setup:
                    setup()
                os.environ["SITEGEN_CACHE_DIR"] = str(caches[label])
                seconds = timed(site, command, email, code, hook)
                if undo:
                    undo()
                if attempt == 0:
                    cold.setdefault(name, {})[label] = seconds
                else:
                    results.setdefault(name, {}).setdefault(label, []).append(seconds)

    run("columns --mine", ["columns", "--mine"], who["liaison"])
    run("status", ["status"], who["liaison"])

    def stage_edit() -> None:
        staged.write_bytes(original.replace("。".encode(), "，".encode(), 1))
        git(site, "add", str(staged.relative_to(site)))

    def unstage() -> None:
        git(site, "reset", "-q", "--", str(staged.relative_to(site)))
        staged.write_bytes(original)

    run("check --staged", ["check", "--staged"], who["liaison"], stage_edit, unstage)
    run("… via the hook", ["check", "--staged"], who["liaison"], stage_edit, unstage, hook=True)
    edits = iter(range(1, 1_000_000))

    def stage_new_text() -> None:  # bytes no run has seen: the article's verdict cannot come from a cache
        staged.write_bytes(original.replace("。".encode(), f"，第{next(edits)}次修改。".encode(), 1))
        git(site, "add", str(staged.relative_to(site)))

    run("… new text", ["check", "--staged"], who["liaison"], stage_new_text, unstage)
    run("… hook new text", ["check", "--staged"], who["liaison"], stage_new_text, unstage, hook=True)
    git(site, "update-ref", "-d", PROTECTED_COPY)

    def remove_new() -> None:
        for path in (site / "content" / who["disclosure"]).glob("2026*.md"):
            if "基准新建" in path.read_text(encoding="utf-8"):
                path.unlink()

    run("new", ["new", who["disclosure"], "--title", "基准新建的公告"], who["liaison"], None, remove_new)

    rel = str(draft.relative_to(site))
    run("review", ["review", rel], who["leader"], lambda: draft.write_text(pending_text(who, "待审"), encoding="utf-8"))
    reviewed = None

    def reviewed_draft() -> None:
        nonlocal reviewed
        if reviewed is None:
            draft.write_text(pending_text(who, "待审"), encoding="utf-8")
            timed(site, ["review", rel], who["leader"])
            reviewed = draft.read_bytes()
        draft.write_bytes(reviewed)

    run("approve", ["approve", rel], who["publisher"], reviewed_draft, draft.unlink)
    git(site, "config", "user.email", who["liaison"])

    # Wall clock is what a user feels on an idle machine; on a shared, loaded one the CPU time of
    # the command and its git children is the honest figure (it does not count waiting for a core).
    def median(runs: list[tuple[float, float]], i: int) -> float:
        return round(statistics.median(r[i] for r in runs), 3)

    summary: dict[str, dict[str, dict[str, float]]] = {}
    for name, by_label in results.items():
        for label, runs in by_label.items():
            summary.setdefault(name, {})[label] = {
                "wall": median(runs, 0),
                "cpu": median(runs, 1),
                "cold_cpu": round(cold[name][label][1], 3),
            }
            flag = "ok" if median(runs, 1) < TARGET_SECONDS else "SLOW"
            listed = ", ".join(f"{w:.2f}/{c:.2f}" for w, c in runs)
            print(
                f"{name:15} {label:6} wall {median(runs, 0):6.3f} s  cpu {median(runs, 1):6.3f} s  {flag:4}"
                f"  first run cpu {cold[name][label][1]:.2f}  runs wall/cpu {listed}"
            )
    for folder in caches.values():
        shutil.rmtree(folder, ignore_errors=True)
    load = os.getloadavg()[0]
    print(
        json.dumps(
            {
                "articles": args.n,
                "branches": args.branches,
                "repeat": args.repeat,
                "baseline": args.baseline,
                "load_average": round(load, 1),
                "median_seconds": summary,
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
