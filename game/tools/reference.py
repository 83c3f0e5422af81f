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
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.story.expressions import (
    Conditional,
    Expr,
    ExpressionError,
    Part,
    Template,
    TypeEnv,
    format_value,
    names_read,
    parse_template,
)
from game.story.files import UnreadableFile, read_regular_file
from game.story.loader import StoryError, find_story_files
from game.story.model import (
    AddVar,
    Choice,
    CountdownAdd,
    CountdownStart,
    CountdownStop,
    Effect,
    Scene,
    SetVar,
    Source,
    Story,
)
from game.story.yamlread import MAX_FILE_BYTES, YMap, YNode, YScalar, YSeq, decode, read_yaml

#: Bumped when a field of the ``--json`` output changes meaning or goes away (new fields may appear).
FORMAT = 1
#: The variable a story uses to say whose eyes the player is behind (see the guide).
POV_VARIABLE = "pov"
#: A story file named like ``act2_dark.yaml`` is act "2".
_ACT_FILE = re.compile(r"^act[ _-]?(\d+)", re.IGNORECASE)
#: Comment lines kept as a variable's description.
_MAX_COMMENT_LINES = 6


# --------------------------------------------------------------------------- readable text


def readable_text(template: Template) -> str:
    """A template as a reader sees it, in one line: no ``{…}`` syntax.

    A passage's arms are shown one after the other, separated by `` / `` (an
    arm with no text, or a missing ``{else}``, adds nothing); an insertion
    shows its expression between ‹ and ›: ``{if lit}Go{else}Feel{end} ({n})``
    reads ``Go / Feel (‹n›)``.
    """
    parts = template.parts
    if len(parts) == 1 and isinstance(parts[0], str):
        return " ".join(parts[0].split())
    return " ".join(_readable(parts).split())


def _readable(parts: Sequence[Part]) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Expr):
            out.append(f"‹{part.source.strip()}›")
        else:
            out.append(_readable_passage(part))
    return "".join(out)


def _readable_passage(passage: Conditional) -> str:
    arms = [" ".join(_readable(branch.parts).split()) for branch in passage.branches]
    shown = " / ".join(arm for arm in arms if arm)
    # Keep the spacing the passage had at its edges ("Go{if x} now{end}" stays "Go now").
    first = _readable(passage.branches[0].parts)
    lead = " " if first[:1].isspace() else ""
    return lead + shown


# --------------------------------------------------------------------------- positions


@dataclass(frozen=True, slots=True)
class Positions:
    """Where things are written that the story model does not place itself (from the files)."""

    #: Scene id -> where its ``title:`` and ``text:`` values start.
    titles: dict[str, Source] = field(default_factory=dict)
    texts: dict[str, Source] = field(default_factory=dict)
    #: Scene id -> each ``extend:`` of it: where, and the text it adds (None: choices only).
    extensions: dict[str, list[tuple[Source, str | None]]] = field(default_factory=dict)
    #: Crew id -> field ("alive", "shown", or "stat NAME") -> where.
    crew: dict[str, dict[str, Source]] = field(default_factory=dict)
    #: UI class name -> where its condition is.
    ui_classes: dict[str, Source] = field(default_factory=dict)
    #: Variable name -> its comment: the ``#`` lines over its run of declarations, then one after its value.
    comments: dict[str, str] = field(default_factory=dict)


def read_positions(story_root: Path, branches: Sequence[str | Path] = ()) -> Positions:
    """Read the story's files again for the positions :class:`Positions` holds.

    A file that cannot be read now (it changed since the story loaded) is skipped:
    its things are placed by the story model alone.
    """
    ignored: list[StoryError] = []
    files = find_story_files(story_root, branch=False, story_root=story_root, errors=ignored)
    for branch in branches:
        files += find_story_files(Path(branch), branch=True, story_root=story_root, errors=ignored)
    texts: list[tuple[str, str]] = []
    for story_file in files:
        try:
            data = read_regular_file(story_file.path, MAX_FILE_BYTES)
        except (UnreadableFile, OSError):
            continue
        text, _problem = decode(data)
        if text is not None:
            texts.append((story_file.display, text))
    return positions_of(texts)


def positions_of(files: Iterable[tuple[str, str]]) -> Positions:
    """The positions in story files given as (path shown, text) pairs.

    Scenes and variables are found by their lines alone (a story's files are
    mostly scenes, and reading them as YAML again would cost as much as
    loading); only a file with a top-level ``story:`` or ``extend:`` is read as
    YAML, for the crew, the UI classes and the extensions.
    """
    positions = Positions()
    for display, text in files:
        lines = text.splitlines()
        sections = _top_level_sections(lines)
        if "scenes" in sections:
            _scene_lines(display, lines, sections["scenes"], positions)
        if "vars" in sections:
            for name, line, _indent in _children(lines, *sections["vars"]):
                comment = " ".join(part for part in (_comment_above(lines, line), _comment_after(lines, line)) if part)
                if comment:
                    positions.comments[name] = comment
        if "story" in sections or "extend" in sections:
            root, _problems = read_yaml(text)
            if not isinstance(root, YMap):
                continue
            for key, value in root.items:
                if key.value == "extend" and isinstance(value, YMap):
                    _extension_positions(display, value, positions)
                elif key.value == "story" and isinstance(value, YMap):
                    _manifest_positions(display, value, positions)
    return positions


#: A block-mapping key on a line of its own: ``name:`` then a value, a comment or nothing.
_KEY_LINE = re.compile(r"^( *)([A-Za-z_][A-Za-z0-9_]*|\"[^\"]*\"|'[^']*'):(?:[ \t]|$)")


def _key_of(line: str) -> tuple[str, int] | None:
    """``(key, indent)`` when the line starts a block-mapping entry."""
    match = _KEY_LINE.match(line)
    if match is None:
        return None
    key = match.group(2)
    return (key[1:-1] if key[:1] in "\"'" else key), len(match.group(1))


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _top_level_sections(lines: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Top-level key -> the 0-based range of lines after it, up to the next top-level key."""
    starts: list[tuple[str, int]] = []
    for index, line in enumerate(lines):
        if line[:1] not in ("", " ", "#", "\t", "-"):
            found = _key_of(line)
            if found is not None and found[1] == 0:
                starts.append((found[0], index))
    sections: dict[str, tuple[int, int]] = {}
    for number, (key, index) in enumerate(starts):
        end = starts[number + 1][1] if number + 1 < len(starts) else len(lines)
        sections.setdefault(key, (index + 1, end))
    return sections


def _children(lines: Sequence[str], start: int, end: int) -> list[tuple[str, int, int]]:
    """The direct keys of the block mapping in ``lines[start:end]``: (key, 1-based line, indent).

    The first content line sets the children's indentation; block scalars and
    nested mappings are indented deeper, so only keys at exactly that depth count.
    """
    indent: int | None = None
    found: list[tuple[str, int, int]] = []
    for index in range(start, end):
        line = lines[index]
        if not _is_content(line):
            continue
        depth = len(line) - len(line.lstrip(" "))
        if indent is None:
            indent = depth
        if depth < indent:
            break
        if depth == indent:
            key = _key_of(line)
            if key is not None:
                found.append((key[0], index + 1, depth))
    return found


def _scene_lines(display: str, lines: Sequence[str], section: tuple[int, int], positions: Positions) -> None:
    """Where each scene's ``title:`` and ``text:`` values start."""
    scenes = _children(lines, *section)
    for number, (scene_id, line, _indent) in enumerate(scenes):
        end = scenes[number + 1][1] - 1 if number + 1 < len(scenes) else section[1]
        for name, field_line, depth in _children(lines, line, end):
            if name in ("title", "text"):
                text = lines[field_line - 1]
                after_key = text.index(":", depth) + 1
                value_col = after_key + len(text[after_key:]) - len(text[after_key:].lstrip()) + 1
                where = Source(display, field_line, value_col)
                (positions.titles if name == "title" else positions.texts)[scene_id] = where


def _at(display: str, node: YNode) -> Source:
    return Source(display, node.line, node.col)


def _field(node: YNode, name: str) -> tuple[YScalar, YNode] | None:
    if isinstance(node, YMap):
        for key, value in node.items:
            if key.value == name:
                return key, value
    return None


def _extension_positions(display: str, extensions: YMap, positions: Positions) -> None:
    for key, addition in extensions.items:
        if not isinstance(key.value, str):
            continue
        text = _field(addition, "text")
        added = text[1].value if text is not None and isinstance(text[1], YScalar) else None
        positions.extensions.setdefault(key.value, []).append(
            (_at(display, key), added if isinstance(added, str) else None)
        )


def _manifest_positions(display: str, manifest: YMap, positions: Positions) -> None:
    crew = _field(manifest, "crew")
    if crew is not None and isinstance(crew[1], YSeq):
        for member in crew[1].items:
            member_id = _field(member, "id")
            if member_id is None or not isinstance(member_id[1], YScalar):
                continue
            places = positions.crew.setdefault(str(member_id[1].value), {})
            for name in ("alive", "shown"):
                found = _field(member, name)
                if found is not None:
                    places[name] = _at(display, found[1])
            stats = _field(member, "stats")
            if stats is not None and isinstance(stats[1], YMap):
                for stat, value in stats[1].items:
                    places[f"stat {stat.value}"] = _at(display, value)
    ui = _field(manifest, "ui")
    classes = _field(ui[1], "classes") if ui is not None else None
    if classes is not None and isinstance(classes[1], YMap):
        for class_name, condition in classes[1].items:
            positions.ui_classes[str(class_name.value)] = _at(display, condition)


#: A declaration with a comment after its value: ``name: value  # comment`` (quoted values may hold a '#').
_TRAILING_COMMENT = re.compile(
    r"""^\s*[^\s:#][^:#]*:\s*(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"][^#]*?)?\s+#\s?(.*)$"""
)


def _comment_after(lines: Sequence[str], line: int) -> str:
    """The comment at the end of the declaration on 1-based ``line``, if any."""
    if not 0 < line <= len(lines):
        return ""
    match = _TRAILING_COMMENT.match(lines[line - 1])
    return match.group(1).strip() if match else ""


def _comment_above(lines: Sequence[str], line: int) -> str:
    """The ``#`` lines above the declaration on 1-based ``line``, joined.

    A comment speaks for the run of declarations under it, up to a blank line:
    ``# trust, -3 to 5`` over ``trust_mack: 1`` and ``trust_patty: 1`` describes both.
    """
    indent = len(lines[line - 1]) - len(lines[line - 1].lstrip()) if line - 1 < len(lines) else 0
    index = line - 2
    while index >= 0:
        text = lines[index]
        stripped = text.strip()
        if not stripped or stripped.startswith("#") or len(text) - len(text.lstrip()) != indent:
            break
        index -= 1  # another declaration of the same run
    found: list[str] = []
    while index >= 0 and len(found) < _MAX_COMMENT_LINES:
        stripped = lines[index].strip()
        if not stripped.startswith("#"):
            break
        found.append(stripped.lstrip("#").strip())
        index -= 1
    return " ".join(reversed(found)).strip()


# --------------------------------------------------------------------------- scenes


@dataclass(frozen=True, slots=True)
class Way:
    """One way into a scene."""

    kind: str  # "start", "choice", "expiry" (the countdown ran out) or "extension"
    scene: str | None  # where it comes from (None: any scene, for the story's countdown expiry)
    choice: str | None
    text: str | None  # the choice as a reader sees it
    source: Source | None


@dataclass(frozen=True, slots=True)
class Exit:
    """One choice out of a scene."""

    choice: str
    text: str
    targets: tuple[tuple[str, float], ...]  # (scene, chance 0..1)
    guard: str | None
    disabled: str | None
    cost: int | float
    once: bool
    countdown: tuple[str, ...]  # "start", "start 60", "add -5", "stop"
    source: Source


@dataclass(frozen=True, slots=True)
class SceneEntry:
    """Everything the reference says about one scene."""

    id: str
    title: str
    source: Source
    act: str | None
    pov: tuple[str, ...]  # the values the pov variable can have here (empty: the story has none)
    start: bool
    ending: tuple[str, str, str] | None  # (id, title, tone)
    expires: str | None  # where the countdown's expiry leads from here, when the scene says so
    on_enter_countdown: tuple[str, ...]
    ways_in: tuple[Way, ...]
    exits: tuple[Exit, ...]


def act_of(path: str) -> str | None:
    """The act a story file holds, when its name says (``act2_dark.yaml`` -> ``2``)."""
    match = _ACT_FILE.match(Path(path).name)
    return match.group(1) if match else None


def _countdown_words(effects: Iterable[Effect]) -> tuple[str, ...]:
    words: list[str] = []
    for effect in effects:
        if isinstance(effect, CountdownStart):
            words.append("start" if effect.value is None else f"start {format_value(effect.value)}")
        elif isinstance(effect, CountdownAdd):
            words.append(f"add {format_value(effect.amount)}")
        elif isinstance(effect, CountdownStop):
            words.append("stop")
    return tuple(words)


def _exit(choice: Choice) -> Exit:
    total = sum(outcome.weight for outcome in choice.outcomes) or 1
    return Exit(
        choice=choice.id,
        text=readable_text(choice.text),
        targets=tuple((outcome.scene, outcome.weight / total) for outcome in choice.outcomes),
        guard=choice.guard.source.strip() if choice.guard is not None else None,
        disabled=readable_text(choice.disabled_reason) if choice.disabled_reason is not None else None,
        cost=choice.cost,
        once=choice.once,
        countdown=_countdown_words(choice.effects),
        source=choice.source,
    )


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


def scene_reference(story: Story, positions: Positions | None = None) -> list[SceneEntry]:
    """Every scene of the story, in story order, with its ways in and out."""
    positions = positions or Positions()
    ways_in: dict[str, list[Way]] = {scene_id: [] for scene_id in story.scenes}
    ways_in.setdefault(story.start, []).append(Way("start", None, None, None, None))
    exits: dict[str, tuple[Exit, ...]] = {}
    for scene in story.scenes.values():
        exits[scene.id] = tuple(_exit(choice) for choice in scene.choices)
        for choice, exit_ in zip(scene.choices, exits[scene.id], strict=True):
            text = exit_.text
            for target in dict.fromkeys(outcome.scene for outcome in choice.outcomes):
                ways_in.setdefault(target, []).append(Way("choice", scene.id, choice.id, text, choice.source))
        if scene.expires:
            ways_in.setdefault(scene.expires, []).append(Way("expiry", scene.id, None, None, scene.source))
    if story.countdown is not None:
        ways_in.setdefault(story.countdown.expires, []).append(Way("expiry", None, None, None, None))
    for scene_id, extensions in positions.extensions.items():
        for source, _text in extensions:
            ways_in.setdefault(scene_id, []).append(Way("extension", None, None, None, source))
    views = points_of_view(story)
    acts = {path: act_of(path) for path in {scene.source.path for scene in story.scenes.values()}}
    entries = []
    for scene in story.scenes.values():
        ending = scene.ending
        entries.append(
            SceneEntry(
                id=scene.id,
                title=readable_text(scene.title),
                source=scene.source,
                act=acts[scene.source.path],
                pov=views.get(scene.id, ()),
                start=scene.id == story.start,
                ending=(ending.id, ending.title, ending.tone) if ending is not None else None,
                expires=scene.expires,
                on_enter_countdown=_countdown_words(scene.on_enter),
                ways_in=tuple(ways_in.get(scene.id, ())),
                exits=exits[scene.id],
            )
        )
    return entries


# --------------------------------------------------------------------------- variables


@dataclass(frozen=True, slots=True)
class Use:
    """One place a variable is set or read.

    ``what`` is one of :data:`USE_KINDS`. ``name`` is the crew member's id
    (crew uses) or the UI class (``ui class``); ``stat`` the crew stat's label.
    ``detail`` is, for a set, what it does (``= 3``, ``+ 1``, ``= trust + 2``);
    for a read, the expressions there that read the variable, joined by ``; ``.
    """

    source: Source | None  # None: the place has no recorded position
    what: str
    scene: str | None
    choice: str | None
    detail: str
    name: str | None = None
    stat: str | None = None


#: Every kind of place a variable is set or read (``Use.what``).
USE_KINDS = (
    "effect",
    "guard",
    "title",
    "text",
    "extension text",
    "choice text",
    "disabled reason",
    "crew alive",
    "crew shown",
    "crew stat",
    "ui class",
)


@dataclass(frozen=True, slots=True)
class VariableEntry:
    """Everything the reference says about one variable."""

    name: str
    type: str
    initial: Any
    source: Source
    comment: str
    set_at: tuple[Use, ...]
    read_at: tuple[Use, ...]


def _set_detail(effect: SetVar | AddVar) -> str:
    if isinstance(effect, SetVar):
        value = effect.value
        return f"= {value.source.strip()}" if isinstance(value, Expr) else f"= {_literal(value)}"
    amount = effect.amount
    if isinstance(amount, Expr):
        return f"+ ({amount.source.strip()})"
    return f"+ {format_value(amount)}" if amount >= 0 else f"- {format_value(-amount)}"


def _literal(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else format_value(value)


def _expressions_of(effect: Effect) -> list[Expr]:
    if isinstance(effect, SetVar) and isinstance(effect.value, Expr):
        return [effect.value]
    if isinstance(effect, AddVar) and isinstance(effect.amount, Expr):
        return [effect.amount]
    return []


class _Uses:
    """Collects sets and reads by variable name."""

    def __init__(self, story: Story) -> None:
        self.sets: dict[str, list[Use]] = {name: [] for name in story.variables}
        self.reads: dict[str, list[Use]] = {name: [] for name in story.variables}
        self._flat: dict[str, str] = {}  # an expression's source on one line, by its source

    def read(self, expressions: Iterable[Expr], place: Use) -> None:
        """One use per variable ``expressions`` read, its detail the expressions that read it."""
        readers: dict[str, list[str]] = {}
        for expression in expressions:
            text = self._flat.get(expression.source)
            if text is None:
                text = self._flat[expression.source] = " ".join(expression.source.split())
            for name in names_read(expression.node):
                shown = readers.setdefault(name, [])
                if text not in shown:
                    shown.append(text)
        for name in sorted(readers):
            found = self.reads.get(name)
            if found is not None:  # built-in names (remaining, turn...) are not variables
                detail = "; ".join(readers[name])
                found.append(Use(place.source, place.what, place.scene, place.choice, detail, place.name, place.stat))

    def effects(self, effects: Iterable[Effect], scene: str, choice: str | None) -> None:
        for effect in effects:
            if isinstance(effect, SetVar | AddVar):
                self.sets[effect.var].append(Use(effect.source, "effect", scene, choice, _set_detail(effect)))
                self.read(_expressions_of(effect), Use(effect.source, "effect", scene, choice, ""))


def _expressions(template: Template) -> list[Expr]:
    """A template's expressions; none, at once, for plain text (most choice texts and titles)."""
    parts = template.parts
    if len(parts) == 1 and isinstance(parts[0], str):
        return []
    return template.expressions()


def _template_expressions(source: str, env: TypeEnv) -> list[Expr]:
    try:
        return parse_template(source, env).expressions()
    except ExpressionError:  # the file changed since the story loaded: nothing to say about it
        return []


def _own_text(scene: Scene, additions: Sequence[str]) -> str | None:
    """The scene's text before branches added to it (None: it cannot be told apart).

    The loader appends each extension's text, after a paragraph break, to the scene's.
    """
    text = scene.text.source
    for added in reversed(additions):
        if not text.endswith(added):
            return None
        text = text[: len(text) - len(added)]
    return text


def _scene_text_reads(scene: Scene, positions: Positions, env: TypeEnv, uses: _Uses) -> None:
    """The reads of a scene's text: its own at its ``text:`` line, each extension's at that extension."""
    where = positions.texts.get(scene.id, scene.source)
    extensions = [(at, added) for at, added in positions.extensions.get(scene.id, []) if added is not None]
    if not extensions:
        uses.read(_expressions(scene.text), Use(where, "text", scene.id, None, ""))
        return
    own = _own_text(scene, [added for _at, added in extensions])
    if own is None:
        uses.read(_expressions(scene.text), Use(scene.source, "text", scene.id, None, ""))
        return
    uses.read(_template_expressions(own, env), Use(where, "text", scene.id, None, ""))
    for extension_at, added in extensions:
        uses.read(_template_expressions(added, env), Use(extension_at, "extension text", scene.id, None, ""))


def variable_reference(story: Story, positions: Positions | None = None) -> list[VariableEntry]:
    """Every variable, in the order declared, with every place that sets or reads it."""
    positions = positions or Positions()
    env = TypeEnv({name: variable.type for name, variable in story.variables.items()}, story.scenes)
    uses = _Uses(story)
    for member in story.crew:
        places = positions.crew.get(member.id, {})
        for part, condition in (("alive", member.alive), ("shown", member.shown)):
            if condition is not None:
                uses.read([condition], Use(places.get(part), f"crew {part}", None, None, "", name=member.id))
        for stat, template in member.stats:
            place = Use(places.get(f"stat {stat}"), "crew stat", None, None, "", name=member.id, stat=stat)
            uses.read(_expressions(template), place)
    for class_name, condition in story.ui_classes:
        uses.read([condition], Use(positions.ui_classes.get(class_name), "ui class", None, None, "", name=class_name))
    for scene in story.scenes.values():
        title_at = positions.titles.get(scene.id, scene.source)
        uses.read(_expressions(scene.title), Use(title_at, "title", scene.id, None, ""))
        _scene_text_reads(scene, positions, env, uses)
        uses.effects(scene.on_enter, scene.id, None)
        for choice in scene.choices:
            if choice.guard is not None:
                uses.read([choice.guard], Use(choice.source, "guard", scene.id, choice.id, ""))
            uses.read(_expressions(choice.text), Use(choice.source, "choice text", scene.id, choice.id, ""))
            if choice.disabled_reason is not None:
                place = Use(choice.source, "disabled reason", scene.id, choice.id, "")
                uses.read(_expressions(choice.disabled_reason), place)
            uses.effects(choice.effects, scene.id, choice.id)
    order = {scene_id: index for index, scene_id in enumerate(story.scenes)}

    def in_reading_order(found: list[Use]) -> tuple[Use, ...]:
        """The manifest's uses first, then scene by scene; in a scene, its own file by line, then branches'."""

        def key(use: Use) -> tuple[int, bool, str, int]:
            if use.scene is None or use.source is None:
                return (-1, False, "", 0)
            own = story.scenes[use.scene].source.path
            return (order[use.scene], use.source.path != own, use.source.path, use.source.line)

        return tuple(sorted(found, key=key))

    return [
        VariableEntry(
            name=name,
            type=variable.type,
            initial=variable.initial,
            source=variable.source,
            comment=positions.comments.get(name, ""),
            set_at=in_reading_order(uses.sets[name]),
            read_at=in_reading_order(uses.reads[name]),
        )
        for name, variable in story.variables.items()
    ]


# --------------------------------------------------------------------------- JSON


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
