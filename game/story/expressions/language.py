"""The expression language's vocabulary: its types, names, functions, limits and errors.

Everything else in the package builds on these; nothing here depends on how
expressions are parsed, checked or evaluated.
"""

from __future__ import annotations

from typing import Protocol

BOOL = "bool"
NUM = "num"
STR = "str"

#: Names every story has; a variable may not take one of them.
BUILTIN_NAMES: dict[str, str] = {
    "turn": NUM,
    "remaining": NUM,
    "countdown": BOOL,
    "countdown_unit": STR,
}

#: Functions expressions may call: name -> (argument kinds, result type).
#: The argument kind "scene" takes a bare scene id.
FUNCTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "visited": (("scene",), BOOL),
    "visits": (("scene",), NUM),
    "min": ((NUM, NUM), NUM),
    "max": ((NUM, NUM), NUM),
    "abs": ((NUM,), NUM),
}

RESERVED_WORDS = frozenset({"and", "or", "not", "true", "false", "if", "elif", "else", "end"})

Value = bool | int | float | str


class EvalContext(Protocol):
    """What an expression can read while the game runs."""

    vars: dict[str, Value]
    visits: dict[str, int]
    turn: int
    remaining: int | float
    countdown_active: bool
    countdown_unit: str


class ExpressionError(Exception):
    """A problem in an expression, at ``offset`` characters into its source."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class EvaluationError(Exception):
    """An expression failed while the game ran (for example, division by zero).

    ``where`` is ``path:line:col`` of the text that failed, when a located
    template (see ``Template.origins``) was being rendered; None otherwise.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.where: str | None = None
        #: The template insertion or passage that failed, as written (``{1 % n}``), when a template failed.
        self.written: str | None = None

    def __str__(self) -> str:
        message = super().__str__()
        return message if self.written is None else f"{message} in {self.written}"


#: The checker, compiler and evaluator recurse over the tree, so its depth is
#: bounded: a long chain like ``a + a + a ...`` grows the tree without nesting.
MAX_TREE_DEPTH = 100
#: No real condition comes near this; it keeps hostile input cheap to reject.
MAX_EXPRESSION_CHARS = 4000
#: Passages nested deeper than this are refused (rendering recurses over them).
MAX_PASSAGE_DEPTH = 32
#: A string an expression builds at run time (``word + word``) stays below this.
MAX_TEXT_CHARS = 100_000


#: Numbers in expressions stay within what a float holds exactly (and JSON carries).
MAX_NUMBER = 2**53

_NAMES = {BOOL: "condition (true/false)", NUM: "number", STR: "string"}


def type_name(kind: str) -> str:
    """A readable name of an expression type, for error messages."""
    return _NAMES[kind]
