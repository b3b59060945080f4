"""A hub run as a child (by the demo) ends with its parent, even when the parent aborts."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from tests.hubprocess import wait_for

PARENT = textwrap.dedent(
    """
    import os, sys
    from controlroom.hub.child import ChildProcess, hub_command
    hub = ChildProcess(hub_command("--data-dir", sys.argv[1], "--port", "0"))
    hub.start()
    print(hub.process.pid, flush=True)
    os.abort()  # as a crash inside Qt does: no clean-up runs
    """
)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A child that has exited but not been reaped by anyone yet is a zombie: it is gone.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(") ", 1)[1][0] != "Z"


def test_the_hub_child_ends_when_its_parent_aborts(tmp_path):
    parent = subprocess.run(
        [sys.executable, "-c", PARENT, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=os.getcwd(),
    )
    assert parent.returncode != 0  # it aborted
    pid = int(parent.stdout.split()[0])
    wait_for(lambda: not alive(pid), timeout=15)
