"""The story file format, declared once, as data.

Every section of a story file (the top level, the manifest, a crew member,
the countdown, ``ui``, a scene, an ending, a choice, an effect, an
extension) is a :class:`Section`: its fields, in the order the loader's
messages list them, each with a :class:`Kind` of value, whether it is
required, its default and a one-line description. The loader checks keys and
reads values from these declarations; the JSON Schema (``exception schema``,
see ``game.story.schema``) and the guide's reference tables
(``game.story.guide_tables``) are generated from them, so a field is added or
described in one place.

Descriptions are written as the guide shows them: short, lower-case, with
Markdown code marks; the schema turns them into sentences.
"""

from game.story.format.kinds import (
    ID_PATTERN as ID_PATTERN,
)
from game.story.format.kinds import (
    TAKEN_NAMES as TAKEN_NAMES,
)
from game.story.format.kinds import (
    UI_CLASS_PATTERN as UI_CLASS_PATTERN,
)
from game.story.format.kinds import (
    Assigned as Assigned,
)
from game.story.format.kinds import (
    Boolean as Boolean,
)
from game.story.format.kinds import (
    Condition as Condition,
)
from game.story.format.kinds import (
    Default as Default,
)
from game.story.format.kinds import (
    Field as Field,
)
from game.story.format.kinds import (
    Id as Id,
)
from game.story.format.kinds import (
    Kind as Kind,
)
from game.story.format.kinds import (
    ListOf as ListOf,
)
from game.story.format.kinds import (
    Literal as Literal,
)
from game.story.format.kinds import (
    MappingOf as MappingOf,
)
from game.story.format.kinds import (
    Number as Number,
)
from game.story.format.kinds import (
    OneOf as OneOf,
)
from game.story.format.kinds import (
    Pattern as Pattern,
)
from game.story.format.kinds import (
    SceneId as SceneId,
)
from game.story.format.kinds import (
    Section as Section,
)
from game.story.format.kinds import (
    Template as Template,
)
from game.story.format.kinds import (
    Text as Text,
)
from game.story.format.kinds import (
    VariableName as VariableName,
)
from game.story.format.kinds import (
    Words as Words,
)
from game.story.format.manifest import (
    COUNTDOWN as COUNTDOWN,
)
from game.story.format.manifest import (
    CREW_MEMBER as CREW_MEMBER,
)
from game.story.format.manifest import (
    DEFINITIONS as DEFINITIONS,
    FORMAT_KEYS as FORMAT_KEYS,
)
from game.story.format.manifest import (
    GUIDE_TABLES as GUIDE_TABLES,
)
from game.story.format.manifest import (
    MANIFEST as MANIFEST,
)
from game.story.format.manifest import (
    STORY_FILE as STORY_FILE,
)
from game.story.format.manifest import (
    UI as UI,
)
from game.story.format.scenes import (
    CHOICE as CHOICE,
)
from game.story.format.scenes import (
    CHOICES as CHOICES,
)
from game.story.format.scenes import (
    CONDITION as CONDITION,
)
from game.story.format.scenes import (
    COUNTDOWN_ADD as COUNTDOWN_ADD,
)
from game.story.format.scenes import (
    COUNTDOWN_START as COUNTDOWN_START,
)
from game.story.format.scenes import (
    COUNTDOWN_WORDS as COUNTDOWN_WORDS,
)
from game.story.format.scenes import (
    EFFECT as EFFECT,
)
from game.story.format.scenes import (
    EFFECTS as EFFECTS,
)
from game.story.format.scenes import (
    ENDING as ENDING,
)
from game.story.format.scenes import (
    EXTENSION as EXTENSION,
)
from game.story.format.scenes import (
    ID as ID,
)
from game.story.format.scenes import (
    NUMBER as NUMBER,
)
from game.story.format.scenes import (
    SCENE as SCENE,
)
from game.story.format.scenes import (
    SCENE_ID as SCENE_ID,
)
from game.story.format.scenes import (
    TEMPLATE as TEMPLATE,
)
from game.story.format.scenes import (
    VALUE as VALUE,
)
from game.story.format.scenes import (
    WEIGHT as WEIGHT,
)
