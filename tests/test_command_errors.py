"""A command given a place it cannot write to says so in one line, without a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_graph_to_a_folder_that_does_not_exist_is_one_line(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "graph.mmd"
    done = subprocess.run(
        [sys.executable, "-m", "game", "graph", "--output", str(target)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == f"exception graph: cannot write {target}: No such file or directory"
    assert not target.exists()
