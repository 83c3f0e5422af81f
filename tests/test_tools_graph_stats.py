"""``exception graph`` and ``exception stats`` on small fixture stories."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from game.engine import load_story
from game.tools.graph import shortest_path_edges, to_dot, to_mermaid
from game.tools.stats import story_stats


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=ROOT, timeout=60, check=False
    )


def test_mermaid_groups_by_file_styles_endings_and_labels_guards() -> None:
    text = to_mermaid(load_story(FIXTURES / "mini"))
    assert text.startswith("flowchart TD\n")
    assert 'subgraph file0["story.yaml"]' in text
    assert 's_good_end(["Good<br/>ending: good"])' in text
    assert 's_dark -. "Escape [if remaining #gt; 5]" .-> s_good_end' in text
    assert 's_bay -- "⏱ Break the printer" --> s_dark' in text
    assert 's_hall -- "Roll (50%)" --> s_bad_end' in text
    assert "class s_gone expiry" in text
    assert "class s_bay start" in text


def test_highlight_marks_the_shortest_path_to_an_ending() -> None:
    story = load_story(FIXTURES / "deep_clean")
    assert shortest_path_edges(story, "home") == {("dock", "hull"), ("hull", "home")}
    text = to_mermaid(story, "home")
    assert 's_dock == "Step outside [if suit] (' not in text  # no weight on a plain choice
    assert 's_dock == "Step outside [if suit]" ==> s_hull' in text
    assert text.count("linkStyle") == 2
    with pytest.raises(ValueError, match="no ending 'nowhere'"):
        shortest_path_edges(story, "nowhere")


def test_dot_has_clusters_and_styles() -> None:
    text = to_dot(load_story(FIXTURES / "mini"), "bad")
    assert text.startswith("digraph story {")
    assert "subgraph cluster_0" in text
    assert 'gone [label="Gone\\nending: expired", shape=doubleoctagon' in text
    assert "dark -> good_end [" in text and "style=dashed" in text
    assert 'hall -> bad_end [label="Roll (50%)", color="#e74c3c", penwidth=3]' in text


def test_stats_counts_and_paths() -> None:
    stats = story_stats(load_story(FIXTURES / "deep_clean"))
    assert (stats.scenes, stats.choices, stats.endings, stats.variables) == (4, 4, 2, 1)
    assert stats.words > 20
    home = next(path for path in stats.paths if path.ending == "home")
    # Guards are ignored and loops cut: dock -> hull -> home.
    assert (home.shortest_choices, home.longest_choices) == (2, 2)
    # The dock can start the clock, so its choices count: stepping out 1, climbing in 2.
    assert home.shortest_time == 3
    air = next(path for path in stats.paths if path.ending == "out_of_air")
    assert air.shortest_choices == 1  # the clock can run out right at the dock


def test_commands(tmp_path: Path) -> None:
    stats = run("stats", str(FIXTURES / "deep_clean"))
    assert stats.returncode == 0, stats.stderr
    assert "4 scenes, 4 choices, 2 endings, 1 variable in 1 file" in stats.stdout
    data = json.loads(run("stats", str(FIXTURES / "deep_clean"), "--json").stdout)
    assert data["scenes"] == 4 and len(data["paths"]) == 2
    out = tmp_path / "graph.mmd"
    graph = run("graph", str(FIXTURES / "mini"), "--format", "mermaid", "-o", str(out))
    assert graph.returncode == 0 and out.read_text(encoding="utf-8").startswith("flowchart TD")
    bad = run("graph", str(FIXTURES / "mini"), "--highlight", "nowhere")
    assert bad.returncode == 1 and "no ending 'nowhere'" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_svg_rendering(tmp_path: Path) -> None:
    target = tmp_path / "story.svg"
    result = run("graph", str(FIXTURES / "mini"), "--svg", str(target))
    assert result.returncode == 0, result.stderr
    assert "<svg" in target.read_text(encoding="utf-8")
