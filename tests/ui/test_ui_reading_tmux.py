"""End to end, in a real terminal (tmux): a saved path played to its ending, read before the card."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from test_ui_tmux import tmux, wait_for

from game.engine import Game, load_story
from game.saves import read_save
from game.ui.widgets.prose import paragraphs

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

ROOT = Path(__file__).resolve().parent.parent.parent
SAVE = ROOT / "saves" / "only_error.json"


def choice_numbers(save_path: Path) -> tuple[int, list[str], str]:
    """The save's seed, the number keys that play its path, and its ending scene's text."""
    story = load_story(ROOT / "story")
    save = read_save(save_path)
    game = Game(story, save.seed)
    numbers: list[str] = []
    for choice_id in save.choices:
        enabled = [choice.id for choice in game.view().choices if choice.enabled]
        numbers.append(str(enabled.index(choice_id) + 1))
        game.choose(choice_id)
    view = game.view()
    assert view.ending is not None
    return save.seed, numbers, view.text


def program() -> list[str]:
    """The installed ``exception`` command beside this Python (as a player runs it), else ``python -m game``."""
    script = Path(sys.executable).with_name("exception")
    return [str(script)] if script.exists() else [sys.executable, "-m", "game"]


@pytest.fixture
def seeded_session(tmp_path: Path) -> Iterator[tuple[str, list[str], str]]:
    seed, numbers, ending_text = choice_numbers(SAVE)
    name = f"exception-reading-{uuid.uuid4().hex[:8]}"
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.json").write_text('{"typewriter": false}', encoding="utf-8")
    env = f"EXCEPTION_SAVES_DIR={shlex.quote(str(tmp_path / 'saves'))} EXCEPTION_CONFIG_DIR={shlex.quote(str(tmp_path / 'config'))}"
    command = f"env {env} {shlex.join([*program(), 'play', '--seed', str(seed)])}; sleep 30"
    tmux("new-session", "-d", "-s", name, "-x", "100", "-y", "30", command)
    try:
        yield name, numbers, ending_text
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True, timeout=20)


def start_new_game(name: str) -> str:
    """Press n on the title until the first scene shows (the menu waits for the story to load)."""
    wait_for(name, lambda screen: "New game" in screen, "the title")
    for _ in range(10):
        tmux("send-keys", "-t", name, "n")
        try:
            return wait_for(name, lambda screen: "The Cradle" in screen, "the first scene", limit=2.0)
        except AssertionError:
            continue
    return wait_for(name, lambda screen: "The Cradle" in screen, "the first scene")


def changed_from(before: str) -> Callable[[str], bool]:
    """A test for wait_for: the screen is no longer ``before``."""
    return lambda screen: screen != before


def last_words(paragraph: str, count: int = 5) -> str:
    return " ".join(paragraph.split()[-count:])


def first_words(paragraph: str, count: int = 5) -> str:
    return " ".join(paragraph.split()[:count])


def test_a_saved_path_plays_to_its_ending_prose_before_the_card(seeded_session: tuple[str, list[str], str]) -> None:
    name, numbers, ending_text = seeded_session
    screen = start_new_game(name)
    # The first scene is taller than the pane: its end is below, and Page Down reaches it.
    assert "more" in screen and "Light." not in screen
    for _ in range(10):
        if "Cold air. Light." in screen:
            break
        tmux("send-keys", "-t", name, "PageDown")
        screen = wait_for(name, changed_from(screen), "the page to move")
    assert "Cold air. Light." in screen
    for number in numbers:
        # One choice at a time, as a reader takes them: each waits for the turn it starts.
        before = tmux("capture-pane", "-p", "-t", name)
        tmux("send-keys", "-t", name, number)
        screen = wait_for(name, changed_from(before), f"the turn after choice {number}")
    ending = paragraphs(ending_text)
    # The prose comes first and the line saying how to read on follows it: wait for both.
    screen = wait_for(
        name, lambda screen: first_words(ending[0]) in screen and "Enter" in screen, "the ending's prose and prompt"
    )
    assert "— ENDING —" not in screen  # the prose, not the card over it
    tmux("send-keys", "-t", name, "End")
    screen = wait_for(name, lambda screen: last_words(ending[-1]) in screen, "the ending's last line")
    assert "— ENDING —" not in screen and "how it ended" in screen
    tmux("send-keys", "-t", name, "Enter")
    wait_for(name, lambda screen: "— ENDING —" in screen, "the ending card")
    tmux("send-keys", "-t", name, "C-c")
    wait_for(name, lambda screen: "— ENDING —" not in screen, "the program to end")
