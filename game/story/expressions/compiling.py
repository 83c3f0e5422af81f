"""From story text to checked objects: expressions and templates, parsed and checked once per distinct text."""

from __future__ import annotations

import re

from game.story.expressions.evaluation import Expr
from game.story.expressions.language import BOOL, MAX_PASSAGE_DEPTH, ExpressionError, type_name
from game.story.expressions.syntax import parse
from game.story.expressions.templates import Branch, Conditional, Part, Template
from game.story.expressions.typecheck import TypeEnv, check


def compile_expression(source: str, env: TypeEnv, want: str | None = None) -> Expr:
    """Parse and type-check ``source``; ``want`` is the required result type."""
    node = parse(source)
    expr = Expr(source, node, check(node, env))
    _require_type(expr, want)
    return expr


def _require_type(expr: Expr, want: str | None) -> None:
    if want is not None and expr.type != want:
        raise ExpressionError(
            f"this must be a {type_name(want)}, but it is a {type_name(expr.type)}",
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
