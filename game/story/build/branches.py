"""``extend:``: what a branch adds to scenes of the story it is loaded with (more text, more choices)."""

from __future__ import annotations

from game.story.build.context import BuildContext, FileContext, PendingExtension, describe, suggest
from game.story.build.fields import declared, template_field
from game.story.build.scenes import build_choices
from game.story.expressions import TypeEnv
from game.story.format import EXTENSION
from game.story.format import Template as TemplateKind
from game.story.model import Scene
from game.story.yamlread import YMap, YNode

_TEXT = declared(EXTENSION, "text", TemplateKind)


def collect_extensions(ctx: BuildContext, file: FileContext, node: YNode) -> None:
    """Note each extension by the scene it extends; they are applied once every scene is built."""
    if not isinstance(node, YMap):
        ctx.error(file, node, f"'extend' must be a mapping of scene ids to additions, not {describe(node)}")
        return
    for key, value in node.items:
        scene_id = ctx.id_of(file, key, "scene id")
        if scene_id is None:
            continue
        if not isinstance(value, YMap):
            ctx.error(
                file,
                value,
                f"the extension of '{scene_id}' must be a mapping ({EXTENSION.known}), not {describe(value)}",
            )
            continue
        ctx.extensions.append(PendingExtension(scene_id, value, key, file))


def apply_extensions(ctx: BuildContext, scenes: dict[str, Scene], env: TypeEnv) -> None:
    """Replace each extended scene by one with the extension's text and choices added."""
    for extension in ctx.extensions:
        file, node, scene_id = extension.file, extension.node, extension.scene
        scene = scenes.get(scene_id)
        if scene is None:
            if scene_id not in ctx.scene_nodes:
                ctx.error(
                    file,
                    extension.key,
                    f"cannot extend scene '{scene_id}': it does not exist{suggest(scene_id, ctx.scene_nodes)}",
                )
            continue
        found = ctx.fields(file, node, EXTENSION, f"extension of '{scene_id}'")
        text = scene.text
        addition = template_field(ctx, file, found, _TEXT, env)
        if addition is not None:
            # The addition starts a new paragraph, however the scene's text ends.
            source = scene.text.source
            joiner = "" if source.endswith("\n\n") else ("\n" if source.endswith("\n") else "\n\n")
            text = text.followed_by(joiner, addition)
        choices = list(scene.choices)
        if "choices" in found:
            taken = {choice.id for choice in choices}
            choices += build_choices(ctx, file, found["choices"][1], env, scene_id, taken)
        extended = Scene(
            scene.id, scene.title, text, scene.on_enter, tuple(choices), scene.ending, scene.expires, scene.source
        )
        extended.choice_index.update((choice.id, choice) for choice in choices)
        scenes[scene_id] = extended
