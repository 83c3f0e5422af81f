"""An ending's optional ``hint:``: loaded, checked at path:line:col, cached, and shown in the ending's view."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]
import pytest
from conftest import STORY
from test_loader_errors import MANIFEST, problems, write_tree

from game.engine import Game, load_story


def _with_ending(ending: str) -> str:
    return MANIFEST.replace("    ending: {id: fin, title: Fin, tone: grim}\n", f"    ending: {ending}\n")


def test_a_hint_is_loaded_and_reaches_the_ending_view(tmp_path: Path) -> None:
    write_tree(tmp_path, {"story.yaml": _with_ending("{id: fin, title: Fin, tone: grim, hint: '  Go *on*.  '}")})
    story = load_story(tmp_path, use_cache=False)
    ending = story.scenes["b"].ending
    assert ending is not None and ending.hint == "Go *on*."
    game = Game(story, seed=0)
    view = game.choose("b")
    assert view.ending is not None
    assert (view.ending.id, view.ending.hint) == ("fin", "Go *on*.")


def test_an_ending_without_a_hint_has_none(tmp_path: Path) -> None:
    write_tree(tmp_path, {"story.yaml": MANIFEST})
    view = Game(load_story(tmp_path, use_cache=False), seed=0).choose("b")
    assert view.ending is not None and view.ending.hint is None


def test_a_cached_story_keeps_its_hints(tmp_path: Path) -> None:
    write_tree(tmp_path, {"story.yaml": _with_ending("{id: fin, title: Fin, tone: grim, hint: Go on.}")})
    first = load_story(tmp_path)
    second = load_story(tmp_path)  # from the cache the first load wrote
    assert first.scenes["b"].ending == second.scenes["b"].ending
    ending = second.scenes["b"].ending
    assert ending is not None and ending.hint == "Go on."


@pytest.mark.parametrize(
    ("ending", "expected"),
    [
        ("{id: fin, title: Fin, hint: 3}", [("story.yaml", 20, 41, "ending hint must be text, not the number 3")]),
        ("{id: fin, title: Fin, hint: [a, b]}", [("story.yaml", 20, 41, "ending hint must be text, not a list")]),
        ("{id: fin, title: Fin, hint: {a: b}}", [("story.yaml", 20, 41, "ending hint must be text, not a mapping")]),
        ("{id: fin, title: Fin, hint: '  '}", [("story.yaml", 20, 41, "ending hint is empty")]),
        ("{id: fin, title: Fin, hint: }", [("story.yaml", 20, 41, "ending hint must be text")]),
        ("{id: fin, title: Fin, hnt: Go on.}", [("story.yaml", 20, 35, "unknown key 'hnt' (did you mean 'hint'?)")]),
    ],
)
def test_a_wrong_hint_is_reported_where_it_is_written(
    tmp_path: Path, ending: str, expected: list[tuple[str, int, int, str]]
) -> None:
    write_tree(tmp_path, {"story.yaml": _with_ending(ending)})
    found = problems(tmp_path)
    assert [(path, line, col) for path, line, col, _ in found] == [(p, line, col) for p, line, col, _ in expected]
    for (_, _, _, message), (_, _, _, fragment) in zip(found, expected, strict=True):
        assert fragment in message


def test_every_ending_of_the_bundled_story_has_a_hint_that_does_not_give_it_away() -> None:
    story = load_story(STORY)
    assert story.endings
    for scene in story.endings:
        ending = scene.ending
        assert ending is not None and ending.hint, f"ending '{ending and ending.id}' has no hint"
        # Spoiler-light: the hint names neither the ending's title nor its id.
        assert ending.title.lower() not in ending.hint.lower(), ending.id
        assert 20 <= len(ending.hint) <= 160, f"{ending.id}: a hint is one line, not {len(ending.hint)} characters"
    assert len({scene.ending.hint for scene in story.endings if scene.ending}) == len(story.endings)


@pytest.mark.parametrize(
    ("hint", "valid"),
    [("Look below the bay.", True), (3, False), (["a"], False), ("   ", False), ("", False)],
)
def test_the_schema_checks_a_hint_as_the_loader_does(hint: object, valid: bool) -> None:
    schema = json.loads((STORY / "story.schema.json").read_text(encoding="utf-8"))
    document = {"scenes": {"a": {"title": "A", "text": "t", "ending": {"title": "Fin", "hint": hint}}}}
    assert jsonschema.Draft202012Validator(schema).is_valid(document) is valid
