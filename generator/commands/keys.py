"""`sitegen keys setup|show|check`: commit signing for one person in five minutes.

setup: pick (or create) an SSH key, tell git to sign every commit with it in this repository,
and print the departments.yaml line the office adds. check: the whole chain works — git is set
up, the key is the one the *trusted base* registers for this person (the protected branch as
committed, never the working tree), and a test signature made now verifies against it.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
from pathlib import Path

from generator import gitio
from generator.errors import EXIT_CLEAN, EXIT_PROBLEMS, Refused, SitegenError
from generator.mapcache import load_maps
from generator.maps import Departments, Person
from generator.project import WorkTree, find_root

DEFAULT_KEY = Path("~/.ssh/id_ed25519")


def run_keys(*, action: str, key: Path | None, create: bool, root: Path | None, base: str | None) -> int:
    root = (root or find_root()).resolve()
    if action == "setup":
        return _setup(root, key, create)
    if action == "show":
        return _show(root)
    return _check(root, base)


def _setup(root: Path, key: Path | None, create: bool) -> int:
    _, person = _me(root)
    private = (key or DEFAULT_KEY).expanduser()
    if private.suffix == ".pub":
        private = private.with_suffix("")
    public = private.with_name(private.name + ".pub")
    if not public.is_file():
        if not create:
            raise Refused(
                f"找不到公钥 {public}。要新建一把密钥，请运行 sitegen keys setup --create"
                f"（会调用 ssh-keygen，并请你为私钥设置口令）；已有密钥请用 --key 指明它的位置。"
            )
        private.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        extra = ["-N", ""] if os.environ.get("SITEGEN_KEYS_NO_PASSPHRASE") else []
        done = subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-C", person.email, "-f", str(private), *extra], check=False
        )
        if done.returncode != 0 or not public.is_file():
            raise SitegenError("ssh-keygen 未能生成密钥（需要 Debian 的 openssh-client）。")
        print(f"已生成密钥 {private}（私钥请妥善保管，不要发给任何人）。")
    for name, value in (("gpg.format", "ssh"), ("user.signingkey", str(public)), ("commit.gpgsign", "true")):
        gitio.git(root, "config", name, value)
    print(f"已设置本仓库的 git：此后每个提交都用 {public} 签名（gpg.format=ssh，commit.gpgsign=true）。")
    print("请把下面这一行交给办公厅，由其写入 departments.yaml 的 people 并合并（合并之后才生效）：")
    print(_line(person, public))
    print("办公厅合并后，运行 sitegen keys check 确认一切就绪。")
    return EXIT_CLEAN


def _show(root: Path) -> int:
    _, person = _me(root)
    configured = gitio.config_value(root, "user.signingkey")
    if not configured:
        raise Refused("本仓库还没有设置签名密钥，请先运行 sitegen keys setup。")
    print(_line(person, Path(configured).expanduser()))
    return EXIT_CLEAN


def _check(root: Path, base: str | None) -> int:
    problems: list[str] = []
    email = gitio.config_value(root, "user.email") or ""
    if gitio.config_value(root, "gpg.format") != "ssh":
        problems.append("git 的 gpg.format 不是 ssh：请运行 sitegen keys setup。")
    if (gitio.config_value(root, "commit.gpgsign") or "").lower() != "true":
        problems.append("git 没有设置 commit.gpgsign=true：提交不会自动签名。请运行 sitegen keys setup。")
    configured = gitio.config_value(root, "user.signingkey")
    public = Path(configured).expanduser() if configured else None
    key_text = _public_key(public) if public else None
    if key_text is None:
        problems.append("没有可用的签名公钥（user.signingkey）：请运行 sitegen keys setup。")
    deps, where = _trusted_departments(root, base)
    person = deps.person_by_email(email) if deps else None
    if deps is None or person is None:
        problems.append(
            f"{where} 的 departments.yaml 中没有邮箱为 {email or '（未设置）'} 的人：请用登记的邮箱（git config user.email）。"
        )
    elif not person.signing_key:
        problems.append(
            f"{where} 的 departments.yaml 还没有登记 {deps.label(person.id)} 的 signing_key：请把 sitegen keys show 的输出交给办公厅。"
        )
    elif key_text is not None and person.signing_key.split()[:2] != key_text.split()[:2]:
        problems.append(
            f"{where} 登记的 signing_key 与本机的 {public} 不是同一把密钥：请改用登记的密钥，或请办公厅更新登记。"
        )
    elif key_text is not None and not _test_signature(root, person):
        problems.append("用这把密钥试签名失败（ssh-agent 或口令？）：请确认 git commit -S 能正常签名。")
    if problems or deps is None or person is None:
        for line in problems:
            print(f"sitegen keys: {line}")
        return EXIT_PROBLEMS
    print(f"签名设置正确：提交将以 {deps.label(person.id)} 的密钥签名，且与 {where} 登记的公钥一致。")
    return EXIT_CLEAN


def _me(root: Path) -> tuple[Departments, Person]:
    email = gitio.config_value(root, "user.email")
    maps = load_maps(WorkTree(root), dt.date.today())
    deps = maps.departments
    if deps is None:
        raise SitegenError("departments.yaml 有错误，请先运行 sitegen check。")
    person = deps.person_by_email(email or "")
    if person is None:
        raise Refused(
            f"departments.yaml 中没有邮箱为 {email or '（未设置）'} 的人。请先 git config user.email 你的登记邮箱；"
            "尚未登记的，请办公厅先登记。"
        )
    return deps, person


def _line(person: Person, public: Path) -> str:
    key = _public_key(public) or "（读不到公钥）"
    return f'  {person.id}: {{name: {person.name}, email: {person.email}, signing_key: "{key}"}}'


def _public_key(public: Path) -> str | None:
    try:
        fields = public.read_text(encoding="utf-8").split()
    except (OSError, UnicodeDecodeError):
        return None
    return " ".join(fields[:2]) if len(fields) >= 2 and fields[0].startswith(("ssh-", "ecdsa-", "sk-")) else None


def _trusted_departments(root: Path, base: str | None) -> tuple[Departments | None, str]:
    """The keys the gate trusts: the protected branch as committed (origin/<branch>, else HEAD)."""
    from generator.history import trusted_maps

    candidates = [base] if base else ["origin/main", "main", "HEAD"]
    for rev in candidates:
        if rev and gitio.git(root, "rev-parse", "-q", "--verify", f"{rev}^{{commit}}", check=False).strip():
            return trusted_maps(root, rev, dt.date.today()).departments, rev
    return None, "受保护分支"


def _test_signature(root: Path, person: Person) -> bool:
    """Sign a throw-away commit object now and verify it against the registered key."""
    head = gitio.git(root, "rev-parse", "-q", "--verify", "HEAD^{tree}", check=False).decode().strip()
    tree = head or gitio.git(root, "hash-object", "-t", "tree", "-w", "/dev/null").decode().strip()
    signed = gitio.git(root, "commit-tree", "-S", tree, input=b"sitegen keys check\n", check=False).decode().strip()
    if not signed:
        return False
    key = " ".join((person.signing_key or "").split()[:2])
    with tempfile.TemporaryDirectory(prefix="sitegen-keys-") as tmp:
        signers = Path(tmp) / "allowed_signers"
        signers.write_text(f"{person.email.lower()} {key}\n", encoding="utf-8")
        out = gitio.git(
            root,
            "-c",
            "gpg.format=ssh",
            "-c",
            f"gpg.ssh.allowedSignersFile={signers}",
            "log",
            "-1",
            "--format=%G?",
            signed,
            check=False,
        )
    return out.decode().strip() == "G"
