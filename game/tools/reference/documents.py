"""The ``--json`` documents of ``exception scenes`` and ``exception vars`` (shapes documented in story/README.md)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from game.story.model import Source, Story
from game.tools.reference.scenes import SceneEntry
from game.tools.reference.variables import Use, VariableEntry

#: Bumped when a field of the ``--json`` output changes meaning or goes away (new fields may appear).
FORMAT = 1


def _where(source: Source | None) -> dict[str, Any]:
    return {"file": source.path, "line": source.line} if source is not None else {"file": None, "line": None}


def scenes_as_json(story: Story, entries: Sequence[SceneEntry], story_dir: str) -> dict[str, Any]:
    """The ``exception scenes --json`` document (shape documented in story/README.md)."""
    return {
        "format": FORMAT,
        "story": story_dir,
        "start": story.start,
        "countdown_expires": story.countdown.expires if story.countdown is not None else None,
        "scenes": [
            {
                "id": entry.id,
                "title": entry.title,
                **_where(entry.source),
                "act": entry.act,
                "pov": list(entry.pov),
                "start": entry.start,
                "ending": (
                    {"id": entry.ending[0], "title": entry.ending[1], "tone": entry.ending[2]} if entry.ending else None
                ),
                "expires": entry.expires,
                "on_enter_countdown": list(entry.on_enter_countdown),
                "in": [
                    {"kind": way.kind, "scene": way.scene, "choice": way.choice, "text": way.text, **_where(way.source)}
                    for way in entry.ways_in
                ],
                "out": [
                    {
                        "choice": exit_.choice,
                        "text": exit_.text,
                        "targets": [{"scene": scene, "chance": chance} for scene, chance in exit_.targets],
                        "guard": exit_.guard,
                        "disabled": exit_.disabled,
                        "cost": exit_.cost,
                        "once": exit_.once,
                        "countdown": list(exit_.countdown),
                        **_where(exit_.source),
                    }
                    for exit_ in entry.exits
                ],
            }
            for entry in entries
        ],
    }


def _use_json(use: Use) -> dict[str, Any]:
    return {
        **_where(use.source),
        "what": use.what,
        "scene": use.scene,
        "choice": use.choice,
        "name": use.name,
        "stat": use.stat,
        "detail": use.detail,
    }


def variables_as_json(entries: Sequence[VariableEntry], story_dir: str) -> dict[str, Any]:
    """The ``exception vars --json`` document (shape documented in story/README.md)."""
    return {
        "format": FORMAT,
        "story": story_dir,
        "variables": [
            {
                "name": entry.name,
                "type": entry.type,
                "initial": entry.initial,
                **_where(entry.source),
                "comment": entry.comment,
                "set": [_use_json(use) for use in entry.set_at],
                "read": [_use_json(use) for use in entry.read_at],
            }
            for entry in entries
        ],
    }
