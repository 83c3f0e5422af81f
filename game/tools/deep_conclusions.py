"""What the deep check concludes once its search is over, from what the search reached.

Scenes and endings never reached (proved by the scene graph, by the whole
state space, or only within the search's bounds), guards never true,
variables never read or never written, and countdown expiries never reached.
"""

from __future__ import annotations

from game.engine import Story
from game.tools.analysis import StoryFacts, story_facts, unreachable_scenes
from game.tools.deep_report import ERROR, WARNING, DeepReport, Finding, finding_order


def conclude(story: Story, report: DeepReport, guard_true: set[tuple[str, str]]) -> None:
    """Add to ``report`` what its search shows about the whole story, then sort its findings.

    ``guard_true`` holds each (scene, choice) whose guard the search found true.
    """
    complete = report.complete
    qualifier = "" if complete else " within the search bounds"
    proved = {found.scene: found for found in unreachable_scenes(story)}
    for scene in story.scenes.values():
        if scene.id in report.scenes_reached:
            continue
        what = f"the ending '{scene.ending.id}' ({scene.ending.title})" if scene.ending else f"scene '{scene.id}'"
        noun = "ending" if scene.ending is not None else "scene"
        if scene.id in proved:
            # The scene graph alone proves it, whatever the bounds.
            report.findings.append(Finding(ERROR, f"unreachable-{noun}", proved[scene.id].message(story), scene.source))
        elif complete:
            message = f"{what} is never reached: no reachable game state leads there (the search covered them all)"
            report.findings.append(Finding(ERROR, f"unreachable-{noun}", message, scene.source))
        else:
            message = (
                f"{what} was not reached within the search bounds: not proved unreachable"
                " (a guard or a variable may keep it out of reach, or the bounds cut the way there)"
            )
            report.findings.append(Finding(WARNING, f"unreached-{noun}", message, scene.source, bounded=True))
    for scene in story.scenes.values():
        if scene.id not in report.scenes_reached:
            continue
        for choice in scene.choices:
            if choice.guard is not None and (scene.id, choice.id) not in guard_true:
                report.findings.append(
                    Finding(
                        WARNING,
                        "guard-never-true",
                        f"the condition '{choice.guard.source.strip()}' of choice '{choice.id}' in scene"
                        f" '{scene.id}' is never true when the player is there{qualifier}",
                        choice.source,
                        bounded=not complete,
                    )
                )
    facts = story_facts(story)
    _variable_findings(story, report, facts)
    _countdown_findings(story, report, facts)
    report.findings.sort(key=finding_order)


def _variable_findings(story: Story, report: DeepReport, facts: StoryFacts) -> None:
    """Variables set but never read, or read but never set."""
    read = facts.anywhere.names
    for name, variable in story.variables.items():
        if name in facts.written and name not in read:
            report.findings.append(
                Finding(
                    WARNING,
                    "never-read",
                    f"variable '{name}' is set or changed but never read: remove it, or use it in a condition"
                    " or a text",
                    variable.source,
                )
            )
        elif name in read and name not in facts.written:
            report.findings.append(
                Finding(
                    WARNING,
                    "never-written",
                    f"variable '{name}' is read but no effect ever changes it: it is always {variable.initial!r}",
                    variable.source,
                )
            )


def _countdown_findings(story: Story, report: DeepReport, facts: StoryFacts) -> None:
    """A countdown never started, or an expiry scene the time never runs out into."""
    settings = story.countdown
    if settings is None:
        return
    if not facts.countdown_started:
        report.findings.append(
            Finding(
                WARNING,
                "countdown-never-started",
                "the manifest has countdown settings but no effect starts the countdown",
            )
        )
        return
    targets = {settings.expires} | {scene.expires for scene in story.scenes.values() if scene.expires}
    for target in sorted(targets):
        if target not in report.scenes_reached:
            level = ERROR if report.complete else WARNING
            report.findings.append(
                Finding(
                    level,
                    "countdown-never-expires",
                    f"the countdown's expiry scene '{target}' is never reached: no reachable state lets the"
                    " time run out there" + ("" if report.complete else " within the search bounds"),
                    story.scenes[target].source,
                    bounded=not report.complete,
                )
            )
