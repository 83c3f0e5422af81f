"""Rebuild saves/ from the current story: one complete playthrough per ending, and the reader's path.

Run it after changing the story (it is a script, not a test module)::

    .venv/bin/python tests/make_sample_saves.py            # rewrite saves/
    .venv/bin/python tests/make_sample_saves.py --check    # only say what it would write

For every ending the story has, it plays a complete playthrough with the real
engine and writes it through the real save format (``SaveStore``), as
``saves/<ending id>.json``. A playthrough follows the ending's *route* below
when the story still allows it: a list of waypoints, each either a choice id to
take where the player stands or ``@scene``, which takes the way to that scene
by the fewest choices (then the fewest minutes), or ``?choice``, taken only
where it is offered. An ending with no
route, or whose route no longer fits, is found by a search from the start
towards it, so an ending added later gets a save too.

The reader's path (``READER_PATH``) is the playthrough of a player who reads the
scenes the story is best at: the duty recorder, the protocol, the record and
Patty's review, the council in the galley. It must still reach a hopeful
ending; if a choice in it no longer exists, or the ending it reaches is not
hopeful, the script stops with an error saying where, and writes nothing.
``tests/test_bundled_story.py`` and ``tests/test_reader_path.py`` replay every
file exactly.
"""

from __future__ import annotations

import argparse
import hashlib
import heapq
import itertools
import json
import random
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.engine import ChoiceError, Game, GameState, Story, StoryRuntimeError, load_story  # noqa: E402
from game.saves import SaveStore, read_save  # noqa: E402
from game.saves.replay import verify  # noqa: E402
from game.tools.analysis import successors  # noqa: E402

SAVES = ROOT / "saves"
STORY = ROOT / "story"
READER_SLOT = "reader_path"
#: A fixed time, so the files change only when the story or the route does.
WRITTEN = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
#: Reading speed for a save's play time, and the seconds a choice takes to pick.
WORDS_PER_MINUTE = 230
SECONDS_PER_CHOICE = 4.0
#: The most game states one search may expand before it gives up.
SEARCH_LIMIT = 60_000
#: Guided walks tried when the search does not find an ending, and their length.
WALKS = 3000
WALK_TURNS = 400

# The reader: reads medical (the kit and the duty recorder), the protocol, the
# record, files Patty's review and adds both pieces of evidence, gathers the
# crew, shares the first meal, holds the council, then declares the batch with
# Lewis speaking his own name. Act 1 and Lewis's chapters are crossed by the
# quickest way (the waypoints starting with @); a step starting with ? is taken
# only where it is offered (the lamp, if Act 1 left Nina without one).
READER_PATH: tuple[str, ...] = (
    "@dark_bay",
    "?bay_locker",
    "?locker_to_spine",
    "?spine",
    "medbay",
    "medbay_kit",
    "medbay",
    "medbay_log",
    "medbay",
    "spine",
    "archive",
    "archive_protocol",
    "archive",
    "archive_record",
    "archive",
    "archive_review",
    "file_review",
    "archive",
    "add_evidence",
    "archive",
    "add_evidence",
    "archive",
    "join_patty",
    "engineering",
    "join_mack",
    "bridge",
    "join_oscar",
    "galley",
    "galley_meal",
    "galley",
    "galley_council",
    "plan_talk",
    "resolve_to_hatch",
    "set_out",
    "@core_threshold",
    "core_ladder",
    "core_junction",
    "core_door",
    "vat_hall",
    "core_console",
    "manifest_entry",
    "ask_name",
    "key_turned",
    "@ending",
)
HOPEFUL = "hopeful"

# Preferred routes, one per ending: each shows a different side of the story.
ROUTES: dict[str, tuple[str, ...]] = {
    # Straight to the hatch with nobody gathered: Lewis the only one at the hatch, a clean declaration.
    "one_of_us": ("@dark_bay", "core_hatch", "set_out", "@core_threshold", "core_ladder", "@one_of_us"),
    # Everyone gathered, and Lewis at the console speaking his name in time.
    "landfall": (
        "@dark_bay",
        "spine",
        "engineering",
        "join_mack",
        "archive",
        "join_patty",
        "bridge",
        "join_oscar",
        "galley",
        "galley_meal",
        "galley",
        "spine",
        "spine_to_hatch",
        "set_out",
        "@core_threshold",
        "core_counsel",
        "counsel_crew",
        "@landfall",
    ),
    # Mack comes down; the clock is spent on light and on the pump deck; Mack holds the wheel.
    "the_price": (
        "@dark_bay",
        "spine",
        "engineering",
        "eng_slow",
        "engineering",
        "eng_valve",
        "engineering",
        "join_mack",
        "bridge",
        "bridge_calder",
        "bridge",
        "bridge_sensors",
        "bridge",
        "spine",
        "spine_to_hatch",
        "set_out",
        "@core_threshold",
        "core_ladder",
        "feel_down",
        "core_valves",
        "core_door",
        "crank_door",
        "core_console",
        "core_protocol",
        "core_console",
        "manifest_entry",
        "type_name",
        "key_turned",
        "valve_hold",
        "price_mack",
    ),
    # Patty comes down with her injector; Lewis offers his arm at the hatch; the ramp.
    "correct_copy": (
        "@dark_bay",
        "spine",
        "archive",
        "join_patty",
        "spine_to_hatch",
        "set_out",
        "@core_threshold",
        "sedate_lewis",
        "core_ladder",
        "@core_console",
        "vat_intake",
        "put_lewis_in",
    ),
    # Lewis takes the feed trunk and waits on the rim; Nina finds him there and breaks the vats.
    "cold_vats": (
        "@dark_bay",
        "core_hatch",
        "set_out",
        "@lewis_vats",
        "lw_wait_on_rim",
        "@lewis_at_vats",
        "@cold_vats",
    ),
    # Lewis's last print: the rail, without recording his words first.
    "last_print": ("@dark_bay", "core_hatch", "set_out", "@lewis_rail", "lw_let_go_rail"),
    # Lewis sits down against the vats and lets the numbers fall.
    "only_error": ("@dark_bay", "core_hatch", "set_out", "@lewis_wait", "@only_error"),
    # Lewis takes the dark option: he hunts the crew, takes the pilot down and goes over the rail with him.
    "one_unit": (
        "the_pods",
        "the_log",
        "fifth_pod",
        "stay_back",
        "speak_to_him",
        "name_him",
        "tackle",
        "call_lewis",
        "red_light",
        "listen_for_lewis",
        "lewis_lamp",
        "lw_leave_lamp",
        "lw_turn_back",
        "lw_set_bait",
        "lw_to_dark_bay",
        "core_hatch",
        "set_out",
        "lw_take_pilot",
        "lw_carry_down",
        "lw_over_the_rail",
    ),
    # The clock runs out while Nina wanders the dark deck.
    "reclaimed": ("@dark_bay", "@reclaimed"),
}


class RouteError(Exception):
    """A route or the reader's path does not fit the story any more; the message says where."""


def state_key(state: GameState) -> str:
    """Everything that decides what can happen next (the log and the turn count aside)."""
    data = state.snapshot()
    data.pop("turn", None)
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def graph_distances(story: Story, target: str) -> dict[str, int]:
    """Fewest choices from each scene to ``target``, guards ignored (the search's guide)."""
    reverse: dict[str, set[str]] = {scene: set() for scene in story.scenes}
    for scene, following in successors(story).items():
        for other in following:
            reverse.setdefault(other, set()).add(scene)
    distance = {target: 0}
    frontier = [target]
    while frontier:
        following_frontier: list[str] = []
        for scene in frontier:
            for before in reverse.get(scene, ()):
                if before not in distance:
                    distance[before] = distance[scene] + 1
                    following_frontier.append(before)
        frontier = following_frontier
    return distance


def search(
    game: Game,
    goal: Callable[[Game], bool],
    rank: Callable[[Game, float, int], tuple[float, ...]],
    limit: int = SEARCH_LIMIT,
) -> Game:
    """The first game state reached from ``game`` for which ``goal`` holds, best ``rank`` first."""
    story, seed = game.story, game.seed
    order = itertools.count()
    start = game.state.copy()
    queue: list[tuple[tuple[float, ...], int, GameState]] = [(rank(game, 0, 0), next(order), start)]
    seen = {state_key(start)}
    explorer = Game(story, seed)
    expanded = 0
    while queue and expanded < limit:
        _, _, state = heapq.heappop(queue)
        explorer.restore_state(state)
        if goal(explorer):
            found = Game(story, seed)
            found.restore_state(state)
            return found
        expanded += 1
        if explorer.is_over:
            continue
        for choice_id in explorer.enabled_choice_ids():
            explorer.restore_state(state)
            try:
                explorer.advance(choice_id)
            except (ChoiceError, StoryRuntimeError):
                continue
            following = explorer.state
            key = state_key(following)
            if key in seen:
                continue
            seen.add(key)
            spent = sum(entry.cost for entry in following.log[len(start.log) :])
            turns = len(following.log) - len(start.log)
            heapq.heappush(queue, (rank(explorer, spent, turns), next(order), following.copy()))
    raise RouteError(f"no way found from scene '{game.scene.id}' within {limit:,} states")


def go_to_scene(game: Game, scene: str) -> Game:
    """A short way to ``scene``: fewest choices by the story graph first, then the fewest minutes spent."""
    if scene not in game.story.scenes:
        raise RouteError(f"the waypoint @{scene} names no scene of the story")
    distance = graph_distances(game.story, scene)
    far = len(game.story.scenes)
    return search(
        game, lambda g: g.scene.id == scene, lambda g, spent, turns: (distance.get(g.scene.id, far) + turns, spent)
    )


def go_to_ending(game: Game, ending: str | None) -> Game:
    """Any complete playthrough from here to ``ending`` (None: any ending), guided by the story graph."""
    story = game.story
    expiry = story.countdown.expires if story.countdown else None

    def reached(g: Game) -> bool:
        return g.scene.ending is not None and (ending is None or g.scene.ending.id == ending)

    if ending is None:
        return search(game, reached, lambda g, spent, turns: (0 if g.scene.ending else 1, turns))
    if ending == expiry:
        if not game.state.countdown_active:
            game = search(game, lambda g: g.state.countdown_active, lambda g, spent, turns: (turns,))
        return burn_clock(game, ending)
    distance = graph_distances(story, ending)
    far = len(story.scenes)
    try:
        return search(game, reached, lambda g, spent, turns: (distance.get(g.scene.id, far), turns), limit=20_000)
    except RouteError:
        return guided_walks(game, ending, distance)


def guided_walks(game: Game, ending: str, distance: dict[str, int]) -> Game:
    """Seeded walks that mostly take the choice closest to ``ending`` by the graph: the first that gets there."""
    story, seed = game.story, game.seed
    far = len(story.scenes)
    for walk in range(WALKS):
        picker = random.Random(walk)
        current = Game(story, seed)
        current.restore_state(game.state)
        for _ in range(WALK_TURNS):
            if current.is_over:
                break
            enabled = current.enabled_choice_ids()
            if not enabled:
                break
            if picker.random() < 0.75:
                nearest: list[tuple[int, int, str]] = []
                for index, choice_id in enumerate(enabled):
                    choice = current.scene.choice(choice_id)
                    assert choice is not None
                    nearest.append((min(distance.get(o.scene, far) for o in choice.outcomes), index, choice_id))
                choice_id = min(nearest)[2]
            else:
                choice_id = picker.choice(enabled)
            try:
                current.advance(choice_id)
            except (ChoiceError, StoryRuntimeError):
                break
        if current.scene.ending is not None and current.scene.ending.id == ending:
            return current
    raise RouteError(f"no playthrough to '{ending}' found (a search and {WALKS:,} guided walks)")


def burn_clock(game: Game, ending: str) -> Game:
    """Reach the countdown's expiry ending: wander (the choice taken least so far, then the one leaving least time).

    Another ending is never chosen while something else is offered.
    """
    story, seed = game.story, game.seed
    for _ in range(1000):
        if game.is_over:
            if game.scene.ending is not None and game.scene.ending.id == ending:
                return game
            break
        options: list[tuple[bool, int, int | float, int, str]] = []
        taken = [(entry.scene, entry.choice) for entry in game.log]
        for index, choice_id in enumerate(game.enabled_choice_ids()):
            trial = Game(story, seed)
            trial.restore_state(game.state)
            try:
                trial.advance(choice_id)
            except (ChoiceError, StoryRuntimeError):
                continue
            other_ending = trial.scene.ending is not None and trial.scene.ending.id != ending
            times = taken.count((game.scene.id, choice_id))
            options.append((other_ending, times, trial.state.remaining, index, choice_id))
        if not options:
            break
        game.advance(min(options)[4])
    raise RouteError(f"spending the clock from scene '{game.scene.id}' did not reach '{ending}'")


def follow(story: Story, seed: int, route: Sequence[str], what: str) -> Game:
    """Play ``route`` (choice ids and @waypoints) from a new game; RouteError names the first misfit."""
    game = Game(story, seed)
    for step in route:
        if step == "@ending":
            game = go_to_ending(game, None)
        elif step.startswith("@"):
            name = step[1:]
            ending_ids = {scene.ending.id for scene in story.endings if scene.ending}
            game = go_to_ending(game, name) if name in ending_ids else go_to_scene(game, name)
        elif step.startswith("?"):
            if step[1:] in game.enabled_choice_ids():
                game.advance(step[1:])
        else:
            enabled = game.enabled_choice_ids()
            if step not in enabled:
                shown = ", ".join(enabled) or "none"
                raise RouteError(
                    f"{what}: at scene '{game.scene.id}' (turn {game.turn + 1}) the choice '{step}' is not "
                    f"available (available: {shown}); update the route in tests/make_sample_saves.py"
                )
            game.advance(step)
    if not game.is_over:
        raise RouteError(f"{what}: the route ends in scene '{game.scene.id}', which is not an ending")
    return game


def seed_for(name: str) -> int:
    """A fixed seed per save, so random outcomes are the same every time the script runs."""
    return int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:6], 16) % 100_000


def reading_seconds(story: Story, game: Game) -> float:
    """How long the playthrough takes to read: every view's words, plus a few seconds a choice."""
    replay = Game(story, game.seed)
    words = len(replay.view().text.split())
    for entry in game.log:
        replay.advance(entry.choice)
        words += len(replay.view().text.split())
    return round(words / WORDS_PER_MINUTE * 60 + SECONDS_PER_CHOICE * len(game.log), 1)


def ending_playthrough(story: Story, ending: str) -> tuple[Game, str]:
    """A complete playthrough to ``ending``: its route when it fits, else a search; and how it was found."""
    seed = seed_for(ending)
    route = ROUTES.get(ending)
    if route is not None:
        try:
            game = follow(story, seed, route, f"the route to '{ending}'")
        except RouteError as error:
            note = f"route did not fit ({error}); searched instead"
        else:
            if game.scene.ending is not None and game.scene.ending.id == ending:
                return game, "route"
            reached = game.scene.ending.id if game.scene.ending else game.scene.id
            note = f"route reached '{reached}' instead; searched instead"
    else:
        note = "no route; searched"
    return go_to_ending(Game(story, seed), ending), note


def reader_playthrough(story: Story) -> Game:
    """The reader's path; RouteError if it no longer fits or no longer ends in hope."""
    game = follow(story, seed_for(READER_SLOT), READER_PATH, "the reader's path")
    ending = game.scene.ending
    assert ending is not None
    if ending.tone != HOPEFUL:
        raise RouteError(
            f"the reader's path now ends in '{ending.id}' ({ending.tone}), not a hopeful ending, with "
            f"{game.state.remaining} minutes left: rebalance the clock or update READER_PATH"
        )
    return game


def key_minutes(game: Game) -> int | float | None:
    """Minutes on the clock when the key was turned for the declaration (None if it never was)."""
    replay = Game(game.story, game.seed)
    for entry in game.log:
        if entry.choice == "key_turned":
            return replay.state.remaining
        replay.advance(entry.choice)
    return None


def write_saves(story: Story, games: dict[str, Game], directory: Path) -> None:
    """Write every game through the real save format into ``directory``, replacing the old sample saves."""
    with tempfile.TemporaryDirectory() as scratch:
        store = SaveStore(Path(scratch), clock=lambda: WRITTEN)
        written = {
            slot: store.save(slot, game, play_time=reading_seconds(story, game)).path for slot, game in games.items()
        }
        for path in written.values():
            save = read_save(path)
            problem = verify(story, save)
            if problem is not None:
                raise RouteError(f"{path.name} does not replay exactly: {problem}")
        directory.mkdir(exist_ok=True)
        for old in directory.glob("*.json"):
            old.unlink()
        for path in written.values():
            (directory / path.name).write_bytes(path.read_bytes())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="play every route and report, but write nothing")
    args = parser.parse_args(argv)
    story = load_story(STORY)
    games: dict[str, Game] = {}
    try:
        for scene in story.endings:
            assert scene.ending is not None
            game, how = ending_playthrough(story, scene.ending.id)
            games[scene.ending.id] = game
            print(f"{scene.ending.id:14} {len(game.log):3} choices  ({how})")
        reader = reader_playthrough(story)
    except RouteError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    games[READER_SLOT] = reader
    assert reader.scene.ending is not None
    print(
        f"{READER_SLOT:14} {len(reader.log):3} choices  -> {reader.scene.ending.id}, "
        f"{key_minutes(reader)} minutes left when the key turned"
    )
    if args.check:
        return 0
    try:
        write_saves(story, games, SAVES)
    except RouteError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"wrote {len(games)} saves in {SAVES.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
