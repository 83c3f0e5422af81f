"""One state machine per story, shared by all its games (issue 16).

A game is a model of its story's machine: the machine is built by the first
game on a story and reused by every later one, so creating a game, restarting
and loading a save do the same work on a big story as on a small one. These
tests count that work (machines, states and transitions built, Python calls
made) instead of timing it, and check that games sharing a machine stay
independent: state, undo, saves and random draws, interleaved and on threads.
"""

from __future__ import annotations

import dataclasses
import gc
import random
import sys
import threading
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from bench.synthetic import write_synthetic_story
from conftest import FIXTURES, STORY
from transitions import Event, EventData, Machine, State, Transition

from game.engine import Game, Story, load_story
from game.engine.machine import SceneState, StoryMachine, shared_machine

CORE = FIXTURES / "engine_core"
COUNTDOWN = FIXTURES / "engine_countdown"


class _Built:
    """How many machines, states and transitions were made while it counted."""

    def __init__(self) -> None:
        self.machines = self.states = self.transitions = 0


@contextmanager
def counting_builds(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Built]:
    """Count every ``transitions`` Machine, State and Transition constructed inside the block."""
    built = _Built()

    def counted(cls: Any, attribute: str) -> None:
        original = cls.__init__

        def init(self: Any, *args: Any, **kwargs: Any) -> None:
            setattr(built, attribute, getattr(built, attribute) + 1)
            original(self, *args, **kwargs)

        monkeypatch.setattr(cls, "__init__", init)

    counted(Machine, "machines")
    counted(State, "states")
    counted(Transition, "transitions")
    yield built


def python_calls(action: Callable[[], object]) -> int:
    """How many Python functions ``action`` calls (directly or not): a measure of work that no clock affects."""
    calls = 0

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal calls
        if event == "call":
            calls += 1

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return calls


@pytest.fixture(scope="module")
def core() -> Story:
    return load_story(CORE)


# ------------------------------------------------------------------ one machine


def test_games_on_one_story_share_its_machine(core: Story) -> None:
    first, second = Game(core, seed=1), Game(core, seed=2)
    assert first._machine is second._machine is shared_machine(core)
    assert isinstance(first._machine, StoryMachine)
    # Each game is its own model; the machine binds none of them.
    assert first._runtime is not second._runtime
    assert first._machine.models == []
    assert first._machine.auto_transitions is False
    assert not [name for name in dir(first._runtime) if name.startswith(("may_", "to_"))]


def test_the_machine_is_built_once_however_many_games(monkeypatch: pytest.MonkeyPatch) -> None:
    story = load_story(CORE)
    with counting_builds(monkeypatch) as built:
        game = Game(story, seed=3)
        assert (built.machines, built.states) == (1, len(story.scenes))
        game.choose("loop")
        game.choose("flip")
        made = built.transitions
        assert made > 0  # a trigger joins the machine when it is first fired
        data = game.to_data()
        Game(story, seed=4)  # a new game, or a restart
        Game.from_data(story, data)  # a loaded save
        Game.replay(story, 3, ["loop", "flip"])  # a replayed save: its triggers are in the machine already
        game.undo()
        game.restore_state(Game(story, seed=5).state)
    assert (built.machines, built.states, built.transitions) == (1, len(story.scenes), made)


@pytest.fixture(scope="module")
def small_and_big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Story, Story]:
    folder = tmp_path_factory.mktemp("sizes")
    # The same manifest and the same number of files (so of variables): only the scene count differs.
    small = load_story(write_synthetic_story(folder / "small", 100, files=5), use_cache=False)
    big = load_story(write_synthetic_story(folder / "big", 3000, files=5), use_cache=False)
    assert small.variables.keys() == big.variables.keys()
    return small, big


@pytest.mark.parametrize(
    ("what", "action"),
    [
        ("a new game", lambda story, data: Game(story, seed=7)),
        ("a restart", lambda story, data: Game(story, seed=7).restore_state(Game(story, seed=8).state)),
        ("a loaded save", lambda story, data: Game.from_data(story, data)),
    ],
)
def test_creating_a_game_does_the_same_work_on_a_big_story(
    small_and_big: tuple[Story, Story], what: str, action: Callable[[Story, dict[str, Any]], object]
) -> None:
    calls = []
    for story in small_and_big:
        played = Game(story, seed=7)  # also builds the story's machine, before the count
        for choice in ("s00001", "s00002", "s00003"):
            played.advance(choice)
        data = played.to_data()
        action(story, data)  # warm: the first call may import or build lazily
        calls.append(python_calls(partial(action, story, data)))
    small, big = calls
    assert small == big, f"{what}: {small} Python calls on 100 scenes, {big} on 3,000"


def test_a_big_storys_first_game_is_the_only_one_that_builds(
    small_and_big: tuple[Story, Story], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, big = small_and_big
    fresh = dataclasses.replace(big, branches=())  # a copy of the story starts without a machine
    with counting_builds(monkeypatch) as built:
        Game(fresh, seed=1)
        assert built.states == len(fresh.scenes) == 3000
        for seed in range(50):
            Game(fresh, seed=seed)
    assert (built.machines, built.states, built.transitions) == (1, 3000, 0)


# ------------------------------------------------------------ no leak between stories


def test_each_story_object_has_its_own_machine(tmp_path: Path) -> None:
    first = load_story(CORE)
    again = load_story(CORE)  # from the cache this time: a new object
    other = load_story(COUNTDOWN)
    copy = dataclasses.replace(first, branches=("elsewhere",))
    machines = [shared_machine(story) for story in (first, again, other, copy)]
    assert len({id(machine) for machine in machines}) == 4
    for story, machine in zip((first, again, other, copy), machines, strict=True):
        assert set(machine.states) == set(story.scenes)
    # The machine is not story data: stories still compare equal, and it never reaches the cache.
    assert again == first
    assert "_derived" not in {field.name for field in dataclasses.fields(Story) if field.compare}


def test_the_machine_does_not_keep_its_story_alive() -> None:
    """The story holds its machine, never the other way round: no cycle keeps a dropped story alive.

    The command line freezes the collector after loading a story, so a story kept only by a
    reference cycle would never be freed when the UI reloads it.
    """
    story = load_story(COUNTDOWN)
    game = Game(story, seed=1)
    for _ in range(3):
        game.advance(game.enabled_choice_ids()[0])
    seen: set[int] = set()
    todo: list[object] = [shared_machine(story)]
    while todo:
        item = todo.pop()
        if id(item) in seen or isinstance(item, type | types.ModuleType | types.FunctionType):
            continue  # classes, modules and functions lead to everything, through their globals
        seen.add(id(item))
        assert item is not story, "the story is reachable from its machine"
        todo.extend(gc.get_referents(item))
    assert len(seen) > len(story.scenes)  # the walk did go through the machine


def test_a_machine_built_for_one_story_never_serves_a_changed_one(tmp_path: Path) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    text = (
        (CORE / "story.yaml")
        .read_text(encoding="utf-8")
        .replace("- text: Give up\n", "- text: Give up\n        id: give_up\n")
    )
    (folder / "story.yaml").write_text(text, encoding="utf-8")
    before = load_story(folder)
    assert Game(before, seed=1).choose("side").scene == "side"  # the old story's machine is built and used
    epilogue = (
        "\n  epilogue:\n    title: Epilogue\n    text: Later.\n    ending: {id: epilogue, title: Later, tone: calm}\n"
    )
    (folder / "story.yaml").write_text(text.replace("to: lost", "to: epilogue") + epilogue, encoding="utf-8")
    after = load_story(folder)
    game = Game(after, seed=1)
    game.choose("side")
    game.choose("give_up")  # a scene the first story's machine has no state for
    assert game.scene.id == "epilogue"
    assert shared_machine(after) is not shared_machine(before)
    assert "epilogue" in shared_machine(after).states and "epilogue" not in shared_machine(before).states


# --------------------------------------------------------------- independent games


def _random_session(story: Story, games: int, steps: int, seed: int) -> None:
    """Several games on one story, driven in an interleaved random order; each checked against a game alone.

    Actions: take a random enabled choice, undo, save and load (``to_data``/``from_data``),
    restart. After every action each game must be exactly what a game played on its own
    (a replay of its log, with its seed) would be.
    """
    pick = random.Random(seed)
    live = [Game(story, seed=seed * 100 + number) for number in range(games)]
    for _ in range(steps):
        number = pick.randrange(games)
        game = live[number]
        action = pick.random()
        if game.is_over or action < 0.05:
            live[number] = Game(story, seed=pick.randrange(1 << 30))
        elif action < 0.15 and game.can_undo:
            game.undo(pick.randint(1, min(3, game.turn)))
        elif action < 0.22:
            live[number] = Game.from_data(story, game.to_data())
        else:
            game.choose(pick.choice(game.enabled_choice_ids()))
        for other in live:
            alone = Game.replay(story, other.seed, [entry.choice for entry in other.log])
            assert other.to_data() == alone.to_data()
            assert other.view() == alone.view()


@pytest.mark.parametrize("where", [CORE, COUNTDOWN, STORY], ids=["core", "countdown", "bundled"])
def test_interleaved_games_on_one_story_stay_independent(where: Path) -> None:
    story = load_story(where)
    for seed in range(3):
        _random_session(story, games=3, steps=60, seed=seed)


def test_two_games_draw_their_own_random_outcomes(core: Story) -> None:
    """Random outcomes come from each game's own generator, whatever the other game draws in between."""
    alone = Game(core, seed=11)
    alone_draws = []
    for _ in range(20):
        alone_draws.append(alone.choose("flip").scene)
        alone.choose("back")
    first, second = Game(core, seed=11), Game(core, seed=11)
    first_draws = []
    for _ in range(20):
        second.choose("flip")  # the same seed: a shared generator would shift the first game's draws
        first_draws.append(first.choose("flip").scene)
        second.choose("back")
        first.choose("back")
    assert first_draws == alone_draws
    assert {"heads", "tails"} <= set(first_draws)


def test_undo_and_a_failed_choice_in_one_game_leave_the_other_alone(core: Story) -> None:
    first, second = Game(core, seed=1), Game(core, seed=2)
    first.choose("loop")
    second.choose("bonus")
    second.choose("loop")
    kept = second.to_data()
    first.undo()
    with pytest.raises(Exception, match="only once"):
        second.choose("bonus")
    assert second.to_data() == kept
    assert first.turn == 0 and first.state.vars["score"] == 0
    assert second.state.vars["score"] == 101


def test_a_new_trigger_joins_the_machine_only_once_complete(monkeypatch: pytest.MonkeyPatch) -> None:
    """A game on another thread never finds a trigger without its transitions."""
    story = load_story(COUNTDOWN)
    machine = shared_machine(story)
    published_early: list[bool] = []
    add_transition = Event.add_transition

    def recording(self: Event, transition: Transition) -> None:
        published_early.append(self.name in machine.events)
        add_transition(self, transition)

    monkeypatch.setattr(Event, "add_transition", recording)
    game = Game(story, seed=1)
    for _ in range(3):
        game.advance(game.enabled_choice_ids()[0])
    assert published_early and not any(published_early)


def test_games_on_threads_share_the_machine_safely() -> None:
    """Threads playing games on one fresh story (adding triggers to its machine at once) play as if alone."""
    story = load_story(STORY)
    threads = 4
    start = threading.Barrier(threads)
    results: dict[int, list[tuple[int, list[str], dict[str, Any]]]] = {}

    def play(number: int) -> None:
        # An exception here fails the test (pytest turns a thread's unhandled exception into an error).
        start.wait()
        played = []
        for run in range(15):
            seed = number * 1000 + run
            pick = random.Random(seed)
            game = Game(story, seed=seed)
            choices: list[str] = []
            while not game.is_over and len(choices) < 150:
                choices.append(pick.choice(game.enabled_choice_ids()))
                game.advance(choices[-1])
            played.append((seed, choices, game.to_data()))
        results[number] = played

    switching = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        workers = [threading.Thread(target=play, args=(number,)) for number in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    finally:
        sys.setswitchinterval(switching)
    assert sorted(results) == list(range(threads))
    fresh = load_story(STORY, use_cache=False)  # a machine no thread touched
    for played in results.values():
        for seed, choices, data in played:
            assert Game.replay(fresh, seed, choices).to_data() == data
    # The machine the threads filled at once holds the same triggers as one filled by a single thread.
    assert _shape(shared_machine(story)) == _shape(shared_machine(fresh))


def _shape(machine: StoryMachine) -> dict[str, list[tuple[str, str | None]]]:
    """Each trigger of ``machine`` with its transitions (source, destination), in the order they are tried."""
    return {
        name: [(move.source, move.dest) for moves in event.transitions.values() for move in moves]
        for name, event in machine.events.items()
    }


def test_scene_states_enter_and_exit_as_transitions_states_do(core: Story) -> None:
    """SceneState drops only log records: entry callbacks run, and exit callbacks too when a state has any."""
    machine = shared_machine(core)
    state = machine.get_state("hub")
    assert isinstance(state, SceneState)
    calls: list[str] = []
    probe = SceneState(
        "probe", on_enter=[lambda event: calls.append("enter")], on_exit=[lambda event: calls.append("exit")]
    )
    event = EventData(probe, None, machine, Game(core, seed=1)._runtime, args=(), kwargs={})
    probe.enter(event)
    probe.exit(event)
    state.exit(event)  # no exit callbacks: nothing happens
    assert calls == ["enter", "exit"]
    with pytest.raises(ValueError, match="not a registered state"):
        machine.get_state("nowhere")
