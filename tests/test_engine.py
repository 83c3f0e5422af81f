"""The engine's public Game API: guards, effects, randomness, determinism, undo, save data, errors."""

from __future__ import annotations

import ast
import inspect
from collections import Counter
from typing import Any

import pytest
from conftest import FIXTURES, ROOT

from game.engine import ChoiceError, Game, Story, StoryRuntimeError, load_story
from game.engine import game as game_module
from game.engine.game import CHECKPOINT_INTERVAL, MAX_CHECKPOINTS
from game.engine.state import initial_rng, next_random


@pytest.fixture(scope="module")
def core() -> Story:
    return load_story(FIXTURES / "engine_core", use_cache=False)


@pytest.fixture(scope="module")
def errors_story() -> Story:
    return load_story(FIXTURES / "engine_errors", use_cache=False)


def shown(game: Game) -> dict[str, tuple[bool, str | None]]:
    """The current choices as id -> (enabled, reason)."""
    return {choice.id: (choice.enabled, choice.reason) for choice in game.choices()}


def play(game: Game, choices: list[str]) -> Game:
    for choice_id in choices:
        game.choose(choice_id)
    return game


# A long, varied walk through the core story: loops, random flips, visits to the side room.
LONG_WALK = [
    step
    for index in range(120)
    for step in (["loop"] if index % 3 else ["flip", "back"] if index % 2 else ["side", "back"])
]


# ------------------------------------------------------------------------- guards


@pytest.mark.parametrize(
    ("choices", "expected"),
    [
        # score 0: the locked door is shown disabled with its reason, the secret door is hidden.
        ([], {"locked": (False, "You need 3 more."), "secret": None}),
        (["loop"], {"locked": (False, "You need 2 more."), "secret": None}),
        (["loop", "loop", "loop"], {"locked": (True, None), "secret": None}),
        (["set_literal"], {"locked": (True, None), "secret": (True, None)}),
    ],
)
def test_guards_hide_or_disable_with_a_reason(
    core: Story, choices: list[str], expected: dict[str, tuple[bool, str | None] | None]
) -> None:
    listed = shown(play(Game(core, seed=1), choices))
    for choice_id, state in expected.items():
        assert listed.get(choice_id) == state, choice_id


def test_disabled_and_hidden_choices_are_not_enabled_choices(core: Story) -> None:
    view = Game(core, seed=1).view()
    enabled = [choice.id for choice in view.enabled_choices]
    assert enabled == ["loop", "side", "set_literal", "set_expr", "subtract", "bonus", "flip"]
    assert [choice.id for choice in view.choices] == [*enabled[:5], "locked", "bonus", "flip"]


# ------------------------------------------------------------------------ effects


@pytest.mark.parametrize(
    ("choices", "expected"),
    [
        (["loop"], {"score": 1, "flag": False, "word": "a"}),
        (["set_literal"], {"score": 10, "flag": True, "word": "b"}),
        # "= expr" is evaluated against the state before the assignment: score 1 -> 3, "a" -> "axa".
        (["loop", "set_expr"], {"score": 3, "word": "axa"}),
        (["set_literal", "set_expr"], {"score": 21, "word": "bxb"}),
        (["set_expr", "set_expr"], {"score": 3, "word": "axaxaxa"}),
        # add with a negative number; a later effect in the same list sees the earlier one.
        (["subtract"], {"score": -3, "ada_alive": False}),
        (["loop", "loop", "loop", "subtract"], {"score": 0, "ada_alive": True}),
        (["bonus"], {"score": 100}),
    ],
)
def test_effects(core: Story, choices: list[str], expected: dict[str, Any]) -> None:
    variables = play(Game(core, seed=1), choices).state.vars
    for name, value in expected.items():
        assert variables[name] == value, name
        assert type(variables[name]) is type(value), name


def test_effects_show_in_text_crew_and_ui_classes(core: Story) -> None:
    game = Game(core, seed=1)
    view = game.view()
    assert view.title == "Hub 0"
    assert view.text.startswith("Score 0, word a, turn 0, hub visits 1. Not seen the side.")
    assert view.crew[0].stats == (("Score", "0"), ("Mood", "grey"))
    assert view.crew[0].alive is True
    assert view.ui_classes == frozenset()
    view = play(game, ["set_literal", "subtract"]).view()
    assert view.title == "Hub 7"
    assert view.crew[0].stats == (("Score", "7"), ("Mood", "bright"))
    assert view.ui_classes == frozenset({"flagged"})
    view = play(Game(core, seed=1), ["subtract"]).view()
    assert view.crew[0].alive is False


# ----------------------------------------------------------------------- once-only


def test_a_once_choice_disappears_after_use(core: Story) -> None:
    game = Game(core, seed=1)
    assert "bonus" in shown(game)
    game.choose("bonus")
    assert "bonus" not in shown(game)
    with pytest.raises(ChoiceError, match="only once"):
        game.choose("bonus")
    # Leaving and coming back does not bring it back.
    play(game, ["side", "back"])
    assert "bonus" not in shown(game)
    assert game.state.vars["score"] == 100


def test_undo_brings_a_once_choice_back_only_when_its_use_is_undone(core: Story) -> None:
    game = play(Game(core, seed=1), ["loop", "bonus", "loop"])
    game.undo()
    assert "bonus" not in shown(game)
    game.undo()
    assert "bonus" in shown(game)
    assert game.state.vars["score"] == 1
    game.choose("bonus")
    assert "bonus" not in shown(game)
    assert game.state.vars["score"] == 101


# ------------------------------------------------------------------------- random


def test_weighted_outcomes_follow_their_weights_over_many_seeds(core: Story) -> None:
    landed = Counter(play(Game(core, seed=seed), ["flip"]).scene.id for seed in range(2000))
    assert set(landed) == {"heads", "tails"}
    # Weights 3:1; 2000 draws put heads at 0.75 with a standard deviation under 0.01.
    assert 0.70 < landed["heads"] / 2000 < 0.80


def test_weighted_outcomes_follow_their_weights_within_one_game(core: Story) -> None:
    game = Game(core, seed=99)
    landed: Counter[str] = Counter()
    for _ in range(1000):
        game.choose("flip")
        landed[game.scene.id] += 1
        game.choose("back")
    assert 0.70 < landed["heads"] / 1000 < 0.80


@pytest.mark.parametrize("seed", [0, 1, 7, 2**40, -5])
def test_the_same_seed_gives_the_same_outcomes(core: Story, seed: int) -> None:
    def outcomes() -> list[str]:
        game = Game(core, seed=seed)
        found = []
        for _ in range(20):
            game.choose("flip")
            found.append(game.scene.id)
            game.choose("back")
        return found

    first = outcomes()
    assert first == outcomes()
    assert len(set(first)) == 2  # both sides come up in twenty flips with every seed here


@pytest.mark.parametrize(
    ("seed", "outputs"),
    [
        # The published SplitMix64 reference outputs.
        (0, [0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F]),
        (1234567, [6457827717110365317, 3203168211198807973, 9817491932198370423]),
    ],
)
def test_the_generator_is_splitmix64(seed: int, outputs: list[int]) -> None:
    state = initial_rng(seed)
    for expected in outputs:
        state, output = next_random(state)
        assert output == expected


def test_outcomes_are_pinned_so_saves_replay_the_same_on_every_version(core: Story) -> None:
    # Changing how outcomes are drawn would send old saves down other paths on replay.
    first_flips = "".join(Game(core, seed=seed).choose("flip").scene[0] for seed in range(24))
    assert first_flips == "thhhhhhhhhhhhthhhhhhhhtt"
    game = Game(core, seed=2026)
    flips = []
    for _ in range(24):
        flips.append(game.choose("flip").scene[0])
        game.choose("back")
    assert "".join(flips) == "thhhthtthhhthhhhhhhhhhhh"


def test_different_seeds_give_different_sequences(core: Story) -> None:
    def flips(seed: int) -> tuple[str, ...]:
        game = Game(core, seed=seed)
        found = []
        for _ in range(16):
            found.append(game.choose("flip").scene)
            game.choose("back")
        return tuple(found)

    assert len({flips(seed) for seed in range(20)}) > 10


# -------------------------------------------------------------------- determinism


def test_same_story_seed_and_choices_give_identical_data(core: Story) -> None:
    first = play(Game(core, seed=42), LONG_WALK)
    second = play(Game(core, seed=42), LONG_WALK)
    replayed = Game.replay(core, 42, LONG_WALK)
    assert first.to_data() == second.to_data() == replayed.to_data()
    assert first.view() == second.view() == replayed.view()
    assert [entry.choice for entry in first.log] == LONG_WALK


def test_replay_raises_on_a_divergence(core: Story) -> None:
    with pytest.raises(ChoiceError):
        Game.replay(core, 1, ["loop", "secret"])


def test_advance_takes_a_choice_like_choose(core: Story) -> None:
    game = Game(core, seed=3)
    entry = game.advance("flip")
    assert entry.turn == 1
    assert entry.choice == "flip"
    assert entry.target == game.scene.id
    assert game.to_data() == play(Game(core, seed=3), ["flip"]).to_data()


# ------------------------------------------------------------------ visits, turn


def test_visits_turn_and_visited(core: Story) -> None:
    game = Game(core, seed=1)
    assert game.turn == 0
    assert game.state.visits == {"hub": 1}
    view = play(game, ["loop", "side", "back"]).view()
    assert game.turn == view.turn == 3
    assert game.state.visits == {"hub": 3, "side": 1}
    assert view.text.startswith("Score 1, word a, turn 3, hub visits 3. Seen the side.")
    assert [(entry.turn, entry.scene, entry.choice, entry.target) for entry in game.log] == [
        (1, "hub", "loop", "hub"),
        (2, "hub", "side", "side"),
        (3, "side", "back", "hub"),
    ]


# --------------------------------------------------------------- refused choices


@pytest.mark.parametrize(
    ("before", "choice_id", "message"),
    [
        ([], "nope", "no choice 'nope' in scene 'hub'"),
        ([], "locked", "not possible now"),
        ([], "secret", "not possible now"),
        ([], "", "no choice"),
        ([], "back", "no choice 'back' in scene 'hub'"),  # a choice of another scene
        (["bonus"], "bonus", "only once"),
        (["side", "lost"], "back", "the story has ended"),
    ],
)
def test_a_refused_choice_raises_and_changes_nothing(
    core: Story, before: list[str], choice_id: str, message: str
) -> None:
    game = play(Game(core, seed=5), before)
    data = game.to_data()
    view = game.view()
    with pytest.raises(ChoiceError, match=message):
        game.choose(choice_id)
    assert game.to_data() == data
    assert game.view() == view
    if not game.is_over:
        # The machine still agrees with the state: the next real choice works.
        game.choose("loop")
        assert game.turn == len(before) + 1


def test_a_refused_random_choice_does_not_spend_randomness(core: Story) -> None:
    game = Game(core, seed=11)
    with pytest.raises(ChoiceError):
        game.choose("secret")
    game.choose("flip")
    assert game.to_data() == play(Game(core, seed=11), ["flip"]).to_data()


# ------------------------------------------------------------------------ endings


@pytest.mark.parametrize(
    ("choices", "ending"),
    [
        (["side", "lost"], ("lost", "You lost", "grim")),
        (["set_literal", "secret"], ("won", "You won", "hopeful")),
        (["loop", "loop", "loop", "locked"], ("won", "You won", "hopeful")),
    ],
)
def test_entering_an_ending_ends_play(core: Story, choices: list[str], ending: tuple[str, str, str]) -> None:
    game = play(Game(core, seed=1), choices)
    view = game.view()
    assert game.is_over
    assert view.ending is not None
    assert (view.ending.id, view.ending.title, view.ending.tone) == ending
    assert view.choices == ()
    with pytest.raises(ChoiceError, match="ended"):
        game.choose("loop")
    assert game.can_undo
    game.undo()
    assert not game.is_over


# --------------------------------------------------------------------------- undo


@pytest.mark.parametrize("length", [1, 2, 31, 32, 33, 64, 65, 100, 150])
def test_undo_any_number_of_steps_matches_a_fresh_game(core: Story, length: int) -> None:
    walk = LONG_WALK[:length]
    assert len(walk) == length
    # Every prefix's data, computed independently, to compare each undo against.
    game = Game(core, seed=8)
    prefixes = [game.to_data()]
    for choice_id in walk:
        game.choose(choice_id)
        prefixes.append(game.to_data())
    for steps in sorted(step for step in {1, 2, length // 2, length - 1, length} if 0 < step <= length):
        undone = play(Game(core, seed=8), walk)
        view = undone.undo(steps)
        assert undone.to_data() == prefixes[length - steps], steps
        assert view == Game.replay(core, 8, walk[: length - steps]).view()


def test_undo_one_step_at_a_time_across_checkpoints(core: Story) -> None:
    walk = LONG_WALK[:130]
    assert len(walk) > 4 * CHECKPOINT_INTERVAL
    game = Game(core, seed=21)
    prefixes = [game.to_data()]
    for choice_id in walk:
        game.choose(choice_id)
        prefixes.append(game.to_data())
    for turn in range(len(walk) - 1, -1, -1):
        game.undo()
        assert game.to_data() == prefixes[turn], turn
    assert not game.can_undo
    with pytest.raises(ChoiceError, match="cannot undo"):
        game.undo()


def test_undo_then_play_on_then_undo_again(core: Story) -> None:
    walk = LONG_WALK[:120]
    game = play(Game(core, seed=4), walk)
    full = game.to_data()
    game.undo(50)
    # Randomness is restored too, so the same choices lead the same way again.
    play(game, walk[70:])
    assert game.to_data() == full
    game.undo(45)
    assert game.to_data() == Game.replay(core, 4, walk[:75]).to_data()
    # A different path from there, then back past where it started.
    branch = ["set_literal", "bonus"] if game.scene.id == "hub" else ["back", "set_literal", "bonus"]
    play(game, branch)
    assert game.to_data() == Game.replay(core, 4, walk[:75] + branch).to_data()
    game.undo(len(branch) + 10)
    assert game.to_data() == Game.replay(core, 4, walk[:65]).to_data()


@pytest.mark.parametrize("steps", [0, -1, 4])
def test_undo_refuses_impossible_steps(core: Story, steps: int) -> None:
    game = play(Game(core, seed=1), ["loop", "loop", "loop"])
    data = game.to_data()
    with pytest.raises(ChoiceError, match="cannot undo"):
        game.undo(steps)
    assert game.to_data() == data


@pytest.mark.parametrize("length", [0, 5, 40, 100])
def test_undo_right_after_from_data(core: Story, length: int) -> None:
    walk = LONG_WALK[:length]
    restored = Game.from_data(core, play(Game(core, seed=13), walk).to_data())
    assert restored.to_data() == Game.replay(core, 13, walk).to_data()
    assert restored.can_undo == (length > 0)
    for steps in (1, 7, length):
        if 0 < steps <= length:
            game = Game.from_data(core, play(Game(core, seed=13), walk).to_data())
            game.undo(steps)
            assert game.to_data() == Game.replay(core, 13, walk[: length - steps]).to_data()


# ------------------------------------------------------------ to_data / from_data


def test_to_data_from_data_round_trip(core: Story) -> None:
    game = play(Game(core, seed=77), [*LONG_WALK[:50], "bonus", "set_literal"])
    data = game.to_data()
    restored = Game.from_data(core, data)
    assert restored.to_data() == data
    assert restored.view() == game.view()
    assert restored.seed == 77
    # Both go on identically, randomness included.
    for one in (game, restored):
        play(one, ["flip", "back", "flip"])
    assert restored.to_data() == game.to_data()


def test_to_data_is_plain_json_data(core: Story) -> None:
    import json

    data = play(Game(core, seed=2), LONG_WALK[:10]).to_data()
    assert json.loads(json.dumps(data)) == data


def test_from_data_does_not_share_state_with_its_input(core: Story) -> None:
    data = play(Game(core, seed=2), ["loop"]).to_data()
    restored = Game.from_data(core, data)
    restored.choose("loop")
    assert data["vars"]["score"] == 1
    assert len(data["log"]) == 1


def _with(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    changed = {key: (dict(item) if isinstance(item, dict) else item) for key, item in data.items()}
    keys = path.split(".")
    target = changed
    for key in keys[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[keys[-1]]
    else:
        target[keys[-1]] = value
    return changed


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("scene", "atlantis"),
        ("vars.unknown", 1),
        ("vars.score", _DELETE),
        ("vars.score", "ten"),
        ("vars.flag", 1),
        ("turn", 5),  # the log has 2 entries
        ("rng", "not hex"),
        ("countdown", []),
        ("log", [{"turn": 1}]),
        ("countdown", {"active": True, "remaining": -1}),
        ("countdown", {"active": True, "remaining": float("nan")}),
        ("countdown", {"active": True, "remaining": "5"}),
    ],
)
def test_from_data_refuses_data_that_does_not_fit(core: Story, path: str, value: Any) -> None:
    data = play(Game(core, seed=2), ["loop", "side"]).to_data()
    with pytest.raises((KeyError, TypeError, ValueError)):
        Game.from_data(core, _with(data, path, value))


# --------------------------------------------------------------- runtime errors


@pytest.mark.parametrize(
    ("choice_id", "where", "message"),
    [
        ("bad_text", "story.yaml:", "division by zero"),
        ("bad_guard", "story.yaml:", "division by zero"),
        ("bad_effect", "story.yaml:", "division by zero"),
        ("bad_entry", "story.yaml:", "modulo by zero"),
    ],
)
def test_a_runtime_error_names_its_source_and_changes_nothing(
    errors_story: Story, choice_id: str, where: str, message: str
) -> None:
    game = play(Game(errors_story, seed=1), ["safe"])
    data = game.to_data()
    view = game.view()
    with pytest.raises(StoryRuntimeError, match=message) as raised:
        game.choose(choice_id)
    assert str(raised.value).startswith(where)
    line = int(str(raised.value).split(":")[1])
    assert line > 1
    assert game.to_data() == data
    assert game.view() == view
    game.choose("safe")
    assert game.state.vars["n"] == 3
    assert game.turn == 2


@pytest.mark.parametrize(
    ("choice_id", "written"),
    [
        ("bad_text", "{n / zero}"),  # the text that fails
        ("bad_guard", "text: Impossible"),  # the choice whose condition fails
        ("bad_effect", 'set: {n: "= n / zero"}'),  # the effect that fails
        ("bad_entry", 'set: {n: "= n % zero"}'),  # the entry effect that fails
    ],
)
def test_a_runtime_error_points_at_what_failed(errors_story: Story, choice_id: str, written: str) -> None:
    lines = (FIXTURES / "engine_errors" / "story.yaml").read_text(encoding="utf-8").splitlines()
    with pytest.raises(StoryRuntimeError) as raised:
        Game(errors_story, seed=1).choose(choice_id)
    path, line, col, _ = str(raised.value).split(":", 3)
    assert path == "story.yaml"
    assert written in lines[int(line) - 1]
    assert int(col) >= 1


def test_a_runtime_error_in_the_start_scene_is_a_story_runtime_error(tmp_path: Any) -> None:
    (tmp_path / "story.yaml").write_text(
        "story: {id: s, title: S, version: '1', start: a}\n"
        "vars: {zero: 0}\n"
        "scenes:\n"
        "  a:\n"
        "    title: A\n"
        "    text: A\n"
        "    on_enter:\n"
        "      - set: {zero: '= 1 / zero'}\n"
        "    choices:\n"
        "      - {text: Stay, to: a}\n"
    )
    story = load_story(tmp_path, use_cache=False)
    with pytest.raises(StoryRuntimeError, match=r"^story\.yaml:8:\d+: .*division by zero.*entering the start scene"):
        Game(story, seed=1)


@pytest.mark.parametrize("before", [CHECKPOINT_INTERVAL - 1, CHECKPOINT_INTERVAL, 2 * CHECKPOINT_INTERVAL - 1])
def test_a_runtime_error_on_a_checkpoint_turn_leaves_undo_intact(errors_story: Story, before: int) -> None:
    game = Game(errors_story, seed=1)
    for _ in range(before):
        game.choose("safe")
    with pytest.raises(StoryRuntimeError):
        game.choose("bad_text")  # would have been the turn after `before`
    for _ in range(10):
        game.choose("safe")
    game.undo(10)
    assert game.to_data() == Game.replay(errors_story, 1, ["safe"] * before).to_data()
    game.undo(before)
    assert game.to_data() == Game(errors_story, seed=1).to_data()


def test_a_failing_guard_is_reported_when_listing_and_when_choosing(errors_story: Story) -> None:
    # A saved game can stand in a scene whose condition fails (the story changed, say).
    data = Game(errors_story, seed=1).to_data()
    data["scene"] = "bad_guard"
    game = Game.from_data(errors_story, data)
    with pytest.raises(StoryRuntimeError, match="n / zero > 1"):
        game.view()
    with pytest.raises(StoryRuntimeError, match="division by zero"):
        game.choose("impossible")
    assert game.to_data() == data
    game.choose("start")
    assert game.scene.id == "start"


# --------------------------------------------------------------- the machine


def test_the_machine_has_no_auto_transitions(core: Story) -> None:
    game = Game(core, seed=1)
    machine = game._machine
    assert machine.auto_transitions is False
    model_names = dir(game._runtime)
    for scene in core.scenes:
        assert f"to_{scene}" not in model_names
        assert f"to_{scene}" not in machine.events


def test_choices_come_from_the_engines_index_not_may_triggers(core: Story, monkeypatch: pytest.MonkeyPatch) -> None:
    game = Game(core, seed=1)
    assert not [name for name in dir(game._runtime) if name.startswith(("may_", "to_"))]

    def refuse(*args: object, **kwargs: object) -> bool:
        raise AssertionError("listing choices asked the state machine")

    machine = game._machine
    monkeypatch.setattr(type(machine), "get_triggers", refuse)
    if hasattr(type(machine), "get_transitions"):
        monkeypatch.setattr(type(machine), "get_transitions", refuse)
    for event in machine.events.values():
        monkeypatch.setattr(event, "trigger", refuse)
    view = game.view()
    assert [choice.id for choice in view.choices] == [
        "loop",
        "side",
        "set_literal",
        "set_expr",
        "subtract",
        "locked",
        "bonus",
        "flip",
    ]


def test_the_engine_source_never_calls_may_triggers() -> None:
    for path in sorted((ROOT / "game" / "engine").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                assert not node.attr.startswith("may_"), f"{path.name}:{node.lineno}"
                assert not node.attr.startswith("to_") or node.attr == "to_data", f"{path.name}:{node.lineno}"


def test_view_objects_are_frozen(core: Story) -> None:
    view = Game(core, seed=1).view()
    with pytest.raises(AttributeError):
        view.turn = 5  # type: ignore[misc]
    with pytest.raises(AttributeError):
        view.choices[0].enabled = False  # type: ignore[misc]


def test_the_state_property_is_a_copy(core: Story) -> None:
    game = Game(core, seed=1)
    state = game.state
    state.vars["score"] = 99
    state.log.append(game.advance("loop"))
    assert game.state.vars["score"] == 1
    assert len(game.log) == 1


def test_public_api_is_documented() -> None:
    for name, member in inspect.getmembers(game_module.Game):
        if not name.startswith("_"):
            assert inspect.getdoc(member), name


# ------------------------------------------------------- tools' entry points


def test_enabled_choice_ids_match_the_view(core: Story) -> None:
    game = Game(core, seed=6)
    for choice_id in [*LONG_WALK[:40], "side", "lost"]:
        assert game.enabled_choice_ids() == [choice.id for choice in game.view().enabled_choices]
        game.choose(choice_id)
    assert game.is_over
    assert game.enabled_choice_ids() == []


@pytest.mark.parametrize("outcome", ["heads", "tails"])
def test_advance_can_force_an_outcome(core: Story, outcome: str) -> None:
    game = Game(core, seed=1)
    rng = game.state.rng
    entry = game.advance("flip", outcome=outcome)
    assert (entry.target, game.scene.id) == (outcome, outcome)
    assert game.state.rng == rng  # nothing was drawn


def test_advance_refuses_an_outcome_the_choice_does_not_have(core: Story) -> None:
    game = Game(core, seed=1)
    data = game.to_data()
    with pytest.raises(ChoiceError, match="not an outcome"):
        game.advance("flip", outcome="won")
    assert game.to_data() == data


def test_restore_state_then_play_and_undo(core: Story) -> None:
    source = play(Game(core, seed=9), LONG_WALK[:70])
    game = Game(core, seed=9)
    game.restore_state(source.state)
    assert game.to_data() == source.to_data()
    game.choose(LONG_WALK[70])
    source.choose(LONG_WALK[70])
    assert game.to_data() == source.to_data()
    game.undo(40)
    assert game.to_data() == Game.replay(core, 9, LONG_WALK[:31]).to_data()


def test_a_guard_on_the_turn_is_checked_against_the_turn_before_the_choice() -> None:
    story = load_story(FIXTURES / "engine_turn")
    game = Game(story, 1)
    assert [choice.id for choice in game.choices() if choice.enabled] == ["first", "stay", "wait"]
    game.choose("first")
    # Effects run as the choice is taken: by then it counts as turn 1.
    assert game.state.vars["seen_turn"] == 1
    odd = Game(story, 1)
    odd.choose("wait")
    assert [choice.id for choice in odd.choices() if choice.enabled] == ["wait"]
    with pytest.raises(ChoiceError):
        odd.choose("stay")
    assert odd.turn == 1
    odd.choose("wait")
    odd.choose("stay")
    assert odd.turn == 3


def test_a_story_error_while_drawing_leaves_the_game_exactly_as_it_was(errors_story: Story) -> None:
    game = Game(errors_story, seed=1)
    for _ in range(CHECKPOINT_INTERVAL - 1):
        game.choose("safe")
    before = game.to_data()
    with pytest.raises(StoryRuntimeError):
        game.choose("bad_text")  # the failing turn would have been a checkpoint turn
    assert game.to_data() == before
    assert game.view() == Game.replay(errors_story, 1, ["safe"] * (CHECKPOINT_INTERVAL - 1)).view()


@pytest.mark.parametrize("steps", [1, 5, CHECKPOINT_INTERVAL, 300, 1_000, 1_999, 2_000])
def test_undo_stays_exact_in_a_long_game_with_few_checkpoints(errors_story: Story, steps: int) -> None:
    length = 2_000
    game = Game.replay(errors_story, 1, ["safe"] * length)
    assert len(game._checkpoints) <= MAX_CHECKPOINTS  # memory stays bounded however long the game
    game.undo(steps)
    assert game.to_data() == Game.replay(errors_story, 1, ["safe"] * (length - steps)).to_data()


@pytest.mark.parametrize("where", ["core", "bundled"])
def test_the_kept_crew_panel_and_ui_classes_always_match_a_fresh_drawing(core: Story, where: str) -> None:
    story = core if where == "core" else load_story(ROOT / "story", use_cache=False)
    game = Game(story, seed=5)
    for step in range(150):
        enabled = game.enabled_choice_ids()
        if not enabled:
            game.undo(min(3, game.turn))
        else:
            game.choose(enabled[(step * 7) % len(enabled)])
        if step % 11 == 10:
            game.undo()
        fresh = Game.from_data(story, game.to_data())  # nothing kept from earlier turns
        assert (game.view().crew, game.view().ui_classes) == (fresh.view().crew, fresh.view().ui_classes), step
