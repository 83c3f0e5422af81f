"""Plain, line-based play: for screen readers, pipes and scripts."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import TextIO

from game.engine import ChoiceError, ChoiceView, Game, SceneView, StoryRuntimeError
from game.frontends.common import prepare_streams, resolve_choice
from game.text import clean_text, strip_emphasis


def _words(text: str) -> str:
    """Story text as plain output shows it: no escape sequences, ``*emphasis*`` as plain words."""
    return strip_emphasis(clean_text(text))


def render_view(view: SceneView, width: int = 78, *, choices: bool = True) -> str:
    """A turn as plain text: title, text, countdown, numbered choices (unless ``choices`` is False).

    While the countdown runs, each choice says what it spends, and a choice
    that would run the countdown out says so.
    """
    lines: list[str] = ["", f"== {_words(view.title)} ==", ""]
    # The engine gives paragraphs (see SceneView): each is wrapped to the width, a line
    # break the author asked for kept.
    for paragraph in view.paragraphs or [""]:
        for line in _words(paragraph).split("\n"):
            lines.extend(textwrap.wrap(line, width) or [""])
        lines.append("")
    countdown = view.countdown
    if countdown.active:
        lines.append(f"[{clean_text(countdown.label)}: {clean_text(countdown.text)}]")
        lines.append("")
    if view.ending is not None:
        lines.append(f"*** {_words(view.ending.title)} ***")
        return "\n".join(lines)
    if not choices:
        return "\n".join(lines).rstrip("\n")
    unit = clean_text(countdown.unit) if countdown.active else None
    number = 0
    for choice in view.choices:
        if choice.enabled:
            number += 1
            lines.append(f"  {number}. {_words(choice.text)}{_time_note(choice, unit)}")
        else:
            lines.append(f"  -  {_words(choice.text)} ({_words(choice.reason or 'not now')})")
    return "\n".join(lines)


def _time_note(choice: ChoiceView, unit: str | None) -> str:
    """`` (2 min)``, or `` (2 min; the clock runs out)``; nothing while the countdown is off."""
    if unit is None:
        return ""
    spent = f"{choice.cost_text} {unit}".strip()
    return f" ({spent}; the clock runs out)" if choice.expires else f" ({spent})"


def run_plain(game: Game, stdin: TextIO, stdout: TextIO, *, after_turn: Callable[[Game], None] | None = None) -> int:
    """Play until an ending or the end of input; returns the exit code.

    ``after_turn`` runs after every choice taken (the command line autosaves there).
    """
    prepare_streams(stdin, stdout)
    try:
        view = game.view()
        stdout.write(render_view(view) + "\n")
        while view.ending is None:
            stdout.write("> ")
            stdout.flush()
            line = stdin.readline()
            if not line:
                stdout.write("\n")
                return 0
            choice_id, error = resolve_choice(view, line)
            if choice_id is None:
                stdout.write(f"{clean_text(error or '')}\n")
                continue
            try:
                view = game.choose(choice_id)
            except ChoiceError as problem:
                stdout.write(f"{clean_text(str(problem))}\n")
                continue
            if after_turn is not None:
                after_turn(game)
            stdout.write(render_view(view) + "\n")
        stdout.flush()
        return 0
    except KeyboardInterrupt:
        stdout.write("\n")
        return 0
    except StoryRuntimeError as problem:
        stdout.write(f"story error: {clean_text(str(problem))}\n")
        return 1
