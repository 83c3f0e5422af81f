"""The ``vars:`` section: variable names found in the first pass, their initial values built in the second."""

from __future__ import annotations

from game.story.build.context import BuildContext, FileContext, describe, in_range
from game.story.expressions import BUILTIN_NAMES, RESERVED_WORDS, value_type
from game.story.model import Source, Variable
from game.story.yamlread import MAX_INT, YMap, YNode, YScalar


def collect_variables(ctx: BuildContext, file: FileContext, node: YNode) -> None:
    """Note each declared name (checked: an id, not built in, declared once); values wait for ``build``."""
    if not isinstance(node, YMap):
        ctx.error(file, node, f"'vars' must be a mapping of names to initial values, not {describe(node)}")
        return
    for key, value in node.items:
        name = ctx.id_of(file, key, "variable name")
        if name is None:
            continue
        if name in BUILTIN_NAMES or name in RESERVED_WORDS:
            ctx.error(file, key, f"'{name}' is a built-in name; choose another variable name")
            continue
        if name in ctx.var_nodes:
            first_key, _, first_file = ctx.var_nodes[name]
            ctx.error(
                file, key, f"variable '{name}' is declared twice (first at {first_file.display}:{first_key.line})"
            )
            continue
        ctx.var_nodes[name] = (key, value, file)


def build_variables(ctx: BuildContext) -> dict[str, Variable]:
    """Every declared variable whose initial value is true/false, a finite number or text; its type is that value's."""
    variables: dict[str, Variable] = {}
    for name, (key, node, file) in ctx.var_nodes.items():
        if not isinstance(node, YScalar) or value_type(node.value) is None:
            ctx.error(
                file,
                node,
                f"variable '{name}' needs an initial value: true/false, a number or text, not {describe(node)}",
            )
            continue
        value = node.value
        assert isinstance(value, bool | int | float | str)
        if not in_range(value):
            ctx.error(file, node, f"variable '{name}' must start as a finite number within ±{MAX_INT:,}")
            continue
        kind = value_type(value)
        assert kind is not None
        variables[name] = Variable(name, kind, value, Source(file.display, key.line, key.col))
    return variables
