"""Effects (``on_enter:`` and a choice's ``effects:``): set and add variables, control the countdown."""

from __future__ import annotations

from game.story.build.context import BuildContext, FileContext, describe, in_range, suggest
from game.story.build.fields import declared, number_value
from game.story.expressions import BUILTIN_NAMES, NUM, ExpressionError, TypeEnv, type_name, value_type
from game.story.format import COUNTDOWN_ADD, COUNTDOWN_START, COUNTDOWN_WORDS, EFFECT, Number
from game.story.model import AddVar, CountdownAdd, CountdownStart, CountdownStop, Effect, SetVar, Source
from game.story.yamlread import MAX_INT, YMap, YNode, YScalar, YSeq

_START = declared(COUNTDOWN_START, "start", Number)
_ADD = declared(COUNTDOWN_ADD, "add", Number)


def build_effects(ctx: BuildContext, file: FileContext, node: YNode, env: TypeEnv) -> list[Effect]:
    """A list of effects, each a one-key mapping of a kind the format declares (set, add, countdown)."""
    if not isinstance(node, YSeq):
        ctx.error(file, node, f"effects must be a list (each item starts with '- '), not {describe(node)}")
        return []
    effects: list[Effect] = []
    for item in node.items:
        if not isinstance(item, YMap) or len(item.items) != 1:
            ctx.error(
                file,
                item,
                "each effect is a one-key mapping: '- set: {...}', '- add: {...}' or '- countdown: ...'",
            )
            continue
        key, value = item.items[0]
        kind = key.value
        source = Source(file.display, key.line, key.col)
        if kind == "set" or kind == "add":
            effects.extend(_variable_effects(ctx, file, str(kind), value, env, source))
        elif kind == "countdown":
            effect = _countdown_effect(ctx, file, value, source)
            if effect is not None:
                effects.append(effect)
        else:
            kinds = EFFECT.names
            listed = ", ".join(kinds[:-1]) + " and " + kinds[-1]
            ctx.error(file, key, f"unknown effect '{kind}'{suggest(str(kind), kinds)}; effects are {listed}")
    return effects


def _variable_effects(
    ctx: BuildContext, file: FileContext, kind: str, node: YNode, env: TypeEnv, source: Source
) -> list[Effect]:
    if not isinstance(node, YMap):
        ctx.error(file, node, f"'{kind}' takes a mapping of variables, like {{{kind}: {{lights: false}}}}")
        return []
    built: list[Effect] = []
    for key, value in node.items:
        name = ctx.id_of(file, key, "variable name")
        if name is None:
            continue
        if name not in env.variables:
            if name in BUILTIN_NAMES:
                ctx.error(file, key, f"'{name}' is built in and cannot be {kind}; use a countdown effect for time")
            else:
                ctx.error(
                    file, key, f"unknown variable '{name}'{suggest(name, env.variables)}; declare it under 'vars'"
                )
            continue
        var_type = env.variables[name]
        if kind == "add" and var_type != NUM:
            ctx.error(file, key, f"'add' works on numbers; '{name}' is a {type_name(var_type)}")
            continue
        want = NUM if kind == "add" else var_type
        if not isinstance(value, YScalar):
            ctx.error(file, value, f"the value for '{name}' must be a single value, not {describe(value)}")
            continue
        raw = value.value
        if isinstance(raw, str) and raw.startswith("="):
            expr_source = raw[1:]
            try:
                expr = ctx.shared_in(env).expression(expr_source, want)
            except ExpressionError as error:
                ctx.at_offset(file, value, error.offset + 1, f"in the value for '{name}': {error.message}")
                continue
            built.append(SetVar(name, expr, source) if kind == "set" else AddVar(name, expr, source))
            continue
        actual = value_type(raw)
        if actual != want:
            hint = " (write '= expression' to compute it)" if isinstance(raw, str) else ""
            ctx.error(file, value, f"'{name}' is a {type_name(want)}; {describe(value)} does not fit{hint}")
            continue
        assert isinstance(raw, bool | int | float | str)
        if not in_range(raw):
            ctx.error(file, value, f"the value for '{name}' must be a finite number within ±{MAX_INT:,}")
            continue
        if kind == "set":
            built.append(SetVar(name, raw, source))
        else:
            assert isinstance(raw, int | float)
            built.append(AddVar(name, raw, source))
    return built


def _countdown_effect(ctx: BuildContext, file: FileContext, node: YNode, source: Source) -> Effect | None:
    if isinstance(node, YScalar) and node.value in COUNTDOWN_WORDS.words:
        return CountdownStart(None, source) if node.value == "start" else CountdownStop(source)
    if isinstance(node, YMap) and len(node.items) == 1:
        key, value = node.items[0]
        if key.value == _START.name:
            number = number_value(ctx, file, value, _START)
            return None if number is None else CountdownStart(number, source)
        if key.value == _ADD.name:
            number = number_value(ctx, file, value, _ADD)
            return None if number is None else CountdownAdd(number, source)
    ctx.error(
        file,
        node,
        "countdown effects are 'countdown: start', 'countdown: stop', 'countdown: {start: N}' and 'countdown: {add: N}'",
    )
    return None
