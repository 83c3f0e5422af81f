"""The screens around the game: ending card, gallery, title, journal, replay, jump dialog, lettering."""

from __future__ import annotations

import dataclasses
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from rich.table import Table
from rich.text import Text
from textual.css.tokenize import IDENTIFIER
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets._footer import FooterKey
from ui_support import FIXTURES, SHIP, START, ready

from game.engine import Game, Story, load_story
from game.saves import SaveStore
from game.ui import AppOptions
from game.ui.app import ExceptionApp
from game.ui.config import MAX_ENDING_TEXT, Gallery, bounded_ending_text
from game.ui.css_names import css_class_name
from game.ui.lettering import _GLYPHS, _MISPRINT, title_lettering
from game.ui.screens.ending import EndingScreen, path_summary, without_repeats
from game.ui.screens.ending_prose import NOT_KEPT, EndingProseScreen
from game.ui.screens.gallery import GalleryScreen
from game.ui.screens.game import GameScreen
from game.ui.screens.help import HelpScreen
from game.ui.screens.journal import JournalScreen
from game.ui.screens.jump_dialog import JumpDialog, turn_problem
from game.ui.screens.replay import MIN_SCENE_SECONDS, ReplayScreen, reading_seconds, replay_help_rows
from game.ui.screens.settings import SettingsScreen
from game.ui.screens.title import TitleScreen
from game.ui.session import JournalEntry, Session
from game.ui.widgets.menu import Menu

AppFactory = Callable[..., ExceptionApp]
SCREENS = FIXTURES / "ui_screens"


class Clock:
    """A clock the test moves by hand (the app's injectable clock)."""

    def __init__(self, now: float = 100.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def with_hints(story: Story, hints: dict[str, str]) -> Story:
    """The story with authors' hints on some endings (as a ``hint:`` key would give them)."""
    scenes = {
        scene_id: dataclasses.replace(scene, ending=dataclasses.replace(scene.ending, hint=hints[scene.ending.id]))
        if scene.ending is not None and scene.ending.id in hints
        else scene
        for scene_id, scene in story.scenes.items()
    }
    return dataclasses.replace(story, scenes=scenes)


def played(story: Story, *choices: str) -> Game:
    game = Game(story, 7)
    for choice in choices:
        game.choose(choice)
    return game


def rendered(widget: Static) -> str:
    return str(widget.render())


def as_text(widget: Static, width: int = 200) -> str:
    """What a widget's Rich content (a table, say) reads as, in plain text."""
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(widget.content)
    return console.export_text()


def option_texts(app: ExceptionApp) -> list[str]:
    return [str(option.prompt) for option in app.screen.query_one("#gallery-list", OptionList).options]


# ------------------------------------------------------------------ pure rules

VALID_CLASS = re.compile(IDENTIFIER)


@pytest.mark.parametrize(
    ("tone", "expected"),
    [
        ("grim", "tone-grim"),
        ("hopeful", "tone-hopeful"),
        ("amère", "tone-amere"),
        ("Bitter Sweet", "tone-bitter-sweet"),
        ("  -odd--tone- ", "tone-odd-tone"),
        ("grim\x1b[31m", "tone-grim-31m"),
        ("悲しい", None),
        ("静か", None),
        ("", None),
        ("!!", None),
        ("\ud800", None),  # a lone surrogate, as a broken file can give
    ],
)
def test_css_class_names_are_valid_for_any_story_text(tone: str, expected: str | None) -> None:
    name = css_class_name("tone", tone)
    assert VALID_CLASS.fullmatch(name), name
    assert name == css_class_name("tone", tone)  # the same text, the same class
    if expected is not None:
        assert name == expected
    else:
        assert re.fullmatch(r"tone-[0-9a-f]{8}", name)


def test_css_class_names_of_different_unspellable_texts_differ() -> None:
    assert css_class_name("tone", "悲しい") != css_class_name("tone", "静か")


def test_css_class_names_are_bounded() -> None:
    name = css_class_name("tone", "word " * 1000)
    assert VALID_CLASS.fullmatch(name) and len(name) <= len("tone-") + 40


@pytest.mark.parametrize(
    ("titles", "expected"),
    [
        ([], []),
        (["Bay"], ["Bay"]),
        (["Bay", "Bay"], ["Bay"]),
        (["Bay", "Manifest", "Manifest", "Manifest", "Landfall"], ["Bay", "Manifest", "Landfall"]),
        (["Hub", "Room", "Hub", "Room"], ["Hub", "Room", "Hub", "Room"]),  # a return is not a repeat
    ],
)
def test_the_path_keeps_no_title_twice_in_a_row(titles: list[str], expected: list[str]) -> None:
    assert without_repeats(titles) == expected
    assert path_summary(titles) == " → ".join(expected)


def test_a_long_path_keeps_its_ends_after_repeats_go() -> None:
    titles = [f"S{index // 2}" for index in range(40)]  # every scene twice
    assert path_summary(titles) == "S0 → S1 → S2 → S3 → … → S16 → S17 → S18 → S19"


@pytest.mark.parametrize(
    ("words", "pace", "seconds"),
    [
        (250, 250, 60.0),
        (200, 250, 48.0),
        (500, 250, 120.0),
        (200, 120, 100.0),
        (1, 250, MIN_SCENE_SECONDS),
        (0, 500, MIN_SCENE_SECONDS),
    ],
)
def test_a_scene_stays_for_its_reading_time(words: int, pace: int, seconds: float) -> None:
    assert reading_seconds(" ".join(["word"] * words), pace) == pytest.approx(seconds)


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("0", None),
        ("4", None),
        (" 2 ", None),
        ("5", "There is no turn 5: this save has turns 0 to 4."),
        ("99", "There is no turn 99: this save has turns 0 to 4."),
        ("-1", "There is no turn -1: this save has turns 0 to 4."),
        ("", "Type a turn from 0 to 4."),
        ("x", "'x' is not a number: type a turn from 0 to 4."),
    ],
)
def test_a_jump_is_to_a_turn_the_save_has(typed: str, problem: str | None) -> None:
    assert turn_problem(typed, 4) == problem


def test_the_gallery_keeps_an_endings_prose_bounded() -> None:
    gallery = Gallery().with_ending("s", "e", "Title", "grim", START, text="The end.")
    assert gallery.for_story("s")["e"].text == "The end."
    again = gallery.with_ending("s", "e", "Title", "grim", START)  # reached again, no text given
    assert again.for_story("s")["e"].text == "The end." and again.for_story("s")["e"].times == 2
    huge = Gallery().with_ending("s", "e", "Title", "grim", START, text="x" * (MAX_ENDING_TEXT * 3))
    assert len(huge.for_story("s")["e"].text) == MAX_ENDING_TEXT
    restored = Gallery.from_data(json.loads(json.dumps(gallery.to_data())))
    assert restored == gallery


@pytest.mark.parametrize(("kept", "read"), [(None, ""), (42, ""), ("words", "words"), ("x" * 30_000, None)])
def test_an_endings_prose_from_disk_is_a_bounded_string(kept: object, read: str | None) -> None:
    text = bounded_ending_text(kept)
    assert text == read if read is not None else (len(text) == MAX_ENDING_TEXT and text.endswith("…"))
    data = {"endings": [{"story_id": "s", "ending_id": "e", "title": "T", "text": kept}]}
    assert Gallery.from_data(data).endings[0].text == text


def _pixels(glyph: tuple[str, ...], cells: tuple[set[str], set[str]]) -> set[tuple[int, int]]:
    """The half-cells of a glyph, as (half-row, column), drawn with the given (top, bottom) characters."""
    top, bottom = cells
    lit: set[tuple[int, int]] = set()
    for row, line in enumerate(glyph):
        for column, cell in enumerate(line):
            if cell in top:
                lit.add((row * 2, column))
            if cell in bottom:
                lit.add((row * 2 + 1, column))
    return lit


INK = ({"█", "▀"}, {"█", "▄"})
SHADE = ({"░"}, {"░"})


def test_the_misprinted_e_is_an_e_moved_not_reshaped() -> None:
    # The misprint is the "e" moved, with at most a couple of its half-cells frayed into
    # shading: every stroke of the letter is still there, so the word reads "exception".
    e = _pixels(_GLYPHS["e"], INK)
    ink = _pixels(_MISPRINT, INK)
    shade = _pixels(_MISPRINT, SHADE)
    matches = []
    for down in range(-4, 5):
        for right in range(-2, 3):
            moved = {(y + down, x + right) for y, x in e}
            frayed = moved - ink
            if ink <= moved and frayed <= shade and len(frayed) <= 2:
                matches.append((down, right))
    assert matches and (0, 0) not in matches, matches  # an "e", and visibly out of line
    rows = title_lettering().split("\n")
    assert len(rows) == 5 and len({len(row) for row in rows}) == 1


# ------------------------------------------------------------- the ending card


async def test_the_ending_card_lists_the_path_without_repeats_and_opens_the_journal(make_app: AppFactory) -> None:
    app = make_app(SCREENS)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        story = app.story
        assert story is not None
        game = played(story, "wait", "wait", "down", "follow")
        session = Session.resumed(story, game, clock=app.clock)
        await app.push_screen(EndingScreen(session))
        await pilot.pause()
        summary = as_text(app.screen.query_one("#ending-summary", Static))
        assert "The Listening Deck → The Pump Room → The Warm Pipes" in summary
        assert "The Listening Deck → The Listening Deck" not in summary
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        entries = list(app.screen.query(".journal-entry").results(Static))
        assert len(entries) == 5 and "The Warm Pipes" in rendered(entries[-1])
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)


@pytest.mark.parametrize(("choices", "css_class"), [(("down", "follow"), "tone-amere"), (("hatch",), None)])
async def test_an_ending_whose_tone_is_not_an_ascii_word_is_shown(
    make_app: AppFactory, choices: tuple[str, ...], css_class: str | None
) -> None:
    app = make_app(SCREENS)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GameScreen)
        for choice in choices:
            screen.take(choice)
            await pilot.pause()
        for _ in range(5):  # however the game screen leads to the card (at once, or after a key)
            if isinstance(app.screen, EndingScreen):
                break
            await pilot.press("enter")
            await pilot.pause()
        card = app.screen
        assert isinstance(card, EndingScreen)
        tone = card.session.view.ending.tone if card.session.view.ending else ""
        assert rendered(card.query_one("#ending-tone", Static)) == tone
        assert any(VALID_CLASS.fullmatch(name) and name.startswith("tone-") for name in card.classes)
        if css_class is not None:
            assert card.has_class(css_class)
        await pilot.press("e")  # the gallery shows the same tone
        await pilot.pause()
        assert any(tone in text for text in option_texts(app))


# ------------------------------------------------------------------ the gallery


async def test_the_gallery_shows_title_and_tone_apart_hints_and_reads_found_endings(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert app.story is not None
        app.story = with_hints(app.story, {"sound": "Someone has to trust you three times.", "core": "unused"})
        app.record_ending(app.story, played(app.story, "cut", "run"))
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, GalleryScreen)
        assert rendered(app.screen.query_one("#gallery-count", Static)) == "1 of 3 found"
        sound, core, reclaimed = option_texts(app)
        # Found: the title on its line, the tone on the next (never "What the Core Tookgrim").
        assert core.splitlines()[0].strip() == "◆ What the Core Took"
        assert core.splitlines()[1].strip().startswith("grim  ·  reached once")
        assert "unused" not in core  # a found ending needs no hint
        # Not found: its tone, and its hint when the story has one.
        assert sound.splitlines()[1].strip() == "hopeful  ·  hint: Someone has to trust you three times."
        assert reclaimed.splitlines()[1].strip() == "grim"
        assert "Reclamation" not in reclaimed and "A Sound Batch" not in sound  # names stay hidden
        gallery_list = app.screen.query_one("#gallery-list", OptionList)
        gallery_list.highlighted = 0
        await pilot.press("enter")  # not found: nothing to read
        await pilot.pause()
        assert isinstance(app.screen, GalleryScreen)
        gallery_list.highlighted = 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EndingProseScreen)
        assert rendered(app.screen.query_one("#ending-prose-text", Static)) == "The core takes Nina with it."
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GalleryScreen)


async def test_the_gallery_reads_an_ending_with_its_emphasis_and_explains_one_kept_without_words(
    make_app: AppFactory, config_dir: Path
) -> None:
    old_record = {"story_id": "ui_screens", "ending_id": "sky", "title": "Close Stars", "tone": "静か", "times": 2}
    (config_dir / "endings.json").write_text(json.dumps({"endings": [old_record]}), encoding="utf-8")
    app = make_app(SCREENS)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert app.story is not None
        app.record_ending(app.story, played(app.story, "down", "follow"))
        await pilot.press("e")
        await pilot.pause()
        bitter, sky = option_texts(app)
        assert bitter.splitlines()[1].strip().startswith("amère")
        assert sky.splitlines()[1].strip().startswith("静か  ·  reached 2 times")
        gallery_list = app.screen.query_one("#gallery-list", OptionList)
        gallery_list.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        prose = app.screen.query_one("#ending-prose-text", Static).content
        assert isinstance(prose, Text)
        assert str(prose).startswith("The pipes lead to a cradle you did not know was there. It is already occupied")
        assert "*" not in str(prose)
        italic = [str(prose)[span.start : span.end] for span in prose.spans if "italic" in str(span.style)]
        assert italic == ["already"]
        await pilot.press("escape")
        gallery_list.highlighted = 1
        await pilot.press("enter")
        await pilot.pause()
        assert rendered(app.screen.query_one("#ending-prose-text", Static)) == NOT_KEPT


async def test_the_gallery_keeps_the_ending_text_as_it_read_when_reached(
    make_app: AppFactory, config_dir: Path
) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        assert app.story is not None
        game = played(app.story, "cut", "run")
        app.record_ending(app.story, game)
    data = json.loads((config_dir / "endings.json").read_text(encoding="utf-8"))
    assert data["endings"][0]["text"] == game.view().text


# -------------------------------------------------------------------- the title


def build_app(config_dir: Path, store: SaveStore, story: Path = SHIP, **settings: Any) -> ExceptionApp:
    """The app with a story that waits to load until the test says so (``load_delay`` an hour)."""
    return ExceptionApp(
        AppOptions(story, seed=7),
        clock=lambda: 100.0,
        now=lambda: START,
        config_dir=config_dir,
        store=store,
        load_delay=settings.get("load_delay", 3600),
    )


async def _finish_loading(app: ExceptionApp, pilot: Any) -> None:
    screen = app.screen
    assert isinstance(screen, TitleScreen)
    screen._load()
    await ready(pilot)


@pytest.mark.parametrize(
    ("pressed", "opens"),
    [(("enter",), GameScreen), (("n",), GameScreen), (("down", "down", "enter"), GalleryScreen)],
)
async def test_keys_pressed_while_the_story_loads_are_acted_on_once_it_is_ready(
    config_dir: Path, store: SaveStore, pressed: tuple[str, ...], opens: type
) -> None:
    app = build_app(config_dir, store)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.story is None
        await pilot.press(*pressed)
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)  # nothing to open yet
        await _finish_loading(app, pilot)
        await pilot.pause()
        assert isinstance(app.screen, opens)


async def test_keys_pressed_before_story_errors_do_not_open_anything_over_them(
    config_dir: Path, store: SaveStore
) -> None:
    app = build_app(config_dir, store, FIXTURES / "ui_broken")
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("down", "enter", "e")
        await _finish_loading(app, pilot)
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen) and app.story_errors
        assert app.screen.query("#story-errors-text")


async def test_quit_works_while_the_story_loads(config_dir: Path, store: SaveStore) -> None:
    app = build_app(config_dir, store)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert app.story is None
    assert app.return_code == 0


async def test_the_title_highlights_continue_when_there_is_a_game(make_app: AppFactory, store: SaveStore) -> None:
    store.autosave(played(load_story(SHIP), "corridor"), play_time=60)
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        menu = app.screen.query_one("#menu", Menu)
        assert menu.highlighted_key == "continue"
        status = rendered(app.screen.query_one("#status", Static))
        assert status == "Test Ship  ·  last played: Corridor C"
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GameScreen) and screen.session.view.scene == "corridor"
        await pilot.press("1")  # back to the bay: a newer autosave
        await pilot.pause()
        app.to_title()
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert app.screen.query_one("#menu", Menu).highlighted_key == "continue"
        assert "last played: The Printing Bay" in rendered(app.screen.query_one("#status", Static))


async def test_the_title_keeps_the_players_place_in_the_menu_after_a_dialog(
    make_app: AppFactory, store: SaveStore
) -> None:
    store.autosave(played(load_story(SHIP), "corridor"), play_time=60)
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("down", "down", "down")
        menu = app.screen.query_one("#menu", Menu)
        assert menu.highlighted_key == "endings"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen) and menu.highlighted_key == "endings"


async def test_the_title_shows_no_developer_details(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        shown = " ".join(rendered(widget) for widget in app.screen.query(Static))
        assert not re.search(r"\d+ scenes|turn \d+|\bturns?\b", shown), shown
        assert rendered(app.screen.query_one("#status", Static)) == "Test Ship"


async def test_settings_have_the_key_o_and_the_title_and_help_name_it(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        menu = app.screen.query_one("#menu", Menu)
        assert dict(menu.items)["settings"].split() == ["Settings", "o"]
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_text = _help_rows(app)
        assert ("o", "settings: text speed, typewriter, motion, theme") in help_text


def _help_rows(app: ExceptionApp) -> list[tuple[str, str]]:
    table = next(widget.content for widget in app.screen.query(Static) if isinstance(widget.content, Table))
    keys, meanings = ([str(cell) for cell in column.cells] for column in table.columns)
    return list(zip(keys, meanings, strict=True))


# ------------------------------------------------------------------ the journal


async def test_the_journal_opens_at_the_latest_turn(make_app: AppFactory) -> None:
    paragraph = "The fans turn over and over in the dark, and nothing else moves. " * 6
    entries = tuple(JournalEntry(turn, f"Scene {turn}", paragraph, f"Choice {turn}") for turn in range(30))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await app.push_screen(JournalScreen((*entries, JournalEntry(30, "The Latest Scene", "Short."))))
        await pilot.pause()
        await pilot.pause()
        scroll = app.screen.query_one("#journal-scroll")
        latest = app.screen.query(".journal-entry").last()
        assert scroll.max_scroll_y > 0 and scroll.scroll_y == scroll.max_scroll_y
        assert scroll.region.contains_region(latest.region)  # the latest turn is on screen
        await pilot.press("home")
        await pilot.pause()
        assert scroll.scroll_y == 0


async def test_the_journal_starts_at_the_top_of_a_long_latest_turn(make_app: AppFactory) -> None:
    long_scene = "A very long scene keeps going past the bottom of the journal. " * 40
    entries = (JournalEntry(0, "First", "Short.", "On"), JournalEntry(1, "Long Latest", long_scene))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await app.push_screen(JournalScreen(entries))
        await pilot.pause()
        await pilot.pause()
        scroll = app.screen.query_one("#journal-scroll")
        latest = app.screen.query(".journal-entry").last()
        assert 0 < scroll.scroll_y < scroll.max_scroll_y
        assert latest.region.y == scroll.region.y  # its title on the first line


# --------------------------------------------------------------------- replay


async def _replay(make_app: AppFactory, store: SaveStore, clock: Clock) -> ExceptionApp:
    game = played(load_story(SHIP), "corridor", "lewis_eyes", "reach", "cut")
    summary = store.save("four-turns", game, play_time=100)
    app = make_app(replay=summary.path)
    app.clock = clock
    return app


async def test_replay_moves_on_when_the_scene_has_been_read(make_app: AppFactory, store: SaveStore) -> None:
    clock = Clock()
    app = await _replay(make_app, store, clock)
    async with app.run_test() as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        assert "250 words/min" in rendered(screen.query_one("#status", Static))
        await pilot.press("space")
        assert screen.playing
        view = screen.game.view() if screen.game else None
        assert view is not None
        needed = reading_seconds(f"{view.title} {view.text}", 250)
        clock.now += needed - 0.1
        screen.tick()
        assert screen.position == 0  # still reading
        clock.now += 0.2
        screen.tick()
        assert screen.position == 1
        screen.tick()
        assert screen.position == 1  # the next scene has its own reading time
        await pilot.press("minus")  # slower: the scene shown gets the slower pace from now
        assert "180 words/min" in rendered(screen.query_one("#status", Static))
        clock.now += reading_seconds(screen.game.view().text if screen.game else "", 250)
        screen.tick()
        assert screen.position == 1
        clock.now += 60
        screen.tick()
        assert screen.position == 2


async def test_replay_can_wait_for_a_key_at_every_scene(make_app: AppFactory, store: SaveStore) -> None:
    clock = Clock()
    app = await _replay(make_app, store, clock)
    async with app.run_test() as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        await pilot.press("space", "minus", "minus", "minus", "minus")
        status = rendered(screen.query_one("#status", Static))
        assert "waits for a key: Space or →" in status and "words/min" not in status
        assert not screen.playing
        clock.now += 3600
        screen.tick()
        assert screen.position == 0
        await pilot.press("space")
        assert screen.position == 1
        await pilot.press("right")
        assert screen.position == 2
        await pilot.press("minus")  # already the slowest
        assert "waits for a key" in rendered(screen.query_one("#status", Static))


async def test_replay_footer_and_help_name_the_same_keys(make_app: AppFactory, store: SaveStore) -> None:
    app = await _replay(make_app, store, Clock())
    async with app.run_test(size=(160, 30)) as pilot:
        await ready(pilot)
        footer = app.screen.query_one(Footer)
        # The screen's own keys (Textual adds the command palette's ^p at the end).
        footer_keys = [key.key_display for key in footer.query(FooterKey) if "command_palette" not in key.action]
        assert footer_keys[:3] == ["Space", "→", "←"]
        assert "period" not in footer_keys and "," not in footer_keys
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = _help_rows(app)
        replay_rows = rows[rows.index(("Replay", "")) + 1 :]
        assert [key for key, _ in replay_rows] == footer_keys
        assert replay_rows == replay_help_rows()


async def test_the_jump_dialog_starts_empty_and_refuses_a_turn_out_of_range(
    make_app: AppFactory, store: SaveStore
) -> None:
    app = await _replay(make_app, store, Clock())
    async with app.run_test() as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        await pilot.press("right")
        await pilot.press("g")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, JumpDialog)
        field = dialog.query_one("#turn", Input)
        assert field.value == ""
        assert not dialog.query_one("#jump-problem", Static).display
        await pilot.press("9", "9", "enter")
        await pilot.pause()
        assert app.screen is dialog  # refused, not clamped
        problem = dialog.query_one("#jump-problem", Static)
        assert problem.display and rendered(problem) == "There is no turn 99: this save has turns 0 to 4."
        await pilot.press("backspace", "backspace")
        await pilot.pause()
        assert not problem.display
        await pilot.press("3", "enter")  # the digits typed are the turn (not "13")
        await pilot.pause()
        assert app.screen is screen and screen.position == 3
