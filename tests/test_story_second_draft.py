"""The second draft's promises about the bundled story, checked on real states of it.

Who came down in Act 2 is who is at the core in Act 3; a hub room reads
differently as the clock runs down; Lewis waiting on the rim is where Nina
arrives; a climax choice opens a scene of its own instead of the screen again.
"""

from __future__ import annotations

import pytest
from conftest import ROOT, STORY

from game.engine import Game, Story, load_story
from game.saves import read_save
from game.story.expressions import Value


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story(STORY)


def _in_scene(story: Story, scene: str, variables: dict[str, Value] | None = None, remaining: int = 60) -> Game:
    """A game of the reader's path, moved to ``scene`` with ``variables`` set and ``remaining`` on the clock."""
    save = read_save(ROOT / "saves" / "reader_path.json")
    game = Game.replay(story, save.seed, save.choices[: save.choices.index("set_out")])
    state = game.state
    state.scene = scene
    state.remaining = remaining
    state.vars.update(variables or {})
    game.restore_state(state)
    return game


def _words(game: Game) -> str:
    """The scene's text with every run of white space as one space (line breaks are the engine's business)."""
    return " ".join(game.view().text.split())


ALONE: dict[str, Value] = {
    "a2_gathered": 0,
    "a2_with_mack": False,
    "a2_with_patty": False,
    "a2_with_oscar": False,
}
ALONE_HERE: dict[str, Value] = {
    "a3_mack": False,
    "a3_patty": False,
    "a3_oscar": False,
    "lewis_with_crew": False,
    "a3_lewis_near": False,
}


def test_a_solo_descent_is_played_alone(story: Story) -> None:
    game = _in_scene(story, "core_threshold", ALONE | ALONE_HERE)
    text = _words(game)
    assert "You spin the wheel yourself" in text
    assert "Mack" not in text.split("Nobody is behind you")[0]
    assert "core_counsel" not in game.enabled_choice_ids()
    ladder = _words(_in_scene(story, "core_ladder", ALONE | ALONE_HERE))
    assert "no one above you" in ladder


def test_the_crew_who_came_down_open_the_hatch(story: Story) -> None:
    crew: dict[str, Value] = {
        "a2_gathered": 3,
        "a2_with_mack": True,
        "a2_with_patty": True,
        "a2_with_oscar": True,
    }
    here: dict[str, Value] = {
        "a3_mack": True,
        "a3_patty": True,
        "a3_oscar": True,
        "mack_hurt": False,
        "a2_bypass_failed": False,
    }
    text = _words(_in_scene(story, "core_threshold", crew | here))
    assert "Mack spins the wheel" in text
    assert "All three of them are at the rim" in text


@pytest.mark.parametrize("scene", ["spine", "galley", "engineering", "archive", "medbay", "crossway", "core_hatch"])
def test_hub_rooms_read_differently_at_the_warning_and_critical_levels(story: Story, scene: str) -> None:
    texts = {left: _in_scene(story, scene, remaining=left).view().text for left in (60, 15, 3)}
    assert len(set(texts.values())) == 3, f"{scene} reads the same at 60, 15 and 3 minutes"


def test_lewis_waiting_on_the_rim_is_where_nina_arrives(story: Story) -> None:
    game = _in_scene(story, "vat_hall", {"lewis_with_crew": False, "lewis_alive": True, "a3_lewis_near": False})
    assert game.enabled_choice_ids() == ["lewis_at_vats"]
    assert "On the rim of the far vat" in _words(game)


@pytest.mark.parametrize(
    ("scene", "choice", "target"),
    [
        ("manifest_entry", "ask_name", "manifest_spoken"),
        ("manifest_entry", "type_name", "manifest_typed"),
        ("lewis_glimpse", "glimpse_name", "crossway_name"),
        ("lewis_glimpse", "glimpse_still", "crossway_still"),
        ("lewis_glimpse", "glimpse_grab", "crossway_grab"),
        ("lewis_at_vats", "rim_name", "rim_name"),
    ],
)
def test_a_climax_choice_opens_a_scene_of_its_own(story: Story, scene: str, choice: str, target: str) -> None:
    found = story.scenes[scene].choice(choice)
    assert found is not None
    assert [outcome.scene for outcome in found.outcomes] == [target]
    assert target != scene
