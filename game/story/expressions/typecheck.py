"""Type checking: the type of each expression, with messages that say how to fix a mismatch."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from game.story.expressions.language import BOOL, BUILTIN_NAMES, FUNCTIONS, NUM, STR, ExpressionError, type_name
from game.story.expressions.syntax import COMPARISONS, Binary, Call, Literal, Name, Node, Unary


@dataclass(frozen=True, slots=True)
class TypeEnv:
    """What names exist when an expression is checked."""

    variables: Mapping[str, str]
    scenes: frozenset[str] | Mapping[str, object]


def check(node: Node, env: TypeEnv) -> str:
    """Return the type of ``node`` (bool, num or str); raises ExpressionError."""
    if isinstance(node, Literal):
        return _type_of_value(node.value)
    if isinstance(node, Name):
        if node.name in env.variables:
            return env.variables[node.name]
        if node.name in BUILTIN_NAMES:
            return BUILTIN_NAMES[node.name]
        raise ExpressionError(
            f"unknown variable '{node.name}'{_suggest(node.name, [*env.variables, *BUILTIN_NAMES, 'true', 'false'])};"
            " declare it under 'vars'",
            node.offset,
        )
    if isinstance(node, Unary):
        operand = check(node.operand, env)
        wanted = BOOL if node.op == "not" else NUM
        if operand != wanted:
            raise ExpressionError(f"'{node.op}' needs a {type_name(wanted)}, not a {type_name(operand)}", node.offset)
        return wanted
    if isinstance(node, Binary):
        left = check(node.left, env)
        right = check(node.right, env)
        op = node.op
        if op in ("and", "or"):
            if left != BOOL or right != BOOL:
                raise ExpressionError(
                    f"'{op}' joins two conditions (true/false); here it has a {type_name(left)} and a {type_name(right)}",
                    node.offset,
                )
            return BOOL
        if op in ("==", "!="):
            if left != right:
                raise ExpressionError(
                    f"cannot compare a {type_name(left)} with a {type_name(right)} using '{op}'", node.offset
                )
            return BOOL
        if op in COMPARISONS:
            if left != right or left == BOOL:
                raise ExpressionError(
                    f"'{op}' compares two numbers or two strings, not a {type_name(left)} and a {type_name(right)}",
                    node.offset,
                )
            return BOOL
        if op == "+" and left == STR and right == STR:
            return STR
        if left != NUM or right != NUM:
            raise ExpressionError(
                f"'{op}' needs two numbers, not a {type_name(left)} and a {type_name(right)}", node.offset
            )
        if op in ("/", "%") and _is_literal_zero(node.right):
            what = "division" if op == "/" else "modulo"
            raise ExpressionError(
                f"{what} by 0 always fails when the game reaches it; use another number (or a variable)", node.offset
            )
        return NUM
    # Call
    kinds, result = FUNCTIONS[node.function]
    if len(node.args) != len(kinds):
        raise ExpressionError(
            f"{node.function}() takes {len(kinds)} argument{'s' if len(kinds) != 1 else ''}, not {len(node.args)}",
            node.offset,
        )
    for arg, kind in zip(node.args, kinds, strict=True):
        if kind == "scene":
            if not isinstance(arg, Name):
                raise ExpressionError(
                    f"{node.function}() takes a scene id, like {node.function}(printing_bay)", arg.offset
                )
            if arg.name not in env.scenes:
                raise ExpressionError(
                    f"{node.function}(): no scene '{arg.name}'{_suggest(arg.name, list(env.scenes))}", arg.offset
                )
        else:
            actual = check(arg, env)
            if actual != kind:
                raise ExpressionError(
                    f"{node.function}() needs a {type_name(kind)}, not a {type_name(actual)}", arg.offset
                )
    return result


def _is_literal_zero(node: Node) -> bool:
    """True for a 0 written as a number (``0``, ``0.0``, ``-0``, ``(0)``), which no game state changes."""
    while isinstance(node, Unary) and node.op == "-":
        node = node.operand
    return isinstance(node, Literal) and not isinstance(node.value, bool) and node.value == 0


def _type_of_value(value: object) -> str:
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int | float):
        return NUM
    return STR


def value_type(value: object) -> str | None:
    """The expression type of a YAML value, or None if it has none."""
    if isinstance(value, bool | int | float | str):
        return _type_of_value(value)
    return None


def _suggest(name: str, candidates: Sequence[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, candidates, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def names_read(node: Node) -> set[str]:
    """Every variable or built-in name an expression reads."""
    if isinstance(node, Name):
        return {node.name}
    if isinstance(node, Unary):
        return names_read(node.operand)
    if isinstance(node, Binary):
        return names_read(node.left) | names_read(node.right)
    if isinstance(node, Call):
        if FUNCTIONS[node.function][0] == ("scene",):
            return set()
        out: set[str] = set()
        for arg in node.args:
            out |= names_read(arg)
        return out
    return set()


def scenes_read(node: Node) -> set[str]:
    """Every scene id named in visited()/visits() calls."""
    if isinstance(node, Unary):
        return scenes_read(node.operand)
    if isinstance(node, Binary):
        return scenes_read(node.left) | scenes_read(node.right)
    if isinstance(node, Call):
        if FUNCTIONS[node.function][0] == ("scene",):
            first = node.args[0]
            return {first.name} if isinstance(first, Name) else set()
        out: set[str] = set()
        for arg in node.args:
            out |= scenes_read(arg)
        return out
    return set()
