"""``exception check`` messages an author new to the project meets: each says what is wrong once, and the fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, STORY

from game.cli import main
from game.engine import StoryLoadError, load_story
from game.story.expressions import ExpressionError, TypeEnv, compile_expression
from game.tools.explore import ERROR, WARNING, deep_check

GALLEY = STORY / "branches" / "galley_tally"


def _write(folder: Path, text: str, name: str = "story.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def _errors(folder: Path, *branches: Path) -> list[str]:
    with pytest.raises(StoryLoadError) as raised:
        load_story(folder, list(branches), use_cache=False)
    return [str(error) for error in raised.value.errors]


HEAD = 'story: {id: m, title: M, version: "1", start: a}\nvars:\n  n: 1\nscenes:\n'


# ------------------------------------------------------------------ a branch checked as a story


def test_a_branch_checked_as_a_story_is_one_error_that_says_use_branch(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(GALLEY)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2, err  # the error, then "1 error in ..."
    assert err[0].startswith("tally.yaml:18:3: this looks like a branch")
    assert f"use --branch: exception check --branch {GALLEY}" in err[0]
    assert err[1] == f"1 error in {GALLEY}"


def test_the_same_branch_with_branch_checks_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--branch", str(GALLEY)]) == 0
    assert capsys.readouterr().out.startswith(f"the bundled story with --branch {GALLEY}: ok — ")


# ------------------------------------------------------------------ choices: inside a text block


@pytest.mark.parametrize("key", ["choices", "ending"])
def test_a_key_indented_into_a_text_block_is_pointed_out(tmp_path: Path, key: str) -> None:
    folder = _write(
        tmp_path,
        HEAD + f"  a:\n    title: A\n    text: |\n      The bay.\n      {key}:\n        - text: Go\n          to: a\n",
    )
    (error,) = _errors(folder)
    assert error.startswith("story.yaml:6:5: scene 'a' has no choices and is not an ending")
    assert f"(the '{key}:' on line 9 is indented into the text block above it, so it is text:" in error
    assert "indent it like 'text:', 4 spaces)" in error


def test_a_scene_that_simply_has_no_choices_gets_no_indentation_hint(tmp_path: Path) -> None:
    (error,) = _errors(_write(tmp_path, HEAD + "  a:\n    title: A\n    text: |\n      The bay.\n"))
    assert error.endswith("add 'choices:' or 'ending:'")


# ------------------------------------------------------------------ ' #' in an unquoted text


CUT = (
    HEAD + "  a:\n"
    "    title: Bay #3\n"
    "    text: Hello # there\n"
    "    choices:\n"
    "      - text: 'Go # quoted'\n"
    "        to: b  # a comment on an id is fine\n"
    "  b:\n"
    "    title: B\n"
    "    text: |\n"
    "      A block keeps # as text.\n"
    "    ending:\n"
    "      title: The end # really\n"
    "      tone: calm\n"
)


def test_a_text_cut_at_a_comment_is_a_warning_that_says_to_quote_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _write(tmp_path, CUT)
    story = load_story(folder, use_cache=False)
    assert story.scenes["a"].title.source == "Bay"
    assert [(str(source), message.split(":")[0]) for source, message in story.warnings] == [
        ("story.yaml:6:16", "the title stops before '#3'"),
        ("story.yaml:7:17", "the text stops before '# there'"),
        ("story.yaml:16:22", "the ending title stops before '# really'"),
    ]
    assert all("put the whole text in quotes" in message for _, message in story.warnings)
    assert main(["check", str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("story.yaml:6:16: warning: the title stops before '#3': YAML reads ' #'")
    assert out[-1].endswith("; 3 warnings")


def test_the_bundled_story_has_no_text_cut_by_a_comment() -> None:
    assert load_story(STORY, use_cache=False).warnings == ()


# ------------------------------------------------------------------ after a YAML syntax error


def test_a_yaml_syntax_error_is_reported_alone(tmp_path: Path) -> None:
    story = tmp_path / "story"
    shutil.copytree(STORY, story)
    act = story / "act1_printing.yaml"
    lines = act.read_text(encoding="utf-8").splitlines()
    number = lines.index("  waking:") + 1
    lines[number - 1] = "  waking: [oops"
    act.write_text("\n".join(lines) + "\n", encoding="utf-8")
    errors = _errors(story)
    # Only what is wrong in that file: not every scene, variable and target the rest of the story misses.
    assert errors and all(error.startswith("act1_printing.yaml:") for error in errors), errors
    assert any("YAML syntax error" in error for error in errors)


# ------------------------------------------------------------------ summary lines


def test_the_summary_names_the_bundled_story_not_its_install_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    assert capsys.readouterr().out.startswith("the bundled story: ok — 'exception'")


def test_the_summary_names_the_folder_as_given(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(FIXTURES / "mini")]) == 0
    assert capsys.readouterr().out.startswith(f"{FIXTURES / 'mini'}: ok — ")


# ------------------------------------------------------------------ reachability


REACH = (
    'story: {id: r, title: R, version: "1", start: a}\n'
    "scenes:\n"
    "  a:\n"
    "    title: A\n"
    "    text: A.\n"
    "    # the vault's condition never holds: only a search of every state can tell\n"
    "    choices: [{text: End, to: done}, {text: Vault, to: vault, if: n > 5}]\n"
    "  island:\n"  # line 8: nothing leads here
    "    title: Island\n"
    "    text: Nobody comes here.\n"
    "    choices:\n"
    "      - {text: On, to: lost}\n"
    "  lost:\n"  # line 13: only the island leads here
    "    title: Lost\n"
    "    text: Lost.\n"
    "    ending: {id: lost, title: Lost, tone: grim}\n"
    "  done:\n"
    "    title: Done\n"
    "    text: Done.\n"
    "    ending: {id: done, title: Done, tone: calm}\n"
    "  vault:\n"
    "    title: Vault\n"
    "    text: Vault.\n"
    "    ending: {id: vault, title: Vault, tone: rich}\n"
    "vars:\n"
    "  n: 1\n"
)


def test_plain_check_names_every_scene_and_ending_no_path_leads_to(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _write(tmp_path, REACH)
    assert main(["check", str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [
        "story.yaml:8:3: warning: no choice or expiry leads to scene 'island': the player can never reach it;"
        " add a choice with 'to: island', or remove it",
        "story.yaml:13:3: warning: the ending 'lost' (Lost) is reached only from scenes the player can never reach"
        " (no path of choices or expiries leads here from the start scene 'a')",
    ]
    assert out[2].endswith("; 2 warnings")


def test_deep_errors_on_what_the_scene_graph_proves_even_when_the_search_is_cut(tmp_path: Path) -> None:
    story = load_story(_write(tmp_path, REACH), use_cache=False)
    report = deep_check(story, max_states=1)
    assert not report.complete
    unreachable = {finding.kind: finding for finding in report.findings if "reach" in finding.kind}
    assert set(unreachable) == {"unreachable-scene", "unreachable-ending", "unreached-ending"}
    assert unreachable["unreachable-scene"].level == ERROR and not unreachable["unreachable-scene"].bounded
    # Only the whole state space shows the vault cannot be reached: a cut search says so as a warning.
    assert unreachable["unreached-ending"].level == WARNING and unreachable["unreached-ending"].bounded
    assert "not proved unreachable" in unreachable["unreached-ending"].message


def test_deep_text_lists_what_is_within_the_bounds_only_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _write(tmp_path, REACH)
    assert main(["check", "--deep", "--max-states", "1", str(folder)]) == 1
    out = capsys.readouterr().out
    proved, _, bounded = out.partition("within the search bounds only")
    assert "no choice or expiry leads to scene 'island'" in proved
    assert "the ending 'vault' (Vault) was not reached within the search bounds" in bounded
    assert "2 errors, 3 warnings (3 proved, 2 within the bounds only)" in out


def test_only_limits_the_report_to_a_branch(capsys: pytest.CaptureFixture[str]) -> None:
    branch = FIXTURES / "deep_templates_branch"
    story = FIXTURES / "deep_templates"
    args = ["check", "--deep", str(story), "--branch", str(branch)]
    assert main([*args, "--only", str(branch)]) == 1
    assert "shares.yaml:4:11: error:" in capsys.readouterr().out
    # The same error is outside a folder that holds none of the branch's files: not shown, but counted.
    assert main([*args, "--only", str(story)]) == 0
    out = capsys.readouterr().out
    assert "error:" not in out
    assert "1 error and 0 warnings outside" in out


def test_only_limits_the_plain_check_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _write(tmp_path / "story", REACH)
    assert main(["check", str(folder), "--only", str(tmp_path / "elsewhere")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and "warning:" not in out[0]
    assert out[1].endswith(f"2 warnings outside {tmp_path / 'elsewhere'} not shown")


# ------------------------------------------------------------------ expressions: digits and names


ENV = TypeEnv({"n": "num"}, frozenset({"a"}))


@pytest.mark.parametrize(
    ("source", "offset", "fragment"),
    [
        ("٣ == 3", 0, "'٣' is not an ASCII digit; write numbers with the digits 0-9"),
        ("５*５", 0, "'５' is not an ASCII digit"),
        ("n + 1٣", 5, "'٣' is not an ASCII digit"),
        ("n ** 2", 2, "there is no power operator '**'; multiply instead (x * x)"),
        ("n ^ 2", 2, "there is no power operator"),
        ("n / 0", 2, "division by 0"),
        ("ij__x", 0, "names containing '__' are not allowed"),
    ],
)
def test_expressions_take_ascii_digits_only(source: str, offset: int, fragment: str) -> None:
    with pytest.raises(ExpressionError) as raised:
        compile_expression(source, ENV)
    assert fragment in raised.value.message
    assert raised.value.offset == offset


@pytest.mark.parametrize(
    ("text", "where", "fragment"),
    [
        (
            HEAD.replace("  n: 1", "  my__var: 1") + "  a: {title: A, text: A, ending: {title: A, tone: x}}\n",
            "3:3",
            "variable name 'my__var'",
        ),
        (
            HEAD
            + "  a: {title: A, text: A, choices: [{text: B, to: ij__x}]}\n  ij__x: {title: B, text: B, ending: {title: B, tone: x}}\n",
            "6:3",
            "scene id 'ij__x'",
        ),
        (HEAD + "  a: {title: A, text: A, choices: [{text: B, to: a, id: go__on}]}\n", "5:57", "choice id 'go__on'"),
    ],
)
def test_ids_with_a_double_underscore_are_refused_with_the_fix(
    tmp_path: Path, text: str, where: str, fragment: str
) -> None:
    errors = _errors(_write(tmp_path, text))
    matching = [error for error in errors if fragment in error]
    assert matching, errors
    assert matching[0].startswith(f"story.yaml:{where}: ")
    assert "contains '__', which expressions cannot name: use a single '_'" in matching[0]


def test_a_non_ascii_id_says_which_character(tmp_path: Path) -> None:
    errors = _errors(_write(tmp_path, HEAD + "  café: {title: A, text: A, ending: {title: A, tone: x}}\n"))
    assert any("'é' is not an ASCII letter or digit" in error for error in errors), errors


# ------------------------------------------------------------------ test --random


def test_a_start_that_cannot_be_played_stops_the_batch_after_one_run(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(FIXTURES / "harden_start_error"), "--random", "50"]) == 1
    out = capsys.readouterr().out
    assert "stopped after 1 run: the start cannot be played" in out
    assert out.count("division by zero") == 1


def test_the_same_problem_in_many_runs_is_listed_once(capsys: pytest.CaptureFixture[str]) -> None:
    story, branch = FIXTURES / "deep_templates", FIXTURES / "deep_templates_branch"
    assert main(["test", str(story), "--branch", str(branch), "--random", "40"]) == 1
    out = capsys.readouterr().out
    assert out.count("modulo by zero") == 1
    assert "the same in " in out


def test_deep_json_says_which_findings_are_proved(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    folder = _write(tmp_path, REACH)
    assert main(["check", "--deep", "--json", "--max-states", "1", str(folder)]) == 1
    report = json.loads(capsys.readouterr().out)
    proved = {(item["kind"], item["line"]) for item in report["findings"] if item["proved"]}
    bounded = {(item["kind"], item["line"]) for item in report["findings"] if not item["proved"]}
    assert {("unreachable-scene", 8), ("unreachable-ending", 13)} <= proved
    assert ("unreached-ending", 21) in bounded
    assert report["not_shown"] == {"errors": 0, "warnings": 0}
