"""`sitegen check --commits` in a working clone: merges, ranges, output."""

from __future__ import annotations

import json

from gitsite import article

ARTICLE = "content/nsfw/youhua.md"


def approved_branch(site, branch: str = "youhua"):
    site.git("switch", "-q", "-c", branch)
    site.write(ARTICLE, article())
    site.commit("zhangwei", "报送")
    site.write(ARTICLE, article(reviewed="limin"))
    site.commit("limin", "审核", day="2025-06-11")
    site.write(ARTICLE, article(reviewed="limin", approved="chenhong"))
    site.commit("chenhong", "审批", day="2025-06-12")


def test_office_merge_of_an_approved_branch_is_clean(site):
    approved_branch(site)
    site.git("switch", "-q", "main")
    site.write("content/gzdt/other.txt", "")  # main moved on meanwhile: a real merge commit
    (site.path / "content/gzdt/other.txt").unlink()
    site.git(
        "merge",
        "-q",
        "--no-ff",
        "youhua",
        "-m",
        "合并：优化纳税服务的通知",
        env=dict(
            site.env,
            GIT_AUTHOR_NAME="陈红",
            GIT_AUTHOR_EMAIL="chenhong@example.gov.cn",
            GIT_COMMITTER_NAME="陈红",
            GIT_COMMITTER_EMAIL="chenhong@example.gov.cn",
        ),
    )
    done = site.check("--release", "--commits", "origin/main..HEAD")
    assert done.returncode == 0, done.stdout + done.stderr
    assert site.push().returncode == 0


def test_a_merge_that_rewrites_content_is_judged_by_its_author(site):
    approved_branch(site)
    site.git("switch", "-q", "main")
    site.write("content/zgkj/note.md", article(unit="zgkjs", by="chenyt"))
    site.commit("chenyt", "征管科技报送")
    merge_env = dict(
        site.env,
        GIT_AUTHOR_NAME="陈雅婷",
        GIT_AUTHOR_EMAIL="chenyt@example.gov.cn",
        GIT_COMMITTER_NAME="陈雅婷",
        GIT_COMMITTER_EMAIL="chenyt@example.gov.cn",
    )
    site.git("merge", "-q", "--no-ff", "--no-commit", "youhua", env=merge_env)
    site.write(ARTICLE, article(reviewed="limin", approved="chenhong", body="合并时偷偷改的正文。"))
    site.git("add", ARTICLE)
    site.git("commit", "-q", "-m", "合并", env=merge_env)
    done = site.check("--commits", "origin/main..HEAD")
    assert done.returncode == 1
    assert "GH002" in done.stdout and "GH004" in done.stdout and "「合并」" in done.stdout, done.stdout
    assert "GH003" not in done.stdout, "the stamps came from the merged branch, signed by their owners"


def test_json_names_commit_and_file(site):
    site.write(ARTICLE, article(reviewed="limin"))
    site.commit("zhangwei", "替领导签审核")
    done = site.check("--format", "json", "--commits", "origin/main..HEAD")
    payload = json.loads(done.stdout)
    forged = [p for p in payload["problems"] if p["rule"] == "GH003"]
    assert forged and forged[0]["path"] == ARTICLE and forged[0]["line"] == 8
    assert site.head()[:8] in forged[0]["message"] and "替领导签审核" in forged[0]["message"]


def test_stamp_set_before_the_range_is_not_judged_again(site):
    approved_branch(site)
    base = site.head()
    site.write("content/nsfw/second.md", article())
    site.commit("zhangwei", "再报送一篇")
    assert site.check("--commits", f"{base}..HEAD").returncode == 0


def test_empty_range_and_bad_ranges(site):
    assert site.check("--commits", "HEAD..HEAD").returncode == 0
    bad = site.check("--commits", "A...B")
    assert bad.returncode == 2 and "A..B" in bad.stderr
    missing = site.check("--commits", "nosuchbranch..HEAD")
    assert missing.returncode == 2


def test_rev_checks_a_commit_without_a_working_tree(site):
    site.write(ARTICLE, article())
    site.commit("zhangwei", "报送")
    (site.path / ARTICLE).unlink()  # the working tree no longer matters
    done = site.check("--release", "--rev", "HEAD")
    assert done.returncode == 1 and "AP008" in done.stdout
    assert site.check("--release", "--rev", "origin/main").returncode == 0


def test_judge_change_judges_one_proposed_change(site):
    """The function the pre-commit hook calls: one change, the trusted base's maps."""
    import datetime as dt
    from pathlib import Path

    from generator import gitio
    from generator.history import judge_change, trusted_maps
    from generator.rules.gh import Change

    root = Path(site.path)
    maps = trusted_maps(root, "origin/main", dt.date(2025, 6, 30))
    blob = gitio.git(root, "hash-object", "-w", "--stdin", input=article().encode()).decode().strip()
    changes = [Change(ARTICLE, None, blob)]

    def read(sha):
        return gitio.read_blobs(root, [sha])[sha]

    day = dt.date(2025, 6, 10)
    mine = judge_change(changes, name="张伟", email="zhangwei@example.gov.cn", day=day, maps=maps, read=read)
    assert mine == []
    other = judge_change(changes, name="陈雅婷", email="chenyt@example.gov.cn", day=day, maps=maps, read=read)
    assert [p.rule for p in other] == ["GH002"]
    former = judge_change(changes, name="刘洋", email="liuyang@example.gov.cn", day=day, maps=maps, read=read)
    assert [p.rule for p in former] == ["GH002"], "liuyang's term ended on 2025-03-31"
