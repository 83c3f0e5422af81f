"""The story expression language: a small, safe, typed language.

Story text never reaches Python's ``eval`` or ``exec``. An expression is
tokenized and parsed into a tree of frozen nodes once, at load, type-checked
against the declared variables, and compiled lazily into closures that read
only the game's variables, visit counts, turn and countdown.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

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


# --------------------------------------------------------------------------- nodes


@dataclass(frozen=True, slots=True)
class Literal:
    """A number, string or boolean written in the expression."""

    value: Value
    offset: int


@dataclass(frozen=True, slots=True)
class Name:
    """A variable or built-in name."""

    name: str
    offset: int


@dataclass(frozen=True, slots=True)
class Unary:
    """``not x`` or ``-x``."""

    op: str
    operand: Node
    offset: int


@dataclass(frozen=True, slots=True)
class Binary:
    """An arithmetic, comparison or logical operation."""

    op: str
    left: Node
    right: Node
    offset: int


@dataclass(frozen=True, slots=True)
class Call:
    """A call of one of the documented functions."""

    function: str
    args: tuple[Node, ...]
    offset: int


Node = Literal | Name | Unary | Binary | Call


# ------------------------------------------------------------------------ tokenizer

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)
  | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|[-+*/%<>(),])
    """,
    re.VERBOSE,
)

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "'": "'", "\\": "\\"}


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str
    offset: int


def _unquote(text: str, offset: int) -> str:
    body = text[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            nxt = body[i + 1] if i + 1 < len(body) else ""
            if nxt not in _ESCAPES:
                raise ExpressionError(
                    f"unknown escape '\\{nxt}' in a string; use \\n, \\t, \\\", \\' or \\\\",
                    offset + 1 + i,
                )
            out.append(_ESCAPES[nxt])
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def tokenize(source: str) -> list[_Token]:
    """Split an expression into tokens, rejecting any character it cannot use."""
    tokens: list[_Token] = []
    pos = 0
    length = len(source)
    while pos < length:
        match = _TOKEN.match(source, pos)
        if match is None:
            ch = source[pos]
            raise ExpressionError(_bad_character_message(source, pos, ch), pos)
        kind = match.lastgroup or ""
        text = match.group()
        if kind == "op" and text == "*" and source.startswith("*", match.end()):
            raise ExpressionError("there is no power operator '**'; multiply instead (x * x)", pos)
        if kind == "name" and "__" in text:
            raise ExpressionError(f"'{text}': names containing '__' are not allowed in story expressions", pos)
        if kind != "space":
            tokens.append(_Token(kind, text, pos))
        pos = match.end()
    tokens.append(_Token("end", "", length))
    return tokens


def _bad_character_message(source: str, pos: int, ch: str) -> str:
    if ch.isdigit() or unicodedata.numeric(ch, None) is not None:
        return f"{ch!r} is not an ASCII digit; write numbers with the digits 0-9"
    if ch == "^":
        return "'^' is not an operator, and there is no power operator; multiply instead (x * x)"
    if ch == ".":
        if source[pos + 1 : pos + 2].isdigit() or source[pos - 1 : pos].isdigit():
            return "a number needs digits on both sides of '.', like 0.5 or 2.0"
        return "attribute access ('.') is not allowed in story expressions"
    if ch in "[]":
        return "indexing ('[ ]') is not allowed in story expressions"
    if ch == "=":
        return "'=' is not an operator here; use '==' to compare"
    if ch == "!":
        return "'!' is not an operator; use 'not' (or '!=' to compare)"
    if ch == "&" or ch == "|":
        return f"'{ch}' is not an operator; use 'and' / 'or'"
    if ch in "\"'":
        return "unterminated string; close it with the same quote on the same line"
    if ch in "{}":
        return "braces belong to text templates, not inside an expression"
    return f"unexpected character {ch!r} in expression"


# --------------------------------------------------------------------------- parser

_BINARY_PRECEDENCE = {
    "or": 1,
    "and": 2,
    "==": 4,
    "!=": 4,
    "<": 4,
    "<=": 4,
    ">": 4,
    ">=": 4,
    "+": 5,
    "-": 5,
    "*": 6,
    "/": 6,
    "%": 6,
}
_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})
_MAX_DEPTH = 64
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


def _number_literal(token: _Token) -> int | float:
    text = token.text
    if any(c in text for c in ".eE"):
        number: int | float = float(text)
        if number != number or abs(number) > MAX_NUMBER:
            raise ExpressionError(f"the number {text[:20]} is too large for a story", token.offset)
        return number
    # Checked by length first: int() refuses (with ValueError) strings of thousands of digits.
    if len(text.lstrip("0")) > 16 or int(text) > MAX_NUMBER:
        raise ExpressionError(
            f"the number {text[:20]}{'...' if len(text) > 20 else ''} is too large for a story", token.offset
        )
    return int(text)


class _Parser:
    def __init__(self, source: str) -> None:
        if len(source) > MAX_EXPRESSION_CHARS:
            raise ExpressionError(
                f"an expression of {len(source):,} characters; the limit is {MAX_EXPRESSION_CHARS:,}: simplify it",
                0,
            )
        self.tokens = tokenize(source)
        self.index = 0
        self.depth = 0
        # The depth of every node built so far, by identity: the tree's depth is
        # bounded as it grows, without a recursive walk.
        self.tree_depths: dict[int, int] = {}

    def built(self, node: Node, *children: Node) -> Node:
        """Record ``node``'s depth; refuse trees too deep to check and evaluate safely."""
        depth = 1 + max((self.tree_depths.get(id(child), 1) for child in children), default=0)
        if depth > MAX_TREE_DEPTH:
            raise ExpressionError(
                f"the expression is too long or too deeply nested (more than {MAX_TREE_DEPTH} levels); simplify it",
                node.offset,
            )
        self.tree_depths[id(node)] = depth
        return node

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise ExpressionError("empty expression", 0)
        node = self.expression(0)
        token = self.peek()
        if token.kind != "end":
            raise ExpressionError(f"unexpected '{token.text}' after the end of the expression", token.offset)
        return node

    def _binary_op(self, token: _Token) -> str | None:
        if token.kind == "op" and token.text in _BINARY_PRECEDENCE:
            return token.text
        if token.kind == "name" and token.text in ("and", "or"):
            return token.text
        return None

    def expression(self, min_precedence: int) -> Node:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise ExpressionError("expression nested too deeply", self.peek().offset)
        left = self.unary()
        # Only a comparison built by this loop chains; a parenthesized one is a value.
        left_is_comparison = False
        while True:
            token = self.peek()
            op = self._binary_op(token)
            if op is None:
                break
            precedence = _BINARY_PRECEDENCE[op]
            if precedence < min_precedence:
                break
            self.take()
            right = self.expression(precedence + 1)
            if op in _COMPARISONS and left_is_comparison:
                raise ExpressionError("chained comparisons are ambiguous; join them with 'and'", token.offset)
            left = self.built(Binary(op, left, right, token.offset), left, right)
            left_is_comparison = op in _COMPARISONS
        self.depth -= 1
        return left

    def unary(self) -> Node:
        token = self.peek()
        if token.kind == "name" and token.text == "not":
            self.take()
            operand = self.expression(3)
            return self.built(Unary("not", operand, token.offset), operand)
        if token.kind == "op" and token.text == "-":
            self.take()
            self.depth += 1
            if self.depth > _MAX_DEPTH:
                raise ExpressionError("expression nested too deeply", token.offset)
            operand = self.unary()
            self.depth -= 1
            return self.built(Unary("-", operand, token.offset), operand)
        return self.primary()

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "number":
            return Literal(_number_literal(token), token.offset)
        if token.kind == "string":
            return Literal(_unquote(token.text, token.offset), token.offset)
        if token.kind == "name":
            if token.text == "true":
                return Literal(True, token.offset)
            if token.text == "false":
                return Literal(False, token.offset)
            if token.text in ("and", "or", "not"):
                raise ExpressionError(f"'{token.text}' needs a value before it", token.offset)
            if self.peek().kind == "op" and self.peek().text == "(":
                return self.call(token)
            return Name(sys.intern(token.text), token.offset)  # one string per name, however often it is read
        if token.kind == "op" and token.text == "(":
            node = self.expression(0)
            closing = self.take()
            if closing.text != ")":
                raise ExpressionError("missing ')'", closing.offset)
            return node
        if token.kind == "end":
            raise ExpressionError("the expression ends too early", token.offset)
        raise ExpressionError(f"unexpected '{token.text}'", token.offset)

    def call(self, name: _Token) -> Node:
        if name.text not in FUNCTIONS:
            known = ", ".join(sorted(FUNCTIONS))
            raise ExpressionError(
                f"'{name.text}' is not a function you can call here; the functions are: {known}",
                name.offset,
            )
        self.take()  # "("
        args: list[Node] = []
        if not (self.peek().kind == "op" and self.peek().text == ")"):
            while True:
                args.append(self.expression(0))
                sep = self.take()
                if sep.text == ")":
                    break
                if sep.text != ",":
                    raise ExpressionError(f"expected ',' or ')' in the call of {name.text}()", sep.offset)
        else:
            self.take()
        return self.built(Call(name.text, tuple(args), name.offset), *args)


def parse(source: str) -> Node:
    """Parse an expression into its syntax tree; raises ExpressionError."""
    return _Parser(source).parse()


# --------------------------------------------------------------------- type checking


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
            raise ExpressionError(f"'{node.op}' needs a {_NAMES[wanted]}, not a {_NAMES[operand]}", node.offset)
        return wanted
    if isinstance(node, Binary):
        left = check(node.left, env)
        right = check(node.right, env)
        op = node.op
        if op in ("and", "or"):
            if left != BOOL or right != BOOL:
                raise ExpressionError(
                    f"'{op}' joins two conditions (true/false); here it has a {_NAMES[left]} and a {_NAMES[right]}",
                    node.offset,
                )
            return BOOL
        if op in ("==", "!="):
            if left != right:
                raise ExpressionError(
                    f"cannot compare a {_NAMES[left]} with a {_NAMES[right]} using '{op}'", node.offset
                )
            return BOOL
        if op in _COMPARISONS:
            if left != right or left == BOOL:
                raise ExpressionError(
                    f"'{op}' compares two numbers or two strings, not a {_NAMES[left]} and a {_NAMES[right]}",
                    node.offset,
                )
            return BOOL
        if op == "+" and left == STR and right == STR:
            return STR
        if left != NUM or right != NUM:
            raise ExpressionError(f"'{op}' needs two numbers, not a {_NAMES[left]} and a {_NAMES[right]}", node.offset)
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
                raise ExpressionError(f"{node.function}() needs a {_NAMES[kind]}, not a {_NAMES[actual]}", arg.offset)
    return result


def _is_literal_zero(node: Node) -> bool:
    """True for a 0 written as a number (``0``, ``0.0``, ``-0``, ``(0)``), which no game state changes."""
    while isinstance(node, Unary) and node.op == "-":
        node = node.operand
    return isinstance(node, Literal) and not isinstance(node.value, bool) and node.value == 0


_NAMES = {BOOL: "condition (true/false)", NUM: "number", STR: "string"}


def type_name(kind: str) -> str:
    """A readable name of an expression type, for error messages."""
    return _NAMES[kind]


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


# ------------------------------------------------------------------------- compiling

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


def compile_expression(source: str, env: TypeEnv, want: str | None = None) -> Expr:
    """Parse and type-check ``source``; ``want`` is the required result type."""
    node = parse(source)
    expr = Expr(source, node, check(node, env))
    _require_type(expr, want)
    return expr


def _require_type(expr: Expr, want: str | None) -> None:
    if want is not None and expr.type != want:
        raise ExpressionError(
            f"this must be a {_NAMES[want]}, but it is a {_NAMES[expr.type]}",
            len(expr.source) - len(expr.source.lstrip()),
        )


class SharedExpressions:
    """Parses and checks each distinct expression or template text once, and shares the result.

    Stories repeat themselves (``{if lights}`` in a hundred scenes, the same
    choice text in every corridor): one immutable object per distinct text
    keeps a large story small and checks it once. Every text is checked in
    the one ``env`` given; errors are not kept, so each place that repeats a
    mistake reports it.
    """

    __slots__ = ("_expressions", "_templates", "env")

    def __init__(self, env: TypeEnv) -> None:
        self.env = env
        self._expressions: dict[str, Expr] = {}
        self._templates: dict[str, Template] = {}

    def expression(self, source: str, want: str | None = None) -> Expr:
        """``compile_expression(source, env, want)``, shared."""
        expr = self._expressions.get(source)
        if expr is None:
            expr = self._expressions[source] = compile_expression(source, self.env)
        _require_type(expr, want)
        return expr

    def template(self, source: str) -> Template:
        """``parse_template(source, env)``, shared (with its expressions)."""
        template = self._templates.get(source)
        if template is None:
            template = self._templates[source] = parse_template(source, self.env, self)
        return template


# -------------------------------------------------------------------------- templates


@dataclass(frozen=True, slots=True)
class Branch:
    """One arm of a conditional passage: the condition (None for else) and its parts."""

    condition: Expr | None
    parts: tuple[Part, ...]


@dataclass(frozen=True, slots=True)
class Conditional:
    """An ``{if}...{elif}...{else}...{end}`` passage."""

    branches: tuple[Branch, ...]


Part = str | Expr | Conditional


#: Where a run of a template's parts is written: (index of its first part, ``path:line:col``).
Origin = tuple[int, str]


@dataclass(frozen=True, slots=True)
class Template:
    """Text with ``{expression}`` insertions and ``{if}`` passages.

    ``origins`` says where the text is written, so a failure while rendering
    names the right file even when a branch added to a scene's text (the
    parts from each origin's index on were written there). Templates are
    shared between places with the same text; the loader gives each place
    its own located copy (``located``).
    """

    source: str
    parts: tuple[Part, ...]
    origins: tuple[Origin, ...] = field(default=(), compare=False)

    @property
    def is_plain(self) -> bool:
        """True when the text has no insertion and no passage."""
        return all(isinstance(part, str) for part in self.parts)

    def render(self, ctx: EvalContext, *, seam: str = "") -> str:
        """The text as the player reads it now.

        ``seam`` is written before and after each ``{if}`` passage (shown or not), so that
        ``game.text.prose_paragraphs`` can close the gaps passages leave.
        """
        if len(self.parts) == 1 and isinstance(self.parts[0], str):
            return self.parts[0]
        out: list[str] = []
        if not self.origins:
            _render_parts(self.parts, ctx, out, seam)
            return "".join(out)
        for index, part in enumerate(self.parts):
            try:
                _render_part(part, ctx, out, seam)
            except EvaluationError as error:
                if error.where is None:
                    error.where = self.origin_of(index)
                raise
        return "".join(out)

    def origin_of(self, index: int) -> str | None:
        """``path:line:col`` of the text that part ``index`` belongs to, or None when not located."""
        found: str | None = None
        for first, where in self.origins:
            if first > index:
                break
            found = where
        return found

    def located(self, where: str) -> Template:
        """This template as written at ``where`` (a copy; a plain text needs no location and is returned as is)."""
        if self.is_plain:
            return self
        return Template(self.source, self.parts, ((0, where),))

    def followed_by(self, joiner: str, addition: Template) -> Template:
        """This text, ``joiner``, then ``addition``: each part keeps where it was written."""
        shift = len(self.parts) + 1
        origins = (*self.origins, *((first + shift, where) for first, where in addition.origins))
        return Template(self.source + joiner + addition.source, (*self.parts, joiner, *addition.parts), origins)

    def expressions(self) -> list[Expr]:
        """Every expression in the template, conditions included."""
        found: list[Expr] = []
        _collect(self.parts, found)
        return found


def _collect(parts: Sequence[Part], found: list[Expr]) -> None:
    for part in parts:
        if isinstance(part, Expr):
            found.append(part)
        elif isinstance(part, Conditional):
            for branch in part.branches:
                if branch.condition is not None:
                    found.append(branch.condition)
                _collect(branch.parts, found)


def format_value(value: object) -> str:
    """How a value is shown in text: 3, 2.5, true, words."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        rounded = round(value, 2)
        if rounded == int(rounded):
            return str(int(rounded))
        return f"{rounded:.2f}".rstrip("0")
    return str(value)


def _render_parts(parts: Sequence[Part], ctx: EvalContext, out: list[str], seam: str = "") -> None:
    for part in parts:
        _render_part(part, ctx, out, seam)


def _render_part(part: Part, ctx: EvalContext, out: list[str], seam: str = "") -> None:
    if isinstance(part, str):
        out.append(part)
    elif isinstance(part, Expr):
        try:
            out.append(format_value(part.evaluate(ctx)))
        except EvaluationError as error:
            if error.written is None:
                error.written = "{" + part.source.strip() + "}"
            raise
    else:
        out.append(seam)
        for index, branch in enumerate(part.branches):
            condition = branch.condition
            if condition is not None:
                try:
                    holds = condition.evaluate(ctx)
                except EvaluationError as error:
                    if error.written is None:
                        keyword = "if" if index == 0 else "elif"
                        error.written = "{" + keyword + " " + condition.source.strip() + "}"
                    raise
                if not holds:
                    continue
            _render_parts(branch.parts, ctx, out, seam)
            break
        out.append(seam)


_TAG = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def parse_template(source: str, env: TypeEnv, shared: SharedExpressions | None = None) -> Template:
    """Parse a text template; raises ExpressionError with the offset of the problem.

    With ``shared`` (made for the same ``env``), its expressions are shared too.
    """
    compile_in_env = (shared if shared is not None else SharedExpressions(env)).expression
    if "{" not in source and "}" not in source:
        return Template(source, (source,))
    # A stack of open passages: (the list the passage adds to, its branches, offset of {if}).
    root: list[Part] = []
    current: list[Part] = root
    stack: list[tuple[list[Part], list[tuple[Expr | None, list[Part]]], int]] = []
    text: list[str] = []
    pos = 0

    def flush() -> None:
        joined = "".join(text)
        if joined:
            current.append(joined)
        text.clear()

    for match in _TAG.finditer(source):
        text.append(source[pos : match.start()])
        pos = match.end()
        token = match.group()
        if token == "{{":
            text.append("{")
            continue
        if token == "}}":
            text.append("}")
            continue
        if token == "{":
            raise ExpressionError("'{' is never closed; write '{{' for a literal brace", match.start())
        if token == "}":
            raise ExpressionError("'}' without a matching '{'; write '}}' for a literal brace", match.start())
        inner = match.group(1)
        stripped = inner.strip()
        inner_offset = match.start(1) + (len(inner) - len(inner.lstrip()))
        keyword, _, rest = stripped.partition(" ")
        flush()
        try:
            if keyword == "if" or keyword == "elif":
                if not rest.strip():
                    raise ExpressionError(f"'{{{keyword}}}' needs a condition, like {{{keyword} lights}}", 0)
                condition = compile_in_env(rest, BOOL)
                if keyword == "if":
                    if len(stack) >= MAX_PASSAGE_DEPTH:
                        raise ExpressionError(
                            f"passages nested more than {MAX_PASSAGE_DEPTH} deep; close some with '{{end}}' first", 0
                        )
                    branches: list[tuple[Expr | None, list[Part]]] = [(condition, [])]
                    stack.append((current, branches, match.start()))
                    current = branches[0][1]
                else:
                    if not stack or stack[-1][1][-1][0] is None:
                        raise ExpressionError("'{elif}' without an open '{if}'", 0)
                    stack[-1][1].append((condition, []))
                    current = stack[-1][1][-1][1]
            elif stripped == "else":
                if not stack or stack[-1][1][-1][0] is None:
                    raise ExpressionError("'{else}' without an open '{if}'", 0)
                stack[-1][1].append((None, []))
                current = stack[-1][1][-1][1]
            elif stripped == "end":
                if not stack:
                    raise ExpressionError("'{end}' without an open '{if}'", 0)
                parent, branches, _ = stack.pop()
                parent.append(Conditional(tuple(Branch(cond, tuple(parts)) for cond, parts in branches)))
                current = parent
            elif not stripped:
                raise ExpressionError("empty '{}'; write '{{}}' for literal braces", 0)
            else:
                current.append(compile_in_env(stripped, None))
        except ExpressionError as error:
            offset = inner_offset + (len(keyword) + 1 if keyword in ("if", "elif") and rest else 0)
            offset += error.offset if keyword in ("if", "elif") or keyword not in ("else", "end") else 0
            raise ExpressionError(error.message, offset) from None
    text.append(source[pos:])
    flush()
    if stack:
        raise ExpressionError("'{if}' is never closed; end the passage with '{end}'", stack[-1][2])
    return Template(source, tuple(root))


def plain_template(text: str) -> Template:
    """A template with no insertions, for text that is never interpolated."""
    return Template(text, (text,))
