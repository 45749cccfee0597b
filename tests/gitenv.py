"""The one git environment of the tests: no user or system configuration, this checkout's code.

Every folder's fixtures start from `git_env(home)` and add what they pin (identities, dates, a
`sitegen` on PATH). Git reads only `home/.gitconfig`, written here, so no setting of the machine
(hooks, signing, templates, default branch) changes what a test sees.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GITCONFIG = "[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n"


def git_env(home: Path, **pinned: str) -> dict[str, str]:
    home.mkdir(parents=True, exist_ok=True)
    config = home / ".gitconfig"
    if not config.exists():
        config.write_text(GITCONFIG, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "SITEGEN"))}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=str(config),
        PYTHONPATH=os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
    )
    env.update(pinned)
    return env
