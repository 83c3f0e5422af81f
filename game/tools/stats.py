"""Story statistics: size, words, reading time, and the paths to each ending.

Paths are measured on the scene graph (every choice's every outcome, and the
countdown's expiry), ignoring guards: the shortest path is the fewest choices
(or the least countdown time) any player could need; the longest is the
longest path that never enters a scene twice along it, with loops cut where
a depth-first walk meets them.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass

from game.story.expressions import Conditional, Template
from game.story.model import Story
from game.tools.analysis import countdown_scenes, successors

WORDS_PER_MINUTE = 230
_WORD = re.compile(r"[A-Za-z0-9'’-]+")


@dataclass(frozen=True, slots=True)
class EndingPaths:
    """How far an ending is from the start."""

    ending: str
    title: str
    scene: str
    shortest_choices: int | None
    longest_choices: int | None
    shortest_time: float | None
    longest_time: float | None


@dataclass(frozen=True, slots=True)
class StoryStats:
    """The numbers ``exception stats`` prints."""

    scenes: int
    choices: int
    endings: int
    variables: int
    words: int
    reading_minutes: float
    files: int
    paths: tuple[EndingPaths, ...]


def template_words(template: Template) -> int:
    """The words a template holds, counting every passage of every ``{if}``."""
    total = 0

    def walk(parts: tuple[object, ...]) -> None:
        nonlocal total
        for part in parts:
            if isinstance(part, str):
                total += len(_WORD.findall(part))
            elif isinstance(part, Conditional):
                for branch in part.branches:
                    walk(branch.parts)

    walk(template.parts)
    return total


def story_words(story: Story) -> int:
    """Words of prose: titles, texts, choices and their reasons."""
    words = 0
    for scene in story.scenes.values():
        words += template_words(scene.title) + template_words(scene.text)
        for choice in scene.choices:
            words += template_words(choice.text)
            if choice.disabled_reason is not None:
                words += template_words(choice.disabled_reason)
    return words


def _edges(story: Story) -> dict[str, list[tuple[str, float]]]:
    """Scene -> (target, time cost) for every outcome of every choice.

    A choice costs time only where the countdown may be running; the expiry
    edges (free, since the clock has run out) leave only those scenes too.
    """
    graph: dict[str, list[tuple[str, float]]] = {}
    expiry_targets = successors(story)
    running = countdown_scenes(story)
    for scene in story.scenes.values():
        edges: list[tuple[str, float]] = []
        for choice in scene.choices:
            cost = float(choice.cost) if scene.id in running else 0.0
            edges.extend((outcome.scene, cost) for outcome in choice.outcomes)
        if scene.id in running:
            choice_targets = {target for target, _ in edges}
            edges.extend((target, 0.0) for target in expiry_targets[scene.id] - choice_targets)
        graph[scene.id] = edges
    return graph


def _shortest(graph: dict[str, list[tuple[str, float]]], start: str, *, by_time: bool) -> dict[str, float]:
    distance = {start: 0.0}
    queue: list[tuple[float, str]] = [(0.0, start)]
    while queue:
        here, scene = heapq.heappop(queue)
        if here > distance.get(scene, float("inf")):
            continue
        for target, cost in graph[scene]:
            step = cost if by_time else 1.0
            if here + step < distance.get(target, float("inf")):
                distance[target] = here + step
                heapq.heappush(queue, (here + step, target))
    return distance


def _longest(graph: dict[str, list[tuple[str, float]]], start: str, *, by_time: bool) -> dict[str, float]:
    """Longest distances on the graph with back edges (loops) removed, by a depth-first order."""
    order: list[str] = []
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    forward: dict[str, list[tuple[str, float]]] = {}
    stack: list[tuple[str, int]] = [(start, 0)]
    state[start] = 1
    forward[start] = []
    while stack:
        scene, index = stack.pop()
        edges = graph[scene]
        if index < len(edges):
            stack.append((scene, index + 1))
            target, cost = edges[index]
            mark = state.get(target)
            if mark == 1:
                continue  # a back edge: a loop
            forward[scene].append((target, cost))
            if mark is None:
                state[target] = 1
                forward[target] = []
                stack.append((target, 0))
        else:
            state[scene] = 2
            order.append(scene)
    distance = {start: 0.0}
    for scene in reversed(order):
        if scene not in distance:
            continue
        for target, cost in forward[scene]:
            step = cost if by_time else 1.0
            if distance[scene] + step > distance.get(target, float("-inf")):
                distance[target] = distance[scene] + step
    return distance


def story_stats(story: Story) -> StoryStats:
    """Compute every statistic."""
    graph = _edges(story)
    short_choices = _shortest(graph, story.start, by_time=False)
    short_time = _shortest(graph, story.start, by_time=True)
    long_choices = _longest(graph, story.start, by_time=False)
    long_time = _longest(graph, story.start, by_time=True)
    paths: list[EndingPaths] = []
    for scene in story.endings:
        assert scene.ending is not None
        sid = scene.id
        paths.append(
            EndingPaths(
                scene.ending.id,
                scene.ending.title,
                sid,
                int(short_choices[sid]) if sid in short_choices else None,
                int(long_choices[sid]) if sid in long_choices else None,
                short_time.get(sid),
                long_time.get(sid),
            )
        )
    words = story_words(story)
    return StoryStats(
        scenes=len(story.scenes),
        choices=sum(len(scene.choices) for scene in story.scenes.values()),
        endings=len(story.endings),
        variables=len(story.variables),
        words=words,
        reading_minutes=words / WORDS_PER_MINUTE,
        files=len(story.files),
        paths=tuple(paths),
    )
