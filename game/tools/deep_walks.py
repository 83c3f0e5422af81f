"""The deep check's plays from the start: witnesses, and random walks after a cut search.

A witness is the exact choice sequence from the start to a state the
breadth-first search found, and a seed that reproduces its random outcomes,
so ``exception play`` or a test can replay it. When the bounds cut the search,
seeded random walks look for the scenes and guards it missed.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Hashable

from game.engine import ChoiceError, Game, GameState, Story, StoryRuntimeError
from game.tools.deep_report import DeepReport

WALK_TURNS = 2000
#: Seeds tried to reproduce a witness's random outcomes.
WITNESS_SEEDS = 5000

#: How the search reached a state: the state before, the choice taken, the outcome's scene (None: the start).
Parent = tuple[Hashable, str, str] | None


def witness_path(parents: dict[Hashable, Parent], key: Hashable) -> tuple[str, ...]:
    """The choices from the start to the state ``key``, along the way ``parents`` records."""
    choices: list[str] = []
    parent = parents[key]
    while parent is not None:
        previous, choice, _outcome = parent
        choices.append(choice)
        parent = parents[previous]
    choices.reverse()
    return tuple(choices)


def reproducing_seed(
    story: Story, choices: tuple[str, ...], target: Hashable, key: Callable[[GameState], Hashable]
) -> int | None:
    """A seed under which playing ``choices`` reaches exactly the state ``target`` (as ``key`` sees states)."""
    random_turns = _random_turns(story, choices)
    for seed in range(WITNESS_SEEDS if random_turns else 1):
        try:
            game = Game.replay(story, seed, choices)
        except (ChoiceError, StoryRuntimeError):
            continue
        if key(game.state) == target:
            return seed
    return None


def _random_turns(story: Story, choices: tuple[str, ...]) -> bool:
    return any(choice.is_random for scene in story.scenes.values() for choice in scene.choices if choice.id in choices)


def _unreached(story: Story, report: DeepReport) -> bool:
    return len(report.scenes_reached) < len(story.scenes)


def _dead_guards(story: Story, guard_true: set[tuple[str, str]]) -> bool:
    return any(
        choice.guard is not None and (scene.id, choice.id) not in guard_true
        for scene in story.scenes.values()
        for choice in scene.choices
    )


def random_walks(
    story: Story,
    game: Game,
    report: DeepReport,
    guard_true: set[tuple[str, str]],
    budget: float,
    clock: Callable[[], float],
    failed: Callable[[str, str, tuple[str, ...]], None],
) -> None:
    """After a cut search: seeded random walks (least-used choices first) look for what it missed.

    They only add to what counts as reached, so a scene the bounded search
    skipped past is not reported as unreachable when play can get there.
    ``game`` is played on; each (scene, choice) found enabled joins
    ``guard_true``; a turn that fails to draw is passed to ``failed`` (scene,
    message, the choices that led there) while ``game`` is still in that state.
    """
    if not (_unreached(story, report) or _dead_guards(story, guard_true)) or budget <= 0:
        return
    started = clock()
    used: Counter[tuple[str, str]] = Counter()
    first = Game(story, 0).state
    walks = 0
    while clock() - started < budget and (_unreached(story, report) or _dead_guards(story, guard_true)):
        picker = random.Random(walks)
        walks += 1
        game.restore_state(first)
        taken: list[str] = []
        for _ in range(WALK_TURNS):
            scene = game.scene
            report.scenes_reached.add(scene.id)
            try:
                game.view()  # every turn a walk reaches is drawn too, as play would draw it
            except StoryRuntimeError as error:
                failed(scene.id, str(error), tuple(taken))
                break
            if scene.ending is not None:
                report.endings_reached.add(scene.ending.id)
                break
            try:
                enabled = game.enabled_choice_ids()
            except StoryRuntimeError:
                break
            if not enabled:
                break  # the breadth-first search reports soft locks, with their witnesses
            guard_true.update((scene.id, choice) for choice in enabled)
            fewest = min(used[(scene.id, choice)] for choice in enabled)
            choice_id = picker.choice([choice for choice in enabled if used[(scene.id, choice)] == fewest])
            used[(scene.id, choice_id)] += 1
            taken.append(choice_id)
            choice = scene.choice(choice_id)
            assert choice is not None
            outcome = picker.choices(choice.outcomes, weights=[item.weight for item in choice.outcomes])[0]
            try:
                game.advance(choice_id, outcome=outcome.scene)
            except (StoryRuntimeError, ChoiceError):
                break
    report.walks = walks
