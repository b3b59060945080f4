"""The command line says plainly what it needs, and its help is current."""

from __future__ import annotations

import os
import re
import subprocess
import sys


def _run(*args: str, cwd, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k != "CONTROLROOM_PASSWORD"}
    return subprocess.run(
        [sys.executable, "-m", "controlroom.cli", *args],
        cwd=cwd,
        env={**clean, **env},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_create_user_without_a_password_or_a_terminal_says_so(tmp_path):
    done = _run(
        "admin", "create-user", "amy", "--role", "dispatcher", "--data-dir", "d", cwd=tmp_path
    )
    assert done.returncode == 2
    assert "CONTROLROOM_PASSWORD" in done.stderr and "Traceback" not in done.stderr
    made = _run(
        "admin", "create-user", "amy", "--role", "dispatcher", "--data-dir", "d",
        cwd=tmp_path, CONTROLROOM_PASSWORD="correct horse battery",
    )  # fmt: skip
    assert made.returncode == 0 and "created user amy" in made.stdout


def test_the_top_level_help_names_every_command(tmp_path):
    done = _run("--help", cwd=tmp_path)
    assert done.returncode == 0
    for command in ("demo", "hub", "app", "sim", "replay", "admin"):
        assert re.search(rf"^\s*{command}\s{{2,}}\w", done.stdout, re.M), command
    assert "as they land" not in done.stdout
