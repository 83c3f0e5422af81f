"""``exception graph``: labels as a reader sees them, one label per node, costs and the clock drawn."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import FIXTURES, STORY

from game.engine import load_story
from game.tools.graph import EXPIRY_LABEL, to_dot, to_mermaid

REFERENCE = FIXTURES / "reference"
GALLEY = STORY / "branches" / "galley_tally"


@pytest.fixture(scope="module")
def bundled_with_branch() -> tuple[str, str]:
    story = load_story(STORY, [GALLEY])
    return to_mermaid(story), to_dot(story)


def _drawn_lines(text: str) -> list[str]:
    """Node and edge lines (not the graph's own braces and settings)."""
    return [line for line in text.splitlines() if ("->" in line or "[" in line) and "subgraph" not in line]


def test_no_template_syntax_reaches_a_label(bundled_with_branch: tuple[str, str]) -> None:
    for text in bundled_with_branch:
        drawn = _drawn_lines(text)
        assert drawn
        assert not [line for line in drawn if "{if" in line or "{else" in line or "{end" in line]


def test_a_passage_reads_as_its_alternatives(bundled_with_branch: tuple[str, str]) -> None:
    mermaid, dot = bundled_with_branch
    assert 's_galley -- "Go back to the marks under the table / Feel alo… · 2 min" --> s_gt_tally' in mermaid
    assert 'galley -> gt_tally [label="Go back to the marks under the table / Feel alo… · 2 min"];' in dot
    # A passage without {else} is optional text, shown as written.
    assert '"Forward to the bridge (someone was running that… · 2 min"' in mermaid


def test_insertions_show_their_expression_not_braces() -> None:
    mermaid = to_mermaid(load_story(REFERENCE))
    assert 's_hold["Hold ‹trust›<br/>⏱ starts the countdown"]' in mermaid


@pytest.mark.parametrize("story", [STORY, FIXTURES / "mini", REFERENCE])
def test_dot_names_each_attribute_once(story: object) -> None:
    for line in _drawn_lines(to_dot(load_story(story))):  # type: ignore[arg-type]
        names = re.findall(r'(?:\[|, )(\w+)=(?:"(?:[^"\\]|\\.)*"|[^,\]]+)', line)
        assert len(names) == len(set(names)), line


def test_an_ending_keeps_its_title_and_its_id_in_one_label() -> None:
    dot = to_dot(load_story(FIXTURES / "mini"))
    assert 'good_end [label="Good\\nending: good", shape=doubleoctagon, fillcolor="#2a1015", color="#c0392b"];' in dot
    # An ending the countdown's expiry leads to is styled as an expiry, and still named.
    assert 'escaped [label="Out\\nending: out", shape=doubleoctagon, fillcolor="#3a2a05"' in to_dot(
        load_story(REFERENCE)
    )


def test_costs_other_than_the_default_are_drawn() -> None:
    story = load_story(FIXTURES / "mini")
    assert 's_dark -- "Wait · 3 min" --> s_dark' in to_mermaid(story)
    assert 'dark -> dark [label="Wait · 3 min"];' in to_dot(story)
    assert 's_hall -- "Roll (50%)" --> s_bad_end' in to_mermaid(story)  # the default cost adds nothing
    assert "a choice's cost is shown when it is not 1 min" in to_mermaid(story)
    assert "// a choice's cost is shown when it is not 1 min" in to_dot(story)


def test_where_the_clock_starts_is_drawn_for_choices_and_scenes() -> None:
    mini = load_story(FIXTURES / "mini")
    assert 's_bay -- "⏱ Break the printer" --> s_dark' in to_mermaid(mini)
    assert 'bay -> dark [label="Break the printer\\n(starts the countdown)", color="#e0a800"' in to_dot(mini)
    # An on_enter effect that starts it marks the scene.
    reference = load_story(REFERENCE)
    mermaid, dot = to_mermaid(reference), to_dot(reference)
    assert "class s_hold clock" in mermaid
    assert 'hold [label="Hold ‹trust›\\n(starts the countdown)", color="#e0a800", penwidth=3];' in dot
    bundled = to_dot(load_story(STORY))
    assert 'blackout [label="Reclamation\\n(starts the countdown)"' in bundled


def test_other_clock_changes_and_scene_expiries_are_drawn() -> None:
    mermaid, dot = to_mermaid(load_story(STORY)), to_dot(load_story(STORY))
    assert "· 3 min · countdown +9" in mermaid and "· countdown stops" in mermaid
    assert f's_lewis_wait -. "⏱ {EXPIRY_LABEL}" .-> s_only_error' in mermaid
    assert f'lewis_wait -> only_error [label="{EXPIRY_LABEL}", style=dotted' in dot
    reference = to_mermaid(load_story(REFERENCE))
    assert f's_ghost_room -. "⏱ {EXPIRY_LABEL}" .-> s_escaped' in reference


def test_highlight_numbers_only_choice_arrows() -> None:
    text = to_mermaid(load_story(REFERENCE), "out")
    arrows = [line for line in text.splitlines() if re.match(r"  s_\w+ (--|-\.|==)", line)]
    lit = [int(number) for number in re.findall(r"linkStyle (\d+)", text)]
    assert lit and all("==>" in arrows[number] for number in lit)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graphviz_reads_the_bundled_graph_without_a_warning() -> None:
    done = subprocess.run(
        ["dot", "-Tsvg"], input=to_dot(load_story(STORY, [GALLEY])), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stderr == ""
    assert "starts the countdown" in done.stdout
