"""The hub and its tests run on a server with no Qt at all: `pytest tests/hub` with PySide6
made unimportable still collects and passes (a hub test that needed Qt would fail here)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NO_QT = (
    "import sys\n"
    "class NoQt:\n"
    "    def find_spec(self, name, path=None, target=None):\n"
    "        if name.split('.')[0] in ('PySide6', 'shiboken6', 'qasync', 'pytestqt'):\n"
    "            raise ImportError(f'{name}: no Qt on this machine')\n"
    "sys.meta_path.insert(0, NoQt())\n"
)


def test_hub_tests_run_where_qt_cannot_be_imported(tmp_path):
    (tmp_path / "sitecustomize.py").write_text(NO_QT)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT)]))
    env.pop("CONTROLROOM_TEST_PG", None)  # SQLite is enough to show it
    env.pop("CI", None)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:pytest-qt", "-p", "no:cacheprovider",
         "tests/hub/test_api_shape.py", "tests/hub/test_messages.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "passed" in done.stdout
