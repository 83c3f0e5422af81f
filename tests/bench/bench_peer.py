"""Benchmark the engine side by side with inkjs on the same story graph; prints the issue's table.

    python tests/bench/bench_peer.py [--peer DIR] [--sizes 1000,10000] [--rounds R] [--baseline ROOT]

The peer folder (``shared/peer-ink`` beside the project; ``--peer`` names
another place) holds ``gen_ink.py``, which writes a synthetic graph as ink
source and, with ``--json``, engine-neutral, and ``bench.js``, which compiles
and plays the ink story with inkjs. The folder is copied to a temporary
directory and ``npm install`` runs there (the original is never written to).

For each size N, in one run on one machine:

* the graph from ``gen_ink.py N SEED --json`` is written as a story in this
  engine's YAML format (one file: knots are scenes, each choice keeps its
  target, guard and effect; every 50th knot is an ending);
* inkjs runs it (``node bench.js``: compile, load of the compiled JSON, random
  play, RSS) in fresh processes;
* this engine runs it in fresh processes: a load without the cache (the
  compile's counterpart), the cached load (median of 5), RSS after the first
  cached load, ``Game()`` on the loaded story, and random play with the same
  mulberry32 driver as ``bench.js``: ``floor(rand() * n)`` among the n enabled
  choices in story order, ``Game.choose`` for each, a new ``Game`` at an
  ending (a warm-up run, then the median of 3 runs), timed by the wall clock
  and, since the machines are shared, by CPU time too (for inkjs by a small
  driver written beside ``bench.js`` in the copy: the same play, CPU-timed).

The same number of endings on both sides proves both engines walked the same
path. ``--baseline ROOT`` also runs the engine of another checkout of the
project (e.g. the main branch, unpacked with ``git archive``) in the same run,
so before and after sit side by side. Compare ratios, not absolute times: the
machines are shared and noisy; ``--rounds R`` runs everything R times,
alternating, and shows medians. This is a benchmark script, not a test.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

_TESTS = Path(__file__).resolve().parent.parent
PROJECT = _TESTS.parent

SEED = 1
PLAY_SEED = 12345
CHOICES = 20_000
LOAD_RUNS = 5
PLAY_RUNS = 3
#: Game() is timed this many times at most, and for about this long.
GAME_RUNS = 300
GAME_SECONDS = 1.5

# Targets (issue 16), as ratios to inkjs unless said otherwise.
TARGET_RATIO = 0.5
TARGET_GAME_MS = 1.0

#: Random play on inkjs again, timing CPU as well as the wall clock (bench.js times the wall clock only):
#: on a busy machine a process's wall time counts the time others ran, its CPU time does not. The same
#: driver as bench.js (mulberry32, floor(rand() * n) of the choices shown, a reset at an ending); the
#: same endings count shows it walked the same path.
_INK_CPU_PLAY = r"""
"use strict";
const fs = require("fs");
const { Story } = require("inkjs/full");
function mulberry32(seed) {  // as in bench.js
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const [file, choices, seed] = [process.argv[2], parseInt(process.argv[3], 10), parseInt(process.argv[4], 10)];
const story = new Story(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
function play(count, playSeed) {
  const rand = mulberry32(playSeed);
  story.ResetState();
  let endings = 0;
  const cpu = process.cpuUsage();
  const wall = performance.now();
  for (let made = 0; made < count; ) {
    story.ContinueMaximally();
    const current = story.currentChoices;
    if (current.length === 0) { endings++; story.ResetState(); continue; }
    story.ChooseChoiceIndex(Math.floor(rand() * current.length));
    made++;
  }
  const used = process.cpuUsage(cpu);
  return { wall: ((performance.now() - wall) * 1000) / count, cpu: (used.user + used.system) / count, endings };
}
play(Math.ceil(choices / 10), seed + 1);
const runs = [0, 1, 2].map(() => play(choices, seed));
const median = (xs) => [...xs].sort((a, b) => a - b)[1];
console.log(JSON.stringify({ cpu_us_per_choice: median(runs.map((r) => r.cpu)),
  wall_us_per_choice: median(runs.map((r) => r.wall)), endings: runs[0].endings }));
"""

_EFFECTS = {"trust+1": "add: {trust: 1}", "lights_toggle": 'set: {lights: "= not lights"}'}


# ------------------------------------------------------------------ the driver


def mulberry32(seed: int) -> Callable[[], float]:
    """The random generator of ``bench.js``: the same seed gives the same numbers as there."""
    state = seed & 0xFFFFFFFF

    def draw() -> float:
        # Math.imul(a, b) is (a * b) mod 2**32; the driver's own cost is part of every choice, so it is inlined.
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = ((state ^ (state >> 15)) * (state | 1)) & 0xFFFFFFFF
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return draw


# ------------------------------------------------------------- the story graph


def _q(text: str) -> str:
    # JSON strings are valid double-quoted YAML scalars.
    return json.dumps(text)


def _guard(guard: dict[str, Any]) -> str:
    if guard["var"] == "trust":
        return f"trust {guard['op']} {int(guard['value'])}"
    return "lights"


def graph_to_yaml(graph: dict[str, Any]) -> str:
    """The graph of ``gen_ink.py --json`` as one story file in this engine's format."""
    lines = [
        "story:",
        "  id: peer_graph",
        f"  title: {_q('Peer graph N=' + str(graph['n']))}",
        '  version: "1.0"',
        f"  start: {graph['start']}",
        "vars:",
    ]
    for name, value in graph["vars"].items():
        lines.append(f"  {name}: {json.dumps(value)}")
    lines.append("scenes:")
    for knot in graph["knots"]:
        name = knot["name"]
        lines += [f"  {name}:", f"    title: {_q(name)}", "    text: |"]
        lines += [f"      {line}" for line in knot["prose"]]
        if knot["ending"]:
            lines.append(f"    ending: {{id: {name}, title: {_q('The end at ' + name)}, tone: quiet}}")
            continue
        lines.append("    choices:")
        for number, choice in enumerate(knot["choices"]):
            # Explicit ids: two choices of a knot may share a target.
            lines += [
                f"      - id: c{number}",
                f"        text: {_q(choice['text'])}",
                f"        to: {choice['target']}",
            ]
            if choice["guard"] is not None:
                lines.append(f"        if: {_q(_guard(choice['guard']))}")
            if choice["effect"] is not None:
                lines.append(f"        effects: [{_EFFECTS[choice['effect']]}]")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------- the engine's side


def _rss_mb() -> float:
    """This process's resident memory now (as ``process.memoryUsage().rss`` in node)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def engine_child(root: Path, story_dir: Path, phase: str, choices: int, seed: int) -> dict[str, Any]:
    """In a fresh process: measure the engine found under ``root``; returns the figures."""
    sys.path.insert(0, str(root))
    # Imported here, once ``root`` leads the path: the engine measured is the one under ``root``.
    import game
    from game.engine import Game, load_story

    if not Path(game.__file__).resolve().is_relative_to(root.resolve()):
        raise RuntimeError(f"the engine came from {game.__file__}, not from {root}")
    rss_after_import = _rss_mb()
    if phase == "cold":
        started = time.perf_counter()
        load_story(story_dir, use_cache=False)
        cold = time.perf_counter() - started
        load_story(story_dir)  # fills the cache for the runtime phase
        return {"cold_s": cold}

    loads = []
    story = None
    rss_after_load = 0.0
    for run in range(LOAD_RUNS):
        started = time.perf_counter()
        story = load_story(story_dir)
        loads.append(time.perf_counter() - started)
        if run == 0:
            rss_after_load = _rss_mb()
    assert story is not None
    gc.freeze()  # as the command line does once the story is loaded

    game_times: list[float] = []
    deadline = time.perf_counter() + GAME_SECONDS
    while len(game_times) < GAME_RUNS and (len(game_times) < 5 or time.perf_counter() < deadline):
        started = time.perf_counter()
        Game(story, len(game_times))
        game_times.append(time.perf_counter() - started)

    def play(count: int, play_seed: int) -> tuple[float, float, int, int]:
        draw = mulberry32(play_seed)
        game = Game(story, 0)
        view = game.view()
        endings = made = characters = 0
        started_cpu = time.process_time()
        started = time.perf_counter()
        while made < count:
            characters += len(view.text)
            if view.ending is not None:
                endings += 1
                game = Game(story, endings)
                view = game.view()
                continue
            enabled = [choice for choice in view.choices if choice.enabled]
            view = game.choose(enabled[int(draw() * len(enabled))].id)
            made += 1
        wall = time.perf_counter() - started
        return wall / count, (time.process_time() - started_cpu) / count, endings, characters

    play(-(-choices // 10), seed + 1)  # warm-up, as bench.js does
    plays = [play(choices, seed) for _ in range(PLAY_RUNS)]
    if len({(endings, characters) for _, _, endings, characters in plays}) != 1:
        raise RuntimeError("random play is not deterministic across runs")
    return {
        "cached_s": statistics.median(loads),
        "rss_after_import_mb": rss_after_import,
        "rss_after_load_mb": rss_after_load,
        "game_s": statistics.median(game_times),
        "game_runs": len(game_times),
        "play_s_per_choice": statistics.median(wall for wall, _, _, _ in plays),
        "play_cpu_s_per_choice": statistics.median(cpu for _, cpu, _, _ in plays),
        "endings": plays[0][2],
    }


def run_engine(root: Path, story_dir: Path, cache_dir: Path, choices: int, seed: int) -> dict[str, Any]:
    """Both phases of the engine under ``root``, each in a fresh process."""
    environment = dict(os.environ, EXCEPTION_CACHE_DIR=str(cache_dir))
    figures: dict[str, Any] = {}
    for phase in ("cold", "runtime"):
        command = [sys.executable, __file__, "--engine-child", str(root), str(story_dir), phase]
        command += ["--choices", str(choices), "--play-seed", str(seed)]
        done = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"the engine under {root} failed ({phase}):\n{done.stderr[-3000:]}")
        figures.update(json.loads(done.stdout.strip().splitlines()[-1]))
    return figures


# ------------------------------------------------------------ the peer's side


def prepare_peer(peer: Path, work: Path) -> Path:
    """A writable copy of the peer folder with inkjs installed."""
    if not (peer / "bench.js").is_file() or not (peer / "gen_ink.py").is_file():
        raise SystemExit(f"{peer} is not the peer-ink folder (no bench.js / gen_ink.py); pass --peer DIR")
    copy = work / "peer-ink"
    shutil.copytree(peer, copy, ignore=shutil.ignore_patterns("node_modules", "out"))
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent"], cwd=copy, check=True)
    (copy / "cpu_play.js").write_text(_INK_CPU_PLAY, encoding="utf-8")
    return copy


def run_inkjs(peer: Path, ink_file: Path, out: Path, choices: int, seed: int) -> dict[str, Any]:
    """``bench.js`` on one story: its JSON result."""
    command = ["node", str(peer / "bench.js"), str(ink_file), "--choices", str(choices), "--seed", str(seed)]
    done = subprocess.run([*command, "--out", str(out)], capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout)
    compiled = str(out / (ink_file.stem + ".json"))
    command = ["node", str(peer / "cpu_play.js"), compiled, str(choices), str(seed)]
    cpu = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    if cpu["endings"] != result["play_endings_reached"]:
        raise RuntimeError(f"the CPU-timed inkjs play reached {cpu['endings']} endings, bench.js {cpu}")
    result["play_cpu_us_per_choice"] = cpu["cpu_us_per_choice"]
    return result


# ------------------------------------------------------------------ the table


def medians(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The median of each figure over several runs; the endings count must be the same in all of them."""
    merged: dict[str, Any] = dict(runs[0])
    for key, value in runs[0].items():
        values = [run[key] for run in runs]
        if "endings" in key:
            if len(set(values)) != 1:
                raise RuntimeError(f"the runs reached different numbers of endings: {values}")
        elif isinstance(value, int | float) and not isinstance(value, bool):
            merged[key] = statistics.median(values)
    return merged


def _pairs(ink: dict[str, Any], engines: dict[str, dict[str, Any]]) -> Iterator[tuple[str, str, list[float], str]]:
    """(row, unit, [inkjs, engine...] in that unit, the target) for each row of the table."""
    yield (
        "compile / load without cache",
        "ms",
        [ink["compile_ms"], *(e["cold_s"] * 1000 for e in engines.values())],
        "0.5x",
    )
    yield (
        "load compiled / cached",
        "ms",
        [ink["load_ms_median"], *(e["cached_s"] * 1000 for e in engines.values())],
        "0.5x",
    )
    yield (
        "RSS after load",
        "MB",
        [ink["rss_after_load_mb"], *(e["rss_after_load_mb"] for e in engines.values())],
        "0.5x",
    )
    yield (
        "per choice with restarts (Game.choose)",
        "µs",
        [ink["play_us_per_choice_median"], *(e["play_s_per_choice"] * 1e6 for e in engines.values())],
        "0.5x",
    )
    yield (
        "  the same, CPU time (not the wall clock)",
        "µs",
        [ink["play_cpu_us_per_choice"], *(e["play_cpu_s_per_choice"] * 1e6 for e in engines.values())],
        "0.5x",
    )


def _figure(value: float, unit: str) -> str:
    return f"{value:,.0f} {unit}" if value >= 100 else f"{value:.3g} {unit}"


def print_table(n: int, ink: dict[str, Any], engines: dict[str, dict[str, Any]]) -> list[str]:
    """Print the table for one size; returns the targets missed."""
    names = list(engines)
    header = f"{'N=' + format(n, ','):<40} {'inkjs':>10}"
    for name in names:
        header += f" {name:>10} {'ratio':>7}"
    print(header + "  target")
    missed: list[str] = []
    for label, unit, values, target in _pairs(ink, engines):
        row = f"{label:<40} {_figure(values[0], unit):>10}"
        for name, value in zip(names, values[1:], strict=True):
            ratio = value / values[0]
            row += f" {_figure(value, unit):>10} {ratio:6.2f}x"
            if name == names[-1] and ratio > TARGET_RATIO:
                missed.append(f"N={n}: {label} {ratio:.2f}x")
        print(f"{row}  <= {target}")
    row = f"{'Game() on the loaded story':<40} {'':>10}"
    for name in names:
        game_ms = engines[name]["game_s"] * 1000
        row += f" {_figure(game_ms, 'ms'):>10} {'':>7}"
        if name == names[-1] and n >= 10_000 and game_ms > TARGET_GAME_MS:
            missed.append(f"N={n}: Game() {game_ms:.2f} ms")
    print(f"{row}  <= {TARGET_GAME_MS:g} ms")
    row = f"{'endings reached':<40} {ink['play_endings_reached']:>10}"
    for name in names:
        endings = engines[name]["endings"]
        row += f" {endings:>10} {'same' if endings == ink['play_endings_reached'] else 'DIFFER':>7}"
        if name == names[-1] and endings != ink["play_endings_reached"]:
            missed.append(f"N={n}: endings {endings} vs {ink['play_endings_reached']}")
    print(f"{row}  same")
    print()
    return missed


def main() -> int:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peer", type=Path, default=PROJECT.parent / "shared" / "peer-ink", help="the peer-ink folder")
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated knot counts")
    parser.add_argument("--seed", type=int, default=SEED, help="the graph generator's seed")
    parser.add_argument("--play-seed", type=int, default=PLAY_SEED, help="the random driver's seed")
    parser.add_argument("--choices", type=int, default=CHOICES, help="choices per random-play run")
    parser.add_argument("--rounds", type=int, default=1, help="runs of every engine, alternating; medians shown")
    parser.add_argument("--baseline", type=Path, help="another checkout whose engine runs beside this one")
    parser.add_argument("--engine-child", nargs=3, metavar=("ROOT", "STORY", "PHASE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine_child:
        root, story_dir, phase = args.engine_child
        print(json.dumps(engine_child(Path(root), Path(story_dir), phase, args.choices, args.play_seed)))
        return 0

    roots = {"before": args.baseline.resolve()} if args.baseline else {}
    roots["engine"] = PROJECT
    missed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="exception-peer-") as temp:
        work = Path(temp)
        peer = prepare_peer(args.peer.resolve(), work)
        node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=True).stdout.strip()
        print(f"inkjs beside this engine (Python {sys.version.split()[0]}, node {node}); graph seed {args.seed},")
        print(f"random play: {args.choices:,} choices, seed {args.play_seed}, a new game at each ending\n")
        for n in (int(size) for size in args.sizes.split(",")):
            generate = [sys.executable, str(peer / "gen_ink.py"), str(n), str(args.seed)]
            ink_file = work / f"story_{n}.ink"
            ink_file.write_text(subprocess.run(generate, capture_output=True, text=True, check=True).stdout)
            graph = json.loads(subprocess.run([*generate, "--json"], capture_output=True, text=True, check=True).stdout)
            story_dir = work / f"story_{n}"
            story_dir.mkdir()
            (story_dir / "story.yaml").write_text(graph_to_yaml(graph), encoding="utf-8")
            # Rounds alternate the engines, so that a busy spell of the machine hits all of them alike.
            inks: list[dict[str, Any]] = []
            runs: dict[str, list[dict[str, Any]]] = {name: [] for name in roots}
            for round_number in range(args.rounds):
                inks.append(run_inkjs(peer, ink_file, work / f"out_{n}", args.choices, args.play_seed))
                for name, root in roots.items():
                    cache = work / f"cache_{name}_{n}_{round_number}"
                    runs[name].append(run_engine(root, story_dir, cache, args.choices, args.play_seed))
            engines = {name: medians(figures) for name, figures in runs.items()}
            missed += print_table(n, medians(inks), engines)
    print("all targets met" if not missed else "targets missed: " + "; ".join(missed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
