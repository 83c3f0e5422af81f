"""The typed command line: words the player types, matched to a choice or a command.

Pure functions, so the matching rules are a table of tests.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from game.engine import ChoiceView

#: Typed words that are commands rather than choices, and the command each means.
COMMANDS: dict[str, str] = {
    "undo": "undo",
    "redo": "redo",
    "back": "undo",
    "save": "save",
    "load": "load",
    "look": "look",
    "l": "look",
    "journal": "journal",
    "help": "help",
    "?": "help",
    "quit": "quit",
}

_WORD = re.compile(r"[a-z0-9']+")
# Words too common to tell two choices apart.
_STOP_WORDS = frozenset({"a", "an", "the", "to", "of", "and", "at", "in", "on", "for", "with", "go", "i", "you"})


@dataclass(frozen=True)
class Typed:
    """What a typed line means: a command, a choice id, or an error to show."""

    command: str | None = None
    choice: str | None = None
    error: str | None = None


def _words(text: str) -> list[str]:
    return [word for word in _WORD.findall(text.lower()) if word not in _STOP_WORDS]


def _score(typed: list[str], choice_text: str) -> float:
    """How well the typed words match a choice's text: each typed word's best likeness, averaged."""
    words = _words(choice_text)
    if not typed or not words:
        return 0.0
    total = 0.0
    for word in typed:
        best = 0.0
        for candidate in words:
            if candidate == word:
                likeness = 1.0
            elif candidate.startswith(word) and len(word) >= 3:
                likeness = 0.9
            else:
                likeness = difflib.SequenceMatcher(None, word, candidate).ratio()
            best = max(best, likeness)
        total += best
    return total / len(typed)


def match_typed(line: str, choices: tuple[ChoiceView, ...]) -> Typed:
    """Match a typed line to a command, a choice number, a choice id or the closest choice text."""
    text = line.strip()
    if not text:
        return Typed(error="type a choice, a number, or help")
    lowered = text.lower()
    if lowered in COMMANDS:
        return Typed(command=COMMANDS[lowered])
    enabled = [choice for choice in choices if choice.enabled]
    if text.isascii() and text.isdigit():
        number = int(text) if len(text) <= 3 else 0
        if 1 <= number <= len(enabled):
            return Typed(choice=enabled[number - 1].id)
        return Typed(error=f"there is no choice {text[:6]}; choose 1 to {len(enabled)}")
    for choice in choices:
        if choice.id == text:
            return _allowed(choice)
    typed = _words(text)
    scored = sorted(((_score(typed, choice.text), index) for index, choice in enumerate(choices)), reverse=True)
    if not scored or scored[0][0] < 0.6:
        return Typed(error=f"nothing here matches '{text[:40]}'; type a number, or help")
    if len(scored) > 1 and scored[0][0] - scored[1][0] < 0.05:
        first, second = choices[scored[0][1]], choices[scored[1][1]]
        return Typed(error=f"'{text[:40]}' could be '{first.text}' or '{second.text}'; type more")
    return _allowed(choices[scored[0][1]])


def _allowed(choice: ChoiceView) -> Typed:
    if choice.enabled:
        return Typed(choice=choice.id)
    return Typed(error=f"'{choice.text}' is not possible now: {choice.reason or 'not now'}")
