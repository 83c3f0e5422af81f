"""The two passes of a load: each file's sections noted (``add_file``), then the story built (``finish``).

Scenes can refer to scenes in any file, so nothing is built until every
file has been read: the first pass only notes each scene, variable and
extension by name; the second builds them, in the order types need (the
variables' types, then the manifest, the scenes, the extensions), and
checks what spans the whole story.
"""

from __future__ import annotations

from game.story.build.branches import apply_extensions, collect_extensions
from game.story.build.context import BuildContext, FileContext, Manifest, StoryError, StoryLoadError, describe
from game.story.build.manifest import build_manifest
from game.story.build.scenes import build_scene, collect_scenes
from game.story.build.variables import build_variables, collect_variables
from game.story.expressions import TypeEnv
from game.story.format import COUNTDOWN, STORY_FILE
from game.story.model import CountdownAdd, CountdownStart, CountdownStop, Scene, Story
from game.story.yamlread import YMap, YScalar, decode


def add_file(ctx: BuildContext, display: str, branch: bool, data: bytes) -> None:
    """Read one file's sections: its manifest, and its variables, scenes and extensions by name."""
    text, problem = decode(data)
    file = FileContext(display, text or "", branch)
    ctx.files.append(display)
    if problem is not None:
        ctx.report(StoryError(file.display, problem.line, problem.col, problem.message))
        return
    assert text is not None
    root, problems = ctx.yaml_reader(text)
    for found in problems:
        ctx.report(StoryError(file.display, found.line, found.col, found.message))
        ctx.yaml_spots.add((file.display, found.line, found.col))
    if problems and root is None:
        ctx.unreadable = True
        return
    if root is None or (isinstance(root, YScalar) and root.value is None):
        ctx.report(
            StoryError(file.display, 1, 1, "the file is empty; a story file is a mapping with keys such as 'scenes:'")
        )
        return
    if not isinstance(root, YMap):
        ctx.error(
            file,
            root,
            f"the top level of a story file must be a mapping ({STORY_FILE.known}), not {describe(root)}",
        )
        return
    sections = ctx.fields(file, root, STORY_FILE)
    if "story" in sections:
        key, node = sections["story"]
        if file.branch:
            ctx.error(file, key, "a branch cannot have a 'story' manifest; it extends the story it is loaded with")
        elif ctx.manifest is not None:
            first = ctx.manifest[1].display
            ctx.error(file, key, f"a second 'story' manifest; the story's manifest is in {first}")
        elif not isinstance(node, YMap):
            ctx.error(file, node, f"'story' must be a mapping, not {describe(node)}")
        else:
            ctx.manifest = (node, file)
    if "vars" in sections:
        collect_variables(ctx, file, sections["vars"][1])
    if "scenes" in sections:
        collect_scenes(ctx, file, sections["scenes"][1])
    if "extend" in sections:
        collect_extensions(ctx, file, sections["extend"][1])


def finish(ctx: BuildContext) -> Story:
    """Build and check the story from every file's sections; StoryLoadError with every problem found."""
    if ctx.manifest is None and ctx.extensions:
        raise _branch_without_story(ctx)
    variables = build_variables(ctx)
    env = TypeEnv({name: var.type for name, var in variables.items()}, ctx.scene_nodes)
    manifest = build_manifest(ctx, env)
    scenes: dict[str, Scene] = {}
    for pending in ctx.scene_nodes.values():
        scene = build_scene(ctx, pending, env)
        if scene is not None:
            scenes[pending.id] = scene
        # The parsed YAML of a built scene is not needed again: let it go now, not
        # after every scene is built, so a large story's peak holds one copy, not two.
        pending.node = None
    apply_extensions(ctx, scenes, env)
    if manifest is not None:
        _check_references(ctx, scenes, manifest)
    if ctx.errors:
        raise StoryLoadError([*ctx.errors, *ctx.unlisted_summaries()])
    assert manifest is not None
    return Story(
        id=manifest.id,
        title=manifest.title,
        version=manifest.version,
        start=manifest.start,
        variables=variables,
        scenes=scenes,
        crew=manifest.crew,
        countdown=manifest.countdown,
        ui_classes=manifest.ui_classes,
        fingerprint=ctx.fingerprint,
        branches=ctx.branch_names,
        files=tuple(ctx.files),
        warnings=tuple(ctx.warnings),
    )


def _branch_without_story(ctx: BuildContext) -> StoryLoadError:
    """A branch checked as a story: every scene it extends or leads to is elsewhere, so all
    that could be said is a page of "does not exist". Say what it is instead, once."""
    first = ctx.extensions[0]
    folder = ctx.root_display or "this folder"
    notice = StoryError(
        first.file.display,
        first.key.line,
        first.key.col,
        f"this looks like a branch (no 'story:' manifest, and it extends '{first.scene}', which is not"
        f" here): use --branch: exception check --branch {folder}"
        " (with the bundled story; put another story's folder before --branch)",
    )
    # Problems reading the files stand; what the branch says about scenes is checked with its story.
    read_problems = [error for error in ctx.errors if (error.path, error.line, error.col) in ctx.yaml_spots]
    return StoryLoadError([*read_problems, notice])


def _check_references(ctx: BuildContext, scenes: dict[str, Scene], manifest: Manifest) -> None:
    countdown = manifest.countdown
    for scene in scenes.values():
        effects = list(scene.on_enter)
        for choice in scene.choices:
            effects += choice.effects
        for effect in effects:
            if (
                isinstance(effect, CountdownStart | CountdownAdd | CountdownStop)
                and countdown is None
                and ctx.manifest is not None
            ):
                ctx.report(
                    StoryError(
                        effect.source.path,
                        effect.source.line,
                        effect.source.col,
                        f"a countdown effect, but the manifest has no 'countdown:' settings ({COUNTDOWN.known})",
                    )
                )
        if scene.ending is not None and scene.choices:
            ctx.report(
                StoryError(
                    scene.source.path,
                    scene.source.line,
                    scene.source.col,
                    f"ending scene '{scene.id}' has choices; an ending is where play stops",
                )
            )
    seen_endings: dict[str, Scene] = {}
    for scene in scenes.values():
        if scene.ending is None:
            continue
        first = seen_endings.get(scene.ending.id)
        if first is not None:
            ctx.report(
                StoryError(
                    scene.source.path,
                    scene.source.line,
                    scene.source.col,
                    f"ending id '{scene.ending.id}' is also used by scene '{first.id}'; ending ids name one ending each",
                )
            )
        seen_endings[scene.ending.id] = scene
