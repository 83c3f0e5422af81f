"""End to end: the installed ``exception studio`` in a real terminal: a mistake, its error, the fix, play from here."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_ui_tmux import tmux, wait_for

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

STORY = Path(__file__).resolve().parents[2] / "story"


@pytest.fixture
def studio(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    story = tmp_path / "story"
    shutil.copytree(STORY, story, ignore=shutil.ignore_patterns("branches"))
    script = Path(sys.executable).with_name("exception")
    program = [str(script)] if script.exists() else [sys.executable, "-m", "game"]
    command = [*program, "studio", str(story), "--open", "act1_printing.yaml:27"]
    env = f"EXCEPTION_STUDIO_DIR={shlex.quote(str(tmp_path / 'studio'))} EXCEPTION_CONFIG_DIR={shlex.quote(str(tmp_path / 'config'))}"
    name = f"exception-studio-{uuid.uuid4().hex[:8]}"
    tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "40", f"env {env} {shlex.join(command)}; sleep 30")
    try:
        yield name, story
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True, timeout=20)


def test_break_read_fix_and_play_from_here(studio: tuple[str, Path]) -> None:
    name, story = studio
    before = (story / "act1_printing.yaml").read_bytes()
    wait_for(
        name,
        lambda screen: "story loads" in screen and "act1_printing.yaml  27:1" in screen,
        "the file open at line 27",
    )
    tmux("send-keys", "-t", name, "Down", "    colour: red", "Enter")
    screen = wait_for(name, lambda screen: "unknown key 'colour'" in screen, "the error as typed")
    assert re.search(r"error act1_printing\.yaml:2[78]:5: scene 'waking'", screen)
    for _ in range(3):
        tmux("send-keys", "-t", name, "C-z")
    wait_for(name, lambda screen: "story loads" in screen and "colour" not in screen, "the error cleared by undo")
    tmux("send-keys", "-t", name, "F3")
    wait_for(name, lambda screen: "Play from 'waking'" in screen, "the play-from-here dialog")
    tmux("send-keys", "-t", name, "C-s")
    wait_for(
        name, lambda screen: "(waking, turn 0)" in screen and "1. Climb out of the pod" in screen, "the scene playing"
    )
    tmux("send-keys", "-t", name, "Enter")
    wait_for(name, lambda screen: "(the_pods, turn 1)" in screen, "the next scene")
    tmux("send-keys", "-t", name, "C-q")
    wait_for(name, lambda screen: "story loads" not in screen, "the studio to end")
    assert (story / "act1_printing.yaml").read_bytes() == before
