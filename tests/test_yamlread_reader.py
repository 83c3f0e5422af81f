"""The YAML reader, event by event: the nodes, positions and problems it gives, and how simple its code stays.

The table pins what each kind of event (scalar, collection start and end, alias,
document start) and each limit produces, so that the reader's structure can
change without its behaviour changing.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

from game.story.yamlread import MAX_DEPTH, MAX_PROBLEMS, YMap, YNode, YScalar, YSeq, read_yaml

#: The most branches one function of the reader may have (ruff's mccabe measure).
MAX_COMPLEXITY = 12
ALIAS = "alias '*a' is not allowed in story files; write the value out again"
TOO_LARGE = "is too large; story numbers stay within ±9,007,199,254,740,992"

Shape = object


def shape(node: YNode | None) -> Shape:
    """A node as plain data: scalars as (value, line, col), collections with their position."""
    if node is None:
        return None
    if isinstance(node, YScalar):
        return ("<key>" if type(node.value) is object else node.value, node.line, node.col)
    if isinstance(node, YMap):
        return {"map": (node.line, node.col), "flat": [shape(child) for child in node.flat]}
    assert isinstance(node, YSeq)
    return {"seq": (node.line, node.col), "items": [shape(child) for child in node.items]}


CASES: list[tuple[str, str, Shape, list[tuple[int, int, str]]]] = [
    (
        "duplicate key",
        "a: 1\na: 2\n",
        {"map": (1, 1), "flat": [("a", 1, 1), (1, 1, 4), ("a", 2, 1), (2, 2, 4)]},
        [(2, 1, "duplicate key 'a' (first written at line 1); YAML would silently keep only the last one")],
    ),
    (
        "1 and true are one key",
        "1: x\ntrue: y\n",
        {"map": (1, 1), "flat": [(1, 1, 1), ("x", 1, 4), (True, 2, 1), ("y", 2, 7)]},
        [(2, 1, "duplicate key 'True' (first written at line 1); YAML would silently keep only the last one")],
    ),
    (
        "a list as a key",
        "[a, b]: 1\nc: 2\n",
        {"map": (1, 1), "flat": [("<key>", 1, 1), (1, 1, 9), ("c", 2, 1), (2, 2, 4)]},
        [(1, 1, "a key must be a plain word, not a list or mapping")],
    ),
    (
        "anchor and alias",
        "a: &x 1\nb: *x\n",
        {"map": (1, 1), "flat": [("a", 1, 1), (1, 1, 4), ("b", 2, 1), (None, 2, 4)]},
        [
            (1, 4, "anchor '&x' is not allowed in story files; write the value out where it is used"),
            (2, 4, "alias '*x' is not allowed in story files; write the value out again"),
        ],
    ),
    (
        "a second document: the first is kept",
        "---\na: 1\n---\nb: 2\n",
        {"map": (2, 1), "flat": [("a", 2, 1), (1, 2, 4)]},
        [(3, 1, "a story file holds one YAML document; move this one to a file of its own")],
    ),
    (
        "too deep: nothing is kept",
        "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2),
        None,
        [(1, MAX_DEPTH + 1, f"data nested more than {MAX_DEPTH} levels deep; a story file never needs this")],
    ),
    (
        "tags",
        "a: !!int x\nb: !!int 99999999999999999999\nc: !foo 1\nd: !!float 2\ne: !!str 3\n",
        {
            "map": (1, 1),
            "flat": [
                *[("a", 1, 1), ("x", 1, 4), ("b", 2, 1), (0, 2, 4), ("c", 3, 1), ("1", 3, 4)],
                *[("d", 4, 1), (2.0, 4, 4), ("e", 5, 1), ("3", 5, 4)],
            ],
        },
        [
            (1, 4, "'x' is not a valid int"),
            (2, 4, f"the number '99999999999999999999' {TOO_LARGE}"),
            (3, 4, "tag '!foo' is not allowed; story files use plain YAML values only"),
        ],
    ),
    (
        "a syntax error: nothing is kept",
        "a: [1, 2\n",
        None,
        [(2, 1, "YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence)")],
    ),
    (
        "a plain number too large",
        "a: 99999999999999999\nb: 2\n",
        {"map": (1, 1), "flat": [("a", 1, 1), (0, 1, 4), ("b", 2, 1), (2, 2, 4)]},
        [(1, 4, f"the number '99999999999999999' {TOO_LARGE}")],
    ),
    (
        "the core schema",
        "a: yes\nb: 0x1f\nc: 0o17\nd: -.inf\ne: ~\nf: '1'\ng: 1e3\n",
        {
            "map": (1, 1),
            "flat": [
                *[("a", 1, 1), ("yes", 1, 4), ("b", 2, 1), (31, 2, 4), ("c", 3, 1), (15, 3, 4)],
                *[("d", 4, 1), (float("-inf"), 4, 4), ("e", 5, 1), (None, 5, 4), ("f", 6, 1), ("1", 6, 4)],
                *[("g", 7, 1), (1000.0, 7, 4)],
            ],
        },
        [],
    ),
    (
        "nested collections",
        "s:\n  - x\n  - {k: v}\n  -\n    - 1\n",
        {
            "map": (1, 1),
            "flat": [
                ("s", 1, 1),
                {
                    "seq": (2, 3),
                    "items": [
                        ("x", 2, 5),
                        {"map": (3, 5), "flat": [("k", 3, 6), ("v", 3, 9)]},
                        {"seq": (5, 5), "items": [(1, 5, 7)]},
                    ],
                },
            ],
        },
        [],
    ),
]


@pytest.mark.parametrize(("text", "nodes", "problems"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_nodes_and_problems(text: str, nodes: Shape, problems: list[tuple[int, int, str]]) -> None:
    root, found = read_yaml(text)
    assert shape(root) == nodes
    assert [(problem.line, problem.col, problem.message) for problem in found] == problems


def test_reading_stops_after_the_problem_limit() -> None:
    root, found = read_yaml("".join(f"k{i}: *a\n" for i in range(MAX_PROBLEMS + 10)))
    assert root is None
    assert [(problem.line, problem.message) for problem in found] == [
        *((line, ALIAS) for line in range(1, MAX_PROBLEMS + 1)),
        (MAX_PROBLEMS + 1, f"more than {MAX_PROBLEMS} problems; reading of this file stopped here: fix these first"),
    ]


def test_no_function_of_the_reader_is_too_complex() -> None:
    """Each kind of event has its own small handler: none grows past the limit."""
    result = subprocess.run(
        [
            *[sys.executable, "-m", "ruff", "check", "--select", "C901"],
            *["--config", f"lint.mccabe.max-complexity = {MAX_COMPLEXITY}", "game/story/yamlread.py"],
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
