"""The game state: plain data, apart from the state machine.

Everything a save or an undo needs is here, and ``to_data``/``from_data``
turn it into JSON-friendly dicts and back. The random generator is a
SplitMix64 sequence whose whole state is one integer, so a replay draws the
same numbers on every Python version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from game.story.expressions import Value

if TYPE_CHECKING:
    from game.story.model import Choice

_MASK64 = (1 << 64) - 1


def next_random(state: int) -> tuple[int, int]:
    """Advance a SplitMix64 generator: returns (new state, 64-bit output)."""
    state = (state + 0x9E3779B97F4A7C15) & _MASK64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return state, z ^ (z >> 31)


def uniform_below(rng: int, total: float) -> tuple[int, float]:
    """A uniform number in [0, total) drawn from generator state ``rng``: (new state, number)."""
    rng, output = next_random(rng)
    return rng, (output >> 11) * (1.0 / (1 << 53)) * total


def draw_outcome(choice: Choice, rng: int) -> tuple[str, int]:
    """The target a random choice draws from generator state ``rng``, and the generator's next state."""
    total = sum(outcome.weight for outcome in choice.outcomes)
    rng, draw = uniform_below(rng, total)
    for outcome in choice.outcomes:
        if draw < outcome.weight:
            return outcome.scene, rng
        draw -= outcome.weight
    return choice.outcomes[-1].scene, rng


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One turn: where the player was, what they chose, where it led, time spent.

    ``cost`` is what the choice's own cost took from the countdown: 0 while the
    clock is off (or the choice's effects stop it), at most the time that was
    left when the choice expires it. Time added or removed by effects is not a
    cost.
    """

    turn: int
    scene: str
    choice: str
    target: str
    cost: int | float

    def to_data(self) -> dict[str, Any]:
        """A JSON-friendly dict."""
        return {"turn": self.turn, "scene": self.scene, "choice": self.choice, "target": self.target, "cost": self.cost}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> LogEntry:
        """Rebuild from ``to_data``'s output; raises KeyError/TypeError/ValueError on bad data."""
        return cls(
            int(data["turn"]), str(data["scene"]), str(data["choice"]), str(data["target"]), _number(data["cost"])
        )


def _number(value: object) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {value!r}")
    return value


@dataclass(slots=True)
class GameState:
    """Where a game is: scene, variables, visits, turn, countdown, randomness, log."""

    seed: int
    scene: str
    vars: dict[str, Value]
    visits: dict[str, int] = field(default_factory=dict)
    turn: int = 0
    countdown_active: bool = False
    remaining: int | float = 0
    countdown_unit: str = ""
    rng: int = 0
    used_once: list[str] = field(default_factory=list)
    log: list[LogEntry] = field(default_factory=list)

    def copy(self, *, with_log: bool = True) -> GameState:
        """An independent copy (the log entries are immutable and shared); ``with_log=False`` leaves the log empty."""
        return GameState(
            self.seed,
            self.scene,
            dict(self.vars),
            dict(self.visits),
            self.turn,
            self.countdown_active,
            self.remaining,
            self.countdown_unit,
            self.rng,
            list(self.used_once),
            list(self.log) if with_log else [],
        )

    def snapshot(self) -> dict[str, Any]:
        """The state without its log, as plain data: what a save's snapshot holds."""
        return {
            "seed": self.seed,
            "scene": self.scene,
            "vars": dict(self.vars),
            "visits": dict(self.visits),
            "turn": self.turn,
            "countdown": {"active": self.countdown_active, "remaining": self.remaining},
            "rng": format(self.rng, "016x"),
            "used_once": list(self.used_once),
        }

    def to_data(self) -> dict[str, Any]:
        """The whole state, log included, as plain data."""
        data = self.snapshot()
        data["log"] = [entry.to_data() for entry in self.log]
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any], countdown_unit: str = "") -> GameState:
        """Rebuild from ``to_data``; raises KeyError/TypeError/ValueError on bad data."""
        countdown = data["countdown"]
        variables = data["vars"]
        visits = data["visits"]
        if not isinstance(variables, dict) or not isinstance(visits, dict) or not isinstance(countdown, dict):
            raise ValueError("vars, visits and countdown must be mappings")
        return cls(
            seed=int(data["seed"]),
            scene=str(data["scene"]),
            vars=dict(variables),
            visits={str(k): int(v) for k, v in visits.items()},
            turn=int(data["turn"]),
            countdown_active=bool(countdown["active"]),
            remaining=_number(countdown["remaining"]),
            countdown_unit=countdown_unit,
            rng=int(str(data["rng"]), 16),
            used_once=[str(item) for item in data.get("used_once", [])],
            log=[LogEntry.from_data(entry) for entry in data.get("log", [])],
        )


def initial_rng(seed: int) -> int:
    """The generator state for a seed (any integer)."""
    return seed & _MASK64
