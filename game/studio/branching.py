"""A new branch: a folder with one file that hooks a choice onto a story scene and leads to a first scene."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from game.engine import Story, StoryLoadError, load_story
from game.saves.atomic import atomic_write_text

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


@dataclass(frozen=True, slots=True)
class BranchPlan:
    """What the author asked for in the new-branch dialog."""

    name: str
    hook: str  # the story scene the new choice is added to
    choice_text: str
    scene: str  # the branch's first scene
    title: str
    opening: str  # the first scene's text
    back_text: str  # the choice that leads back to the hook scene


def plan_problems(plan: BranchPlan, story: Story, branches_dir: Path) -> list[str]:
    """Why the plan cannot be made (empty: it can)."""
    problems: list[str] = []
    if not _NAME.match(plan.name):
        problems.append("the branch name is a letter then letters, digits or _ (it names the folder)")
    elif (branches_dir / plan.name).exists():
        problems.append(f"{branches_dir / plan.name} exists already; choose another name")
    if plan.hook not in story.scenes:
        problems.append(f"there is no scene '{plan.hook}' to hook the branch onto")
    if not _NAME.match(plan.scene):
        problems.append("the first scene's id is a letter then letters, digits or _")
    elif plan.scene in story.scenes:
        problems.append(f"the story has a scene '{plan.scene}' already; a branch adds new scenes")
    for what, text in (
        ("the choice text", plan.choice_text),
        ("the title", plan.title),
        ("the opening text", plan.opening),
        ("the way back", plan.back_text),
    ):
        if not text.strip():
            problems.append(f"{what} is empty")
    return problems


def branch_yaml(plan: BranchPlan, story: Story) -> str:
    """The branch file's text (strings written as JSON strings, which YAML reads as they are)."""

    def quoted(text: str) -> str:
        return json.dumps(text.strip(), ensure_ascii=False)

    opening = "\n".join(f"      {line}".rstrip() for line in plan.opening.strip().splitlines())
    return (
        f"# {plan.name}: a branch of {story.title}, hooked onto the scene '{plan.hook}'.\n"
        f"# Play it with:  exception play --branch <this folder>\n"
        "\n"
        "extend:\n"
        f"  {plan.hook}:\n"
        "    choices:\n"
        f"      - text: {quoted(plan.choice_text)}\n"
        f"        to: {plan.scene}\n"
        "\n"
        "scenes:\n"
        f"  {plan.scene}:\n"
        f"    title: {quoted(plan.title)}\n"
        "    text: |\n"
        f"{opening}\n"
        "    choices:\n"
        f"      - text: {quoted(plan.back_text)}\n"
        f"        to: {plan.hook}\n"
    )


def create_branch(
    plan: BranchPlan, story: Story, story_root: Path, branches_dir: Path, other_branches: tuple[Path, ...] = ()
) -> Path:
    """Write the branch folder and file, then check the story with it; returns the file.

    Raises ValueError with the reasons when the plan cannot be made, and StoryLoadError
    (after removing what it wrote) when the story with the branch does not load.
    """
    problems = plan_problems(plan, story, branches_dir)
    if problems:
        raise ValueError("; ".join(problems))
    folder = branches_dir / plan.name
    folder.mkdir(parents=True)
    path = folder / f"{plan.name}.yaml"
    atomic_write_text(path, branch_yaml(plan, story))
    try:
        load_story(story_root, [*other_branches, folder], use_cache=False)
    except StoryLoadError:
        path.unlink()
        folder.rmdir()
        raise
    return path
