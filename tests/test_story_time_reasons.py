"""The bundled story's time limits say what the clock will really allow, counting each choice's own cost."""

from __future__ import annotations

import pytest
from conftest import ROOT, STORY

from game.engine import ChoiceView, Game, Story, load_story
from game.saves import read_save


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story(STORY)


def _game_at(story: Story, save_name: str, before_choice: str, remaining: int) -> Game:
    """The game of a sample save just before it first takes ``before_choice``, with ``remaining`` on the clock."""
    save = read_save(ROOT / "saves" / f"{save_name}.json")
    game = Game.replay(story, save.seed, save.choices[: save.choices.index(before_choice)])
    state = game.state
    assert state.countdown_active
    state.remaining = remaining
    game.restore_state(state)
    return game


def _choice(game: Game, choice_id: str) -> ChoiceView:
    return next(choice for choice in game.choices() if choice.id == choice_id)


@pytest.mark.parametrize(("remaining", "enabled"), [(11, False), (12, False), (13, True), (14, True), (40, True)])
def test_the_declaration_needs_the_key_minute_and_the_twelve_minute_draw_down(
    story: Story, remaining: int, enabled: bool
) -> None:
    game = _game_at(story, "landfall", "key_turned", remaining)  # at the manifest, Lewis entered
    assert game.scene.id in {"manifest_entry", "manifest_spoken", "manifest_typed"}
    declare = _choice(game, "key_turned")
    assert declare.enabled is enabled
    if enabled:
        assert (declare.cost, declare.expires) == (1, False)
        game.advance("key_turned")
        # What the refusal promised: twelve minutes are left for the draw-down once the key has turned.
        assert game.countdown().remaining >= 12
    else:
        assert declare.reason == (
            f"Turning the key takes a minute, and the draw-down twelve more after it. You have {remaining}."
        )


@pytest.mark.parametrize(("remaining", "enabled"), [(10, False), (16, False), (17, True), (30, True)])
def test_going_back_to_leave_words_is_offered_only_when_there_is_time_to_record_them(
    story: Story, remaining: int, enabled: bool
) -> None:
    game = _game_at(story, "last_print", "lw_let_go_rail", remaining)  # at the rail, nothing recorded yet
    assert game.scene.id == "lewis_rail"
    back = _choice(game, "lw_words_first")
    assert back.enabled is enabled
    if enabled:
        game.advance("lw_words_first")
        record = _choice(game, "lewis_message")
        assert record.enabled, f"back at the console with {game.countdown().remaining} left, the message is refused"
    else:
        assert back.reason == "There is no time left to say anything but this."
