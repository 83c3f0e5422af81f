"""Reading a declared field's value as its kind says, or its default when the key is left out."""

from __future__ import annotations

from game.story.build.context import BuildContext, FileContext, Found, describe
from game.story.expressions import BOOL, Expr, Template, TypeEnv
from game.story.format import Field, Kind, Number, SceneId, Section, Text
from game.story.yamlread import YNode, YScalar


def declared(section: Section, name: str, kind: type[Kind]) -> Field:
    """The field ``name`` of ``section``, checked once, on import, to be of the kind its reader reads."""
    spec = section.get(name)
    if not isinstance(spec.kind, kind):
        raise TypeError(
            f"{section.name}.{name} is declared as {type(spec.kind).__name__}, but is read as {kind.__name__}"
        )
    return spec


def id_field(ctx: BuildContext, file: FileContext, found: Found, spec: Field) -> str | None:
    """An Id field's value (a SceneId: a scene that exists), or its default when the key is absent."""
    entry = found.get(spec.name)
    if entry is None:
        return spec.default if isinstance(spec.default, str) else None
    if isinstance(spec.kind, SceneId):
        return ctx.scene_of(file, entry[1], spec.label)
    return ctx.id_of(file, entry[1], spec.label)


def condition_field(ctx: BuildContext, file: FileContext, found: Found, spec: Field, env: TypeEnv) -> Expr | None:
    """A Condition field's expression, or None when the key is absent."""
    entry = found.get(spec.name)
    if entry is None:
        return None
    return ctx.expression(file, entry[1], env, BOOL, spec.label)


def template_field(
    ctx: BuildContext, file: FileContext, found: Found, spec: Field, env: TypeEnv, *, locate: bool = True
) -> Template | None:
    """A Template field's template, or None when the key is absent."""
    entry = found.get(spec.name)
    if entry is None:
        return None
    return ctx.template(file, entry[1], env, spec.label, locate=locate)


def text_field(ctx: BuildContext, file: FileContext, found: Found, spec: Field) -> str | None:
    """A Text field's value, or its default when the key is absent."""
    entry = found.get(spec.name)
    if entry is None:
        return spec.default if isinstance(spec.default, str) else None
    kind = spec.kind
    return ctx.text_of(file, entry[1], spec.label, allow_numbers=isinstance(kind, Text) and kind.numbers)


def number_field(ctx: BuildContext, file: FileContext, found: Found, spec: Field) -> int | float | None:
    """A Number field's value (at least its kind's minimum), or its default when the key is absent."""
    entry = found.get(spec.name)
    if entry is None:
        default = spec.default
        return default if isinstance(default, int | float) and not isinstance(default, bool) else None
    return number_value(ctx, file, entry[1], spec)


def number_value(ctx: BuildContext, file: FileContext, node: YNode, spec: Field) -> int | float | None:
    """The number a Number field's ``node`` holds, checked against the kind's minimum."""
    kind = spec.kind
    return ctx.number_of(file, node, spec.label, minimum=kind.minimum if isinstance(kind, Number) else None)


def boolean_field(ctx: BuildContext, file: FileContext, found: Found, spec: Field) -> bool | None:
    """A Boolean field's value, or its default when the key is absent."""
    entry = found.get(spec.name)
    if entry is None:
        return spec.default if isinstance(spec.default, bool) else None
    node = entry[1]
    if isinstance(node, YScalar) and isinstance(node.value, bool):
        return node.value
    ctx.error(file, node, f"{spec.label} must be true or false, not {describe(node)}")
    return None
