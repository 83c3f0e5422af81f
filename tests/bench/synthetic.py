"""A synthetic story of any size, for benchmarks and tests.

``write_synthetic_story`` writes a valid story: a manifest (variables, crew,
countdown, UI classes) and scenes spread over several files, each scene with
three choices. Scene ``i`` is ``s{i:05d}``; every 50th scene (``i % 50 == 49``)
and the last scene are endings. In every other scene:

* the first choice goes on to the next scene that is not an ending (wrapping
  round to the start), unguarded, never ``once``, sometimes with effects or a
  cost: following it forever never ends the game;
* the second (id ``search``) is guarded with an ``if`` (half of them with a
  ``disabled`` reason) and leads anywhere, endings included;
* the third (id ``run``) leads to its block's ending, or every tenth scene is a
  random choice between two later non-ending scenes; it has effects and is
  sometimes guarded or ``once``.

The countdown is started early (the first choice of ``s00001``) at a value far
above what 10,000 choices can spend, so the expiry scene is reachable only by
a guarded choice, never by following the path.

``synthetic_choice_path`` plays the story headless and returns a long list of
choice ids that never reaches an ending; replay it with ``Game(story, seed=seed)``
(random outcomes draw from the game's own seeded generator).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from game.engine import Game, Story

ENDING_EVERY = 50
COUNTDOWN_START = 1_000_000
FLAGS = 8
COUNTERS = 6


def scene_id(index: int) -> str:
    """The id of the synthetic scene ``index``."""
    return f"s{index:05d}"


def is_ending(index: int, scenes: int) -> bool:
    """True when synthetic scene ``index`` is an ending."""
    return index % ENDING_EVERY == ENDING_EVERY - 1 or index == scenes - 1


def _next_playable(index: int, scenes: int) -> int:
    following = (index + 1) % scenes
    while is_ending(following, scenes):
        following = (following + 1) % scenes
    return following


def _q(text: str) -> str:
    # JSON strings of ASCII text are valid double-quoted YAML scalars.
    return json.dumps(text)


def _manifest(scenes: int) -> str:
    first_ending = ENDING_EVERY - 1 if scenes > ENDING_EVERY else scenes - 1
    lines = [
        "story:",
        "  id: synthetic",
        "  title: Synthetic",
        '  version: "1.0"',
        f"  start: {scene_id(0)}",
        "  crew:",
    ]
    for member in range(3):
        lines += [
            f"    - id: crew{member}",
            f"      name: Crew {member}",
            "      role: Tester",
            f"      alive: not f{member + 5}",
            "      stats:",
            f"        Count: c{member}",
            f'        State: "{{if f{member}}}busy{{else}}idle{{end}}"',
        ]
    lines += [
        "  countdown:",
        "    label: Clock",
        "    unit: min",
        f"    start: {COUNTDOWN_START}",
        "    warning: 20",
        f"    expires: {scene_id(first_ending)}",
        "  ui:",
        "    classes:",
        "      dark: not lights",
        '      tense: mood == "tense"',
        "vars:",
        "  lights: true",
        '  mood: "calm"',
    ]
    lines += [f"  f{flag}: false" for flag in range(FLAGS)]
    lines += [f"  c{counter}: 0" for counter in range(COUNTERS)]
    return "\n".join(lines) + "\n"


def _guard(index: int, rng: random.Random) -> str:
    a, b = rng.randrange(COUNTERS), rng.randrange(COUNTERS)
    f, g = rng.randrange(FLAGS), rng.randrange(FLAGS)
    kind = index % 8
    if kind == 0:
        return f"c{a} >= {rng.randrange(1, 6)}"
    if kind == 1:
        return f"f{f} and not f{g}"
    if kind == 2:
        return f"visited({scene_id(rng.randrange(max(index, 1)))})"
    if kind == 3:
        return f"c{a} + c{b} > {rng.randrange(2, 9)} or f{f}"
    if kind == 4:
        return "countdown and remaining > 10"
    if kind == 5:
        return 'mood == "calm"'
    if kind == 6:
        # Monotonic in the turn: Game._take counts the turn before the machine re-checks
        # the guard, so a guard like 'turn % 3 == 0' is shown enabled and then refused.
        return f"turn > {rng.randrange(5, 500)}"
    return f"min(c{a}, 4) < max(c{b}, 1)"


def _effects(index: int, rng: random.Random, indent: str) -> list[str]:
    a = rng.randrange(COUNTERS)
    f = rng.randrange(FLAGS)
    kind = index % 6
    if kind == 0:
        items = [f"add: {{c{a}: 1}}"]
    elif kind == 1:
        items = [f"set: {{f{f}: {'true' if index % 4 else 'false'}}}"]
    elif kind == 2:
        items = [f'set: {{c{a}: "= (c{a} + {index % 17}) % 11"}}', f"add: {{c{(a + 1) % COUNTERS}: -1}}"]
    elif kind == 3:
        items = [f"set: {{mood: {_q('tense' if index % 2 else 'calm')}, lights: {'false' if index % 3 else 'true'}}}"]
    elif kind == 4:
        items = ["countdown: {add: 2}"]
    else:
        items = [f"add: {{c{a}: 2, c{(a + 2) % COUNTERS}: 1}}"]
    return [f"{indent}effects:"] + [f"{indent}  - {item}" for item in items]


def _scene(index: int, scenes: int, rng: random.Random, local: str) -> list[str]:
    sid = scene_id(index)
    lines = [f"  {sid}:"]
    if index % 5 == 0:
        lines.append(f'    title: "{{if lights}}Lit{{else}}Dark{{end}} room {index}"')
    else:
        lines.append(f"    title: Room {index}")
    counter = index % COUNTERS
    flag = index % FLAGS
    lines += [
        "    text: |",
        f"      You stand in room {index} of the synthetic ship. The air tastes of",
        f"      metal and old coolant; a panel counts {{c{counter}}} and the clock says",
        "      {remaining} {countdown_unit}.",
        f"      {{if f{flag}}}Someone has been here before you.{{else}}Nobody has been here.{{end}}",
        f"      {{if visited({scene_id(max(index - 1, 0))})}}The way back is familiar.{{end}}",
    ]
    if is_ending(index, scenes):
        tone = ("grim", "bittersweet", "hopeful")[index % 3]
        lines.append(f"    ending: {{id: end_{index}, title: Ending {index}, tone: {tone}}}")
        return lines
    if index % 7 == 0:
        lines += ["    on_enter:", f"      - add: {{{local}: 1}}"]
    following = _next_playable(index, scenes)
    lines += ["    choices:", f"      - text: Go on to room {following}", f"        to: {scene_id(following)}"]
    if index == 1:
        lines += ["        effects:", "          - countdown: start"]
    elif index % 3 == 0:
        lines += _effects(index, rng, "        ")
    if index % 4 == 0:
        lines.append("        cost: 2")
    elif index % 9 == 0:
        lines.append("        cost: 0")
    # A guarded choice that may lead anywhere, endings included.
    anywhere = rng.randrange(scenes)
    lines += [
        f"      - text: Search the room ({{c{(counter + 1) % COUNTERS}}} found)",
        "        id: search",
        f"        to: {scene_id(anywhere)}",
        f"        if: {_q(_guard(index, rng))}",
    ]
    if index % 2 == 0:
        lines.append('        disabled: "Not yet: {if lights}the room is bare{else}it is too dark{end}."')
    if index % 5 == 1:
        lines += _effects(index + 1, rng, "        ")
    if index % 6 == 2:
        lines.append("        cost: 3")
    # The third choice: the block's ending, or a random jump between two playable scenes.
    lines += ["      - text: Run", "        id: run"]
    if index % 10 == 5:
        one, two = _next_playable(following, scenes), _next_playable(rng.randrange(scenes), scenes)
        if two == one:  # a random 'to' names two different scenes (a repeated key is a load error)
            two = _next_playable(one, scenes)
        lines.append(f"        to: {{{scene_id(one)}: 2, {scene_id(two)}: 1}}")
    else:
        block_end = min((index // ENDING_EVERY) * ENDING_EVERY + ENDING_EVERY - 1, scenes - 1)
        lines.append(f"        to: {scene_id(block_end)}")
    lines += _effects(index + 2, rng, "        ")
    if index % 4 == 1:
        lines.append(f"        if: {_q(_guard(index + 3, rng))}")
    if index % 8 == 3:
        lines.append("        once: true")
    return lines


def write_synthetic_story(directory: Path, scenes: int = 10_000, *, files: int = 20, seed: int = 0) -> Path:
    """Write a valid synthetic story of ``scenes`` scenes into ``directory``; returns it.

    The manifest and shared variables go in ``story.yaml``; the scenes are cut
    into ``files`` files of consecutive scenes under ``acts/``, each declaring
    a local variable of its own. The same arguments always write the same bytes.
    """
    if scenes < 3:
        raise ValueError("a synthetic story needs at least 3 scenes")
    files = max(1, min(files, scenes))
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "story.yaml").write_text(_manifest(scenes), encoding="utf-8")
    acts = directory / "acts"
    acts.mkdir(exist_ok=True)
    rng = random.Random(seed)
    per_file = -(-scenes // files)
    for number in range(files):
        first, last = number * per_file, min((number + 1) * per_file, scenes)
        if first >= last:
            break
        local = f"act{number:02d}_visits"
        lines = [f"# Scenes {first} to {last - 1}.", "vars:", f"  {local}: 0", "scenes:"]
        for index in range(first, last):
            lines += _scene(index, scenes, rng, local)
        (acts / f"act_{number:02d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


def synthetic_choice_path(story: Story, length: int, seed: int = 0) -> list[str]:
    """``length`` choice ids that play ``story`` from its start without reaching an ending.

    The path is found by playing a headless ``Game(story, seed=seed)``: at each
    turn one of the enabled choices whose every outcome is a non-ending scene
    is picked at random (seeded), so guarded, ``once`` and random choices are
    all exercised. Replay it with a game of the same seed. Raises ValueError
    if the story leaves no such choice (a synthetic story always has one).
    """
    picker = random.Random(seed)
    game = Game(story, seed=seed)
    scenes = story.scenes
    path: list[str] = []
    for _ in range(length):
        scene = game.scene
        clock = game.countdown()
        eligible = []
        for view in game.choices():
            if not view.enabled:
                continue
            choice = scene.choice(view.id)
            assert choice is not None
            if any(scenes[outcome.scene].ending is not None for outcome in choice.outcomes):
                continue
            if clock.active and clock.remaining - choice.cost <= 0:
                continue
            eligible.append(view.id)
        if not eligible:
            raise ValueError(f"no choice out of scene '{scene.id}' avoids an ending at turn {game.turn}")
        chosen = picker.choice(eligible)
        game.choose(chosen)
        path.append(chosen)
    return path
