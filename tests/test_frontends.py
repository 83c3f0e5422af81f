"""The line-based front ends as functions: answers, plain rendering, JSON observations, the play loops."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from conftest import FIXTURES

from game.engine import ChoiceView, CountdownView, CrewView, EndingView, Game, SceneView, Story, load_story
from game.frontends.common import resolve_choice
from game.frontends.jsonl import observation, run_jsonl
from game.frontends.plain import render_view, run_plain
from game.text import clean_text

OFF = CountdownView(False, 0, "Clock", "min", 4, "off")


def make_view(
    choices: tuple[ChoiceView, ...] = (),
    *,
    title: str = "Deck",
    text: str = "The deck.",
    countdown: CountdownView = OFF,
    ending: EndingView | None = None,
    crew: tuple[CrewView, ...] = (),
    ui_classes: frozenset[str] = frozenset(),
) -> SceneView:
    return SceneView(3, "deck", title, text, choices, countdown, ending, crew, ui_classes)


THREE = (
    ChoiceView("wake", "Wake up", True, None, 1),
    ChoiceView("door", "Open the door", False, "It is locked.", 1),
    ChoiceView("run", "Run", True, None, 2),
)


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story(FIXTURES / "engine_frontend", use_cache=False)


# ------------------------------------------------------------- resolve_choice


@pytest.mark.parametrize(
    ("answer", "choice_id", "error"),
    [
        ("1", "wake", None),
        ("2", "run", None),  # numbers count enabled choices only
        ("  2 \n", "run", None),
        ("02", "run", None),
        ("wake", "wake", None),
        ("run\n", "run", None),
        ("\ufeff1\r\n", "wake", None),  # a byte-order mark and a Windows line end
        ("3", None, "there is no choice 3; choose 1 to 2"),
        ("0", None, "there is no choice 0; choose 1 to 2"),
        ("9" * 40, None, "there is no choice 999999999999...; choose 1 to 2"),
        ("", None, "type the number of a choice"),
        ("   ", None, "type the number of a choice"),
        ("door", None, "'door' is not possible now: It is locked."),
        ("Wake", None, "'Wake' is not a choice here; type a number from 1 to 2"),
        ("-1", None, "'-1' is not a choice here; type a number from 1 to 2"),
        ("1.0", None, "'1.0' is not a choice here; type a number from 1 to 2"),
        ("²", None, "'²' is not a choice here; type a number from 1 to 2"),  # a digit to str.isdigit, not to int()
        ("١", None, "'١' is not a choice here; type a number from 1 to 2"),  # Arabic-Indic one
        ("Wake up", None, "'Wake up' is not a choice here; type a number from 1 to 2"),  # text is not an id
        ("ab" * 100, None, f"'{'ab' * 20}...' is not a choice here; type a number from 1 to 2"),
    ],
)
def test_resolve_choice(answer: str, choice_id: str | None, error: str | None) -> None:
    assert resolve_choice(make_view(THREE), answer) == (choice_id, error)


@pytest.mark.parametrize("answer", ["1", "door", "x", ""])
def test_resolve_choice_with_nothing_enabled(answer: str) -> None:
    view = make_view((ChoiceView("door", "Open the door", False, "It is locked.", 1),))
    choice_id, error = resolve_choice(view, answer)
    assert choice_id is None
    assert error
    assert "1 to 0" not in error


# ---------------------------------------------------------------- render_view


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        (
            make_view(THREE),
            "\n== Deck ==\n\nThe deck.\n\n  1. Wake up\n  -  Open the door (It is locked.)\n  2. Run",
        ),
        (
            # The engine joins hard wraps (SceneView): a line break left inside a paragraph is one
            # the author asked for, and plain output keeps it.
            make_view(
                THREE[:1], text="One\nline.\n\nTwo.", countdown=CountdownView(True, 12, "Clock", "min", 4, "normal")
            ),
            "\n== Deck ==\n\nOne\nline.\n\nTwo.\n\n[Clock: 12 min]\n\n  1. Wake up (1 min)",
        ),
        (
            make_view(text="The end.", ending=EndingView("out", "Free at last", "hopeful")),
            "\n== Deck ==\n\nThe end.\n\n*** Free at last ***",
        ),
        (
            make_view(THREE[1:2]),
            "\n== Deck ==\n\nThe deck.\n\n  -  Open the door (It is locked.)",
        ),
        (
            make_view((ChoiceView("d", "Door", False, None, 1),)),
            "\n== Deck ==\n\nThe deck.\n\n  -  Door (not now)",
        ),
        (
            # Rich-markup-like brackets are plain text; escape sequences are removed.
            make_view(
                (ChoiceView("k", "Take [b]key\x1b[1m", True, None, 1),),
                title="[bold]Deck\x1b[2J",
                text="Red \x1b[31mtext\x1b[0m [red]x[/]\x9b2J\x07.",
            ),
            "\n== [bold]Deck ==\n\nRed text [red]x[/].\n\n  1. Take [b]key",
        ),
    ],
)
def test_render_view(view: SceneView, expected: str) -> None:
    assert render_view(view) == expected


def test_render_view_wraps_long_text() -> None:
    text = " ".join(["word"] * 60)
    rendered = render_view(make_view(THREE, text=text), width=30)
    body = [line for line in rendered.splitlines() if line.startswith("word")]
    assert len(body) > 5
    assert all(len(line) <= 30 for line in body)
    assert " ".join(body) == text


def test_render_view_cleans_every_story_string() -> None:
    hostile = "\x1b]0;title\x07x\x1b[31m\x9b1m"
    view = make_view(
        (ChoiceView("a", hostile, True, None, 1), ChoiceView("b", hostile, False, hostile, 1)),
        title=hostile,
        text=hostile,
        countdown=CountdownView(True, 3, hostile, hostile, 4, "warning"),
        ending=None,
    )
    rendered = render_view(view)
    assert "\x1b" not in rendered
    assert "\x9b" not in rendered
    assert "\x07" not in rendered
    ending = render_view(make_view(text=hostile, ending=EndingView("e", hostile, hostile)))
    assert "\x1b" not in ending


# ---------------------------------------------------------------- observation

OBSERVATION_KEYS = {"turn", "scene", "title", "text", "choices", "countdown", "ending", "crew", "ui_classes", "marked"}


def test_observation_has_every_field_the_readme_promises() -> None:
    view = make_view(
        THREE,
        countdown=CountdownView(True, 2.5, "Clock", "min", 4, "warning"),
        crew=(CrewView("bo", "Bo", "Cook", True, (("Keys", "2"),)),),
        ui_classes=frozenset({"dark", "alarm"}),
    )
    data = observation(view)
    assert set(data) == OBSERVATION_KEYS
    assert (data["turn"], data["scene"], data["title"], data["text"]) == (3, "deck", "Deck", "The deck.")
    assert data["choices"] == [
        {
            "id": "wake",
            "text": "Wake up",
            "enabled": True,
            "reason": None,
            "cost": 1,
            "expires": False,
            "marked": {"text": "Wake up", "reason": None},
        },
        {
            "id": "door",
            "text": "Open the door",
            "enabled": False,
            "reason": "It is locked.",
            "cost": 1,
            "expires": False,
            "marked": {"text": "Open the door", "reason": "It is locked."},
        },
        {
            "id": "run",
            "text": "Run",
            "enabled": True,
            "reason": None,
            "cost": 2,
            "expires": False,
            "marked": {"text": "Run", "reason": None},
        },
    ]
    assert data["marked"] == {"title": "Deck", "text": "The deck."}
    assert data["countdown"] == {"active": True, "remaining": 2.5, "label": "Clock", "unit": "min", "level": "warning"}
    assert data["ending"] is None
    assert data["crew"] == [{"id": "bo", "name": "Bo", "role": "Cook", "alive": True, "stats": {"Keys": "2"}}]
    assert data["ui_classes"] == ["alarm", "dark"]
    assert json.loads(json.dumps(data)) == data


@pytest.mark.parametrize(
    ("ending", "expected"),
    [
        (None, None),
        (
            EndingView("out", "Free", "hopeful"),
            {"id": "out", "title": "Free", "tone": "hopeful", "hint": None, "marked": {"title": "Free", "hint": None}},
        ),
        (
            EndingView("out", "The *Orison* home", "hopeful", "Bring *her* home."),
            {
                "id": "out",
                "title": "The Orison home",
                "tone": "hopeful",
                "hint": "Bring her home.",
                "marked": {"title": "The *Orison* home", "hint": "Bring *her* home."},
            },
        ),
    ],
)
def test_observation_ending(ending: EndingView | None, expected: dict[str, str] | None) -> None:
    assert observation(make_view(ending=ending))["ending"] == expected


def test_observation_removes_escape_sequences_from_story_text() -> None:
    hostile = "a\x1b[31mb\x9b2Jc\x07"
    view = make_view(
        (ChoiceView("x", hostile, False, hostile, 1),),
        title=hostile,
        text=hostile,
        countdown=CountdownView(True, 1, hostile, hostile, 4, "critical"),
        ending=EndingView("e", hostile, hostile),
        crew=(CrewView("bo", hostile, hostile, None, ((hostile, hostile),)),),
    )
    dumped = json.dumps(observation(view), ensure_ascii=False)
    assert "\x1b" not in dumped
    assert "\\u001b" not in dumped
    assert "\x9b" not in dumped
    assert "\\u009b" not in dumped
    assert observation(view)["text"] == "abc"


# ----------------------------------------------------------------- play loops


def run(runner: Any, game: Game, lines: list[str]) -> tuple[int, str]:
    stdout = io.StringIO()
    code = runner(game, io.StringIO("".join(line + "\n" for line in lines)), stdout)
    return code, stdout.getvalue()


def jsonl_objects(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def test_plain_loop_to_an_ending(story: Story) -> None:
    code, out = run(run_plain, Game(story, seed=1), ["1", "key", "door", "x", "1"])
    assert code == 0
    assert out.count("== Deck [bold] ==") == 3
    assert "'x' is not a choice here; type a number from 1 to 1" in out
    assert out.rstrip().endswith("*** Free [/] ***")
    assert "\x1b" not in out


def test_plain_loop_reports_a_refused_id_with_its_reason(story: Story) -> None:
    code, out = run(run_plain, Game(story, seed=1), ["door"])
    assert code == 0
    assert "'door' is not possible now: Locked [i]: 2 more key(s)." in out
    assert "\x1b" not in out


def test_jsonl_loop(story: Story) -> None:
    code, out = run(run_jsonl, Game(story, seed=1), ["1", '{"choice": "key"}', '{"choice": 3}', "nope", "door", "1"])
    assert code == 0
    objects = jsonl_objects(out)
    # observation, key, key, lights (choice 3 is "dark"), error + same observation, door, leave.
    assert [set(item) for item in objects if "error" in item] == [{"error"}]
    observations = [item for item in objects if "error" not in item]
    assert [item["turn"] for item in observations] == [0, 1, 2, 3, 3, 4, 5]
    assert observations[-1]["ending"]["title"] == "Free [/]"
    assert (observations[-1]["ending"]["id"], observations[-1]["ending"]["tone"]) == ("out", "hopeful")
    assert "dark" in observations[3]["ui_classes"]
    assert observations[3]["countdown"]["active"] is True
    assert "\x1b" not in out
    assert "\\u001b" not in out


@pytest.mark.parametrize(
    "answer",
    [
        "nope",
        "9",
        "",
        "door",
        "{",
        '{"choice": "door"}',
        '{"choice": null}',
        '{"choice": 1e999}',
        "[1]",
        '{"pick": 1}',
        '"key"',
        '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}",  # deeper than the JSON reader recurses
    ],
)
def test_jsonl_bad_answer_gives_an_error_and_the_same_observation(story: Story, answer: str) -> None:
    code, out = run(run_jsonl, Game(story, seed=1), [answer])
    assert code == 0
    first, error, again = jsonl_objects(out)
    assert set(error) == {"error"}
    assert isinstance(error["error"], str)
    assert error["error"]
    assert first == again


def test_loops_end_cleanly_at_end_of_input(story: Story) -> None:
    for runner in (run_plain, run_jsonl):
        code, out = run(runner, Game(story, seed=1), [])
        assert code == 0
        assert out


@pytest.mark.parametrize("runner", [run_plain, run_jsonl])
def test_loops_end_cleanly_on_ctrl_c(story: Story, runner: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(size: int = -1) -> str:
        raise KeyboardInterrupt

    stdin = io.StringIO("1\n")
    monkeypatch.setattr(stdin, "readline", interrupt)
    stdout = io.StringIO()
    assert runner(Game(story, seed=1), stdin, stdout) == 0
    assert stdout.getvalue()


@pytest.mark.parametrize("runner", [run_plain, run_jsonl])
def test_loops_report_a_story_error_and_exit_1(runner: Any) -> None:
    game = Game(load_story(FIXTURES / "engine_errors", use_cache=False), seed=1)
    code, out = run(runner, game, ["bad_text"])
    assert code == 1
    assert "story.yaml:" in out
    assert "division by zero" in out


def test_clean_text_keeps_text_and_brackets() -> None:
    assert clean_text("[bold]a[/] {b} é — \t\n") == "[bold]a[/] {b} é — \t\n"
    assert clean_text("a\r\nb") == "a\nb"
    assert clean_text("a\x1b[1;31mb\x1b]8;;http://x\x1b\\c\x1bPd\x9b5me\x00\x7f") == "abcde"
