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
