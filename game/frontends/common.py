"""Helpers shared by the line-based front ends."""

from __future__ import annotations

import io
from typing import TextIO

from game.engine import ChoiceView, SceneView
from game.text import strip_emphasis


def resolve_choice(view: SceneView, answer: str) -> tuple[str | None, str | None]:
    """Map a typed answer (a 1-based number of an enabled choice, or a choice id) to a choice id.

    Returns (choice id, None) or (None, error message).
    """
    # A byte-order mark can lead the first line of a file saved on Windows.
    answer = answer.strip().lstrip("\ufeff").strip()
    enabled: list[ChoiceView] = view.enabled_choices
    if not enabled:
        return None, "no choice is possible here; the story offers nothing to do (end the input to quit)"
    if not answer:
        return None, "type the number of a choice"
    if answer.isascii() and answer.isdigit():
        # ASCII digits only: '²' is a digit to str.isdigit but not to int().
        number = int(answer) if len(answer) <= 9 else -1
        if 1 <= number <= len(enabled):
            return enabled[number - 1].id, None
        shown = answer if len(answer) <= 12 else answer[:12] + "..."
        return None, f"there is no choice {shown}; choose 1 to {len(enabled)}"
    for choice in view.choices:
        if choice.id == answer:
            if choice.enabled:
                return choice.id, None
            return None, f"'{answer}' is not possible now: {strip_emphasis(choice.reason or 'not now')}"
    # A pasted page need not come back whole.
    shown = answer if len(answer) <= 40 else answer[:40] + "..."
    return None, f"'{shown}' is not a choice here; type a number from 1 to {len(enabled)}"


def prepare_streams(*streams: TextIO) -> None:
    """Let undecodable input and unencodable output become replacement characters.

    Bad bytes on stdin (or a terminal that cannot show a character) must not
    end the game with a traceback; a line that reads oddly is just a bad answer.
    """
    for stream in streams:
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
