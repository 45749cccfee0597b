"""One exception root and the one place that maps outcomes to exit codes.

0: clean; 1: problems found; 2: could not run. A bug prints one Chinese line and
keeps the traceback in a log file instead of showing it to a liaison.
"""

from __future__ import annotations

import os
import sys
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
        import traceback  # here: only a bug needs it

        log = write_crash_log(traceback.format_exc())
        where = f"详细信息已写入 {log}" if log else "详细信息未能写入日志"
        print(f"sitegen: 内部错误，未能完成。{where}，请联系电子税务管理中心。", file=sys.stderr)
        return EXIT_FAILED


def quiet_closed_pipe() -> None:
    """The reader went away (`sitegen rules | head`): not an error; say nothing more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def write_crash_log(text: str) -> Path | None:
    """The traceback, in a private folder of the user's cache (never a fixed /tmp path a link could redirect)."""
    from generator.usercache import private_dir

    folder = private_dir("logs")
    if folder is None:
        return None
    log = folder / "crash.log"
    try:
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError:
        return None
    return log
