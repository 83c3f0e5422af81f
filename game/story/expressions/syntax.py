"""Reading an expression's text: the syntax tree's nodes, the tokenizer and the parser.

Every size the parser accepts is bounded (the text, the nesting, the tree's
depth, each number), and names with ``__``, attribute access and indexing are
refused with a message that says what to write instead.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass

from game.story.expressions.language import (
    FUNCTIONS,
    MAX_EXPRESSION_CHARS,
    MAX_NUMBER,
    MAX_TREE_DEPTH,
    ExpressionError,
    Value,
)

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
#: The comparison operators: each gives a condition, and they do not chain.
COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})
_MAX_DEPTH = 64


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
            if op in COMPARISONS and left_is_comparison:
                raise ExpressionError("chained comparisons are ambiguous; join them with 'and'", token.offset)
            left = self.built(Binary(op, left, right, token.offset), left, right)
            left_is_comparison = op in COMPARISONS
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
