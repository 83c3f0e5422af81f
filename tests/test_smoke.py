"""The mini fixture story plays from start to an ending through the public API."""

from __future__ import annotations

from conftest import FIXTURES

from game.engine import Game, load_story


def test_mini_story_reaches_the_expiry_ending() -> None:
    story = load_story(FIXTURES / "mini")
    game = Game(story, seed=1)
    game.choose("break")
    while not game.is_over:
        game.choose("wait")
    view = game.view()
    assert view.ending is not None
    assert view.ending.id == "expired"
    assert view.countdown.active is False
