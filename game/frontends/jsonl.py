"""JSON-lines play: one observation object per turn, one answer per input line."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, TextIO

from game.engine import ChoiceError, Game, SceneView, StoryRuntimeError
from game.frontends.common import prepare_streams, resolve_choice
from game.text import clean_text, strip_emphasis

_C1 = re.compile("[\x7f-\x9f]")


def _texts(**fields: str | None) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """Story text fields twice: as plain words, and as written (``*emphasis*`` kept) for ``marked``."""
    marked = {name: None if text is None else clean_text(text) for name, text in fields.items()}
    plain = {name: None if text is None else strip_emphasis(text) for name, text in marked.items()}
    return plain, marked


def observation(view: SceneView) -> dict[str, Any]:
    """A turn as a JSON-friendly dict; story text has its terminal escape sequences removed.

    Story text (titles, text, choices, reasons, the ending's title and hint)
    is plain words, ``text`` in paragraphs apart by a blank line (``SceneView``); each object that has some also has ``marked``: the same
    fields as written, ``*emphasis*`` kept.
    """
    ending = view.ending
    plain, marked = _texts(title=view.title, text=view.text)
    choices: list[dict[str, Any]] = []
    for choice in view.choices:
        choice_plain, choice_marked = _texts(text=choice.text, reason=choice.reason)
        choices.append(
            {
                "id": choice.id,
                "text": choice_plain["text"],
                "enabled": choice.enabled,
                "reason": choice_plain["reason"],
                "cost": choice.cost,
                "expires": choice.expires,
                "marked": choice_marked,
            }
        )
    ending_data: dict[str, Any] | None = None
    if ending is not None:
        ending_plain, ending_marked = _texts(title=ending.title, hint=ending.hint)
        ending_data = {
            "id": ending.id,
            "title": ending_plain["title"],
            "tone": clean_text(ending.tone),
            "hint": ending_plain["hint"],
            "marked": ending_marked,
        }
    return {
        "turn": view.turn,
        "scene": view.scene,
        "title": plain["title"],
        "text": plain["text"],
        "choices": choices,
        "countdown": {
            "active": view.countdown.active,
            "remaining": view.countdown.remaining,
            "label": clean_text(view.countdown.label),
            "unit": clean_text(view.countdown.unit),
            "level": view.countdown.level,
        },
        "ending": ending_data,
        "crew": [
            {
                "id": member.id,
                "name": clean_text(member.name),
                "role": clean_text(member.role),
                "alive": member.alive,
                "stats": {clean_text(label): strip_emphasis(clean_text(value)) for label, value in member.stats},
            }
            for member in view.crew
        ],
        "ui_classes": sorted(view.ui_classes),
        "marked": marked,
    }


def _answer_text(line: str) -> str:
    stripped = line.strip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except (ValueError, RecursionError):
            # Not JSON (or nested too deep to read): it is answered as a bad choice.
            return stripped
        if isinstance(data, dict) and isinstance(data.get("choice"), str | int):
            return str(data["choice"])
    return stripped


def _emit(stdout: TextIO, data: dict[str, Any]) -> None:
    # json.dumps escapes C0 controls but writes C1 ones (such as the 8-bit CSI) raw,
    # and a terminal showing the stream would obey them: escape those too.
    text = _C1.sub(lambda match: f"\\u{ord(match.group()):04x}", json.dumps(data, ensure_ascii=False))
    stdout.write(text + "\n")
    stdout.flush()


def run_jsonl(game: Game, stdin: TextIO, stdout: TextIO, *, after_turn: Callable[[Game], None] | None = None) -> int:
    """Play until an ending or the end of input; returns the exit code.

    ``after_turn`` runs after every choice taken (the command line autosaves there).
    """
    prepare_streams(stdin, stdout)
    try:
        view = game.view()
        _emit(stdout, observation(view))
        while view.ending is None:
            line = stdin.readline()
            if not line:
                return 0
            choice_id, error = resolve_choice(view, _answer_text(line))
            if choice_id is None:
                _emit(stdout, {"error": clean_text(error or "")})
                _emit(stdout, observation(view))
                continue
            try:
                view = game.choose(choice_id)
            except ChoiceError as problem:
                _emit(stdout, {"error": clean_text(str(problem))})
                _emit(stdout, observation(view))
                continue
            if after_turn is not None:
                after_turn(game)
            _emit(stdout, observation(view))
        return 0
    except KeyboardInterrupt:
        return 0
    except StoryRuntimeError as problem:
        _emit(stdout, {"error": f"story error: {clean_text(str(problem))}", "fatal": True})
        return 1
