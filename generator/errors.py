"""One exception root and the one place that maps outcomes to exit codes.

0: clean; 1: problems found; 2: could not run. A bug prints one Chinese line and
keeps the traceback in a log file instead of showing it to a liaison.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

EXIT_CLEAN = 0
EXIT_PROBLEMS = 1
EXIT_FAILED = 2


class SitegenError(Exception):
    """A condition that stops a command; its message is Chinese and says what to do."""

    exit_code = EXIT_FAILED


class Refused(SitegenError):
    """The command ran but the user is not allowed to do this (e.g. stamp as a leader)."""

    exit_code = EXIT_PROBLEMS


def run_guarded(command: Callable[[], int]) -> int:
    try:
        return command()
    except SitegenError as exc:
        print(f"sitegen: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        quiet_closed_pipe()
        return EXIT_CLEAN
    except KeyboardInterrupt:
        print("sitegen: 已中断", file=sys.stderr)
        return EXIT_FAILED
    except Exception:  # noqa: BLE001 - the last line of defence
        log = Path(tempfile.gettempdir()) / "sitegen-crash.log"
        log.write_text(traceback.format_exc(), encoding="utf-8")
        print(f"sitegen: 内部错误，未能完成。详细信息已写入 {log}，请联系电子税务管理中心。", file=sys.stderr)
        return EXIT_FAILED


def quiet_closed_pipe() -> None:
    """The reader went away (`sitegen rules | head`): not an error; say nothing more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
