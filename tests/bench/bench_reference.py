"""Benchmark ``exception scenes`` and ``exception vars``; prints figures beside the load for scale.

    python tests/bench/bench_reference.py [--scenes N] [--repeat K]

On the synthetic 10,000-scene story (and on the bundled story), after the
load, medians of: reading the positions again from the YAML, the scene and
variable references, and each report as printed, text and JSON (target:
under 2 s each on the synthetic story, like the graph and the statistics).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
from pathlib import Path

_TESTS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(_TESTS))
sys.path.insert(1, str(_TESTS.parent))

from bench.synthetic import write_synthetic_story  # noqa: E402
from bench.timing import median_seconds  # noqa: E402
from game.commands import scenes as scenes_command  # noqa: E402
from game.commands import vars as vars_command  # noqa: E402
from game.engine import Story, load_story  # noqa: E402
from game.tools.reference import (  # noqa: E402
    read_positions,
    scene_reference,
    scenes_as_json,
    variable_reference,
    variables_as_json,
)

BUNDLED = _TESTS.parent / "story"


def measure(label: str, directory: Path, story: Story, repeat: int, target: str) -> None:
    """Print the median of each step of both reports on one story."""
    positions = read_positions(directory)
    scenes = scene_reference(story, positions)
    variables = variable_reference(story, positions)
    print(f"{label} ({len(story.scenes):,} scenes, {len(story.variables):,} variables)")
    for name, action in (
        ("  read the positions again from the YAML", lambda: read_positions(directory)),
        ("  scene reference", lambda: scene_reference(story, positions)),
        ("  variable reference", lambda: variable_reference(story, positions)),
        (
            "  exception scenes: positions, reference and text",
            lambda: scenes_command.as_text(directory, story, scene_reference(story, read_positions(directory))),
        ),
        (
            "  exception vars: positions, reference and text",
            lambda: vars_command.as_text(directory, story, variable_reference(story, read_positions(directory))),
        ),
        ("  scenes --json (from the reference)", lambda: json.dumps(scenes_as_json(story, scenes, ""))),
        ("  vars --json (from the reference)", lambda: json.dumps(variables_as_json(variables, ""))),
    ):
        print(f"{name:56} {median_seconds(action, repeat):8.3f} s {target:>8}")


def main() -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenes", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    bundled = load_story(BUNDLED)
    gc.freeze()
    print(f"{'':56} {'median':>10} {'target':>8}")
    measure("bundled story", BUNDLED, bundled, args.repeat, "")
    with tempfile.TemporaryDirectory() as scratch:
        directory = write_synthetic_story(Path(scratch) / "story", args.scenes)
        load_s = median_seconds(lambda: load_story(directory, use_cache=False), 1)
        big = load_story(directory)
        gc.freeze()
        print(f"{'load the synthetic story, no cache, for scale':56} {load_s:8.2f} s")
        measure("synthetic story", directory, big, args.repeat, "< 2 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
