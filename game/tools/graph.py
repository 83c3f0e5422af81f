"""The story graph as Mermaid or Graphviz dot text.

Scenes are grouped by the file that defines them, endings and the
countdown's expiry scenes are styled, guarded choices are dashed and labelled
with their condition, labels show a choice's text as a reader sees it (a
template's passages as ``A / B``, never ``{if …}``), a choice's cost is shown
when it is not the default, the choices and scenes that start, stop or change
the countdown are marked, and ``highlight`` draws the shortest path to one
ending in bold. The text is
built directly (not through ``transitions``' diagram extension) so that a
10,000-scene story renders in well under a second and the grouping and
labels can say what an author needs.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from game.story.model import Choice, CountdownAdd, CountdownStart, CountdownStop, Effect, Scene, Story
from game.tools.reference import readable_text

MAX_LABEL = 48
#: The dotted arrow from a scene with its own ``expires:`` to where the countdown's end leads from it.
EXPIRY_LABEL = "the countdown runs out here"
#: What a choice costs when it does not say; only other costs are drawn.
DEFAULT_COST = 1


@dataclass(frozen=True, slots=True)
class Edge:
    """One arrow: a choice's outcome."""

    source: str
    target: str
    label: str
    guarded: bool
    starts_countdown: bool
    weight: float | None
    cost: int | float = DEFAULT_COST
    #: What else the choice does to the countdown: "stops", "+9", "-5" (a start is ``starts_countdown``).
    clock: tuple[str, ...] = ()


def _label(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= MAX_LABEL else flat[: MAX_LABEL - 1] + "…"


def edges(story: Story) -> list[Edge]:
    """Every (choice, outcome) of the story, in story order."""
    found: list[Edge] = []
    for scene in story.scenes.values():
        for choice in scene.choices:
            found.extend(_choice_edges(scene.id, choice))
    return found


def _choice_edges(scene_id: str, choice: Choice) -> list[Edge]:
    starts = any(isinstance(effect, CountdownStart) for effect in choice.effects)
    label = _label(readable_text(choice.text))
    if choice.guard is not None:
        label = f"{label} [if {_label(choice.guard.source)}]"
    total = sum(outcome.weight for outcome in choice.outcomes)
    return [
        Edge(
            scene_id,
            outcome.scene,
            label,
            choice.guard is not None,
            starts,
            outcome.weight / total if choice.is_random and total else None,
            choice.cost,
            clock_changes(choice.effects),
        )
        for outcome in choice.outcomes
    ]


def clock_changes(effects: tuple[Effect, ...]) -> tuple[str, ...]:
    """The countdown effects other than a start, in words: "stops", "+9", "-5"."""
    changes: list[str] = []
    for effect in effects:
        if isinstance(effect, CountdownStop):
            changes.append("stops")
        elif isinstance(effect, CountdownAdd):
            changes.append(f"{effect.amount:+g}")
    return tuple(changes)


def starts_clock(scene: Scene) -> bool:
    """True when entering the scene starts the countdown (an ``on_enter`` effect)."""
    return any(isinstance(effect, CountdownStart) for effect in scene.on_enter)


def _unit(story: Story) -> str:
    return f" {story.countdown.unit}" if story.countdown is not None and story.countdown.unit else ""


def _details(edge: Edge, unit: str) -> str:
    """The cost and clock changes after an edge's label: " · 3 min · countdown +9"."""
    parts = []
    if edge.cost != DEFAULT_COST:
        parts.append(f"{edge.cost:g}{unit}")
    parts.extend(f"countdown {change}" for change in edge.clock)
    return "".join(f" · {part}" for part in parts)


def expiry_scenes(story: Story) -> set[str]:
    """The scenes the countdown's expiry leads to."""
    targets = {scene.expires for scene in story.scenes.values() if scene.expires}
    if story.countdown is not None:
        targets.add(story.countdown.expires)
    return targets


def shortest_path_edges(story: Story, ending: str) -> set[tuple[str, str]]:
    """The (source, target) pairs on a shortest path from the start to the ending (id or scene id)."""
    goal = next(
        (scene.id for scene in story.endings if scene.ending and ending in (scene.ending.id, scene.id)),
        None,
    )
    if goal is None:
        known = ", ".join(scene.ending.id for scene in story.endings if scene.ending)
        raise ValueError(f"no ending '{ending}' in this story; its endings are: {known}")
    parents: dict[str, str | None] = {story.start: None}
    queue = deque([story.start])
    graph: dict[str, list[str]] = {}
    for edge in edges(story):
        graph.setdefault(edge.source, []).append(edge.target)
    while queue:
        scene = queue.popleft()
        if scene == goal:
            break
        for target in graph.get(scene, []):
            if target not in parents:
                parents[target] = scene
                queue.append(target)
    path: set[tuple[str, str]] = set()
    node = goal if goal in parents else None
    while node is not None and parents[node] is not None:
        parent = parents[node]
        assert parent is not None
        path.add((parent, node))
        node = parent
    return path


def _by_file(story: Story) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for scene in story.scenes.values():
        groups.setdefault(scene.source.path, []).append(scene.id)
    return groups


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def to_mermaid(story: Story, highlight: str | None = None) -> str:
    """The graph as a Mermaid flowchart."""
    lit = shortest_path_edges(story, highlight) if highlight else set()
    expiries = expiry_scenes(story)
    unit = _unit(story)
    lines = [
        "flowchart TD",
        f"  %% {_mermaid_text(story.title)} {story.version}",
        f"  %% ⏱ starts the countdown; a choice's cost is shown when it is not {DEFAULT_COST}{unit}",
    ]
    clock_scenes: list[str] = []
    for index, (path, scene_ids) in enumerate(_by_file(story).items()):
        lines.append(f'  subgraph file{index}["{_mermaid_text(path)}"]')
        for scene_id in scene_ids:
            scene = story.scenes[scene_id]
            title = _mermaid_text(_label(readable_text(scene.title)))
            if starts_clock(scene):
                title = f"{title}<br/>⏱ starts the countdown"
                clock_scenes.append(scene_id)
            if scene.ending is not None:
                lines.append(f'    s_{scene_id}(["{title}<br/>ending: {_mermaid_text(scene.ending.id)}"])')
            else:
                lines.append(f'    s_{scene_id}["{title}"]')
        lines.append("  end")
    highlighted: list[int] = []
    for number, edge in enumerate(edges(story)):
        label = _mermaid_text(edge.label)
        if edge.starts_countdown:
            label = f"⏱ {label}"
        if edge.weight is not None:
            label = f"{label} ({edge.weight:.0%})"
        label += _mermaid_text(_details(edge, unit))
        arrow = f'-. "{label}" .->' if edge.guarded else f'-- "{label}" -->'
        if (edge.source, edge.target) in lit:
            arrow = f'== "{label}" ==>'
            highlighted.append(number)
        lines.append(f"  s_{edge.source} {arrow} s_{edge.target}")
    for scene in story.scenes.values():
        if scene.expires:
            lines.append(f'  s_{scene.id} -. "⏱ {EXPIRY_LABEL}" .-> s_{scene.expires}')
    lines.append("  classDef ending fill:#2a1015,stroke:#c0392b,color:#f5d0d0")
    lines.append("  classDef expiry fill:#3a2a05,stroke:#e0a800,color:#ffe9a8,stroke-width:3px")
    lines.append("  classDef start stroke:#4aa3df,stroke-width:3px")
    endings = [scene.id for scene in story.endings if scene.id not in expiries]
    if endings:
        lines.append("  class " + ",".join(f"s_{scene}" for scene in endings) + " ending")
    if expiries:
        lines.append("  class " + ",".join(f"s_{scene}" for scene in sorted(expiries)) + " expiry")
    lines.append("  classDef clock stroke:#e0a800,stroke-width:3px")
    if clock_scenes:
        lines.append("  class " + ",".join(f"s_{scene}" for scene in clock_scenes) + " clock")
    lines.append(f"  class s_{story.start} start")
    for number in highlighted:
        lines.append(f"  linkStyle {number} stroke:#e74c3c,stroke-width:4px")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _dot_node(story: Story, scene: Scene, expiry: bool) -> str:
    """A scene's attributes, each named once (Graphviz keeps only the last of a repeated one)."""
    title = _label(readable_text(scene.title))
    attributes: dict[str, str] = {}
    if scene.ending is not None:
        title += f"\nending: {scene.ending.id}"
    if expiry:
        attributes |= {"shape": "doubleoctagon", "fillcolor": '"#3a2a05"', "color": '"#e0a800"'}
    elif scene.ending is not None:
        attributes |= {"shape": "doubleoctagon", "fillcolor": '"#2a1015"', "color": '"#c0392b"'}
    if starts_clock(scene):
        # Graphviz's default fonts have no clock glyph: say it in words.
        title += "\n(starts the countdown)"
        attributes |= {"color": '"#e0a800"', "penwidth": "3"}
    if scene.id == story.start:
        attributes |= {"color": '"#4aa3df"', "penwidth": "3"}
    attributes = {"label": f'"{_dot_text(title)}"'} | attributes
    return ", ".join(f"{name}={value}" for name, value in attributes.items())


def to_dot(story: Story, highlight: str | None = None) -> str:
    """The graph in Graphviz's dot language."""
    lit = shortest_path_edges(story, highlight) if highlight else set()
    expiries = expiry_scenes(story)
    lines = [
        "digraph story {",
        f'  label="{_dot_text(story.title)} {_dot_text(story.version)}"; labelloc=t;',
        '  graph [rankdir=TB, bgcolor="#101014", fontcolor="#d8d8e0", fontname="Helvetica"];',
        '  node [shape=box, style="rounded,filled", fillcolor="#1c1c24", color="#60606c",'
        ' fontcolor="#e8e8f0", fontname="Helvetica"];',
        '  edge [color="#70707c", fontcolor="#a8a8b4", fontname="Helvetica", fontsize=10];',
        f"  // a choice's cost is shown when it is not {DEFAULT_COST}{_unit(story)}",
    ]
    unit = _unit(story)
    for index, (path, scene_ids) in enumerate(_by_file(story).items()):
        lines.append(f"  subgraph cluster_{index} {{")
        lines.append(f'    label="{_dot_text(path)}"; color="#3a3a46";')
        for scene_id in scene_ids:
            lines.append(f"    {scene_id} [{_dot_node(story, story.scenes[scene_id], scene_id in expiries)}];")
        lines.append("  }")
    for edge in edges(story):
        label = edge.label if edge.weight is None else f"{edge.label} ({edge.weight:.0%})"
        label += _details(edge, unit)
        if edge.starts_countdown:
            # Graphviz's default fonts have no clock glyph: say it in words.
            label = f"{label}\n(starts the countdown)"
        attributes = f'label="{_dot_text(label)}"'
        if edge.guarded:
            attributes += ", style=dashed"
        if edge.starts_countdown:
            attributes += ', color="#e0a800", fontcolor="#e0a800"'
        if (edge.source, edge.target) in lit:
            attributes += ', color="#e74c3c", penwidth=3'
        lines.append(f"  {edge.source} -> {edge.target} [{attributes}];")
    for scene in story.scenes.values():
        if scene.expires:
            lines.append(
                f'  {scene.id} -> {scene.expires} [label="{EXPIRY_LABEL}", style=dotted,'
                ' color="#e0a800", fontcolor="#e0a800"];'
            )
    lines.append("}")
    return "\n".join(lines) + "\n"
