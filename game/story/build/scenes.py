"""Scenes, their endings and their choices (with a choice's target, or weighted random targets)."""

from __future__ import annotations

import re

from game.story.build.context import BuildContext, FileContext, PendingScene, describe, suggest
from game.story.build.effects import build_effects
from game.story.build.fields import (
    boolean_field,
    condition_field,
    declared,
    id_field,
    number_field,
    template_field,
    text_field,
)
from game.story.expressions import TypeEnv
from game.story.format import CHOICE, ENDING, SCENE, WEIGHT, Boolean, Condition, Id, Number, OneOf, SceneId, Text
from game.story.format import Template as TemplateKind
from game.story.model import Choice, Effect, Ending, Outcome, Scene, Source
from game.story.yamlread import YMap, YNode, YScalar, YSeq

_TITLE = declared(SCENE, "title", TemplateKind)
_TEXT = declared(SCENE, "text", TemplateKind)
_EXPIRES = declared(SCENE, "expires", SceneId)
_ENDING_ID = declared(ENDING, "id", Id)
_ENDING_TITLE = declared(ENDING, "title", Text)
_TONE = declared(ENDING, "tone", Text)
_HINT = declared(ENDING, "hint", Text)
_CHOICE_ID = declared(CHOICE, "id", Id)
_CHOICE_TEXT = declared(CHOICE, "text", TemplateKind)
_TO = declared(CHOICE, "to", OneOf)
_IF = declared(CHOICE, "if", Condition)
_DISABLED = declared(CHOICE, "disabled", TemplateKind)
_COST = declared(CHOICE, "cost", Number)
_ONCE = declared(CHOICE, "once", Boolean)
#: A line of a text block that looks like a scene key indented too far (it became part of the text).
_KEY_IN_TEXT = re.compile(r"^[ \t]*(choices|ending|on_enter|expires):[ \t]*$", re.MULTILINE)


def collect_scenes(ctx: BuildContext, file: FileContext, node: YNode) -> None:
    """Note each scene by id (checked: an id, defined once, a mapping); it is built once every id is known."""
    if not isinstance(node, YMap):
        ctx.error(file, node, f"'scenes' must be a mapping of scene ids to scenes, not {describe(node)}")
        return
    for key, value in node.items:
        scene_id = ctx.id_of(file, key, "scene id")
        if scene_id is None:
            continue
        if scene_id in ctx.scene_nodes:
            first = ctx.scene_nodes[scene_id]
            ctx.error(
                file,
                key,
                f"scene '{scene_id}' is defined twice (first at {first.file.display}:{first.key.line});"
                + (" a branch adds to a scene with 'extend:'" if file.branch else " rename one of them"),
            )
            continue
        if not isinstance(value, YMap):
            ctx.error(
                file,
                value,
                f"scene '{scene_id}' must be a mapping (title, text, choices...), not {describe(value)}",
            )
            continue
        ctx.scene_nodes[scene_id] = PendingScene(scene_id, value, key, file)


def build_scene(ctx: BuildContext, pending: PendingScene, env: TypeEnv) -> Scene | None:
    """A scene from its pending mapping; None (with errors) when its title or text is missing or wrong."""
    file, node, scene_id = pending.file, pending.node, pending.id
    assert node is not None, f"scene '{scene_id}' is built once"
    found = ctx.fields(file, node, SCENE, f"scene '{scene_id}'")
    title = template_field(ctx, file, found, _TITLE, env)
    text = template_field(ctx, file, found, _TEXT, env)
    on_enter: list[Effect] = build_effects(ctx, file, found["on_enter"][1], env) if "on_enter" in found else []
    ending = _build_ending(ctx, file, found["ending"][1], scene_id) if "ending" in found else None
    expires = id_field(ctx, file, found, _EXPIRES)
    choices = build_choices(ctx, file, found["choices"][1], env, scene_id, set()) if "choices" in found else []
    if "choices" not in found and "ending" not in found:
        hint = _key_in_text_hint(file, found["text"]) if "text" in found else ""
        ctx.error(
            file,
            node,
            f"scene '{scene_id}' has no choices and is not an ending: add 'choices:' or 'ending:'{hint}",
        )
    elif "ending" not in found and isinstance(found["choices"][1], YSeq) and not found["choices"][1].items:
        ctx.error(
            file,
            found["choices"][0],
            f"scene '{scene_id}' has an empty 'choices' list and is not an ending: add a choice or 'ending:'",
        )
    if title is None or text is None:
        return None
    scene = Scene(
        scene_id,
        title,
        text,
        tuple(on_enter),
        tuple(choices),
        ending,
        expires,
        Source(file.display, pending.key.line, pending.key.col),
    )
    scene.choice_index.update((choice.id, choice) for choice in choices)
    return scene


def _key_in_text_hint(file: FileContext, text: tuple[YScalar, YNode]) -> str:
    """A hint when 'choices:' (or 'ending:') is indented into the text block above it and so is text."""
    key, value = text
    if not (isinstance(value, YScalar) and value.style in ("|", ">") and isinstance(value.value, str)):
        return ""
    found = _KEY_IN_TEXT.search(value.value)
    if found is None:
        return ""
    name = found.group(1)
    lines = file.source_lines()
    # A block's text starts on the line after its '|' or '>'.
    for index in range(value.line, len(lines)):
        if lines[index].strip() == f"{name}:":
            return (
                f" (the '{name}:' on line {index + 1} is indented into the text block above it, so it is text:"
                f" indent it like 'text:', {key.col - 1} spaces)"
            )
    return ""


def _build_ending(ctx: BuildContext, file: FileContext, node: YNode, scene_id: str) -> Ending | None:
    if not isinstance(node, YMap):
        ctx.error(file, node, f"'ending' must be a mapping ({ENDING.known}), not {describe(node)}")
        return None
    found = ctx.fields(file, node, ENDING)
    ending_id = id_field(ctx, file, found, _ENDING_ID) if "id" in found else scene_id
    title = text_field(ctx, file, found, _ENDING_TITLE)
    for spec in (_ENDING_TITLE, _HINT):
        if spec.name in found:
            ctx.warn_if_cut_by_comment(file, found[spec.name][1], f"the ending {spec.name}")
    tone = text_field(ctx, file, found, _TONE)
    hint: str | None = None
    if "hint" in found:
        hint = text_field(ctx, file, found, _HINT)
        if hint is None:
            return None
        hint = hint.strip()
        if not hint:
            ctx.error(file, found["hint"][1], "ending hint is empty; write a line for the gallery or leave 'hint' out")
            return None
    if ending_id is None or title is None or tone is None:
        return None
    return Ending(ending_id, title, tone, hint)


def build_choices(
    ctx: BuildContext, file: FileContext, node: YNode, env: TypeEnv, scene_id: str, taken_ids: set[str]
) -> list[Choice]:
    """A scene's list of choices; ``taken_ids``: the ids the scene has already (an extension adds to them)."""
    if not isinstance(node, YSeq):
        ctx.error(file, node, f"'choices' must be a list (each item starts with '- '), not {describe(node)}")
        return []
    built: list[Choice] = []
    for item in node.items:
        choice = _build_choice(ctx, file, item, env)
        if choice is None:
            continue
        if choice.id in taken_ids:
            ctx.error(
                file,
                item,
                f"scene '{scene_id}' has two choices with id '{choice.id}'; give each an explicit, different 'id'",
            )
            continue
        taken_ids.add(choice.id)
        built.append(choice)
    return built


def _build_choice(ctx: BuildContext, file: FileContext, node: YNode, env: TypeEnv) -> Choice | None:
    if not isinstance(node, YMap):
        ctx.error(file, node, f"a choice must be a mapping (text, to, ...), not {describe(node)}")
        return None
    found = ctx.fields(file, node, CHOICE)
    text = template_field(ctx, file, found, _CHOICE_TEXT, env, locate=False)
    outcomes = _outcomes(ctx, file, found["to"][1]) if "to" in found else None
    guard = condition_field(ctx, file, found, _IF, env)
    reason = None
    if "disabled" in found:
        reason = template_field(ctx, file, found, _DISABLED, env)
        if "if" not in found:
            ctx.error(file, found["disabled"][0], "'disabled' explains a false 'if'; this choice has no 'if'")
    effects = build_effects(ctx, file, found["effects"][1], env) if "effects" in found else []
    cost = number_field(ctx, file, found, _COST)
    once = boolean_field(ctx, file, found, _ONCE)
    choice_id: str | None = None
    if "id" in found:
        choice_id = id_field(ctx, file, found, _CHOICE_ID)
    elif outcomes is not None and len(outcomes) == 1:
        choice_id = outcomes[0].scene
    elif outcomes is not None:
        ctx.error(file, found["to"][1], "a choice with random outcomes needs an explicit 'id'")
    if text is None or outcomes is None or cost is None or choice_id is None:
        return None
    return Choice(
        choice_id,
        text,
        tuple(outcomes),
        guard,
        reason,
        tuple(effects),
        cost,
        bool(once),
        Source(file.display, node.line, node.col),
    )


def _outcomes(ctx: BuildContext, file: FileContext, node: YNode) -> list[Outcome] | None:
    if isinstance(node, YScalar):
        target = ctx.scene_of(file, node, _TO.label)
        return None if target is None else [Outcome(target, 1)]
    if isinstance(node, YMap):
        outcomes: list[Outcome] = []
        ok = True
        for key, value in node.items:
            target = ctx.id_of(file, key, _TO.label)
            weight = ctx.number_of(file, value, "a weight", minimum=WEIGHT.minimum)
            if target is not None and target not in ctx.scene_nodes:
                ctx.error(file, key, f"{_TO.label} '{target}' does not exist{suggest(target, ctx.scene_nodes)}")
                ok = False
            elif target is None or weight is None:
                ok = False
            else:
                outcomes.append(Outcome(target, weight))
        if not outcomes:
            if ok:
                ctx.error(file, node, "'to' needs at least one scene")
            return None
        if ok and sum(outcome.weight for outcome in outcomes) <= 0:
            ctx.error(file, node, "the weights of a random 'to' must add up to more than zero")
            return None
        return outcomes if ok else None
    ctx.error(file, node, f"'to' must be a scene id or a mapping of scene ids to weights, not {describe(node)}")
    return None
