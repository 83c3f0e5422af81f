"""A writer killed at random moments never leaves a corrupt or lost save."""

from __future__ import annotations

import os
import random
import signal
import time
import warnings
from pathlib import Path

import pytest
from conftest import FIXTURES

from game.engine import Game, load_story
from game.saves import SaveError, SaveStore, read_save

KILLS = 220

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork to kill a writer cheaply")


def _game(turns: int) -> Game:
    game = Game(load_story(FIXTURES / "saves_loop"), seed=11)
    for index in range(turns):
        game.advance("south" if index % 2 == 0 else "north")
    return game


def _writer(store: SaveStore, games: list[Game]) -> None:
    """Runs in the child: overwrite the same slot with alternating games until killed."""
    index = 0
    while True:
        store.save("victim", games[index % 2], play_time=float(index))
        index += 1


def test_killing_a_writer_at_random_moments_never_corrupts_or_loses_a_save(tmp_path: Path) -> None:
    # Big enough that a write takes several milliseconds, so kills land inside it.
    games = [_game(1500), _game(3000)]
    turns = {game.turn for game in games}
    store = SaveStore(tmp_path)
    store.save("keeper", games[0], play_time=1)
    store.save("victim", games[1], play_time=1)
    keeper_bytes = (tmp_path / "keeper.json").read_bytes()
    rng = random.Random(2026)
    completed_writes = 0
    for _ in range(KILLS):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads: the child only writes
            pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            try:
                _writer(store, games)
            finally:
                os._exit(0)
        time.sleep(rng.choice([0.0, rng.uniform(0, 0.004), rng.uniform(0, 0.03)]))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        for path in tmp_path.glob("*.json"):
            try:
                save = read_save(path)
            except SaveError as error:  # pragma: no cover - this is the failure being hunted
                pytest.fail(f"a kill left a corrupt save: {error}")
            assert save.turn in turns
        victim = read_save(tmp_path / "victim.json")
        completed_writes += int(victim.play_time)
    assert (tmp_path / "keeper.json").read_bytes() == keeper_bytes
    assert {summary.slot for summary in store.list()} == {"keeper", "victim"}
    # The kills did interrupt work in progress: most runs had completed at least one write.
    assert completed_writes > 0
