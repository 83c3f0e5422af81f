"""The story file format, declared once, as data.

Every section of a story file (the top level, the manifest, a crew member,
the countdown, ``ui``, a scene, an ending, a choice, an effect, an
extension) is a :class:`Section`: its fields, in the order the loader's
messages list them, each with a :class:`Kind` of value, whether it is
required, its default and a one-line description. ``kinds`` is the
vocabulary; ``scenes`` and ``manifest`` declare the sections. The loader
(``game.story.build``) checks keys and reads values from these
declarations; the JSON Schema (``schema``, what ``exception schema`` prints)
and the guide's tables of keys (``guide``) are generated from them, so a
field is added or described in one place.

Descriptions are written as the guide shows them: short, lower-case, with
Markdown code marks; the schema turns them into sentences.
"""

from __future__ import annotations

from game.story.format.kinds import (
    ID_PATTERN,
    TAKEN_NAMES,
    UI_CLASS_PATTERN,
    Assigned,
    Boolean,
    Condition,
    Default,
    Field,
    Id,
    Kind,
    ListOf,
    Literal,
    MappingOf,
    Number,
    OneOf,
    Pattern,
    SceneId,
    Section,
    Template,
    Text,
    VariableName,
    Words,
)
from game.story.format.manifest import (
    COUNTDOWN,
    CREW_MEMBER,
    DEFINITIONS,
    FORMAT_KEYS,
    GUIDE_TABLES,
    MANIFEST,
    STORY_FILE,
    UI,
)
from game.story.format.scenes import (
    CHOICE,
    CHOICES,
    CONDITION,
    COUNTDOWN_ADD,
    COUNTDOWN_START,
    COUNTDOWN_WORDS,
    EFFECT,
    EFFECTS,
    ENDING,
    EXTENSION,
    ID,
    NUMBER,
    SCENE,
    SCENE_ID,
    TEMPLATE,
    VALUE,
    WEIGHT,
)

__all__ = [
    "CHOICE",
    "CHOICES",
    "CONDITION",
    "COUNTDOWN",
    "COUNTDOWN_ADD",
    "COUNTDOWN_START",
    "COUNTDOWN_WORDS",
    "CREW_MEMBER",
    "DEFINITIONS",
    "EFFECT",
    "EFFECTS",
    "ENDING",
    "EXTENSION",
    "FORMAT_KEYS",
    "GUIDE_TABLES",
    "ID",
    "ID_PATTERN",
    "MANIFEST",
    "NUMBER",
    "SCENE",
    "SCENE_ID",
    "STORY_FILE",
    "TAKEN_NAMES",
    "TEMPLATE",
    "UI",
    "UI_CLASS_PATTERN",
    "VALUE",
    "WEIGHT",
    "Assigned",
    "Boolean",
    "Condition",
    "Default",
    "Field",
    "Id",
    "Kind",
    "ListOf",
    "Literal",
    "MappingOf",
    "Number",
    "OneOf",
    "Pattern",
    "SceneId",
    "Section",
    "Template",
    "Text",
    "VariableName",
    "Words",
]
