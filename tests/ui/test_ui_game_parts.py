"""The game screen's parts outside the screen: the ending prompt, the status line, the key and palette tables."""

from __future__ import annotations

import pytest
from textual.binding import Binding

from game.engine import CountdownView
from game.ui.game_keys import GAME_BINDINGS, GAME_PALETTE, READING_ACTIONS
from game.ui.matching import COMMANDS
from game.ui.screens.game import GameScreen
from game.ui.widgets.choice_bar import ending_prompt
from game.ui.widgets.game_status import status_text

OFF = CountdownView(False, 0, "", "", 0, "off")


@pytest.mark.parametrize(
    ("more", "expected", "bold"),
    [(True, "Space or Enter: read on", ["Space", "Enter"]), (False, "Enter: how it ended ▸", ["Enter"])],
)
def test_the_ending_prompt_says_what_enter_does(more: bool, expected: str, bold: list[str]) -> None:
    prompt = ending_prompt(more)
    assert prompt.plain == expected
    assert [prompt.plain[span.start : span.end] for span in prompt.spans if span.style == "bold"] == bold


@pytest.mark.parametrize(
    ("countdown", "title", "expected"),
    [
        (OFF, "Test Ship", "Test Ship"),
        (CountdownView(True, 12, "Reclamation", "min", 5, "normal"), "Test Ship", "Reclamation 12 min  ·  Test Ship"),
        (CountdownView(True, 2.5, "Air", "h", 5, "critical"), "", "Air 2.5 h  ·  "),
        (CountdownView(True, 3.0, "Air", "h", 5, "warning"), "[b]Ship[/b]", "Air 3 h  ·  [b]Ship[/b]"),
    ],
)
def test_the_status_line_puts_the_clock_before_the_title(countdown: CountdownView, title: str, expected: str) -> None:
    assert status_text(countdown, title).plain == expected


def test_only_the_running_clock_is_bold() -> None:
    text = status_text(CountdownView(True, 12, "Reclamation", "min", 5, "normal"), "Test Ship")
    assert [text.plain[span.start : span.end] for span in text.spans if "bold" in str(span.style)] == [
        "Reclamation 12 min"
    ]


def action_name(action: str) -> str:
    return action.split("(", 1)[0]


def test_every_key_typed_command_and_palette_entry_names_an_action_of_the_game_screen() -> None:
    actions = {action_name(binding.action) for binding in GAME_BINDINGS if isinstance(binding, Binding)}
    actions |= set(COMMANDS.values()) | {action for _, _, action in GAME_PALETTE} | READING_ACTIONS
    missing = sorted(action for action in actions if not callable(getattr(GameScreen, f"action_{action}", None)))
    assert not missing


def test_the_reading_keys_are_bound() -> None:
    bound = {action_name(binding.action) for binding in GAME_BINDINGS if isinstance(binding, Binding)}
    assert bound >= READING_ACTIONS
