"""The story expression language: a small, safe, typed language.

Story text never reaches Python's ``eval`` or ``exec``. An expression is
tokenized and parsed into a tree of frozen nodes once, at load, type-checked
against the declared variables, and compiled lazily into closures that read
only the game's variables, visit counts, turn and countdown.

The package, in the order an expression meets it: ``language`` (types, names,
functions, limits, errors), ``syntax`` (nodes, tokenizer, parser),
``typecheck``, ``evaluation`` (closures and ``Expr``), ``templates`` (text with
insertions and passages, and their rendering) and ``compiling`` (from story
text to checked, shared expressions and templates). Import from the package:
it is the public API.
"""

from game.story.expressions.compiling import SharedExpressions, compile_expression, parse_template
from game.story.expressions.evaluation import Compiled, Expr, compile_node
from game.story.expressions.language import (
    BOOL,
    BUILTIN_NAMES,
    FUNCTIONS,
    MAX_EXPRESSION_CHARS,
    MAX_NUMBER,
    MAX_PASSAGE_DEPTH,
    MAX_TEXT_CHARS,
    MAX_TREE_DEPTH,
    NUM,
    RESERVED_WORDS,
    STR,
    EvalContext,
    EvaluationError,
    ExpressionError,
    Value,
    type_name,
)
from game.story.expressions.syntax import Binary, Call, Literal, Name, Node, Unary, parse, tokenize
from game.story.expressions.templates import Branch, Conditional, Origin, Part, Template, format_value, plain_template
from game.story.expressions.typecheck import TypeEnv, check, names_read, scenes_read, value_type

__all__ = [
    "BOOL",
    "BUILTIN_NAMES",
    "FUNCTIONS",
    "MAX_EXPRESSION_CHARS",
    "MAX_NUMBER",
    "MAX_PASSAGE_DEPTH",
    "MAX_TEXT_CHARS",
    "MAX_TREE_DEPTH",
    "NUM",
    "RESERVED_WORDS",
    "STR",
    "Binary",
    "Branch",
    "Call",
    "Compiled",
    "Conditional",
    "EvalContext",
    "EvaluationError",
    "Expr",
    "ExpressionError",
    "Literal",
    "Name",
    "Node",
    "Origin",
    "Part",
    "SharedExpressions",
    "Template",
    "TypeEnv",
    "Unary",
    "Value",
    "check",
    "compile_expression",
    "compile_node",
    "format_value",
    "names_read",
    "parse",
    "parse_template",
    "plain_template",
    "scenes_read",
    "tokenize",
    "type_name",
    "value_type",
]
