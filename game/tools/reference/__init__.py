"""A map of a story's hook points: every scene and every variable, and where each is used.

``scene_reference`` lists each scene with its title, where it is written, its act
and point of view (when the story marks them), what leads in (choices, the
countdown's expiry, the start, branch extensions) and what leads out (choices
with their targets, guards, costs and clock effects). ``variable_reference``
lists each variable with its type, initial value, its comment in the story
file, and every place that sets or reads it.

Everything here reads the loaded :class:`Story`; positions finer than a scene
or a choice (the line of a ``text:``, of a crew stat, of an ``extend:``, a
variable's comment) come from :func:`read_positions`, which reads the story's
files once more: by their lines, and as YAML only where the manifest or an
``extend:`` is. Without them, a text's reads are placed at its scene's line
and the manifest's reads have no line. Nothing here imports the UI.

The modules, by role: ``readable`` (templates as a reader sees them),
``positions`` (the files read again), ``viewpoint`` (acts and points of view),
``scenes`` and ``variables`` (the two references), ``documents`` (their
``--json`` documents).
"""

from __future__ import annotations

from game.tools.reference.documents import FORMAT, scenes_as_json, variables_as_json
from game.tools.reference.positions import Positions, positions_of, read_positions
from game.tools.reference.readable import readable_text
from game.tools.reference.scenes import Exit, SceneEntry, Way, scene_reference
from game.tools.reference.variables import USE_KINDS, Use, VariableEntry, variable_reference
from game.tools.reference.viewpoint import POV_VARIABLE, act_of, points_of_view

__all__ = [
    "FORMAT",
    "POV_VARIABLE",
    "USE_KINDS",
    "Exit",
    "Positions",
    "SceneEntry",
    "Use",
    "VariableEntry",
    "Way",
    "act_of",
    "points_of_view",
    "positions_of",
    "read_positions",
    "readable_text",
    "scene_reference",
    "scenes_as_json",
    "variable_reference",
    "variables_as_json",
]
