"""departments.yaml may require every commit to carry its author's SSH signature."""

from __future__ import annotations

import pytest
from gitsite import article, make_site, run

ARTICLE = "content/nsfw/youhua.md"
SIGNERS = ("zhoukexin", "zhangwei", "limin", "chenhong", "chenyt")


@pytest.fixture
def signed_site(tmp_path, tool_env):
    keys, public = {}, {}
    for person in SIGNERS:
        path = tmp_path / f"{person}_ed25519"
        run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", person, "-f", str(path)], tmp_path, tool_env)
        keys[person] = path
        public[person] = " ".join(path.with_suffix(".pub").read_text().split()[:2])
    site = make_site(tmp_path, tool_env, signing=True, keys=public, seed_key=keys["zhoukexin"])
    return site, keys


def test_unsigned_commit_is_refused(signed_site):
    site, _ = signed_site
    site.write(ARTICLE, article())
    site.commit("zhangwei", "未签名的提交")
    pushed = site.push("HEAD:refs/heads/main")
    assert pushed.returncode != 0
    assert "GH008" in pushed.stderr and "没有签名" in pushed.stderr, pushed.stderr


def test_commits_signed_by_their_authors_are_accepted(signed_site):
    site, keys = signed_site
    site.write(ARTICLE, article())
    site.commit("zhangwei", "报送", key=keys["zhangwei"])
    site.write(ARTICLE, article(reviewed="limin"))
    site.commit("limin", "审核", day="2025-06-11", key=keys["limin"])
    site.write(ARTICLE, article(reviewed="limin", approved="chenhong"))
    site.commit("chenhong", "审批", day="2025-06-12", key=keys["chenhong"])
    pushed = site.push()
    assert pushed.returncode == 0, pushed.stderr


def test_commit_signed_with_someone_elses_key_is_refused(signed_site):
    site, keys = signed_site
    site.write(ARTICLE, article())
    site.commit("zhangwei", "用别人的密钥签名", key=keys["chenyt"])
    done = site.check("--commits", "origin/main..HEAD")
    assert done.returncode == 1
    assert "GH008" in done.stdout and "chenyt@example.gov.cn" in done.stdout, done.stdout


def test_key_not_in_the_map_is_refused(signed_site, tmp_path):
    site, _ = signed_site
    stray = tmp_path / "stray"
    run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(stray)], tmp_path, site.env)
    site.write(ARTICLE, article())
    site.commit("zhangwei", "用未登记的密钥签名", key=stray)
    done = site.check("--commits", "origin/main..HEAD")
    assert done.returncode == 1 and "GH008" in done.stdout, done.stdout
