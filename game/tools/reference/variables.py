"""The variable reference: each variable, and every place that sets or reads it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from game.story.expressions import Expr, ExpressionError, Template, TypeEnv, format_value, names_read, parse_template
from game.story.model import AddVar, Effect, Scene, SetVar, Source, Story
from game.tools.reference.positions import Positions


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
