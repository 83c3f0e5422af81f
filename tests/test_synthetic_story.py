"""The synthetic story generator the benchmarks use: valid, of the promised shape, playable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bench.synthetic import ENDING_EVERY, scene_id, synthetic_choice_path, write_synthetic_story

from game.engine import Game, Story, load_story
from game.story import cache as story_cache
from game.story.model import AddVar, Choice, CountdownStart, SetVar

SCENES = 300


@pytest.fixture(scope="module")
def story_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_synthetic_story(tmp_path_factory.mktemp("synthetic"), SCENES, files=7, seed=3)


@pytest.fixture(scope="module")
def story(story_dir: Path) -> Story:
    return load_story(story_dir, use_cache=False)


def test_it_loads_with_every_scene_and_file(story: Story) -> None:
    assert len(story.scenes) == SCENES
    assert story.files == ("story.yaml", *(f"acts/act_{n:02d}.yaml" for n in range(7)))
    assert story.start == scene_id(0)
    assert story.countdown is not None
    assert story.countdown.expires == scene_id(ENDING_EVERY - 1)
    assert [member.id for member in story.crew] == ["crew0", "crew1", "crew2"]
    assert {"lights", "mood", "f0", "c0", "act06_visits"} <= set(story.variables)


def test_an_ending_every_fifty_scenes_and_three_choices_elsewhere(story: Story) -> None:
    endings = [scene.id for scene in story.endings]
    assert endings == [scene_id(i) for i in range(ENDING_EVERY - 1, SCENES, ENDING_EVERY)]
    for scene in story.scenes.values():
        assert len(scene.choices) == (0 if scene.ending else 3), scene.id


@pytest.mark.parametrize(
    ("feature", "minimum"),
    [
        ("guarded", 100),
        ("disabled reason", 50),
        ("effects", 100),
        ("cost other than 1", 50),
        ("once", 20),
        ("random outcome", 20),
    ],
)
def test_choices_cover_every_feature(story: Story, feature: str, minimum: int) -> None:
    choices = [choice for scene in story.scenes.values() for choice in scene.choices]
    has: dict[str, Callable[[Choice], bool]] = {
        "guarded": lambda c: c.guard is not None,
        "disabled reason": lambda c: c.disabled_reason is not None,
        "effects": lambda c: any(isinstance(e, SetVar | AddVar) for e in c.effects),
        "cost other than 1": lambda c: c.cost != 1,
        "once": lambda c: c.once,
        "random outcome": lambda c: c.is_random,
    }
    assert len([choice for choice in choices if has[feature](choice)]) >= minimum


def test_the_countdown_starts_on_the_first_steps(story: Story) -> None:
    first = story.scenes[scene_id(1)].choices[0]
    assert any(isinstance(effect, CountdownStart) for effect in first.effects)


def test_the_same_arguments_write_the_same_bytes(story_dir: Path, tmp_path: Path) -> None:
    again = write_synthetic_story(tmp_path / "again", SCENES, files=7, seed=3)
    for path in sorted(story_dir.rglob("*.yaml")):
        assert (again / path.relative_to(story_dir)).read_bytes() == path.read_bytes()


def test_the_choice_path_plays_past_every_ending(story: Story) -> None:
    length = 2 * SCENES
    path = synthetic_choice_path(story, length, seed=5)
    assert len(path) == length
    assert path == synthetic_choice_path(story, length, seed=5)
    assert {"search", "run"} <= set(path)
    game = Game.replay(story, 5, path)
    assert not game.is_over
    assert game.turn == length
    assert game.countdown().active


def test_a_cached_load_is_the_same_story_and_plays_the_same(story_dir: Path, story: Story) -> None:
    load_story(story_dir)  # fills the cache
    cached = story_cache.read(story.fingerprint)  # read directly: a broken entry must not pass as a miss
    assert cached is not None
    assert cached == story
    assert cached.scenes[scene_id(3)].choice_index.keys() == story.scenes[scene_id(3)].choice_index.keys()
    path = synthetic_choice_path(story, 200, seed=1)
    assert Game.replay(cached, 1, path).to_data() == Game.replay(story, 1, path).to_data()
