"""The UI's pure logic: typed commands, settings, the gallery, the session, text safety."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from ui_support import SHIP

from game.engine import ChoiceView, Game, load_story
from game.ui.config import Gallery, Settings, load_gallery, load_settings, save_gallery, save_settings
from game.ui.lettering import small_lettering, title_lettering
from game.ui.matching import Typed, match_typed
from game.ui.screens.ending import path_summary
from game.ui.screens.save_dialog import suggested_slot
from game.ui.session import Session
from game.ui.widgets.prose import format_number, paragraphs, plain
from game.ui.widgets.slot_list import play_time_text

CHOICES = (
    ChoiceView("corridor", "Wake the crew", True, None, 1),
    ChoiceView("cut", "Cut the power to the cradles", True, None, 1),
    ChoiceView("core", "Run for the core", True, None, 1),
    ChoiceView("override", "Open the override panel", False, "You do not have the key.", 1),
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("1", Typed(choice="corridor")),
        ("3", Typed(choice="core")),
        ("undo", Typed(command="undo")),
        ("SAVE", Typed(command="save")),
        ("look", Typed(command="look")),
        ("cut", Typed(choice="cut")),
        ("wake", Typed(choice="corridor")),
        ("wkae crew", Typed(choice="corridor")),
        ("cradles", Typed(choice="cut")),
        ("run to the core", Typed(choice="core")),
    ],
)
def test_typed_lines_match(line: str, expected: Typed) -> None:
    assert match_typed(line, CHOICES) == expected


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("", "type a choice"),
        ("4", "there is no choice 4"),
        ("0", "there is no choice 0"),
        ("99999999999", "there is no choice"),
        ("override", "is not possible now: You do not have the key."),
        ("xyzzy", "nothing here matches"),
        ("²", "nothing here matches"),
    ],
)
def test_typed_lines_that_fail_say_why(line: str, message: str) -> None:
    typed = match_typed(line, CHOICES)
    assert typed.choice is None and typed.command is None
    assert typed.error is not None and message in typed.error


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (None, Settings()),
        ("not a dict", Settings()),
        ({"typewriter": False}, Settings(typewriter=False)),
        ({"typewriter": "no"}, Settings()),
        ({"text_speed": "fast", "theme": "ember"}, Settings(text_speed="fast", theme="ember")),
        ({"text_speed": "warp", "theme": "neon"}, Settings()),
        ({"reduced_motion": True, "extra": 1}, Settings(reduced_motion=True)),
    ],
)
def test_settings_from_data(data: object, expected: Settings) -> None:
    assert Settings.from_data(data) == expected


def test_settings_round_trip_and_bad_file(tmp_path: Path) -> None:
    save_settings(Settings(typewriter=False, theme="phosphor"), tmp_path)
    assert load_settings(tmp_path) == Settings(typewriter=False, theme="phosphor")
    (tmp_path / "settings.json").write_text("{broken", encoding="utf-8")
    assert load_settings(tmp_path) == Settings()


def test_gallery_counts_endings_per_story(tmp_path: Path) -> None:
    when = datetime(2031, 1, 1, tzinfo=UTC)
    gallery = Gallery().with_ending("ship", "core", "What the Core Took", "grim", when)
    gallery = gallery.with_ending("ship", "core", "What the Core Took", "grim", when)
    gallery = gallery.with_ending("other", "core", "Elsewhere", "hopeful", when)
    save_gallery(gallery, tmp_path)
    loaded = load_gallery(tmp_path)
    assert loaded.for_story("ship")["core"].times == 2
    assert loaded.for_story("other")["core"].title == "Elsewhere"
    (tmp_path / "endings.json").write_text('{"endings": [{"story_id": "x"}, 3]}', encoding="utf-8")
    assert load_gallery(tmp_path) == Gallery()


def test_session_journal_undo_and_play_time() -> None:
    story = load_story(SHIP)
    now = [10.0]
    session = Session(Game(story, 7), clock=lambda: now[0], play_time=5)
    session.choose("corridor")
    session.choose("lewis_eyes")
    now[0] = 40.0
    assert session.play_time == 35.0
    session.undo()
    assert [(entry.title, entry.choice, entry.undone) for entry in session.journal] == [
        ("The Printing Bay", "Wake the crew", False),
        ("Corridor C", "Look through Lewis's eyes", True),
        ("Lewis: The Cradle", None, True),
        ("Corridor C", None, False),
    ]
    assert session.path_titles() == ["The Printing Bay", "Corridor C"]


def test_resumed_session_rebuilds_the_journal() -> None:
    story = load_story(SHIP)
    game = Game.replay(story, 7, ["corridor", "back"])
    session = Session.resumed(story, game, clock=lambda: 0.0)
    assert [entry.title for entry in session.journal] == ["The Printing Bay", "Corridor C", "The Printing Bay"]
    assert session.journal[1].choice == "Go back to the bay"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The engine has joined hard wraps: a line break left in a view's paragraph is kept.
        ("one\ntwo\n\nthree", ["one\ntwo", "three"]),
        ("one  \x1b[1m two\n\n\n three ", ["one two", "three"]),
        ("\x1b[31mred\x1b[0m [bold]x[/bold]", ["red [bold]x[/bold]"]),
        ("\x1b]0;title\x07plain", ["plain"]),
        ("", []),
    ],
)
def test_paragraphs_are_clean(text: str, expected: list[str]) -> None:
    assert paragraphs(text) == expected


def test_plain_never_reads_markup() -> None:
    assert plain("[red]x[/] \x1b[2J").plain == "[red]x[/] "


@pytest.mark.parametrize(("value", "shown"), [(42, "42"), (42.0, "42"), (2.5, "2.5"), (0, "0")])
def test_format_number(value: float, shown: str) -> None:
    assert format_number(value) == shown


@pytest.mark.parametrize(("seconds", "shown"), [(0, "0m"), (754, "12m"), (3900, "1h 05m")])
def test_play_time_text(seconds: float, shown: str) -> None:
    assert play_time_text(seconds) == shown


@pytest.mark.parametrize(
    ("title", "slot"), [("Corridor C", "corridor-c"), ("Lewis: The Cradle", "lewis-the-cradle"), ("???", "save")]
)
def test_suggested_slot(title: str, slot: str) -> None:
    assert suggested_slot(title) == slot


def test_path_summary_keeps_both_ends() -> None:
    titles = [f"S{number}" for number in range(20)]
    assert path_summary(titles) == "S0 → S1 → S2 → S3 → … → S16 → S17 → S18 → S19"
    assert path_summary(["A", "B"]) == "A → B"


def test_lettering_fits_80_columns_and_has_the_misprint() -> None:
    rows = title_lettering().splitlines()
    assert len(rows) == 5
    assert max(len(row) for row in rows) <= 60
    assert "░" in title_lettering()
    assert small_lettering() == "E X C E P T I O N"


def test_lettering_rows_are_one_width_so_centring_keeps_them_in_line() -> None:
    rows = title_lettering().splitlines()
    assert len({len(row) for row in rows}) == 1
