"""Evaluation: a checked tree compiled into closures over the game state, and the ``Expr`` that holds one.

Arithmetic stays within the range of story numbers and strings within their
length limit; any failure is an ``EvaluationError``, never a Python exception.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from game.story.expressions.language import MAX_NUMBER, MAX_TEXT_CHARS, EvalContext, EvaluationError
from game.story.expressions.syntax import Binary, Literal, Name, Node, Unary

Compiled = Callable[[EvalContext], Any]


def _bounded(value: Any) -> Any:
    # Also catches NaN, for which every comparison is false.
    if not -MAX_NUMBER <= value <= MAX_NUMBER:
        raise EvaluationError(f"a result beyond ±{MAX_NUMBER:,}, the range of story numbers")
    return value


def _add(a: Any, b: Any) -> Any:
    result = a + b
    if isinstance(result, str):
        if len(result) > MAX_TEXT_CHARS:
            raise EvaluationError(f"a text of {len(result):,} characters; the limit is {MAX_TEXT_CHARS:,}")
        return result
    return _bounded(result)


def _divide(a: float, b: float) -> float:
    if b == 0:
        raise EvaluationError("division by zero")
    result = _bounded(a / b)
    return int(result) if result == int(result) else result


def _modulo(a: float, b: float) -> float:
    if b == 0:
        raise EvaluationError("modulo by zero")
    return a % b


def compile_node(node: Node) -> Compiled:
    """Turn a checked tree into a closure over the evaluation context."""
    if isinstance(node, Literal):
        value = node.value
        return lambda ctx: value
    if isinstance(node, Name):
        name = node.name
        if name == "turn":
            return lambda ctx: ctx.turn
        if name == "remaining":
            return lambda ctx: ctx.remaining
        if name == "countdown":
            return lambda ctx: ctx.countdown_active
        if name == "countdown_unit":
            return lambda ctx: ctx.countdown_unit
        return lambda ctx: ctx.vars[name]
    if isinstance(node, Unary):
        operand = compile_node(node.operand)
        if node.op == "not":
            return lambda ctx: not operand(ctx)
        return lambda ctx: -operand(ctx)
    if isinstance(node, Binary):
        left = compile_node(node.left)
        right = compile_node(node.right)
        op = node.op
        if op == "and":
            return lambda ctx: left(ctx) and right(ctx)
        if op == "or":
            return lambda ctx: left(ctx) or right(ctx)
        binary: Callable[[Any, Any], Any] = _BINARY_FUNCTIONS[op]
        return lambda ctx: binary(left(ctx), right(ctx))
    # Call
    if node.function in ("visited", "visits"):
        first = node.args[0]
        assert isinstance(first, Name)
        scene = first.name
        if node.function == "visited":
            return lambda ctx: ctx.visits.get(scene, 0) > 0
        return lambda ctx: ctx.visits.get(scene, 0)
    args = [compile_node(arg) for arg in node.args]
    if node.function == "abs":
        only = args[0]
        return lambda ctx: abs(only(ctx))
    first_arg, second_arg = args
    pick = min if node.function == "min" else max
    return lambda ctx: pick(first_arg(ctx), second_arg(ctx))


_BINARY_FUNCTIONS: dict[str, Callable[[Any, Any], Any]] = {
    "+": _add,
    "-": lambda a, b: _bounded(a - b),
    "*": lambda a, b: _bounded(a * b),
    "/": _divide,
    "%": _modulo,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


@dataclass(frozen=True, slots=True)
class Expr:
    """A parsed, type-checked expression with its source text.

    The closure is compiled on first use and never pickled, so a cached
    story stays a plain tree. (Slots, and no closure until one is needed:
    a large story holds hundreds of thousands of these.)
    """

    source: str
    node: Node
    type: str
    _compiled: Compiled | None = field(default=None, compare=False, repr=False)

    def evaluate(self, ctx: EvalContext) -> Any:
        """The expression's value in the given game state."""
        compiled = self._compiled
        if compiled is None:
            compiled = compile_node(self.node)
            object.__setattr__(self, "_compiled", compiled)  # a cache on a frozen object
        try:
            return compiled(ctx)
        except EvaluationError:
            raise
        except (ArithmeticError, TypeError, ValueError, KeyError) as error:
            raise EvaluationError(f"{error.__class__.__name__}: {error}") from None

    def __getstate__(self) -> dict[str, object]:
        return {"source": self.source, "node": self.node, "type": self.type}

    def __setstate__(self, state: dict[str, object]) -> None:
        object.__setattr__(self, "source", state["source"])
        object.__setattr__(self, "node", state["node"])
        object.__setattr__(self, "type", state["type"])
        object.__setattr__(self, "_compiled", None)
