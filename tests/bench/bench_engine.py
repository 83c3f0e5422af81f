"""Benchmark the story engine on a synthetic story; prints figures and ratios.

    python tests/bench/bench_engine.py [--scenes N] [--repeat R] [--choices C]

Every figure is measured in the same run, side by side with its baseline
(interleaved, repeated, medians), because the machines this runs on are
shared and noisy; the ratios are what to compare between runs:

* load and check the story, no cache, vs. a bare ``yaml.load(..., CSafeLoader)``
  of the same files (target <= 1.0x);
* a second, cached load vs. the same baseline (target <= 0.1x);
* building the state machine (once per story), the story's first ``Game``
  (which builds it) and any later ``Game`` (which shares it), for scale;
* median time per choice, headless (``Game.advance``: the public call that
  takes a choice without drawing anything), vs. a bare ``transitions``
  trigger of the same transition on an identical machine (target <= 2x);
  ``Game.choose``, which also renders the next view (title, text, choices,
  crew panel) for a front end, is measured beside it;
* peak memory of a fresh process that loads the story, builds the game and
  plays the path (target <= 150 MB at 10,000 scenes).
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

# Run as a script: make ``bench`` (tests/bench) and ``game`` importable.
_TESTS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(_TESTS))
sys.path.insert(1, str(_TESTS.parent))

import yaml  # noqa: E402

from bench.synthetic import synthetic_choice_path, write_synthetic_story  # noqa: E402
from game.engine import Game, load_story  # noqa: E402
from game.engine.machine import build_machine, event_for  # noqa: E402
from game.story.loader import STORY_SUFFIXES  # noqa: E402

try:
    from yaml import CSafeLoader as BaselineLoader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as BaselineLoader  # type: ignore[assignment]

TARGET_LOAD = 1.0
TARGET_CACHED = 0.1
TARGET_CHOICE = 2.0
TARGET_MEMORY_MB = 150.0
#: Games built in one timing of ``Game(story)`` once the story's machine exists.
GAME_BATCH = 200


def _story_files(directory: Path) -> list[Path]:
    return sorted(path for path in directory.rglob("*") if path.suffix in STORY_SUFFIXES)


def _timed(action: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - start
    del result  # freeing what was built is not part of building it
    return elapsed


def _interleaved(actions: dict[str, Callable[[], object]], repeat: int) -> dict[str, list[float]]:
    """Run the actions in turn, ``repeat`` rounds, rotating the order each round."""
    names = list(actions)
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_number in range(repeat):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(_timed(actions[name]))
    return times


def _ratio(times: dict[str, list[float]], name: str, baseline: str) -> float:
    """The median of the per-round ratios: robust to the machine's load drifting between rounds."""
    return statistics.median(a / b for a, b in zip(times[name], times[baseline], strict=True))


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:10.1f} ms"


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:10.1f} µs"


def _verdict(value: float, target: float) -> str:
    return "ok" if value <= target else "MISSED"


def _row(label: str, figure: str, ratio: str = "", target: str = "") -> None:
    print(f"  {label:<46} {figure:>14}  {ratio:>9}  {target}")


def bench_loading(story_dir: Path, cache_dir: Path, repeat: int) -> None:
    files = _story_files(story_dir)

    def bare_yaml() -> object:
        return [yaml.load(path.read_bytes(), Loader=BaselineLoader) for path in files]

    def uncached() -> object:
        return load_story(story_dir, use_cache=False)

    def cached() -> object:
        return load_story(story_dir)

    os.environ["EXCEPTION_CACHE_DIR"] = str(cache_dir)
    load_story(story_dir)  # fill the cache
    times = _interleaved({"yaml": bare_yaml, "load": uncached, "cached": cached}, repeat)
    base = statistics.median(times["yaml"])
    load_ratio = _ratio(times, "load", "yaml")
    cached_ratio = _ratio(times, "cached", "yaml")
    print(f"Loading ({len(files)} files, {sum(p.stat().st_size for p in files) / 1e6:.1f} MB, {repeat} rounds)")
    _row("bare yaml.load(CSafeLoader), every file", _ms(base))
    _row("load_story, no cache (read + check)", _ms(statistics.median(times["load"])), f"{load_ratio:.2f}x",
         f"target <= {TARGET_LOAD}x: {_verdict(load_ratio, TARGET_LOAD)}")  # fmt: skip
    _row("load_story, cached", _ms(statistics.median(times["cached"])), f"{cached_ratio:.3f}x",
         f"target <= {TARGET_CACHED}x: {_verdict(cached_ratio, TARGET_CACHED)}")  # fmt: skip


def bench_machine(story_dir: Path, repeat: int) -> None:
    story = load_story(story_dir)
    times = _interleaved(
        {
            "build": lambda: build_machine(story),
            "first": lambda: Game(dataclasses.replace(story, branches=()), seed=0),
            # A later game is too quick to time alone: a batch of them is timed.
            "games": lambda: [Game(story, seed=seed) for seed in range(GAME_BATCH)],
        },
        repeat,
    )
    triggers = sum(len(choice.outcomes) for scene in story.scenes.values() for choice in scene.choices)
    print(
        f"State machine ({len(story.scenes):,} states; {triggers:,} triggers, each added to the machine"
        " the first time a game fires it; one machine per story, shared by its games)"
    )
    _row("build_machine (once per story)", _ms(statistics.median(times["build"])))
    _row("the story's first Game (builds the machine)", _ms(statistics.median(times["first"])))
    _row("every later Game(story) (start scene only)", _us(statistics.median(times["games"]) / GAME_BATCH))


def bench_choices(story_dir: Path, path: list[str], seed: int) -> None:
    story = load_story(story_dir)
    full = Game(story, seed=seed)
    no_view = Game(story, seed=seed)
    bare = Game(story, seed=seed)
    # The bare side drives the story's machine with a game of its own as the model: the same states,
    # transitions and callbacks.
    bare_machine, bare_model, bare_state = bare._machine, bare._runtime, bare._runtime.state
    choose_times: list[int] = []
    take_times: list[int] = []
    bare_times: list[int] = []
    clock = time.perf_counter_ns
    gc.collect()
    for step, choice_id in enumerate(path):
        scene = no_view._runtime.state.scene
        start = clock()
        target = no_view.advance(choice_id).target
        take_times.append(clock() - start)
        # The trigger joins the bare machine outside the timing: only firing it is measured.
        scene_model = story.scenes[scene]
        choice_model = scene_model.choice(choice_id)
        assert choice_model is not None
        event = event_for(bare_machine, story, scene_model, choice_model, target)
        for side in (0, 1) if step % 2 else (1, 0):
            if side:
                start = clock()
                fired = event.trigger(bare_model, choice_model)
                bare_times.append(clock() - start)
                if not fired:
                    raise RuntimeError(f"the bare trigger refused '{choice_id}' in '{scene}' at step {step}")
            else:
                start = clock()
                full.choose(choice_id)
                choose_times.append(clock() - start)
        if not full._runtime.state.scene == bare_state.scene == target:
            raise RuntimeError(f"the games diverged at step {step}")
    choose = statistics.median(choose_times) / 1e9
    take = statistics.median(take_times) / 1e9
    trigger = statistics.median(bare_times) / 1e9
    print(f"Choices ({len(path):,} choices, per-choice medians)")
    _row("bare transitions trigger (same machine)", _us(trigger))
    _row("Game.advance (a choice, headless)", _us(take), f"{take / trigger:.2f}x",
         f"target <= {TARGET_CHOICE}x: {_verdict(take / trigger, TARGET_CHOICE)}")  # fmt: skip
    _row("Game.choose (a choice + the next view drawn)", _us(choose), f"{choose / trigger:.2f}x")


def _peak_rss_kb() -> int:
    """This process's peak resident memory in KiB.

    Linux's VmHWM belongs to the process image, while ``ru_maxrss`` survives
    ``exec`` and would report the parent's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def memory_child(story_dir: Path, path_file: Path, cached: bool, trace: bool) -> None:
    """In a fresh process: load, build the game, play the path; print peak figures as JSON."""
    path = json.loads(path_file.read_text())
    baseline = _peak_rss_kb()
    if trace:
        tracemalloc.start()
    story = load_story(story_dir, use_cache=cached)
    game = Game(story, seed=0)
    for choice_id in path:
        game.choose(choice_id)
    result = {"rss_kb": _peak_rss_kb(), "baseline_kb": baseline}
    if trace:
        result["traced_peak"] = tracemalloc.get_traced_memory()[1]
    print(json.dumps(result))


def bench_memory(story_dir: Path, path: list[str], cache_dir: Path) -> None:
    path_file = cache_dir.parent / "path.json"
    path_file.write_text(json.dumps(path))
    print("Peak memory (a fresh process: load, Game, play the path)")
    environment = dict(os.environ, EXCEPTION_CACHE_DIR=str(cache_dir.parent / "memory-cache"))
    # Fill the children's cache from here, so that a cached child's peak is the cached load's alone.
    os.environ["EXCEPTION_CACHE_DIR"] = environment["EXCEPTION_CACHE_DIR"]
    load_story(story_dir)
    os.environ["EXCEPTION_CACHE_DIR"] = str(cache_dir)
    for label, flags in (("no cache", []), ("cached load", ["--cached"])):
        rss = json.loads(_child(story_dir, path_file, flags, environment))
        traced = json.loads(_child(story_dir, path_file, [*flags, "--trace"], environment))
        total = rss["rss_kb"] / 1024
        _row(f"{label}: process peak RSS", f"{total:10.1f} MB", "",
             f"target <= {TARGET_MEMORY_MB:.0f} MB: {_verdict(total, TARGET_MEMORY_MB)}")  # fmt: skip
        _row(f"{label}:   above the interpreter + imports", f"{(rss['rss_kb'] - rss['baseline_kb']) / 1024:10.1f} MB")
        _row(f"{label}:   Python allocations (tracemalloc)", f"{traced['traced_peak'] / 2**20:10.1f} MB")


def _child(story_dir: Path, path_file: Path, flags: list[str], environment: dict[str, str]) -> str:
    command = [sys.executable, __file__, "--memory-child", str(story_dir), str(path_file), *flags]
    done = subprocess.run(command, capture_output=True, text=True, env=environment, check=True)
    return done.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenes", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=7, help="rounds of the load measurements")
    parser.add_argument("--choices", type=int, default=None, help="path length (default: as many as scenes)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--parts", default="load,machine,choices,memory", help="comma-separated: load, machine, choices, memory"
    )
    parser.add_argument("--memory-child", nargs=2, metavar=("STORY", "PATH_JSON"), help=argparse.SUPPRESS)
    parser.add_argument("--cached", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(Path(args.memory_child[0]), Path(args.memory_child[1]), args.cached, args.trace)
        return
    with tempfile.TemporaryDirectory(prefix="exception-bench-") as temp:
        work = Path(temp)
        story_dir = write_synthetic_story(work / "story", args.scenes, files=args.files, seed=args.seed)
        cache_dir = work / "cache"
        print(f"exception engine benchmark: {args.scenes:,} scenes, Python {sys.version.split()[0]}")
        parts = set(args.parts.split(","))
        if "load" in parts:
            bench_loading(story_dir, cache_dir, args.repeat)
        if "machine" in parts:
            bench_machine(story_dir, max(3, args.repeat // 2))
        if parts & {"choices", "memory"}:
            path = synthetic_choice_path(load_story(story_dir), args.choices or args.scenes, args.seed)
            if "choices" in parts:
                bench_choices(story_dir, path, args.seed)
            if "memory" in parts:
                bench_memory(story_dir, path, cache_dir)


if __name__ == "__main__":
    main()
