"""The nightly inspection jobs of both CI templates, run for real against a stale site:
the build succeeds, the inspection fails the job (exit 1) and leaves its report as an artifact."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml
from reportkit import REPO, copy_repo


def gitlab_nightly() -> tuple[list[str], dict]:
    config = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    job = config["inspect"]
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule"'}]
    assert job["stage"] in config["stages"]
    return job["script"], job


def github_nightly() -> tuple[list[str], dict]:
    config = yaml.safe_load((REPO / ".github" / "workflows" / "sitegen.yml").read_text(encoding="utf-8"))
    assert config[True]["schedule"]  # PyYAML reads the key `on` as True
    job = config["jobs"]["inspect"]
    assert job["if"] == "github.event_name == 'schedule'"
    return [s["run"] for s in job["steps"] if "run" in s and "sitegen" in s["run"]], job


@pytest.mark.parametrize("template", [gitlab_nightly, github_nightly])
def test_nightly_job_alerts_on_a_stale_site(repo, tmp_path, template):
    commands, _job = template()
    assert any(c.startswith("sitegen inspect") for c in commands)
    site = copy_repo(repo, tmp_path / "site")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "sitegen"
    wrapper.write_text(
        f'#!/bin/sh\nexec "{sys.executable}" -c \'from generator.cli import main; main(prog_name="sitegen")\' "$@"\n'
    )
    wrapper.chmod(0o755)
    env = dict(site.env, PATH=f"{bin_dir}:{site.env['PATH']}")
    results = [
        subprocess.run(["bash", "-ec", c], cwd=site.path, env=env, capture_output=True, text=True, check=False)
        for c in commands
    ]
    *setup, last = results
    assert all(r.returncode == 0 for r in setup), [r.stderr for r in setup]
    assert last.returncode == 1, last.stdout + last.stderr  # the site's news is from 2025: stale today
    assert "[否决] 首页不更新" in last.stdout
    assert sorted(p.suffix for p in (site.path / "inspect-report").iterdir()) == [".csv", ".csv", ".csv", ".html"]
    assert not list((site.path / "public").rglob("inspect-*"))  # the report never joins the site
