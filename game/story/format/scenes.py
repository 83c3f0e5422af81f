"""The format of scenes, endings, choices, effects and extensions."""

from __future__ import annotations

from game.story.format.kinds import (
    Assigned,
    Boolean,
    Condition,
    Field,
    Id,
    ListOf,
    MappingOf,
    Number,
    OneOf,
    SceneId,
    Section,
    Template,
    Text,
    Words,
)

# ------------------------------------------------------------------ shared kinds

ID = Id(description="an id: letters, digits and underscores, starting with a letter (`printing_bay`, `trust_nina`)")
SCENE_ID = SceneId()
TEMPLATE = Template(
    description="text the player reads: `{expression}` inserts a value, `{if cond}...{elif cond}...{else}...{end}`"
    " shows a passage while its condition holds, `{{` and `}}` are literal braces"
)
CONDITION = Condition(
    description="a condition in the story's expression language: variables, turn, remaining, countdown,"
    " visited(scene), visits(scene), min, max, abs, + - * / %, == != < <= > >=, and, or, not"
)
NUMBER = Number(description="a finite number")
VALUE = Assigned(description='a literal value of the variable\'s type, or `"= expression"` to compute it')

# ------------------------------------------------------------------ effects

COUNTDOWN_START = Section(
    name="countdown start",
    what="countdown",
    fields=(
        Field(
            name="start",
            kind=Number(minimum=0),
            required=True,
            label="countdown start",
            description="start the countdown at this value",
        ),
    ),
)
COUNTDOWN_ADD = Section(
    name="countdown add",
    what="countdown",
    fields=(
        Field(
            name="add",
            kind=NUMBER,
            required=True,
            label="countdown add",
            description="add (or, negative, remove) this much time",
        ),
    ),
)
COUNTDOWN_WORDS = Words(
    words=("start", "stop"),
    description="`start`: run the countdown from the manifest's start value; `stop`: stop it",
)
EFFECT = Section(
    name="effect",
    what="effect",
    one_key=True,
    description="one effect: `- set: {...}`, `- add: {...}` or `- countdown: ...`",
    fields=(
        Field(
            name="set",
            kind=MappingOf(key=ID, value=VALUE),
            description='set variables: `name: literal value`, or `name: "= expression"`',
        ),
        Field(
            name="add",
            kind=MappingOf(
                key=ID, value=Assigned(numbers=True, description='a number to add, or `"= expression"` giving one')
            ),
            description='add to numeric variables: `name: number` (negative to subtract), or `name: "= expression"`',
        ),
        Field(
            name="countdown",
            kind=OneOf(options=(COUNTDOWN_WORDS, COUNTDOWN_START, COUNTDOWN_ADD)),
            description="control the countdown: `start` (at the manifest's start), `stop`, `{start: N}` or `{add: N}`",
        ),
    ),
)
EFFECTS = ListOf(item=EFFECT, description="effects run in order; each item is a one-key mapping: set, add or countdown")

# ------------------------------------------------------------------ choices, endings, scenes

WEIGHT = Number(minimum=0, description="the weight of this outcome")

CHOICE = Section(
    name="choice",
    what="choice",
    description="an option offered in a scene; its identity is its id (or its target), never its position or text",
    fields=(
        Field(
            name="id",
            kind=ID,
            label="choice id",
            description="the choice's identity in saves; defaults to the `to` scene id (a choice with a random `to`,"
            " or two choices with one target, need an explicit `id`)",
        ),
        Field(
            name="text",
            kind=TEMPLATE,
            required=True,
            label="the choice text",
            description="what the player reads; a text template",
        ),
        Field(
            name="to",
            kind=OneOf(
                options=(
                    SCENE_ID,
                    MappingOf(key=SCENE_ID, value=WEIGHT, min_items=1),
                )
            ),
            required=True,
            label="target scene",
            description="the target scene id, or a mapping of scene ids to weights for a random outcome:"
            " `to: {hull_holds: 3, hull_breach: 1}`",
        ),
        Field(
            name="if",
            kind=CONDITION,
            label="the condition",
            description="a condition; while it is false the choice is hidden (or shown dimmed, with `disabled`)",
        ),
        Field(
            name="disabled",
            kind=TEMPLATE,
            label="the disabled reason",
            description="show the choice dimmed, with this reason (a text template), while its `if` is false"
            " (needs `if`)",
        ),
        Field(
            name="effects",
            kind=EFFECTS,
            description="effects run when the choice is taken, before the target scene is entered",
        ),
        Field(
            name="cost",
            kind=Number(minimum=0),
            default=1,
            label="cost",
            description="time this choice spends while the countdown runs",
        ),
        Field(
            name="once",
            kind=Boolean(),
            default=False,
            label="'once'",
            description="`true`: the choice disappears after it has been taken once",
        ),
    ),
)
CHOICES = ListOf(item=CHOICE, description="the choices out of the scene (none only in an ending)")

ENDING = Section(
    name="ending",
    what="ending",
    description="an ending, where play stops",
    fields=(
        Field(
            name="id",
            kind=ID,
            label="ending id",
            description="the ending's id (defaults to the scene id); each ending has its own",
        ),
        Field(name="title", kind=Text(), required=True, label="ending title", description="the ending's title"),
        Field(
            name="tone",
            kind=Text(),
            default="",
            label="ending tone",
            description="free text such as `grim`, `bittersweet`, `hopeful`",
        ),
        Field(
            name="hint",
            kind=Text(nonblank=True),
            label="ending hint",
            description="one line the gallery shows while the ending is not found: where to look, not what happens",
        ),
    ),
)

SCENE = Section(
    name="scene",
    what="scene",
    description="a scene: title, text, entry effects and choices; or an ending",
    fields=(
        Field(name="title", kind=TEMPLATE, required=True, label="the title", description="shown above the text"),
        Field(
            name="text",
            kind=TEMPLATE,
            required=True,
            label="the text",
            description="the prose; a text template: a blank line starts a paragraph, other line breaks are joined"
            " with a space, except after a line ending in a backslash",
        ),
        Field(name="on_enter", kind=EFFECTS, description="effects run every time the scene is entered"),
        Field(
            name="choices",
            kind=CHOICES,
            description="a list of choices (at least one unless the scene is an ending)",
        ),
        Field(
            name="ending",
            kind=ENDING,
            description="marks this scene as an ending, where play stops: `{id, title, tone, hint}`",
        ),
        Field(
            name="expires",
            kind=SCENE_ID,
            label="expiry scene",
            description="this scene's own expiry scene, overriding the manifest's while the player is here",
        ),
    ),
)

EXTENSION = Section(
    name="extension",
    what="extension",
    description="what to add to the scene",
    fields=(
        Field(
            name="text",
            kind=TEMPLATE,
            label="the extension text",
            description="appended to the scene's text as a new paragraph",
        ),
        Field(name="choices", kind=CHOICES, description="added after the scene's own choices"),
    ),
)
