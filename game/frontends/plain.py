"""Plain, line-based play: for screen readers, pipes and scripts."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import TextIO

from game.engine import ChoiceError, Game, SceneView, StoryRuntimeError
from game.frontends.common import prepare_streams, resolve_choice
from game.text import clean_text


def render_view(view: SceneView, width: int = 78, *, choices: bool = True) -> str:
    """A turn as plain text: title, text, countdown, numbered choices (unless ``choices`` is False)."""
    lines: list[str] = ["", f"== {clean_text(view.title)} ==", ""]
    for paragraph in clean_text(view.text).strip().split("\n\n"):
        joined = " ".join(part.strip() for part in paragraph.splitlines() if part.strip())
        lines.extend(textwrap.wrap(joined, width) or [""])
        lines.append("")
    if view.countdown.active:
        lines.append(f"[{clean_text(view.countdown.label)}: {clean_text(view.countdown.text)}]")
        lines.append("")
    if view.ending is not None:
        lines.append(f"*** {clean_text(view.ending.title)} ***")
        return "\n".join(lines)
    if not choices:
        return "\n".join(lines).rstrip("\n")
    number = 0
    for choice in view.choices:
        if choice.enabled:
            number += 1
            lines.append(f"  {number}. {clean_text(choice.text)}")
        else:
            lines.append(f"  -  {clean_text(choice.text)} ({clean_text(choice.reason or 'not now')})")
    return "\n".join(lines)


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
