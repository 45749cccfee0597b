"""Insiders trying to get past the server hook: for every class, the plain form is refused (control)
and the disguised form is refused too, with the protected branch unchanged on the server."""

from __future__ import annotations

import docmaker
import pytest
from gitsite import COLUMNS, STRANGER, article, departments, run

ARTICLE = "content/nsfw/youhua.md"
OTHER = "content/zgkj/note.md"


def refused(site, pushed, *codes: str, branch: str = "main", before: str | None = None) -> None:
    assert pushed.returncode != 0, pushed.stderr
    assert "已拒绝" in pushed.stderr, pushed.stderr
    for code in codes:
        assert code in pushed.stderr, pushed.stderr
    if before is not None:
        assert site.server(branch) == before, "the protected branch moved on the server"


def publish(site, path: str = ARTICLE, *, unit: str = "nsfws", by: str = "zhangwei", body: str | None = None):
    """An article written, reviewed and approved by the right people, pushed to main."""
    extra = {"body": body} if body else {}
    leader = {"nsfws": "limin", "zgkjs": "guohw"}[unit]
    site.write(path, article(unit=unit, by=by, **extra))
    site.commit(by, f"报送 {path}")
    site.write(path, article(unit=unit, by=by, reviewed=leader, **extra))
    site.commit(leader, "审核", day="2025-06-11")
    site.write(path, article(unit=unit, by=by, reviewed=leader, approved="chenhong", **extra))
    site.commit("chenhong", "审批", day="2025-06-12")
    pushed = site.push()
    assert pushed.returncode == 0, pushed.stderr


def forge_merge(site, who: str, *parents: str, message: str = "合并") -> str:
    """A merge commit of `parents` (ancestors too, which `git merge` would skip) holding the index's tree."""
    tree = site.git("write-tree").stdout.strip()
    links = [arg for parent in parents for arg in ("-p", parent)]
    sha = site.git("commit-tree", tree, *links, "-m", message, env=site.as_person(who)).stdout.strip()
    site.git("reset", "-q", "--hard", sha)
    return sha


# ---- 1. self-vouching history -------------------------------------------------------------------


def test_control_liaison_making_themselves_office(site):
    before = site.server()
    site.write("departments.yaml", departments(extra_office=", zhangwei"))
    site.commit("zhangwei", "把自己加进办公厅")
    refused(site, site.push(), "GH005", before=before)


def test_new_root_with_its_own_maps_merged_in(site):
    """A root commit that makes its author office staff, merged into main: its maps must not count."""
    before = site.server()
    site.git("switch", "-q", "--orphan", "rogue")
    site.write("departments.yaml", departments(extra_office=", chenyt"))
    site.write("columns.yaml", COLUMNS)
    site.write(ARTICLE, article(reviewed="limin", approved="chenhong", body="伪造的内容。"))
    site.commit("chenyt", "自带地图的新根")
    site.git("switch", "-q", "main")
    site.git(
        "merge",
        "-q",
        "--allow-unrelated-histories",
        "-X",
        "theirs",
        "rogue",
        "-m",
        "合并",
        env=site.as_person("chenyt"),
    )
    refused(site, site.push(), "GH010", before=before)


def test_maps_change_takes_effect_only_after_it_is_accepted(site):
    """The office adds a person and that person publishes in the same push: judged by the old maps."""
    before = site.server()
    text = departments().replace("people:\n", "people:\n  someone: {name: 某人, email: someone@example.com}\n")
    text = text.replace(
        "leaders: [dongpf]\n    supervisor: wangjun\n    publishers",
        "leaders: [dongpf, someone]\n    supervisor: wangjun\n    publishers",
    )
    site.write("departments.yaml", text)
    site.commit("zhoukexin", "办公厅：登记新人")
    site.write("content/gzdt/x.md", article(unit="bgt", by="zhoukexin"))
    site.commit(STRANGER, "新人马上发文")
    refused(site, site.push(), "GH001", before=before)
    # Once the maps are accepted on their own, the same person may work.
    site.git("reset", "-q", "--hard", "HEAD~1")
    assert site.push().returncode == 0


def test_signing_key_swapped_in_the_same_push_does_not_count(tmp_path, tool_env):
    from gitsite import make_site

    keys, public = {}, {}
    for person in ("zhoukexin", "zhangwei", "chenyt"):
        path = tmp_path / f"{person}_ed25519"
        run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", person, "-f", str(path)], tmp_path, tool_env)
        keys[person] = path
        public[person] = " ".join(path.with_suffix(".pub").read_text().split()[:2])
    site = make_site(tmp_path, tool_env, signing=True, keys=public, seed_key=keys["zhoukexin"])
    before = site.server()
    # Control: chenyt signs a commit made in zhangwei's name with her own key.
    site.write(ARTICLE, article())
    site.commit("zhangwei", "冒名提交", key=keys["chenyt"])
    refused(site, site.push(), "GH008", before=before)
    # Disguised: the same push registers chenyt's key as zhangwei's (committed by the office, properly signed).
    site.git("reset", "-q", "--hard", "origin/main")
    swapped = dict(public, zhangwei=public["chenyt"])
    site.write("departments.yaml", departments(signing=True, keys=swapped))
    site.commit("zhoukexin", "办公厅：更新密钥", key=keys["zhoukexin"])
    site.write(ARTICLE, article())
    site.commit("zhangwei", "冒名提交", key=keys["chenyt"])
    refused(site, site.push(), "GH008", before=before)


# ---- 2. merges that hide changes ----------------------------------------------------------------


def test_control_other_unit_deleting_an_article(site):
    publish(site)
    before = site.server()
    site.git("rm", "-q", ARTICLE)
    site.commit("chenyt", "删除别的单位的文章")
    refused(site, site.push(), "GH002", before=before)


def test_merge_with_an_old_ancestor_deletes_an_article(site):
    old = site.head()  # before the article existed
    publish(site)
    before = site.server()
    site.git("rm", "-q", ARTICLE)
    forge_merge(site, "chenyt", site.head(), old)
    assert site.git("diff-tree", "--cc", "HEAD").stdout.strip().count("\n") == 0  # the combined diff shows nothing
    refused(site, site.push(), "GH002", before=before)


def test_merge_with_an_old_ancestor_resurrects_an_old_version(site):
    publish(site)
    old = site.head()  # the first version of the article
    publish(site, body="修订后的正文。")  # revised, reviewed and approved again by its unit
    before = site.server()
    site.git("checkout", old, "--", ARTICLE)
    forge_merge(site, "chenyt", site.head(), old)
    refused(site, site.push(), "GH002", before=before)


def test_octopus_merge_hiding_a_deletion(site):
    old = site.head()
    publish(site)
    before = site.server()
    site.git("switch", "-q", "-c", "side")
    site.write(OTHER, article(unit="zgkjs", by="chenyt"))
    site.commit("chenyt", "征管科技报送")
    side = site.head()
    site.git("switch", "-q", "main")
    site.git("checkout", side, "--", OTHER)
    site.git("rm", "-q", ARTICLE)
    forge_merge(site, "chenyt", site.head(), side, old, message="章鱼合并")
    assert len(site.git("rev-list", "--parents", "-n1", "HEAD").stdout.split()) == 4
    refused(site, site.push(), "GH002", before=before)


def test_revert_of_another_units_approval(site):
    publish(site)
    before = site.server()
    site.git("revert", "--no-edit", "HEAD", env=site.as_person("chenyt"))  # takes the approval stamp back out
    refused(site, site.push(), "GH002", before=before)


def test_branch_from_an_old_main_merged_normally_is_accepted(site):
    """No false alarm: a liaison's branch started before other work landed, merged by the office."""
    old = site.head()
    publish(site, OTHER, unit="zgkjs", by="chenyt")
    site.git("switch", "-q", "-c", "late", old)
    site.write(ARTICLE, article())
    site.commit("zhangwei", "报送")
    site.write(ARTICLE, article(reviewed="limin"))
    site.commit("limin", "审核", day="2025-06-11")
    site.write(ARTICLE, article(reviewed="limin", approved="chenhong"))
    site.commit("chenhong", "审批", day="2025-06-12")
    site.git("switch", "-q", "main")
    site.git("merge", "-q", "--no-ff", "late", "-m", "合并", env=site.as_person("chenhong"))
    pushed = site.push()
    assert pushed.returncode == 0, pushed.stderr


# ---- 3. git indirection -------------------------------------------------------------------------


def bad_commit(site) -> str:
    site.write(OTHER, article(unit="zgkjs", by="chenyt", reviewed="guohw", approved="chenhong"))
    site.commit("zhangwei", "改别的单位的栏目")
    return site.head()


def test_replace_refs_are_refused(site):
    before = site.server()
    bad = bad_commit(site)
    good = site.git(
        "commit-tree", f"{before}^{{tree}}", "-p", before, "-m", "看起来无害", env=site.as_person("zhangwei")
    ).stdout.strip()
    site.git("replace", bad, good)
    refused(site, site.push(f"refs/replace/{bad}"), "GH013", before=before)
    refused(site, site.push("HEAD:main"), "GH002", before=before)


def test_replace_objects_on_the_server_are_ignored(site):
    before = site.server()
    bad = bad_commit(site)
    assert site.push("HEAD:refs/heads/topic").returncode == 0  # unprotected: the objects reach the server
    good = site.git(
        "commit-tree", f"{before}^{{tree}}", "-p", before, "-m", "看起来无害", env=site.as_person("zhangwei")
    ).stdout.strip()
    site.git("push", "-q", "origin", f"{good}:refs/heads/decoy")
    run(["git", "update-ref", f"refs/replace/{bad}", good], site.remote, site.env)  # planted server-side
    refused(site, site.push("HEAD:main"), "GH002", before=before)


def test_grafts_on_the_server_are_ignored(site):
    before = site.server()
    bad = bad_commit(site)
    site.write("content/nsfw/plain.md", article())
    site.commit("zhangwei", "普通报送")
    (site.remote / "info").mkdir(exist_ok=True)
    (site.remote / "info" / "grafts").write_text(f"{site.head()} {before}\n{bad}\n")
    refused(site, site.push("HEAD:main"), "GH002", before=before)


def test_symbolic_ref_alias_of_main_is_refused(site):
    before = site.server()
    run(["git", "symbolic-ref", "refs/heads/alias", "refs/heads/main"], site.remote, site.env)
    bad_commit(site)
    refused(site, site.push("HEAD:main"), "GH002", before=before)  # control
    refused(site, site.push("HEAD:refs/heads/alias"), "GH013", before=before)


@pytest.mark.parametrize("where", ["content/nsfw/sub", "vendor/sub"])
def test_gitlinks_are_refused(site, where):
    before = site.server()
    site.write("content/nsfw/link.md", "x")
    site.git("add", "content/nsfw/link.md")
    site.git("update-index", "--add", "--cacheinfo", f"160000,{before},{where}")
    site.git("rm", "-q", "--cached", "content/nsfw/link.md")
    (site.path / "content/nsfw/link.md").unlink()
    site.git("commit", "-q", "--no-verify", "-m", "子模块", env=site.as_person("huangpf"))
    refused(site, site.push(), "GH012", before=before)


def test_rewinding_main_is_refused(site):
    publish(site)
    before = site.server()
    site.git("reset", "-q", "--hard", "HEAD~3")
    refused(site, site.push("+HEAD:main"), "GH010", before=before)
    # Disguised: a rewritten history that looks fine on its own.
    site.write("content/nsfw/other.md", article(reviewed="limin", approved="chenhong"))
    site.commit("zhoukexin", "办公厅：重写历史")
    refused(site, site.push("+HEAD:main"), "GH010", before=before)


def test_deleting_main_is_refused(site):
    before = site.server()
    refused(site, site.push(":main"), "GH013", before=before)


def test_shallow_clone_cannot_be_judged(site, tmp_path):
    publish(site)
    shallow = tmp_path / "shallow"
    run(["git", "clone", "-q", "--depth", "1", f"file://{site.remote}", str(shallow)], tmp_path, site.env)
    done = run(["sitegen", "check", "--commits", "HEAD~0..HEAD"], shallow, site.env, check=False)
    assert done.returncode == 1 and "GH010" in done.stdout and "浅克隆" in done.stdout, done.stdout + done.stderr


# ---- 5. stamps ----------------------------------------------------------------------------------


def test_stamps_changed_by_others_are_refused(site):
    publish(site)
    before = site.server()
    text = (site.path / ARTICLE).read_text(encoding="utf-8")
    # Control: writing someone's stamp.
    site.write(ARTICLE, text.replace("approved_by: chenhong", "approved_by: wangjun"))
    site.commit("zhangwei", "换审批人")
    refused(site, site.push(), "GH003", before=before)
    # Disguised: only the date of another's stamp changes.
    site.git("reset", "-q", "--hard", "origin/main")
    site.write(ARTICLE, text.replace("reviewed: 2025-06-11", "reviewed: 2025-06-10"))
    site.commit("zhangwei", "改审核日期")
    refused(site, site.push(), "GH003", before=before)
    # Removing another's stamp without changing the article is refused too.
    site.git("reset", "-q", "--hard", "origin/main")
    site.write(ARTICLE, text.replace("  reviewed_by: limin\n  reviewed: 2025-06-11\n", ""))
    site.commit("chenhong", "删掉审核签署")
    refused(site, site.push(), "GH003", before=before)


def test_clearing_invalidated_stamps_with_an_edit_is_allowed(site):
    publish(site)
    site.write(ARTICLE, article(body="改过的正文。"))
    site.commit("zhangwei", "修改正文并清除签署")
    site.write(ARTICLE, article(reviewed="limin", body="改过的正文。"))
    site.commit("limin", "重新审核", day="2025-06-13")
    site.write(ARTICLE, article(reviewed="limin", approved="chenhong", body="改过的正文。"))
    site.commit("chenhong", "重新审批", day="2025-06-13")
    pushed = site.push()
    assert pushed.returncode == 0, pushed.stderr


# ---- 4. stale powers --------------------------------------------------------------------------


def with_former_office_liaison() -> str:
    """The office's register: liuyang served the office in 2024, zhoukexin since 2025."""
    return departments().replace(
        "      - {person: zhoukexin, from: 2025-01-01}",
        "      - {person: liuyang, from: 2024-01-01, to: 2024-12-31}\n      - {person: zhoukexin, from: 2025-01-01}",
        1,
    )


def test_former_liaison_is_no_longer_office_staff(site):
    site.write("departments.yaml", with_former_office_liaison())
    site.commit("zhoukexin", "办公厅：补登记册")
    assert site.push().returncode == 0
    before = site.server()
    # Control: someone who never was office staff edits the maps.
    site.write("columns.yaml", COLUMNS + "gzdt/tz:\n  title: 通知\n  owner: bgt\n")
    site.commit("chenyt", "改栏目规划")
    refused(site, site.push(), "GH005", before=before)
    # Disguised: a former office liaison, whose term ended, does the same, and deletes an office page.
    site.git("reset", "-q", "--hard", "origin/main")
    site.write("columns.yaml", COLUMNS + "gzdt/tz:\n  title: 通知\n  owner: bgt\n")
    site.commit("liuyang", "改栏目规划", day="2025-06-10")
    refused(site, site.push(), "GH005", before=before)
    # CODEOWNERS follows the dates too.
    run(["sitegen", "codeowners"], site.path, site.env)
    owners = (site.path / "CODEOWNERS").read_text(encoding="utf-8")
    maps_line = next(x for x in owners.splitlines() if x.startswith("/departments.yaml"))
    assert "liuyang@" not in maps_line and "zhoukexin@" in maps_line


# ---- 8. what would break the site -------------------------------------------------------------


def raw_commit(site, text: str) -> str:
    """A commit object written byte for byte (git commit would never write such a date)."""
    done = run(["git", "hash-object", "-t", "commit", "-w", "--stdin", "--literally"], site.path, site.env, input=text)
    return done.stdout.strip()


@pytest.mark.parametrize(
    "stamp", ["99999999999999999999 +0800", "1718000000 +9999", "-5 +0800"], ids=["huge", "zone", "negative"]
)
def test_unreadable_commit_date_is_refused(site, stamp):
    before = site.server()
    tree = site.git("rev-parse", f"{before}^{{tree}}").stdout.strip()
    name, email = "张伟", "zhangwei@example.gov.cn"
    text = (
        f"tree {tree}\nparent {before}\nauthor {name} <{email}> {stamp}\ncommitter {name} <{email}> {stamp}\n\n日期\n"
    )
    sha = raw_commit(site, text)
    refused(site, site.push(f"{sha}:refs/heads/main"), "GH011", before=before)


@pytest.mark.parametrize(
    "name, code",
    [(b"\xff\xfe.pdf", "FM020"), (b"a\x1bb.pdf", "FM021"), ("附件 #1.pdf".encode(), "FM022")],
    ids=["latin1", "escape", "space-hash"],
)
def test_names_that_would_break_the_build_are_refused(site, name, code):
    import os

    before = site.server()
    site.write(ARTICLE, article(reviewed="limin", approved="chenhong"))
    folder = site.path / "content" / "nsfw" / "youhua"
    folder.mkdir(parents=True)
    with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
        handle.write(docmaker.blank_pdf())
    site.commit("zhangwei", "报送（附件）")
    refused(site, site.push(), code, before=before)


def test_control_character_in_a_title_is_refused(site):
    before = site.server()
    text = article(reviewed="limin", approved="chenhong").replace(
        "title: 关于优化纳税服务的通知", 'title: "关于优化纳税服务的\\x0c通知"'
    )
    site.write(ARTICLE, text)
    site.commit("zhangwei", "报送")
    refused(site, site.push(), "FM023", before=before)


# ---- attachments are part of what was signed ------------------------------------------------------


def _pdf(text: str) -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Title": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_attachment_swapped_or_added_after_signing_is_refused(site):
    folder = site.path / "content" / "nsfw" / "youhua"
    folder.mkdir(parents=True)
    (folder / "附件.pdf").write_bytes(_pdf("approved version"))
    publish(site, body="详见[附件](youhua/附件.pdf)。")
    before = site.server()
    (folder / "附件.pdf").write_bytes(_pdf("swapped after approval"))
    site.commit("zhangwei", "换附件", day="2025-06-13")
    refused(site, site.push(), "GH004", "content/nsfw/youhua/附件.pdf", before=before)
    site.git("reset", "-q", "--hard", "origin/main")
    (folder / "extra.pdf").write_bytes(_pdf("added after approval"))
    site.commit("zhangwei", "加附件", day="2025-06-13")
    refused(site, site.push(), "GH004", "content/nsfw/youhua/extra.pdf", before=before)


def test_control_an_attachment_changed_and_signed_again_is_accepted(site):
    folder = site.path / "content" / "nsfw" / "youhua"
    folder.mkdir(parents=True)
    (folder / "附件.pdf").write_bytes(_pdf("approved version"))
    publish(site, body="详见[附件](youhua/附件.pdf)。")
    body = {"body": "详见[附件](youhua/附件.pdf)。"}
    (folder / "附件.pdf").write_bytes(_pdf("corrected"))
    site.write(ARTICLE, article(by="zhangwei", **body))  # the stamps cleared with the change
    site.commit("zhangwei", "更正附件并撤回签署", day="2025-06-13")
    site.write(ARTICLE, article(by="zhangwei", reviewed="limin", **body))
    site.commit("limin", "重新审核", day="2025-06-14")
    site.write(ARTICLE, article(by="zhangwei", reviewed="limin", approved="chenhong", **body))
    site.commit("chenhong", "重新审批", day="2025-06-15")
    pushed = site.push()
    assert pushed.returncode == 0, pushed.stderr
