"""One exception root and the one place that maps outcomes to exit codes.

0: clean; 1: problems found; 2: could not run. A bug prints one Chinese line and
keeps the traceback in a log file instead of showing it to a liaison.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO, cast

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
    stdout = sys.stdout
    sys.stdout = cast(TextIO, _GuardedOutput(stdout))
    try:
        code = command()
        sys.stdout.flush()  # a full disk is found here, not at interpreter exit
        return code
    except OutputFailed as exc:
        quiet_closed_pipe()  # what stays in the buffer goes nowhere instead of failing again at exit
        print(f"sitegen: 无法写出结果：{os_reason(exc.cause)}。请检查输出重定向到的文件或设备。", file=sys.stderr)
        return EXIT_PROBLEMS
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
    finally:
        sys.stdout = stdout


class OutputFailed(SitegenError):
    """Standard output cannot be written (`sitegen status > /dev/full`); a closed pipe is not this."""

    def __init__(self, cause: OSError) -> None:
        super().__init__(str(cause))
        self.cause = cause


class _GuardedOutput:
    """Standard output whose write errors say they are about standard output, not some other file."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputFailed(exc) from exc

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputFailed(exc) from exc

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


OS_REASONS = {
    errno.ENOSPC: "设备空间已满",
    errno.EIO: "输入输出错误",
    errno.EFBIG: "文件过大",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "只读的文件系统",
    errno.EDQUOT: "磁盘配额已满",
    errno.EADDRINUSE: "端口已被占用",
    errno.EADDRNOTAVAIL: "地址不可用",
}


def os_reason(exc: OSError) -> str:
    """The system's reason in Chinese, with its code (the system's own text is English)."""
    code = exc.errno or 0
    name = errno.errorcode.get(code, str(code))
    return f"{OS_REASONS.get(code, '系统错误')}（{name}）"


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
