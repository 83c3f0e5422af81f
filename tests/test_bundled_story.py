"""The bundled story: it loads clean, every ending has a sample save that replays exactly, the branch attaches."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import ROOT, STORY

from game.engine import Game, Story, load_story
from game.saves import read_save
from game.saves.replay import verify
from game.tools.playtest import random_playtests
from game.tools.stats import story_stats

SAVES = ROOT / "saves"
BRANCH = STORY / "branches" / "galley_tally"
# One save per ending, named for it; reader_path.json is the reader's path (tests/test_reader_path.py).
SAMPLES = sorted(path for path in SAVES.glob("*.json") if path.stem != "reader_path")


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story(STORY)


def test_the_story_has_the_promised_size(story: Story) -> None:
    stats = story_stats(story)
    assert stats.scenes >= 80
    assert stats.words >= 20_000
    assert stats.endings >= 6
    titles = {scene.ending.id for scene in story.endings if scene.ending}
    assert {"reclaimed", "one_of_us", "the_price"} <= titles
    assert story.countdown is not None and story.countdown.expires == "reclaimed"


def test_every_ending_has_a_sample_save(story: Story) -> None:
    endings = {scene.ending.id for scene in story.endings if scene.ending}
    saved = {read_save(path).ending for path in SAMPLES}
    titles = {scene.ending.title for scene in story.endings if scene.ending}
    assert saved == titles
    assert {path.stem for path in SAMPLES} == endings


@pytest.mark.parametrize("path", SAMPLES, ids=[path.stem for path in SAMPLES])
def test_a_sample_save_replays_to_its_ending_and_snapshot_exactly(path: Path, story: Story) -> None:
    save = read_save(path)
    assert verify(story, save) is None
    game = Game.replay(story, save.seed, save.choices)
    assert game.scene.ending is not None
    assert game.scene.ending.id == path.stem
    assert game.to_data() == save.state_data()


def test_lewis_perspective_is_played_in_some_endings(story: Story) -> None:
    povs = set()
    for path in SAMPLES:
        save = read_save(path)
        game = Game.replay(story, save.seed, save.choices)
        # The log passes through Lewis's chapters in every playthrough.
        assert any(story.scenes[entry["scene"]].title.source.startswith("Lewis:") for entry in save.log)
        povs.add(game.state.vars["pov"])
    assert povs == {"nina", "lewis"}


def test_the_countdown_starts_with_lewis_and_the_lights_go_out(story: Story) -> None:
    save = read_save(SAVES / "reclaimed.json")
    game = Game(story, save.seed)
    for choice in save.choices:
        before = game.countdown().active
        game.advance(choice)
        if game.countdown().active and not before:
            assert game.state.vars["lights"] is False
            assert game.state.visits.get("lewis_emerges", 0) == 1
            break
    else:
        pytest.fail("the countdown never started")


def test_random_playthroughs_find_no_problem_and_reach_every_ending(story: Story) -> None:
    report = random_playtests(story, 300, seed=0)
    assert report.problems == []
    assert report.scene_coverage > 0.95


def test_the_branch_attaches_only_through_extend(story: Story) -> None:
    branched = load_story(STORY, [BRANCH])
    added = set(branched.scenes) - set(story.scenes)
    assert added and all(scene.startswith("gt_") for scene in added)
    galley, original = branched.scenes["galley"], story.scenes["galley"]
    new_choices = [choice.id for choice in galley.choices if original.choice(choice.id) is None]
    assert new_choices
    assert len(galley.text.source) > len(original.text.source)
    for scene_id in added:
        for choice in branched.scenes[scene_id].choices:
            assert all(outcome.scene in added | {"galley"} for outcome in choice.outcomes)
    # Without --branch, the branch folder inside story/ is not part of the story.
    assert not any(scene.startswith("gt_") for scene in story.scenes)


def test_the_branch_choice_appears_in_the_galley_during_play(story: Story) -> None:
    branched = load_story(STORY, [BRANCH])
    added = {choice.id for choice in branched.scenes["galley"].choices} - {
        choice.id for choice in story.scenes["galley"].choices
    }
    for seed in range(500):
        picker = random.Random(seed)
        game = Game(branched, seed)
        while not game.is_over and game.scene.id != "galley":
            ids = game.enabled_choice_ids()
            game.advance("galley" if "galley" in ids else picker.choice(ids))
        if game.scene.id == "galley":
            break
    assert game.scene.id == "galley", "no random walk reached the galley"
    shown = {choice.id for choice in game.choices()}
    assert added <= shown
    assert "tally" in game.view().text.lower() or "table" in game.view().text.lower()


def test_lewis_joins_the_crew_panel_only_when_his_pod_opens(story: Story) -> None:
    save = read_save(SAVES / "landfall.json")
    game = Game(story, save.seed)
    assert "lewis" not in {member.id for member in game.view().crew}
    for choice in save.choices:
        game.advance(choice)
        if game.scene.id == "lewis_emerges":
            break
    assert "lewis" in {member.id for member in game.view().crew}
