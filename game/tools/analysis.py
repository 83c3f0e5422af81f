"""Static facts about a loaded story: which variables and visits its logic reads, and where.

Pure functions over the story model. The deep check uses them to keep only
the parts of a game state that can change what happens next, and to report
variables that are written but never read, or read but never written. The
plain check uses the scene graph to name the scenes no path can reach.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from game.story.expressions import Binary, Call, Expr, Name, Node, Template, Unary
from game.story.model import AddVar, CountdownAdd, CountdownStart, CountdownStop, Effect, SetVar, Source, Story


@dataclass(slots=True)
class Reads:
    """Names and scenes some expressions read."""

    names: set[str] = field(default_factory=set)
    visited: set[str] = field(default_factory=set)  # scenes only tested with visited()
    visit_counts: set[str] = field(default_factory=set)  # scenes whose count visits() reads

    def add(self, node: Node) -> None:
        """Record everything ``node`` reads."""
        if isinstance(node, Name):
            self.names.add(node.name)
        elif isinstance(node, Unary):
            self.add(node.operand)
        elif isinstance(node, Binary):
            self.add(node.left)
            self.add(node.right)
        elif isinstance(node, Call):
            if node.function in ("visited", "visits"):
                first = node.args[0]
                if isinstance(first, Name):
                    (self.visited if node.function == "visited" else self.visit_counts).add(first.name)
                return
            for arg in node.args:
                self.add(arg)


@dataclass(frozen=True, slots=True)
class StoryFacts:
    """What a story's logic and text read and write."""

    logic: Reads  # guards and effect expressions: what can change the course of a game
    anywhere: Reads  # logic plus text, titles, reasons, crew panel and UI classes
    written: dict[str, list[Source]]  # variable -> effects that set or change it
    countdown_started: list[Source]


def effect_expressions(effects: tuple[Effect, ...]) -> Iterator[Expr]:
    """The expressions inside effects."""
    for effect in effects:
        if isinstance(effect, SetVar) and isinstance(effect.value, Expr):
            yield effect.value
        elif isinstance(effect, AddVar) and isinstance(effect.amount, Expr):
            yield effect.amount


@dataclass(frozen=True, slots=True)
class SceneRelevance:
    """What, of a game state in a scene, can still change where the game goes from there."""

    variables: tuple[str, ...]
    visited: tuple[str, ...]
    visit_counts: tuple[str, ...]
    once_keys: frozenset[str]
    reads_turn: bool


def successors(story: Story) -> dict[str, set[str]]:
    """Every scene a scene can lead to: choice outcomes and countdown expiry."""
    countdown = story.countdown
    graph: dict[str, set[str]] = {}
    for scene in story.scenes.values():
        targets = {outcome.scene for choice in scene.choices for outcome in choice.outcomes}
        expiry = scene.expires or (countdown.expires if countdown else None)
        if expiry is not None and scene.ending is None:
            targets.add(expiry)
        graph[scene.id] = targets
    return graph


def countdown_scenes(story: Story) -> set[str]:
    """Scenes where the countdown may be running: those at or after an effect that starts it."""
    graph = successors(story)
    seeds: set[str] = set()
    for scene in story.scenes.values():
        if any(isinstance(effect, CountdownStart) for effect in scene.on_enter):
            seeds.add(scene.id)
        for choice in scene.choices:
            if any(isinstance(effect, CountdownStart) for effect in choice.effects):
                seeds.add(scene.id)
    live: set[str] = set()
    for seed in seeds:
        live |= reachable_from(graph, seed)
    return live


def reachable_from(graph: dict[str, set[str]], start: str) -> set[str]:
    """The scenes reachable from ``start`` in the scene graph, ``start`` included."""
    seen = {start}
    stack = [start]
    while stack:
        for target in graph[stack.pop()]:
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def shown_reads(story: Story) -> tuple[Reads, dict[str, Reads]]:
    """What drawing a turn reads: everywhere (crew panel, UI classes), and in each scene (its texts).

    A scene's texts are its title, its text and its choices' texts and
    disabled reasons; the crew panel and the UI classes are drawn in every scene.
    """
    everywhere = Reads()
    for member in story.crew:
        for condition in (member.shown, member.alive):
            if condition is not None:
                everywhere.add(condition.node)
        for _, template in member.stats:
            for expr in template.expressions():
                everywhere.add(expr.node)
    for _, condition in story.ui_classes:
        everywhere.add(condition.node)
    per_scene: dict[str, Reads] = {}
    for scene in story.scenes.values():
        reads = Reads()
        templates = [scene.title, scene.text]
        for choice in scene.choices:
            templates.append(choice.text)
            if choice.disabled_reason is not None:
                templates.append(choice.disabled_reason)
        for template in templates:
            for expr in template.expressions():
                reads.add(expr.node)
        per_scene[scene.id] = reads
    return everywhere, per_scene


def scene_relevance(story: Story, *, shown: bool = False) -> dict[str, SceneRelevance]:
    """For each scene, the variables, visits and once-only choices the logic can still read from there.

    A variable that no guard or effect in any scene reachable from here reads
    is dead: two states that differ only in dead variables play out alike.
    With ``shown``, what drawing the scene reads counts too (its texts, the
    crew panel, the UI classes; ``turn`` read only by a text does not, or a
    loop that shows the turn would have no end of states): two states that
    differ only in the rest draw alike.
    """
    local: dict[str, Reads] = {}
    for scene in story.scenes.values():
        reads = Reads()
        for expr in effect_expressions(scene.on_enter):
            reads.add(expr.node)
        for choice in scene.choices:
            if choice.guard is not None:
                reads.add(choice.guard.node)
            for expr in effect_expressions(choice.effects):
                reads.add(expr.node)
        local[scene.id] = reads
    graph = successors(story)
    everywhere, per_scene = shown_reads(story) if shown else (Reads(), {})
    relevance: dict[str, SceneRelevance] = {}
    for scene_id in story.scenes:
        ahead = reachable_from(graph, scene_id)
        merged = Reads()
        reads_turn = False
        for drawn in (everywhere, per_scene.get(scene_id)):
            if drawn is not None:
                merged.names |= drawn.names
                merged.visited |= drawn.visited
                merged.visit_counts |= drawn.visit_counts
        once: set[str] = set()
        for other in ahead:
            found = local[other]
            merged.names |= found.names
            merged.visited |= found.visited
            merged.visit_counts |= found.visit_counts
            reads_turn = reads_turn or "turn" in found.names
            once.update(f"{other}.{choice.id}" for choice in story.scenes[other].choices if choice.once)
        relevance[scene_id] = SceneRelevance(
            variables=tuple(sorted(name for name in merged.names if name in story.variables)),
            visited=tuple(sorted(merged.visited - merged.visit_counts)),
            visit_counts=tuple(sorted(merged.visit_counts)),
            once_keys=frozenset(once),
            reads_turn=reads_turn,
        )
    return relevance


def story_facts(story: Story) -> StoryFacts:
    """Collect what the story reads and writes."""
    logic = Reads()
    anywhere = Reads()
    written: dict[str, list[Source]] = {}
    started: list[Source] = []

    def read_template(template: Template | None) -> None:
        if template is not None:
            for expr in template.expressions():
                anywhere.add(expr.node)

    def effects(items: tuple[Effect, ...]) -> None:
        for effect in items:
            if isinstance(effect, SetVar | AddVar):
                written.setdefault(effect.var, []).append(effect.source)
            elif isinstance(effect, CountdownStart):
                started.append(effect.source)
            elif isinstance(effect, CountdownAdd | CountdownStop):
                pass
        for expr in effect_expressions(items):
            logic.add(expr.node)
            anywhere.add(expr.node)

    for scene in story.scenes.values():
        read_template(scene.title)
        read_template(scene.text)
        effects(scene.on_enter)
        for choice in scene.choices:
            if choice.guard is not None:
                logic.add(choice.guard.node)
                anywhere.add(choice.guard.node)
            read_template(choice.text)
            read_template(choice.disabled_reason)
            effects(choice.effects)
    for member in story.crew:
        if member.alive is not None:
            anywhere.add(member.alive.node)
        for _, template in member.stats:
            read_template(template)
    for _, condition in story.ui_classes:
        anywhere.add(condition.node)
    return StoryFacts(logic, anywhere, written, started)


@dataclass(frozen=True, slots=True)
class Unreachable:
    """A scene the scene graph alone proves the player can never reach, and why."""

    scene: str
    source: Source
    is_ending: bool
    #: True when no choice or expiry anywhere leads to it; False when only unreachable scenes do.
    nothing_leads_here: bool

    def message(self, story: Story) -> str:
        """What is wrong and how to fix it, in the words of a check."""
        scene = story.scenes[self.scene]
        what = (
            f"the ending '{scene.ending.id}' ({scene.ending.title})"
            if scene.ending is not None
            else f"scene '{scene.id}'"
        )
        if self.nothing_leads_here:
            return (
                f"no choice or expiry leads to {what}: the player can never reach it;"
                f" add a choice with 'to: {scene.id}', or remove it"
            )
        return (
            f"{what} is reached only from scenes the player can never reach (no path of choices or expiries"
            f" leads here from the start scene '{story.start}')"
        )


def static_graph(story: Story) -> dict[str, set[str]]:
    """Where each scene can lead: its choices' outcomes, and its expiry where the countdown may be running."""
    countdown = story.countdown
    running = countdown_scenes(story) if countdown is not None else set()
    graph: dict[str, set[str]] = {}
    for scene in story.scenes.values():
        targets = {outcome.scene for choice in scene.choices for outcome in choice.outcomes}
        expiry = scene.expires or (countdown.expires if countdown else None)
        if expiry is not None and scene.ending is None and scene.id in running:
            targets.add(expiry)
        graph[scene.id] = targets
    return graph


def unreachable_scenes(story: Story) -> list[Unreachable]:
    """Scenes and endings that no path of choices and expiries from the start leads to, in story order.

    This is proved from the scene graph alone (every choice counted as if it
    could be taken), so it holds whatever the conditions and variables do.
    """
    graph = static_graph(story)
    led_to = set().union(*graph.values()) if graph else set()
    reachable = reachable_from(graph, story.start)
    return [
        Unreachable(scene.id, scene.source, scene.ending is not None, scene.id not in led_to)
        for scene in story.scenes.values()
        if scene.id not in reachable
    ]


@dataclass(frozen=True, slots=True)
class DrawingReads:
    """What drawing a part of a turn reads: two states alike in these draw that part alike."""

    variables: tuple[str, ...]
    visits: tuple[str, ...]  # exact counts: a text may show visits(x)
    once_keys: tuple[str, ...]
    turn: bool
    remaining: bool
    countdown: bool

    @classmethod
    def of(cls, reads: Reads, story: Story, once_keys: tuple[str, ...] = ()) -> DrawingReads:
        """The drawing reads of what ``reads`` collected."""
        return cls(
            variables=tuple(sorted(name for name in reads.names if name in story.variables)),
            visits=tuple(sorted(reads.visited | reads.visit_counts)),
            once_keys=once_keys,
            turn="turn" in reads.names,
            remaining="remaining" in reads.names,
            countdown="countdown" in reads.names,
        )


def drawing_reads(story: Story) -> tuple[DrawingReads, dict[str, DrawingReads]]:
    """What drawing a turn reads: everywhere (crew panel, UI classes), and in each scene.

    In a scene, drawing renders its title and text and its choices' texts and
    disabled reasons, and evaluates their conditions (and which once-only
    choices are used); the crew panel and the UI classes are drawn everywhere.
    """
    everywhere, per_scene = shown_reads(story)
    found: dict[str, DrawingReads] = {}
    for scene in story.scenes.values():
        reads = Reads()
        drawn = per_scene[scene.id]
        reads.names |= drawn.names
        reads.visited |= drawn.visited
        reads.visit_counts |= drawn.visit_counts
        for choice in scene.choices:
            if choice.guard is not None:
                reads.add(choice.guard.node)
        once = tuple(f"{scene.id}.{choice.id}" for choice in scene.choices if choice.once)
        found[scene.id] = DrawingReads.of(reads, story, once)
    return DrawingReads.of(everywhere, story), found
