"""`controlroom hub` as a child process (the demo, tests and benchmarks run it this way): start
it, read its log line by line, and know its URL from the one line it logs when ready."""

from __future__ import annotations

import ctypes
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Callable

READY = re.compile(r"ready on (http://\S+)")
PR_SET_PDEATHSIG = 1


class ChildProcess:
    """A command whose output is read by a thread; `start` waits for its ready line."""

    def __init__(
        self,
        command: list[str],
        on_line: Callable[[str], None] | None = None,
        env: dict[str, str] | None = None,
    ):
        self.command = command
        self.on_line = on_line
        self.env = env or {}
        self.process: subprocess.Popen | None = None
        self.url = ""

    def start(self, timeout: float = 30.0) -> str:
        self.process = subprocess.Popen(
            self.command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=dict(os.environ, PYTHONUNBUFFERED="1", **self.env),
            preexec_fn=die_with_parent,
        )
        ready = threading.Event()
        threading.Thread(target=self._pump, args=(self.process, ready), daemon=True).start()
        if not ready.wait(timeout) or not self.url:
            self.stop()
            raise RuntimeError(f"{' '.join(self.command[:4])} did not become ready")
        return self.url

    def _pump(self, process: subprocess.Popen, ready: threading.Event) -> None:
        for line in process.stdout or ():
            if self.on_line is not None:
                self.on_line(line)
            match = READY.search(line)
            if match and not ready.is_set():
                self.url = match.group(1)
                ready.set()
        ready.set()  # it ended: whoever waits for it to be ready need wait no longer

    def stop(self) -> None:
        stop_process(self.process)

    def kill(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()


def die_with_parent() -> None:
    """In the child, before it runs: ask Linux to end it when its parent dies, however that
    happens (a crash in Qt aborts the parent without running any clean-up)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def hub_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "controlroom.cli", "hub", *args]


def stop_process(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
