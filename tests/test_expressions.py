"""The expression and template language: parsing, types, values, and what it refuses."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine import Game, StoryRuntimeError, load_story
from game.story.expressions import (
    BOOL,
    MAX_NUMBER,
    NUM,
    STR,
    EvaluationError,
    ExpressionError,
    TypeEnv,
    Value,
    compile_expression,
    format_value,
    parse_template,
    tokenize,
)

ENV = TypeEnv({"n": NUM, "m": NUM, "flag": BOOL, "word": STR}, frozenset({"bay", "hall"}))


@dataclass
class Context:
    """A game state as expressions see it."""

    vars: dict[str, Value] = field(default_factory=lambda: {"n": 3, "m": 4, "flag": True, "word": "dark"})
    visits: dict[str, int] = field(default_factory=lambda: {"bay": 2})
    turn: int = 7
    remaining: int | float = 42
    countdown_active: bool = True
    countdown_unit: str = "min"


def evaluate(source: str) -> object:
    return compile_expression(source, ENV).evaluate(Context())


TOKENS = [
    ("n + 1", [("name", "n"), ("op", "+"), ("number", "1")]),
    ("a>=b", [("name", "a"), ("op", ">="), ("name", "b")]),
    ("x != 'y z'", [("name", "x"), ("op", "!="), ("string", "'y z'")]),
    ('"a\\"b"', [("string", '"a\\"b"')]),
    ("2.5e3 % 2", [("number", "2.5e3"), ("op", "%"), ("number", "2")]),
    ("not(flag)", [("name", "not"), ("op", "("), ("name", "flag"), ("op", ")")]),
]


@pytest.mark.parametrize(("source", "expected"), TOKENS)
def test_tokenize(source: str, expected: list[tuple[str, str]]) -> None:
    tokens = tokenize(source)
    assert [(token.kind, token.text) for token in tokens[:-1]] == expected
    assert tokens[-1].kind == "end"


VALUES = [
    # arithmetic and precedence
    ("1 + 2 * 3", 7),
    ("(1 + 2) * 3", 9),
    ("10 - 4 - 3", 3),
    ("12 / 4 / 3", 1),
    ("7 / 2", 3.5),
    ("7 % 3", 1),
    ("-n + 1", -2),
    ("- -n", 3),
    ("2 * -n", -6),
    ("n * m - 2", 10),
    ("2.5 + 0.5", 3.0),
    ("1e3", 1000.0),
    # comparisons
    ("n < m", True),
    ("n <= 3", True),
    ("n > 3", False),
    ("n >= 4", False),
    ("n == 3", True),
    ("n != 3", False),
    ("word == 'dark'", True),
    ('word < "light"', True),
    ("flag == true", True),
    ("(n < m) == flag", True),
    # logic
    ("flag and n > 1", True),
    ("not flag or n == 3", True),
    ("not flag", False),
    ("not n > 5", True),
    ("n > 1 and m > 1 and not false", True),
    ("false or false or true", True),
    ("true or false and false", True),
    # strings
    ('word + "ness"', "darkness"),
    ("'it\\'s'", "it's"),
    ('"a\\nb"', "a\nb"),
    # functions
    ("visited(bay)", True),
    ("visited(hall)", False),
    ("visits(bay)", 2),
    ("visits(hall) + 1", 1),
    ("min(n, m)", 3),
    ("max(n, m)", 4),
    ("abs(0 - n)", 3),
    ("max(min(n, 10), abs(-2))", 3),
    # built-ins
    ("turn", 7),
    ("remaining - 2", 40),
    ("countdown", True),
    ("countdown_unit", "min"),
]


@pytest.mark.parametrize(("source", "value"), VALUES)
def test_evaluate(source: str, value: object) -> None:
    result = evaluate(source)
    assert result == value
    assert type(result) is type(value)


TYPES = [
    ("n + 1", NUM),
    ("n > 1", BOOL),
    ("word + word", STR),
    ("visited(bay)", BOOL),
    ("visits(bay)", NUM),
    ("countdown", BOOL),
    ("countdown_unit", STR),
    ("remaining", NUM),
    ("true", BOOL),
    ("'x'", STR),
]


@pytest.mark.parametrize(("source", "kind"), TYPES)
def test_type_of(source: str, kind: str) -> None:
    assert compile_expression(source, ENV).type == kind


# Every row is refused when the story loads: (source, offset, message fragment).
REFUSED = [
    # injection attempts
    ("__import__('os').system('id')", 0, "names containing '__' are not allowed"),
    ("().__class__.__bases__", 2, "attribute access ('.') is not allowed"),
    ("a.b", 1, "attribute access ('.') is not allowed"),
    ("open('x')", 0, "'open' is not a function you can call here"),
    ('eval("1")', 0, "'eval' is not a function you can call here"),
    ("exec('1')", 0, "'exec' is not a function"),
    ("lambda: 1", 6, "unexpected character ':'"),
    ("n[0]", 1, "indexing ('[ ]') is not allowed"),
    ("word[::-1]", 4, "indexing ('[ ]') is not allowed"),
    ("__builtins__", 0, "names containing '__' are not allowed"),
    ("x__y", 0, "names containing '__' are not allowed"),
    ('f"{n}"', 1, "unexpected"),
    ("n if flag else m", 2, "unexpected 'if'"),
    ("n ** 2", 2, "there is no power operator"),
    ("n // 2", 3, "unexpected '/'"),
    ("n; m", 1, "unexpected character ';'"),
    ("n = 1", 2, "'=' is not an operator here; use '=='"),
    ("!flag", 0, "'!' is not an operator; use 'not'"),
    ("flag && flag", 5, "'&' is not an operator; use 'and' / 'or'"),
    ("{n}", 0, "braces belong to text templates"),
    ("1.", 1, "a number needs digits on both sides"),
    # malformed
    ("", 0, "empty expression"),
    ("   ", 0, "empty expression"),
    ("n +", 3, "the expression ends too early"),
    ("(n + 1", 6, "missing ')'"),
    ("n m", 2, "unexpected 'm' after the end"),
    ("and flag", 0, "'and' needs a value before it"),
    ('"open', 0, "unterminated string"),
    ('"a\\q"', 2, "unknown escape '\\q'"),
    ("n < m < 5", 6, "chained comparisons are ambiguous"),
    ("99999999999999999999", 0, "too large"),
    ("1e400", 0, "too large"),
    ("min(n, m", 8, "expected ',' or ')'"),
    # ill-typed
    ("nope", 0, "unknown variable 'nope'"),
    ("True", 0, "(did you mean 'true'?)"),
    ("n + word", 2, "'+' needs two numbers, not a number and a string"),
    ("-word", 0, "'-' needs a number"),
    ("not n", 0, "'not' needs a condition"),
    ("flag and n", 5, "'and' joins two conditions"),
    ("n == word", 2, "cannot compare a number with a string"),
    ("flag < flag", 5, "compares two numbers or two strings"),
    ("visited('bay')", 8, "visited() takes a scene id"),
    ("visited(cellar)", 8, "visited(): no scene 'cellar'"),
    ("visits(bay, hall)", 0, "visits() takes 1 argument, not 2"),
    ("min(n)", 0, "min() takes 2 arguments, not 1"),
    ("abs(word)", 4, "abs() needs a number, not a string"),
]


@pytest.mark.parametrize(("source", "offset", "fragment"), REFUSED)
def test_refused_at_load(source: str, offset: int, fragment: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_expression(source, ENV)
    assert fragment in caught.value.message
    assert caught.value.offset == offset


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("(" * 500 + "n" + ")" * 500, "nested too deeply"),
        ("-" * 5000 + "n", "characters; the limit is"),
        ("-" * 300 + "n", "nested too deeply"),
        ("not " * 300 + "flag", "nested too deeply"),
        ("n" + " + n" * 200, "too long or too deeply nested"),
        ("flag" + " and flag" * 200, "too long or too deeply nested"),
        ("abs(" * 200 + "n" + ")" * 200, "nested"),
        ("n" + "+n" * 100_000, "characters; the limit is"),
        ("'" + "x" * 100_000 + "'", "characters; the limit is"),
    ],
    ids=["parens", "long minus", "minus", "not", "sum", "and chain", "calls", "huge sum", "huge string"],
)
def test_long_and_deep_expressions_are_bounded(source: str, fragment: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_expression(source, ENV)
    assert fragment in caught.value.message


def test_a_required_type_is_enforced_at_the_first_character() -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_expression("  n + 1", ENV, BOOL)
    assert caught.value.message == "this must be a condition (true/false), but it is a number"
    assert caught.value.offset == 2


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("n / (m - 4)", "division by zero"),
        ("n % (m - 4)", "modulo by zero"),
        ("4503599627370496 * 4", "beyond"),
        ("0 - 9007199254740992 - 9007199254740992", "beyond"),
    ],
)
def test_runtime_errors_are_evaluation_errors(source: str, error: str) -> None:
    with pytest.raises(EvaluationError, match=error):
        evaluate(source)


def test_runtime_text_growth_is_bounded() -> None:
    expression = compile_expression("word + word", ENV)
    context = Context()
    with pytest.raises(EvaluationError, match="characters"):
        for _ in range(40):
            context.vars["word"] = expression.evaluate(context)


def test_max_number_is_allowed() -> None:
    assert evaluate(f"{MAX_NUMBER} - 1") == MAX_NUMBER - 1


# ----------------------------------------------------------------- templates

TEMPLATES = [
    ("plain text", "plain text"),
    ("{n} coins", "3 coins"),
    ("{n / 2} {7 / 2} {1 / 3}", "1.5 3.5 0.33"),
    ("{flag} {word}", "true dark"),
    ("{{literal}} and }} {{", "{literal} and } {"),
    ("{{{n}}}", "{3}"),
    ("{if flag}lit{end}", "lit"),
    ("{if not flag}lit{else}dark{end}", "dark"),
    ("{if n > 5}big{elif n > 2}middling{else}small{end}", "middling"),
    ("{if n > 5}big{elif n > 4}middling{else}small{end}", "small"),
    ("{if n > 5}big{elif n > 4}middling{end}", ""),
    ("{if flag}a{if n == 3}b{else}c{end}d{end}e", "abde"),
    ("{ if flag }spaced{ end }", "spaced"),
    ("{if visited(bay)}been{end} {visits(bay)}x", "been 2x"),
    ("{remaining} {countdown_unit} at turn {turn}", "42 min at turn 7"),
    ("{word + '!'}", "dark!"),
]


@pytest.mark.parametrize(("source", "text"), TEMPLATES)
def test_render(source: str, text: str) -> None:
    assert parse_template(source, ENV).render(Context()) == text


BAD_TEMPLATES = [
    ("{if}x{end}", 1, "'{if}' needs a condition"),
    ("{if flag}never closed", 0, "'{if}' is never closed"),
    ("{end}", 1, "'{end}' without an open '{if}'"),
    ("{else}", 1, "'{else}' without an open '{if}'"),
    ("{elif flag}", 6, "'{elif}' without an open '{if}'"),
    ("{if flag}a{else}b{else}c{end}", 18, "'{else}' without an open '{if}'"),
    ("{if flag}a{else}b{elif flag}c{end}", 23, "'{elif}' without an open '{if}'"),
    ("{if n}x{end}", 4, "must be a condition"),
    ("{}", 1, "empty '{}'"),
    ("text {", 5, "'{' is never closed"),
    ("text }", 5, "'}' without a matching '{'"),
    ("ok {n +} no", 7, "the expression ends too early"),
    ("{if flag}{nope}{end}", 10, "unknown variable 'nope'"),
    ("{if flag}" * 40 + "{end}" * 40, 292, "passages nested more than"),
]


@pytest.mark.parametrize(("source", "offset", "fragment"), BAD_TEMPLATES)
def test_bad_templates(source: str, offset: int, fragment: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse_template(source, ENV)
    assert fragment in caught.value.message
    assert caught.value.offset == offset


@pytest.mark.parametrize(
    ("value", "text"),
    [(True, "true"), (False, "false"), (3, "3"), (3.0, "3"), (2.5, "2.5"), (1 / 3, "0.33"), (1e-5, "0"), ("w", "w")],
)
def test_format_value(value: Value, text: str) -> None:
    assert format_value(value) == text


# ------------------------------------------------------------- runtime errors


def test_division_by_zero_in_an_effect_names_the_choice() -> None:
    game = Game(load_story(FIXTURES / "loader_runtime"), seed=1)
    with pytest.raises(StoryRuntimeError, match=r"^story\.yaml:\d+:\d+: .*division by zero.*'divide'"):
        game.choose("divide")
    assert game.turn == 0  # the failed choice changed nothing


def test_division_by_zero_in_text_names_the_scene() -> None:
    game = Game(load_story(FIXTURES / "loader_runtime"), seed=1)
    with pytest.raises(StoryRuntimeError, match=r"^story\.yaml:\d+:\d+: .*division by zero"):
        game.choose("show")


def test_modulo_by_zero_in_a_condition_names_the_choice() -> None:
    game = Game(load_story(FIXTURES / "loader_runtime"), seed=1)
    with pytest.raises(StoryRuntimeError, match=r"^story\.yaml:\d+:\d+: .*'1 % zero == 0'.*modulo by zero"):
        game.view()


# ------------------------------------------------------------------ property


@settings(max_examples=400)
@given(st.text(max_size=200))
def test_any_text_compiles_or_raises_expression_error(source: str) -> None:
    with contextlib.suppress(ExpressionError):
        compile_expression(source, ENV)


_EXPRESSION_ALPHABET = st.sampled_from(
    [
        "n",
        "m",
        "flag",
        "word",
        "1",
        "2.5",
        "'s'",
        "(",
        ")",
        "+",
        "-",
        "*",
        "/",
        "%",
        "<",
        "==",
        "and",
        "or",
        "not",
        "visited(bay)",
        "min(",
        "abs(",
        ",",
        "true",
        " ",
    ]
)


@settings(max_examples=400)
@given(st.lists(_EXPRESSION_ALPHABET, max_size=60).map(" ".join))
def test_any_token_soup_compiles_or_raises_expression_error(source: str) -> None:
    try:
        expression = compile_expression(source, ENV)
    except ExpressionError:
        return
    with contextlib.suppress(EvaluationError):
        expression.evaluate(Context())


@settings(max_examples=300)
@given(st.text(max_size=200))
def test_any_text_is_a_template_or_raises_expression_error(source: str) -> None:
    with contextlib.suppress(ExpressionError):
        parse_template(source, ENV)


def test_a_load_checks_each_distinct_text_once_and_shares_it(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text(
        "story: {id: s, title: S, version: '1', start: a}\n"
        "vars: {lights: true}\n"
        "scenes:\n"
        "  a:\n"
        "    title: '{if lights}Lit{else}Dark{end}'\n"
        "    text: A\n"
        "    choices:\n"
        "      - {text: Run, to: b, if: lights}\n"
        "  b:\n"
        "    title: '{if lights}Lit{else}Dark{end}'\n"
        "    text: B\n"
        "    choices:\n"
        "      - {text: Run, to: a, if: lights}\n"
    )
    story = load_story(tmp_path, use_cache=False)
    a, b = story.scenes["a"], story.scenes["b"]
    # Each place has its own located copy of a template (it names where it is written); the parsed text is shared.
    assert a.title.parts is b.title.parts
    assert a.title.origins != b.title.origins
    assert a.choices[0].text is b.choices[0].text
    assert a.choices[0].guard is b.choices[0].guard
    # The guard and the title's condition are one expression text: one object.
    condition = a.title.parts[0].branches[0].condition  # type: ignore[union-attr]
    assert condition is a.choices[0].guard
    game = Game(story, seed=1)
    assert game.view().title == "Lit"
