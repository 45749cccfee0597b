"""What the two secrecy gates cost a cold build, side by side with Hugo: pairs.py with two variants of this code.

    python3 benchmarks/gates.py --size 10000 --pairs 8

A cold `sitegen build` judges every text twice for 第十八、十九条: the release check's SE rules read each article's
front matter and Markdown and each attachment's content, and the final screen reads every rendered page (Hugo does
neither). This script makes two throwaway copies of generator/ under benchmarks/work/gates/, each patched at exact
lines of the code (it stops if one is not found, so a changed module cannot be measured unpatched):

- `noscreen`: the final screen (site/render.py, `Renderer._screen`) does nothing;
- `nogates`: that, and the release check's SE rules on articles (rules/se.py, `check`) and on attachments
  (checking.py, `_scan_attachment`) return at once;

each with a .venv/bin/python that runs the benchmark venv's Python on that copy, and then runs pairs.py with
`--also` for both: Hugo, main and the two variants in every pair, order rotated. The copies are experiments only,
never a switch of the product; they are made again on every run.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import run  # benchmarks/run.py: the work folder, the venv

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "generator"
GATES = run.WORK / "gates"

# (file under generator/, exact text, what replaces it) for each variant.
_SCREEN_OFF = (
    "site/render.py",
    "    def _screen(self, out: str, html: str, context: dict[str, Any]) -> None:\n        if self.shared.screened:\n",
    "    def _screen(self, out: str, html: str, context: dict[str, Any]) -> None:\n        if False:\n",
)
_CHECK_SE_OFF = (
    "rules/se.py",
    "def check(parsed: Parsed, ctx: Context, sink: Sink) -> None:\n",
    "def check(parsed: Parsed, ctx: Context, sink: Sink) -> None:\n    return\n",
)
_ATTACHMENT_SCAN_OFF = (
    "checking.py",
    "    from generator.rules import se, seattach\n\n    staff = se.staff_keys(ctx)\n",
    '    return "", []\n    from generator.rules import se, seattach\n\n    staff = se.staff_keys(ctx)\n',
)
VARIANTS = {
    "noscreen": [_SCREEN_OFF],
    "nogates": [_SCREEN_OFF, _CHECK_SE_OFF, _ATTACHMENT_SCAN_OFF],
}


def make_variant(name: str, patches: list[tuple[str, str, str]]) -> Path:
    """A checkout-like folder: generator/ patched, and .venv/bin/python running the benchmark venv on it."""
    folder = GATES / name
    shutil.rmtree(folder, ignore_errors=True)  # a few hundred files: no ext4 settle needed (run.set_aside)
    shutil.copytree(SOURCE, folder / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    for rel, old, new in patches:
        path = folder / "generator" / rel
        text = path.read_text(encoding="utf-8")
        if text.count(old) != 1:
            raise SystemExit(f"gates.py: generator/{rel} no longer holds the line to patch: {old.strip()[:60]}")
        path.write_text(text.replace(old, new), encoding="utf-8")
    python = folder / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    # The copy first on the path: it is imported instead of the editable install of this checkout.
    python.write_text(f'#!/bin/sh\nPYTHONPATH={folder} exec {run.VENV / "bin" / "python"} "$@"\n', encoding="utf-8")
    python.chmod(0o755)
    run.compile_sitegen(folder)  # its bytecode, as main's (these machines set PYTHONDONTWRITEBYTECODE)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--pairs", type=int, default=8)
    args = parser.parse_args()
    also = [f"--also={name}={make_variant(name, patches)}" for name, patches in VARIANTS.items()]
    command = [str(run.VENV / "bin" / "python"), str(HERE / "pairs.py"), f"--size={args.size}"]
    sys.exit(subprocess.call([*command, f"--pairs={args.pairs}", *also]))


if __name__ == "__main__":
    main()
