"""The line front ends show what each choice spends, which choices run the clock out, and emphasis as plain words."""

from __future__ import annotations

import io
import json

import pytest
from conftest import FIXTURES

from game.engine import ChoiceView, CountdownView, EndingView, Game, SceneView, load_story
from game.frontends.common import resolve_choice
from game.frontends.jsonl import observation, run_jsonl
from game.frontends.plain import render_view, run_plain

RUNNING = CountdownView(True, 2, "Reclamation", "min", 20, "critical")
OFF = CountdownView(False, 0, "Reclamation", "min", 20, "off")

CHOICES = (
    ChoiceView("walk", "Walk", True, None, 1),
    ChoiceView("half", "A half step", True, None, 0.5),
    ChoiceView("wait", "Wait *here*", True, None, 2, True),
    ChoiceView("stop", "Stop the clock", True, None, 0),
    ChoiceView("key", "Turn the key", False, "You have *2*.", 1),
)


def make_view(countdown: CountdownView, ending: EndingView | None = None) -> SceneView:
    choices = () if ending else CHOICES
    return SceneView(
        7,
        "core",
        "The *Orison*",
        "Below, the *vats*.\n\n5 * 3 is not emphasis.",
        choices,
        countdown,
        ending,
        (),
        frozenset(),
    )


def test_plain_shows_every_cost_while_the_clock_runs_and_marks_expiring_choices() -> None:
    assert render_view(make_view(RUNNING)).splitlines()[-5:] == [
        "  1. Walk (1 min)",
        "  2. A half step (0.5 min)",
        "  3. Wait here (2 min; the clock runs out)",
        "  4. Stop the clock (0 min)",
        "  -  Turn the key (You have 2.)",
    ]


def test_plain_shows_no_cost_while_the_clock_is_off() -> None:
    assert render_view(make_view(OFF)).splitlines()[-5:] == [
        "  1. Walk",
        "  2. A half step",
        "  3. Wait here",
        "  4. Stop the clock",
        "  -  Turn the key (You have 2.)",
    ]


def test_plain_shows_emphasis_as_plain_words() -> None:
    rendered = render_view(make_view(RUNNING))
    assert rendered.startswith("\n== The Orison ==\n\nBelow, the vats.\n\n5 * 3 is not emphasis.\n")
    ending = render_view(make_view(RUNNING, EndingView("home", "The *Orison* lands", "hopeful")))
    assert ending.endswith("*** The Orison lands ***")


def test_jsonl_text_is_plain_and_marked_keeps_the_emphasis() -> None:
    data = observation(make_view(RUNNING))
    assert (data["title"], data["text"]) == ("The Orison", "Below, the vats.\n\n5 * 3 is not emphasis.")
    assert data["marked"] == {"title": "The *Orison*", "text": "Below, the *vats*.\n\n5 * 3 is not emphasis."}
    wait = data["choices"][2]
    assert (wait["text"], wait["cost"], wait["expires"]) == ("Wait here", 2, True)
    assert wait["marked"] == {"text": "Wait *here*", "reason": None}
    key = data["choices"][4]
    assert (key["reason"], key["marked"]["reason"]) == ("You have 2.", "You have *2*.")
    assert [choice["expires"] for choice in data["choices"]] == [False, False, True, False, False]


def test_a_refused_answer_quotes_the_reason_as_plain_words() -> None:
    assert resolve_choice(make_view(RUNNING), "key") == (None, "'key' is not possible now: You have 2.")


def _at_two_left() -> Game:
    game = Game(load_story(FIXTURES / "clock_outlook"), seed=0)
    for choice_id in ("start", "long_walk", "walk"):
        game.advance(choice_id)
    return game


def test_plain_play_marks_the_choices_that_run_the_clock_out() -> None:
    out = io.StringIO()
    run_plain(_at_two_left(), io.StringIO("long_walk\n"), out)
    lines = out.getvalue().splitlines()
    assert "[Clock: 2 min]" in lines
    assert "  1. Walk (1 min)" in lines
    assert "  2. A long walk (3 min; the clock runs out)" in lines
    assert "  4. A long walk that stops the clock (0 min)" in lines
    assert "  5. A long walk that buys time first (3 min)" in lines
    assert "  13. Into a draining ending (0 min; the clock runs out)" in lines
    # Taking it does what it said: the expiry scene, not the hall.
    assert lines[-1] == "*** Out of time ***"


def test_jsonl_play_marks_the_choices_that_run_the_clock_out() -> None:
    out = io.StringIO()
    run_jsonl(_at_two_left(), io.StringIO(""), out)
    (first,) = [json.loads(line) for line in out.getvalue().splitlines()]
    marked = {choice["id"] for choice in first["choices"] if choice["expires"]} - {"coin"}  # coin: by its draw
    assert marked == {"long_walk", "restart_two", "sink", "sink_slow", "drained_end", "quiet_end"}


@pytest.mark.parametrize("choice_id", ["long_walk", "quiet_end", "walk", "long_stop", "coin", "sink"])
def test_jsonl_expires_agrees_with_where_the_choice_leads(choice_id: str) -> None:
    out = io.StringIO()
    run_jsonl(_at_two_left(), io.StringIO(choice_id + "\n"), out)
    first, after = [json.loads(line) for line in out.getvalue().splitlines()]
    (shown,) = [choice for choice in first["choices"] if choice["id"] == choice_id]
    assert shown["expires"] == (after["scene"] == "out")
