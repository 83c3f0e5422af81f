"""The format of the manifest (crew, countdown, ui) and of a story file's top level."""

from __future__ import annotations

from game.story.format.kinds import (
    UI_CLASS_PATTERN,
    Field,
    Kind,
    ListOf,
    Literal,
    MappingOf,
    Number,
    Pattern,
    Section,
    Template,
    Text,
    VariableName,
)
from game.story.format.scenes import (
    CHOICE,
    CHOICES,
    CONDITION,
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
)

# ------------------------------------------------------------------ the manifest

CREW_MEMBER = Section(
    name="crew member",
    what="crew member",
    description="a crew member",
    fields=(
        Field(name="id", kind=ID, required=True, label="crew id", description="the crew member's id"),
        Field(name="name", kind=Text(), required=True, label="crew name", description="the name shown"),
        Field(name="role", kind=Text(), default="", label="crew role", description="the role shown under the name"),
        Field(
            name="alive",
            kind=CONDITION,
            label="'alive'",
            description="a condition: true while this crew member is alive",
        ),
        Field(
            name="shown",
            kind=CONDITION,
            label="'shown'",
            description="a condition: the crew panel shows this member only while it holds (default: always)",
        ),
        Field(
            name="stats",
            kind=MappingOf(key=None, value=Template(description="a text template or a variable name")),
            description="`label: value` lines; a value is a text template, or a bare variable name to show"
            " that variable",
        ),
    ),
)

COUNTDOWN = Section(
    name="countdown",
    what="countdown",
    fields=(
        Field(
            name="label",
            kind=Text(),
            default="Countdown",
            label="countdown label",
            description="what the clock is called on screen",
        ),
        Field(
            name="unit",
            kind=Text(),
            default="",
            label="countdown unit",
            description="shown after the number (`countdown_unit` in expressions)",
        ),
        Field(
            name="start",
            kind=Number(minimum=0),
            required=True,
            label="countdown start",
            description="the value when an effect starts it without a number",
        ),
        Field(
            name="warning",
            kind=Number(minimum=0),
            default=0,
            label="countdown warning",
            description="at or below this the clock is shown as a warning",
        ),
        Field(
            name="expires",
            kind=SCENE_ID,
            required=True,
            label="expiry scene",
            description="the scene reached when the countdown reaches zero",
        ),
    ),
)

UI = Section(
    name="ui",
    what="ui",
    fields=(
        Field(
            name="classes",
            kind=MappingOf(key=Pattern(pattern=UI_CLASS_PATTERN), value=CONDITION),
            description="`class: condition` lines; the UI applies the class while the condition holds",
        ),
    ),
)

MANIFEST = Section(
    name="story",
    what="story",
    fields=(
        Field(
            name="id",
            kind=ID,
            required=True,
            label="story id",
            description="a stable identifier; it names the story in saves",
        ),
        Field(
            name="title", kind=Text(numbers=True), required=True, label="story title", description="the story's title"
        ),
        Field(
            name="version",
            kind=Text(numbers=True),
            required=True,
            label="story version",
            description='the story\'s version, such as `1.0.0`; quote one YAML would read as a number (`"1.10"`)',
        ),
        Field(name="start", kind=SCENE_ID, required=True, label="start scene", description="the first scene"),
        Field(
            name="crew",
            kind=ListOf(item=CREW_MEMBER),
            description="who the crew panel shows, in this order",
        ),
        Field(
            name="countdown",
            kind=COUNTDOWN,
            description="how the countdown is shown and where it ends; it is off until an effect starts it",
        ),
        Field(name="ui", kind=UI, description="hints to the user interface"),
    ),
)

# ------------------------------------------------------------------ a story file

STORY_FILE = Section(
    name="story file",
    what="story file",
    description="one file of an exception story; every .yaml file under the story folder is merged into one"
    " story: check it with `exception check`",
    fields=(
        Field(
            name="story",
            kind=MANIFEST,
            description="the manifest (exactly one file in the story has it, never a branch)",
        ),
        Field(
            name="vars",
            kind=MappingOf(
                key=VariableName(),
                value=Literal(description="the initial value: true/false, a number or text"),
            ),
            description="variable declarations, `name: initial value` (any file; a branch declares its own);"
            " the value's type never changes",
        ),
        Field(name="scenes", kind=MappingOf(key=ID, value=SCENE), description="scenes, by id"),
        Field(
            name="extend",
            kind=MappingOf(key=ID, value=EXTENSION),
            description="additions to scenes defined in other files: what a branch uses to reach into the story"
            " (see *Branches*)",
        ),
    ),
)

#: Kinds defined once in the JSON Schema (``$defs``) and referred to by name, in the schema's order.
DEFINITIONS: tuple[tuple[str, Kind], ...] = (
    ("id", ID),
    ("template", TEMPLATE),
    ("condition", CONDITION),
    ("number", NUMBER),
    ("value", VALUE),
    ("effects", EFFECTS),
    ("effect", EFFECT),
    ("choice", CHOICE),
    ("choices", CHOICES),
    ("scene", SCENE),
)

#: The sections the guide's reference tables show, by the name its table markers use.
GUIDE_TABLES: tuple[Section, ...] = (STORY_FILE, MANIFEST, CREW_MEMBER, COUNTDOWN, SCENE, ENDING, CHOICE, EXTENSION)

#: Every key of the format, each once, in the order an editor offers them (top level, manifest, scenes, effects).
FORMAT_KEYS: tuple[str, ...] = tuple(
    dict.fromkeys(
        name
        for section in (STORY_FILE, MANIFEST, COUNTDOWN, CREW_MEMBER, UI, SCENE, ENDING, CHOICE, EFFECT)
        for name in section.names
    )
)
