"""End to end: the real program in a real terminal (tmux): title, a turn, a resize, quit."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from ui_support import SHIP

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def launch_command() -> list[str]:
    """The installed ``exception`` command beside this Python (as a player runs it), else ``python -m game``."""
    script = Path(sys.executable).with_name("exception")
    program = [str(script)] if script.exists() else [sys.executable, "-m", "game"]
    return [*program, "play", "--story", str(SHIP), "--seed", "7"]


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True, timeout=20).stdout


@pytest.fixture
def session(tmp_path: Path) -> Iterator[str]:
    name = f"exception-test-{uuid.uuid4().hex[:8]}"
    env = f"EXCEPTION_SAVES_DIR={shlex.quote(str(tmp_path / 'saves'))} EXCEPTION_CONFIG_DIR={shlex.quote(str(tmp_path / 'config'))}"
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.json").write_text('{"typewriter": false}', encoding="utf-8")
    command = f"env {env} {shlex.join(launch_command())}; sleep 30"
    tmux("new-session", "-d", "-s", name, "-x", "100", "-y", "30", command)
    try:
        yield name
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True, timeout=20)


def wait_for(name: str, found: Callable[[str], bool], what: str, limit: float = 20.0) -> str:
    """Capture the pane until ``found`` holds; tmux has no event for "the screen shows X",
    so this polls (each capture is a tmux round trip, so no sleep is needed)."""
    screen = ""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", name)
        if found(screen):
            return screen
    raise AssertionError(f"never saw {what}; the screen was:\n{screen}")


def test_the_real_program_plays_resizes_and_quits(session: str) -> None:
    wait_for(session, lambda screen: "Test Ship" in screen and "New game" in screen, "the title")
    tmux("send-keys", "-t", session, "n")
    wait_for(session, lambda screen: "The Printing Bay" in screen, "the first scene")
    tmux("send-keys", "-t", session, "1")
    screen = wait_for(session, lambda screen: "Corridor C" in screen, "the corridor")
    assert "[bold]red[/bold]" in screen  # story text shown as written, never as markup
    tmux("resize-window", "-t", session, "-x", "40", "-y", "12")
    wait_for(session, lambda screen: max(len(line) for line in screen.splitlines() or [""]) <= 40, "the small size")
    tmux("resize-window", "-t", session, "-x", "100", "-y", "30")
    tmux("send-keys", "-t", session, "q")
    wait_for(session, lambda screen: "Leave this game?" in screen, "the quit question")
    tmux("send-keys", "-t", session, "y")
    wait_for(session, lambda screen: "New game" in screen, "the title again")
    tmux("send-keys", "-t", session, "C-c")
    wait_for(session, lambda screen: "New game" not in screen, "the program to end")
