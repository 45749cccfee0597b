"""`sitegen keys`: a person sets up signing, the office registers the key, the check confirms it."""

from __future__ import annotations

from gitsite import PEOPLE, departments, make_site, run


def keys(site, *args: str):
    env = dict(site.env, SITEGEN_KEYS_NO_PASSPHRASE="1")
    return run(["sitegen", "keys", *args], site.path, env, check=False)


def test_setup_register_check(tmp_path, tool_env):
    site = make_site(tmp_path, tool_env)
    name, email = PEOPLE["zhangwei"]
    site.git("config", "user.name", name)
    site.git("config", "user.email", email)
    key = tmp_path / "zhangwei_ed25519"
    done = keys(site, "setup", "--create", "--key", str(key))
    assert done.returncode == 0, done.stdout + done.stderr
    line = next(x for x in done.stdout.splitlines() if "signing_key:" in x)
    public = " ".join(key.with_name(key.name + ".pub").read_text().split()[:2])
    assert line.strip().startswith("zhangwei:") and public in line
    assert site.git("config", "commit.gpgsign").stdout.strip() == "true"
    # Not registered yet: the check says what to do.
    before = keys(site, "check")
    assert before.returncode == 1 and "signing_key" in before.stdout, before.stdout
    # Registered only in the working tree: still not trusted.
    site.write("departments.yaml", departments(keys={"zhangwei": public}))
    assert keys(site, "check").returncode == 1
    # The office commits the line and it reaches main: now the check passes.
    site.commit("zhoukexin", "办公厅：登记张伟的签名公钥", flags=("--no-gpg-sign",))
    assert site.push().returncode == 0
    site.git("fetch", "-q")
    after = keys(site, "check")
    assert after.returncode == 0, after.stdout + after.stderr
    assert "签名设置正确" in after.stdout


def test_setup_refuses_an_unknown_person(site):
    site.git("config", "user.email", "someone@example.com")
    done = keys(site, "setup", "--create")
    assert done.returncode == 1 and "没有邮箱为 someone@example.com" in done.stderr
