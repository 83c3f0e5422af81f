"""Acts and points of view: which act a story file holds, whose eyes the player is behind in each scene."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from game.story.expressions import Expr
from game.story.model import Effect, SetVar, Story

#: The variable a story uses to say whose eyes the player is behind (see the guide).
POV_VARIABLE = "pov"
#: A story file named like ``act2_dark.yaml`` is act "2".
_ACT_FILE = re.compile(r"^act[ _-]?(\d+)", re.IGNORECASE)


def act_of(path: str) -> str | None:
    """The act a story file holds, when its name says (``act2_dark.yaml`` -> ``2``)."""
    match = _ACT_FILE.match(Path(path).name)
    return match.group(1) if match else None


def points_of_view(story: Story) -> dict[str, tuple[str, ...]]:
    """For each scene, the values the ``pov`` variable can have while it is shown.

    Follows every choice and every expiry (guards ignored) from the start: a
    scene's entry effects, or the effects of the choice that leads there, set
    the point of view; otherwise it is what it was in the scenes before. A
    value set by an expression shows as ``?``. Empty when the story has no
    string variable named ``pov``.
    """
    variable = story.variables.get(POV_VARIABLE)
    if variable is None or variable.type != "str":
        return {}
    seen: dict[str, set[str]] = {scene_id: set() for scene_id in story.scenes}
    expiry_targets = {scene.id: scene.expires for scene in story.scenes.values()}
    story_expiry = story.countdown.expires if story.countdown is not None else None

    def after(effects: Iterable[Effect], values: set[str]) -> set[str]:
        for effect in effects:
            if isinstance(effect, SetVar) and effect.var == POV_VARIABLE:
                values = {str(effect.value) if not isinstance(effect.value, Expr) else "?"}
        return values

    pending = [(story.start, {str(variable.initial)})]
    while pending:
        scene_id, arriving = pending.pop()
        scene = story.scenes.get(scene_id)
        if scene is None:
            continue
        here = after(scene.on_enter, arriving)
        if here <= seen[scene_id]:
            continue
        seen[scene_id] |= here
        for choice in scene.choices:
            leaving = after(choice.effects, set(seen[scene_id]))
            pending.extend((outcome.scene, leaving) for outcome in choice.outcomes)
        expiry = expiry_targets.get(scene_id) or story_expiry
        if expiry is not None and scene.ending is None:
            pending.append((expiry, set(seen[scene_id])))
    return {scene_id: tuple(sorted(values)) for scene_id, values in seen.items()}
