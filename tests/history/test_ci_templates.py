"""The CI templates' sitegen commands, run for real against a temporary clone:
a typo in a command, an option or a variable fails here rather than in a team's pipeline."""

from __future__ import annotations

import re
import subprocess

import pytest
import yaml
from gitsite import COLUMNS, REPO, article, make_site, run

ZERO = "0" * 40
EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


def gitlab_commands(job: str) -> list[str]:
    config = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    return [line for line in config[job]["script"] if "sitegen check" in line or "sitegen codeowners" in line]


def github_steps(job: str) -> list[tuple[str, dict]]:
    config = yaml.safe_load((REPO / ".github" / "workflows" / "sitegen.yml").read_text(encoding="utf-8"))
    steps = config["jobs"][job]["steps"]
    return [
        (s["run"], s.get("env", {}))
        for s in steps
        if "run" in s and ("sitegen check" in s["run"] or "sitegen codeowners" in s["run"])
    ]


def github_env(env: dict, values: dict[str, str]) -> dict[str, str]:
    def expand(match):
        assert match.group(1) in values, f"unknown expression {match.group(0)} in the workflow"
        return values[match.group(1)]

    return {name: EXPRESSION.sub(expand, str(value)) for name, value in env.items()}


@pytest.fixture
def request_clone(tmp_path, tool_env):
    """A clone whose branch holds a merge request: an article written, reviewed and approved."""
    site = make_site(tmp_path, tool_env)
    run(["sitegen", "codeowners"], site.path, tool_env)
    site.commit("zhoukexin", "办公厅：生成 CODEOWNERS", day="2025-05-11")
    assert site.push().returncode == 0
    base = site.head()
    site.git("switch", "-q", "-c", "youhua")
    site.write("content/nsfw/youhua.md", article())
    site.commit("zhangwei", "报送")
    site.write("content/nsfw/youhua.md", article(reviewed="limin"))
    site.commit("limin", "审核", day="2025-06-11")
    site.write("content/nsfw/youhua.md", article(reviewed="limin", approved="chenhong"))
    site.commit("chenhong", "审批", day="2025-06-12")
    return site, base


def run_shell(line: str, site, env: dict[str, str]) -> subprocess.CompletedProcess:
    full = {k: v for k, v in site.env.items() if k != "SITEGEN_TODAY"}
    return run(["bash", "-ec", line], site.path, dict(full, **env), check=False)


def gitlab_env(base: str, head: str) -> dict[str, str]:
    return {
        "CI_MERGE_REQUEST_DIFF_BASE_SHA": base,
        "CI_COMMIT_SHA": head,
        "CI_COMMIT_BEFORE_SHA": base,
        "CI_PIPELINE_SOURCE": "merge_request_event",
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
    }


def test_templates_run_sitegen_check_and_codeowners():
    for job in ("check", "pages"):
        assert any("sitegen check --release" in c for c in gitlab_commands(job))
        assert any("sitegen codeowners --check" in c for c in gitlab_commands(job))
    for job in ("check", "publish"):
        assert any("sitegen check --release" in c for c, _ in github_steps(job))


@pytest.mark.parametrize("job", ["check", "pages"])
def test_gitlab_commands_pass_a_good_request(request_clone, job):
    site, base = request_clone
    for line in gitlab_commands(job):
        done = run_shell(line, site, gitlab_env(base, site.head()))
        assert done.returncode == 0, f"{line}\n{done.stdout}{done.stderr}"


def test_gitlab_pages_job_without_a_previous_commit(request_clone):
    site, _ = request_clone
    for line in gitlab_commands("pages"):
        done = run_shell(line, site, dict(gitlab_env(ZERO, site.head()), CI_COMMIT_BEFORE_SHA=ZERO))
        assert done.returncode == 0, f"{line}\n{done.stdout}{done.stderr}"


@pytest.mark.parametrize("job", ["check", "publish"])
def test_github_commands_pass_a_good_request(request_clone, job):
    site, base = request_clone
    values = {
        "github.event.pull_request.base.sha": base,
        "github.event.pull_request.head.sha": site.head(),
        "github.event.before": base,
        "github.sha": site.head(),
    }
    for line, env in github_steps(job):
        done = run_shell(line, site, github_env(env, values))
        assert done.returncode == 0, f"{line}\n{done.stdout}{done.stderr}"


def test_a_request_behind_main_is_judged_from_its_fork_point(request_clone):
    """main moved on after the branch forked: the request is not a rewrite of main (no GH010)."""
    site, fork = request_clone
    head = site.head()
    site.git("switch", "-q", "main")
    site.write("content/nsfw/other.md", article())
    site.commit("zhangwei", "另一篇报送")
    site.write("content/nsfw/other.md", article(reviewed="limin"))
    site.commit("limin", "审核", day="2025-06-11")
    site.write("content/nsfw/other.md", article(reviewed="limin", approved="chenhong"))
    site.commit("chenhong", "审批", day="2025-06-12")
    pushed = site.push()
    assert pushed.returncode == 0, pushed.stderr
    main_tip = site.head()
    site.git("switch", "-q", "youhua")
    values = {"github.event.pull_request.base.sha": main_tip, "github.event.pull_request.head.sha": head}
    for line, env in github_steps("check"):
        done = run_shell(line, site, github_env(env, values))
        assert done.returncode == 0 and "GH010" not in done.stdout, f"{line}\n{done.stdout}{done.stderr}"
    for line in gitlab_commands("check"):
        done = run_shell(line, site, gitlab_env(fork, head))
        assert done.returncode == 0, f"{line}\n{done.stdout}{done.stderr}"


def test_commands_fail_a_bad_request(request_clone):
    site, base = request_clone
    site.write("columns.yaml", COLUMNS + "nsfw/new:\n  title: 新栏目\n  owner: nsfws\n")
    site.commit("zhangwei", "联络员改栏目规划")
    results = {line: run_shell(line, site, gitlab_env(base, site.head())) for line in gitlab_commands("check")}
    check, codeowners = list(results.values())
    assert check.returncode == 1 and "GH005" in check.stdout, check.stdout + check.stderr
    assert codeowners.returncode == 1, "CODEOWNERS is stale after a new column"
    values = {"github.event.pull_request.base.sha": base, "github.event.pull_request.head.sha": site.head()}
    for line, env in github_steps("check"):
        assert run_shell(line, site, github_env(env, values)).returncode == 1


def _job_script(job: str) -> tuple[list[str], dict[str, str]]:
    config = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    return config[job]["script"], {k: str(v) for k, v in config.get("variables", {}).items()}


def test_a_request_that_weakens_a_rule_is_refused_by_the_base_checker(tmp_path, tool_env):
    """The check job's every command, for real: the base's sitegen installed in a fresh venv judges the request."""
    import shutil
    import sys

    site = make_site(tmp_path, tool_env)
    shutil.copytree(REPO / "generator", site.path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, site.path / name)
    site.commit("huangpf", "技术单位：sitegen 本身")
    run(["sitegen", "codeowners"], site.path, tool_env)
    site.commit("zhoukexin", "办公厅：CODEOWNERS", day="2025-05-11")
    assert site.push().returncode == 0
    base = site.head()
    site.git("switch", "-q", "-c", "weaken")
    gate = site.path / "generator" / "history.py"
    text = gate.read_text(encoding="utf-8")
    marker = "def judge_update(root: Path, update: Update, *, today: dt.date) -> list[Problem]:\n"
    assert marker in text
    gate.write_text(text.replace(marker, marker + "    return []  # 放宽：不再检查历史\n"), encoding="utf-8")
    site.commit("huangpf", "技术单位：简化历史检查")
    site.write("content/nsfw/youhua.md", article(reviewed="limin", approved="chenhong", body="别的单位写的。"))
    site.commit("chenyt", "替纳税服务司发文（含伪造的签署）")
    head = site.head()
    plain = {k: v for k, v in tool_env.items() if k != "PYTHONPATH"}
    # Control: the request's own code would let itself through.
    own = run(
        [sys.executable, "-c", "from generator.cli import main; main(prog_name='sitegen')", "check", "--release"]
        + ["--commits", f"{base}..{head}"],
        site.path,
        dict(plain, PYTHONPATH=str(site.path)),
        check=False,
    )
    assert own.returncode == 0, own.stdout + own.stderr
    # The template's commands, in order, with only a fresh venv's python and sitegen on PATH.
    venv = tmp_path / "ci-venv"
    run([sys.executable, "-m", "venv", str(venv)], tmp_path, plain)
    script, variables = _job_script("check")
    env = dict(plain, **variables, **gitlab_env(base, head))
    env["SITEGEN_BASE"] = str(tmp_path / "sitegen-base")
    env["PATH"] = f"{venv / 'bin'}:{plain['PATH']}"
    done = run(["bash", "-ec", "\n".join(script)], site.path, env, check=False, timeout=900)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "GH002" in done.stdout and "GH003" in done.stdout, done.stdout + done.stderr
    installed = run(
        [str(venv / "bin" / "python"), "-c", "import generator; print(generator.__file__)"], tmp_path, plain
    )
    assert str(venv) in installed.stdout, "the checker that ran is the one installed from the base"
    assert "放宽" not in (venv / "lib").joinpath(
        next(p.name for p in (venv / "lib").iterdir()), "site-packages", "generator", "history.py"
    ).read_text(encoding="utf-8")


def test_no_job_installs_the_request_before_judging_it():
    config = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert "before_script" not in config.get("default", {})
    for job in ("check", "build"):
        script = config[job]["script"]
        install = next(i for i, line in enumerate(script) if "pip install" in line)
        assert "$SITEGEN_BASE" in script[install] and "git worktree add" in script[install - 1]
        assert "$CI_MERGE_REQUEST_DIFF_BASE_SHA" in script[install - 1]
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "sitegen.yml").read_text(encoding="utf-8"))
    steps = [s.get("run", "") for s in workflow["jobs"]["check"]["steps"]]
    first_install = next(s for s in steps if "pip install" in s)
    assert "sitegen-base" in first_install and "BASE_SHA" in first_install
