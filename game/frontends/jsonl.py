"""JSON-lines play: one observation object per turn, one answer per input line."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TextIO

from game.engine import ChoiceError, Game, SceneView, StoryRuntimeError
from game.frontends.common import resolve_choice


def observation(view: SceneView) -> dict[str, Any]:
    """A turn as a JSON-friendly dict."""
    return {
        "turn": view.turn,
        "scene": view.scene,
        "title": view.title,
        "text": view.text,
        "choices": [
            {
                "id": choice.id,
                "text": choice.text,
                "enabled": choice.enabled,
                "reason": choice.reason,
                "cost": choice.cost,
            }
            for choice in view.choices
        ],
        "countdown": {
            "active": view.countdown.active,
            "remaining": view.countdown.remaining,
            "label": view.countdown.label,
            "unit": view.countdown.unit,
            "level": view.countdown.level,
        },
        "ending": None
        if view.ending is None
        else {"id": view.ending.id, "title": view.ending.title, "tone": view.ending.tone},
        "crew": [
            {
                "id": member.id,
                "name": member.name,
                "role": member.role,
                "alive": member.alive,
                "stats": dict(member.stats),
            }
            for member in view.crew
        ],
        "ui_classes": sorted(view.ui_classes),
    }


def _answer_text(line: str) -> str:
    stripped = line.strip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError:
            return stripped
        if isinstance(data, dict) and isinstance(data.get("choice"), str | int):
            return str(data["choice"])
    return stripped


def _emit(stdout: TextIO, data: dict[str, Any]) -> None:
    stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    stdout.flush()


def run_jsonl(game: Game, stdin: TextIO, stdout: TextIO, *, after_turn: Callable[[Game], None] | None = None) -> int:
    """Play until an ending or the end of input; returns the exit code.

    ``after_turn`` runs after every choice taken (the command line autosaves there).
    """
    try:
        view = game.view()
        _emit(stdout, observation(view))
        while view.ending is None:
            line = stdin.readline()
            if not line:
                return 0
            choice_id, error = resolve_choice(view, _answer_text(line))
            if choice_id is None:
                _emit(stdout, {"error": error})
                _emit(stdout, observation(view))
                continue
            try:
                view = game.choose(choice_id)
            except ChoiceError as problem:
                _emit(stdout, {"error": str(problem)})
                _emit(stdout, observation(view))
                continue
            if after_turn is not None:
                after_turn(game)
            _emit(stdout, observation(view))
        return 0
    except KeyboardInterrupt:
        return 0
    except StoryRuntimeError as problem:
        _emit(stdout, {"error": f"story error: {problem}", "fatal": True})
        return 1
