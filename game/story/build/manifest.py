"""The ``story:`` manifest: id, title, version, start, and the crew, countdown and ui settings."""

from __future__ import annotations

import re

from game.story.build.context import ID, BuildContext, FileContext, Manifest, StoryError, describe
from game.story.build.fields import condition_field, declared, id_field, number_field, text_field
from game.story.expressions import BOOL, Expr, Template, TypeEnv
from game.story.format import (
    COUNTDOWN,
    CREW_MEMBER,
    MANIFEST,
    UI,
    UI_CLASS_PATTERN,
    Condition,
    Id,
    Number,
    SceneId,
    Text,
)
from game.story.model import CountdownSettings, CrewMember
from game.story.yamlread import YMap, YNode, YScalar, YSeq

_STORY_ID = declared(MANIFEST, "id", Id)
_TITLE = declared(MANIFEST, "title", Text)
_VERSION = declared(MANIFEST, "version", Text)
_START = declared(MANIFEST, "start", SceneId)
_CREW_ID = declared(CREW_MEMBER, "id", Id)
_NAME = declared(CREW_MEMBER, "name", Text)
_ROLE = declared(CREW_MEMBER, "role", Text)
_ALIVE = declared(CREW_MEMBER, "alive", Condition)
_SHOWN = declared(CREW_MEMBER, "shown", Condition)
_LABEL = declared(COUNTDOWN, "label", Text)
_UNIT = declared(COUNTDOWN, "unit", Text)
_CLOCK_START = declared(COUNTDOWN, "start", Number)
_WARNING = declared(COUNTDOWN, "warning", Number)
_EXPIRES = declared(COUNTDOWN, "expires", SceneId)
_UI_CLASS = re.compile(UI_CLASS_PATTERN + r"\Z")


def build_manifest(ctx: BuildContext, env: TypeEnv) -> Manifest | None:
    """The manifest's values (None, with an error, when no file has one)."""
    if ctx.manifest is None:
        if not ctx.errors and ctx.files:
            ctx.report(
                StoryError(
                    ctx.files[0],
                    1,
                    1,
                    "no 'story:' manifest in any file; one file must have 'story:' with id, title, version and start",
                )
            )
        elif ctx.files:
            ctx.report(StoryError(ctx.files[0], 1, 1, "no 'story:' manifest found in any file"))
        return None
    node, file = ctx.manifest
    found = ctx.fields(file, node, MANIFEST)
    result = Manifest()
    result.id = id_field(ctx, file, found, _STORY_ID) or ""
    result.start = id_field(ctx, file, found, _START) or ""
    result.title = text_field(ctx, file, found, _TITLE) or ""
    result.version = text_field(ctx, file, found, _VERSION) or ""
    if "crew" in found:
        result.crew = _build_crew(ctx, file, found["crew"][1], env)
    if "countdown" in found:
        result.countdown = _build_countdown(ctx, file, found["countdown"][1])
    if "ui" in found:
        result.ui_classes = _build_ui(ctx, file, found["ui"][1], env)
    return result


def _build_crew(ctx: BuildContext, file: FileContext, node: YNode, env: TypeEnv) -> tuple[CrewMember, ...]:
    if not isinstance(node, YSeq):
        ctx.error(file, node, f"'crew' must be a list of crew members, not {describe(node)}")
        return ()
    crew: list[CrewMember] = []
    seen: set[str] = set()
    for item in node.items:
        if not isinstance(item, YMap):
            ctx.error(file, item, f"a crew member must be a mapping (id, name, role...), not {describe(item)}")
            continue
        found = ctx.fields(file, item, CREW_MEMBER)
        member_id = id_field(ctx, file, found, _CREW_ID)
        name = text_field(ctx, file, found, _NAME)
        role = text_field(ctx, file, found, _ROLE)
        alive = condition_field(ctx, file, found, _ALIVE, env)
        shown = condition_field(ctx, file, found, _SHOWN, env)
        stats: list[tuple[str, Template]] = []
        if "stats" in found:
            stats_node = found["stats"][1]
            if not isinstance(stats_node, YMap):
                ctx.error(file, stats_node, f"'stats' must map labels to values, not {describe(stats_node)}")
            else:
                for label_node, value_node in stats_node.items:
                    label = ctx.text_of(file, label_node, "a stat label", allow_numbers=True)
                    template = stat_template(ctx, file, value_node, env)
                    if label is not None and template is not None:
                        stats.append((label, template))
        if member_id is not None and member_id in seen:
            ctx.error(file, found["id"][1], f"crew id '{member_id}' is used twice")
        if member_id is not None and name is not None:
            seen.add(member_id)
            crew.append(CrewMember(member_id, name, role or "", alive, tuple(stats), shown))
    return tuple(crew)


def stat_template(ctx: BuildContext, file: FileContext, node: YNode, env: TypeEnv) -> Template | None:
    """A stat is a template; a bare variable name shows that variable."""
    text = ctx.text_of(file, node, "a stat value", allow_numbers=True)
    if text is None:
        return None
    assert isinstance(node, YScalar)
    if ID.match(text) and text in env.variables:
        text = "{" + text + "}"
        return ctx.template(file, YScalar(text, node.line, node.col, node.style), env, "stat")
    return ctx.template(file, node, env, "stat")


def _build_countdown(ctx: BuildContext, file: FileContext, node: YNode) -> CountdownSettings | None:
    if not isinstance(node, YMap):
        ctx.error(file, node, f"'countdown' must be a mapping ({COUNTDOWN.known}), not {describe(node)}")
        return None
    found = ctx.fields(file, node, COUNTDOWN)
    label = text_field(ctx, file, found, _LABEL)
    unit = text_field(ctx, file, found, _UNIT)
    start = number_field(ctx, file, found, _CLOCK_START)
    warning = number_field(ctx, file, found, _WARNING)
    expires = id_field(ctx, file, found, _EXPIRES)
    if label is None or unit is None or start is None or warning is None or expires is None:
        return None
    return CountdownSettings(label, unit, start, warning, expires)


def _build_ui(ctx: BuildContext, file: FileContext, node: YNode, env: TypeEnv) -> tuple[tuple[str, Expr], ...]:
    if not isinstance(node, YMap):
        ctx.error(file, node, f"'ui' must be a mapping, not {describe(node)}")
        return ()
    found = ctx.fields(file, node, UI)
    if "classes" not in found:
        return ()
    classes_node = found["classes"][1]
    if not isinstance(classes_node, YMap):
        ctx.error(file, classes_node, f"'ui.classes' must map class names to conditions, not {describe(classes_node)}")
        return ()
    classes: list[tuple[str, Expr]] = []
    for key, value in classes_node.items:
        name = ctx.text_of(file, key, "a UI class name")
        if name is not None and not _UI_CLASS.match(name):
            ctx.error(file, key, f"UI class '{name}' must be letters, digits, '-' and '_'")
            continue
        condition = ctx.expression(file, value, env, BOOL, f"the condition of UI class '{name}'")
        if name is not None and condition is not None:
            classes.append((name, condition))
    return tuple(classes)
