"""Benchmark saves on the synthetic story; prints figures and ratios.

    python tests/bench/bench_saves.py [--scenes N] [--choices C] [--repeat R]

Measured in one run, repeated, medians (the machine is shared and noisy):

* replaying a C-choice save (10,000 by default) headless on the synthetic
  10,000-scene story: choices per second (target >= 20,000), with and
  without the cost of creating the game (the story's state machine is built
  once, by its first game, and shared by every later one), side by
  side with the same choices taken through ``Game.advance`` in a loop with
  the garbage collector running (a replay pauses it);
* writing a save at turn 1,000 (target <= 20 ms), atomically (temporary
  file, flush, fsync, rename), vs. a bare ``json.dumps`` of the same body
  written with ``Path.write_text`` (no fsync);
* loading that save (read, verify the checksum, restore the snapshot).
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
from pathlib import Path

_TESTS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(_TESTS))
sys.path.insert(1, str(_TESTS.parent))

from bench.synthetic import synthetic_choice_path, write_synthetic_story  # noqa: E402
from bench.timing import median_seconds  # noqa: E402
from game.engine import Game, load_story  # noqa: E402
from game.saves import SaveStore, read_save, replay_log  # noqa: E402
from game.saves.store import save_body  # noqa: E402


def main() -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenes", type=int, default=10_000)
    parser.add_argument("--choices", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        story = load_story(write_synthetic_story(root / "story", args.scenes), use_cache=False)
        gc.freeze()  # as the command line does after loading a story
        path = synthetic_choice_path(story, args.choices, seed=1)
        played = Game(story, 1)
        for choice in path:
            played.advance(choice)
        store = SaveStore(root / "saves")
        long_save = read_save(store.save("long", played, play_time=1.0).path)

        def direct() -> None:
            game = Game(story, 1)
            for choice in path:
                game.advance(choice)

        def replay() -> None:
            outcome = replay_log(story, long_save.seed, long_save.log)
            assert outcome.divergence is None

        # Interleave the two so that noise hits both alike.
        direct_times, replay_times = [], []
        for _ in range(args.repeat):
            direct_times.append(median_seconds(direct, 1))
            replay_times.append(median_seconds(replay, 1))
        direct_s, replay_s = statistics.median(direct_times), statistics.median(replay_times)
        build_s = median_seconds(lambda: Game(story, 1), args.repeat)

        at_1000 = Game(story, 1)
        for choice in path[:1000]:
            at_1000.advance(choice)
        body = save_body(at_1000, slot="t1000", created=long_save.created, updated=long_save.updated, play_time=1)
        bare_target = root / "bare.json"
        write_s = median_seconds(lambda: store.save("t1000", at_1000, play_time=1.0), args.repeat * 4)
        bare_s = median_seconds(lambda: bare_target.write_text(json.dumps(body)), args.repeat * 4)
        load_s = median_seconds(lambda: store.load("t1000", story), args.repeat * 4)
        size = store.path_for("t1000").stat().st_size

    choices = len(path)
    print(f"synthetic story: {args.scenes:,} scenes; a save of {choices:,} choices")
    print(f"{'':44} {'median':>12} {'ratio':>8} {'target':>10}")
    print(
        f"{'replay the save (replay_log)':44} {replay_s * 1000:9.1f} ms {replay_s / direct_s:7.2f}x"
        f" {'':>10}  {choices / replay_s:,.0f} choices/s (target >= 20,000)"
    )
    print(
        f"{'  of which creating the game (Game())':44} {build_s * 1000:9.1f} ms {'':>8} {'':>10}"
        f"  {choices / (replay_s - build_s):,.0f} choices/s after it"
    )
    print(f"{'  the same choices via Game.advance':44} {direct_s * 1000:9.1f} ms {1:7.2f}x")
    print(
        f"{'write a save at turn 1,000 (atomic, fsync)':44} {write_s * 1000:9.2f} ms {write_s / bare_s:7.2f}x {'<= 20 ms':>10}"
    )
    print(f"{'  bare json.dumps + write_text, no fsync':44} {bare_s * 1000:9.2f} ms {1:7.2f}x")
    print(f"{'load it (read, checksum, restore)':44} {load_s * 1000:9.2f} ms")
    print(f"save size at turn 1,000: {size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
