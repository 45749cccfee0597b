"""`sitegen codeowners`: who the host asks to approve what, derived from the maps."""

from __future__ import annotations

from gitsite import COLUMNS, REPO, run


def test_generated_file_maps_columns_maps_and_code(site):
    run(["sitegen", "codeowners"], site.path, site.env)
    lines = (site.path / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
    entries = {line.split()[0]: line.split()[1:] for line in lines if line and not line.startswith("#")}
    assert entries["/content/nsfw/"] == ["zhangwei@example.gov.cn", "limin@example.gov.cn"]
    assert entries["/content/zgkj/"] == ["chenyt@example.gov.cn", "guohw@example.gov.cn"]
    office = {"zhoukexin@example.gov.cn", "chenhong@example.gov.cn", "dongpf@example.gov.cn"}
    assert set(entries["/columns.yaml"]) == office == set(entries["/departments.yaml"])
    assert set(entries["/generator/"]) == {"huangpf@example.gov.cn", "dongpf@example.gov.cn"}
    assert {"/templates/", "/hooks/", "/pyproject.toml"} <= set(entries)
    # The last matching line wins: a child column comes after its parent.
    assert lines.index(next(x for x in lines if x.startswith("/content/nsfw/zxft/"))) > lines.index(
        next(x for x in lines if x.startswith("/content/nsfw/ "))
    )


def test_check_fails_when_stale_and_passes_when_regenerated(site):
    assert run(["sitegen", "codeowners", "--check"], site.path, site.env, check=False).returncode == 1
    run(["sitegen", "codeowners"], site.path, site.env)
    assert run(["sitegen", "codeowners", "--check"], site.path, site.env).returncode == 0
    site.write("columns.yaml", COLUMNS + "zgkj/sub:\n  title: 子栏目\n  owner: nsfws\n")
    stale = run(["sitegen", "codeowners", "--check"], site.path, site.env, check=False)
    assert stale.returncode == 1 and "/content/zgkj/sub/" in stale.stdout
    assert "sitegen codeowners" in stale.stderr


def test_repository_codeowners_is_up_to_date(tool_env):
    done = run(["sitegen", "codeowners", "--check"], REPO, tool_env, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
