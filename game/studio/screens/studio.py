"""The studio's one main screen: files, editor, problems, and the side panes."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Static, TabbedContent, TabPane, TextArea

from game.engine import Story, StoryLoadError
from game.story.expressions import Value
from game.story.model import Source
from game.studio.branching import BranchPlan, create_branch
from game.studio.checker import CheckResult, Problem, StoryChecker
from game.studio.completion import complete, word_at
from game.studio.journal import BufferJournal
from game.studio.keys import STUDIO_BINDINGS
from game.studio.options import StudioOptions
from game.studio.playthrough import Playthrough, play_witness
from game.studio.screens.leave import DISCARD, SAVE, LeaveScreen
from game.studio.screens.new_branch import NewBranchScreen
from game.studio.screens.play_from_here import PlayFromHereScreen
from game.studio.screens.recover import RecoverScreen
from game.studio.status_line import Place, status_line
from game.studio.story_index import scene_at
from game.studio.widgets.findings_list import FindingsList
from game.studio.widgets.play_pane import PlayPane
from game.studio.widgets.problem_list import ProblemList
from game.studio.widgets.scene_map import SceneMap
from game.studio.widgets.story_editor import StoryEditor
from game.studio.widgets.story_tree import StoryTree
from game.studio.workspace import Workspace
from game.tools.explore import DeepReport, Finding, deep_check

#: Below this many columns the file tree folds away (Ctrl+T shows it again).
NARROW = 140


class StudioScreen(Screen[None]):
    """Edit a story's files with the story checked as you type."""

    AUTO_FOCUS = None  # the editor is focused once the first file is open
    BINDINGS: ClassVar[list[BindingType]] = STUDIO_BINDINGS

    def __init__(self, options: StudioOptions) -> None:
        super().__init__()
        self.options = options
        self.clock = options.clock
        self.workspace = Workspace(options.story, options.branches)
        self.checker = StoryChecker(self.workspace.story, lambda: self.workspace.branch_args, self.workspace.locate)
        self.journal = BufferJournal(options.data_dir, self.workspace.story)
        self.editors: dict[Path, StoryEditor] = {}
        self.current: Path | None = None
        self.last_check: CheckResult | None = None
        #: The last story that loaded: completion, the map and the playing pane use it while a mistake is open.
        self.story: Story | None = None
        self.deep_report: DeepReport | None = None
        self._check_lock = threading.Lock()
        self._generation = 0
        self._last_edit = 0.0
        self._check_due = True
        self._journal_due = False
        self._key_followup_due = False
        self._last_journal = 0.0
        self._note = ""
        #: The file the new-branch dialog made (None until it makes one).
        self._new_branch_file: Path | None = None

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="studio-body"):
            yield StoryTree(id="files")
            with Vertical(id="middle"):
                yield ContentSwitcher(id="editors")
                yield ProblemList(id="problems")
            with TabbedContent(id="side", initial="tab-play"):
                with TabPane("Play", id="tab-play"):
                    yield PlayPane(id="play")
                with TabPane("Map", id="tab-map"):
                    yield SceneMap(id="map")
                with TabPane("Deep check", id="tab-deep"):
                    yield FindingsList(id="findings")
        yield Static("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        self._fill_tree()
        first = self.options.open_file or self.workspace.default_file()
        if first is not None:
            self.open_file(first, self.options.open_line)
        recovered = self.journal.read()
        if recovered.problem:
            self.note(recovered.problem)
        # A journal is read from disk: only the story's own files are offered back.
        kept = {path: text for path, text in recovered.buffers.items() if self.workspace.holds(path)}
        if kept:
            names = [self.workspace.display(path) for path in kept]
            self.app.push_screen(RecoverScreen(names), lambda restore: self._recovered(kept, bool(restore)))
        self.set_interval(0.1, self.tick)
        self.on_resize()

    def on_resize(self) -> None:
        self.set_class(self.app.size.width < NARROW, "narrow")

    def _fill_tree(self) -> None:
        self.query_one(StoryTree).show_files(self.workspace.tree())

    # ----------------------------------------------------------------- editing

    @property
    def editor(self) -> StoryEditor | None:
        """The editor on screen."""
        return self.editors.get(self.current) if self.current is not None else None

    def open_file(self, path: Path, line: int = 1, col: int = 1) -> StoryEditor | None:
        """Show ``path`` in the editor (opening it if needed) with the cursor at line:col."""
        path = path.resolve()
        editor = self.editors.get(path)
        if editor is None:
            try:
                buffer = self.workspace.open(path)
            except OSError as error:
                self.note(f"cannot open {self.workspace.display(path)}: {error}")
                return None
            editor = StoryEditor(path, buffer.text, completer=self._complete, id=f"editor-{len(self.editors)}")
            self.editors[path] = editor
            self.query_one("#editors", ContentSwitcher).mount(editor)
        self.current = path
        self.query_one("#editors", ContentSwitcher).current = editor.id
        self._mark_problems()
        editor.focus()
        self.call_after_refresh(editor.go_to, line, col)
        self.update_status()
        return editor

    @on(StoryTree.FileChosen)
    def _file_chosen(self, event: StoryTree.FileChosen) -> None:
        self.open_file(event.path)

    @on(TextArea.Changed)
    def _edited(self, event: TextArea.Changed) -> None:
        editor = event.text_area
        if not isinstance(editor, StoryEditor):
            return
        buffer = self.workspace.buffers.get(editor.path)
        if buffer is None or buffer.text == editor.text:
            return
        buffer.text = editor.text
        self._last_edit = self.clock()
        self._check_due = True
        self._journal_due = True
        self._after_key()

    @on(TextArea.SelectionChanged)
    def _moved(self, event: TextArea.SelectionChanged) -> None:
        self._after_key()

    def _after_key(self) -> None:
        # The status line and the map follow the cursor just after the editor's frame is drawn, once
        # per key however many messages it made, so the keystroke reaches the screen first.
        if not self._key_followup_due:
            self._key_followup_due = True
            self.call_after_refresh(self._follow_key)

    def _follow_key(self) -> None:
        self._key_followup_due = False
        self.update_status()
        self._follow_cursor()

    def _complete(self, before: str) -> list[str]:
        return complete(before, self.story)

    def scene_under_cursor(self) -> str | None:
        """The scene written where the cursor is (in the last story that loaded)."""
        editor = self.editor
        if editor is None or self.story is None or self.current is None:
            return None
        return scene_at(self.story, self.workspace.display(self.current), editor.cursor_location[0] + 1)

    def _follow_cursor(self) -> None:
        if self.story is not None:
            self.query_one(SceneMap).show_scene(self.story, self.scene_under_cursor())

    def go_to_source(self, source: Source) -> None:
        """Open the file a story source names, at its line and column."""
        path = self.workspace.locate(source.path)
        if path is None:
            self.note(f"{source.path} is not a file the studio can open")
            return
        self.open_file(path, source.line, source.col)

    @on(SceneMap.GoTo)
    def _map_go_to(self, event: SceneMap.GoTo) -> None:
        self.go_to_source(event.source)

    def action_show_map(self) -> None:
        self.query_one(TabbedContent).active = "tab-map"
        self._follow_cursor()
        self.query_one(SceneMap).focus()

    def action_definition(self) -> None:
        """Go to the definition of the scene or variable named under the cursor."""
        editor = self.editor
        if editor is None or self.story is None:
            return
        row, column = editor.cursor_location
        word = word_at(editor.document.get_line(row), column)
        if word in self.story.scenes:
            self.go_to_source(self.story.scenes[word].source)
        elif word in self.story.variables:
            self.go_to_source(self.story.variables[word].source)
        else:
            self.note(f"'{word}' is not a scene or a variable of the story" if word else "no word under the cursor")

    def action_save(self) -> None:
        """Write the file on screen atomically; the journal forgets it."""
        if self.current is None:
            return
        try:
            self.workspace.save(self.current)
        except OSError as error:
            self.note(f"not saved: {error.strerror or error}; the text is still in the editor")
            return
        self.note(f"saved {self.workspace.display(self.current)}")
        self._write_journal()
        self.update_status()

    def save_all(self) -> bool:
        """Save every unsaved buffer; False (with a note) if one could not be written."""
        for buffer in self.workspace.dirty():
            try:
                self.workspace.save(buffer.path)
            except OSError as error:
                self.note(f"not saved {self.workspace.display(buffer.path)}: {error.strerror or error}")
                return False
        self._write_journal()
        return True

    def action_focus_editor(self) -> None:
        """Escape from a pane goes back to the editor."""
        if self.editor is not None:
            self.editor.focus()

    def action_toggle_tree(self) -> None:
        self.toggle_class("show-tree")

    # ----------------------------------------------------------- leaving, crash

    def request_leave(self) -> None:
        """Leave, asking first when there are unsaved changes."""
        dirty = self.workspace.dirty()
        if not dirty:
            self.journal.clear()
            self.app.exit()
            return
        names = [self.workspace.display(buffer.path) for buffer in dirty]
        self.app.push_screen(LeaveScreen(names), self._leave_answered)

    def _leave_answered(self, answer: str | None) -> None:
        if answer == DISCARD or (answer == SAVE and self.save_all()):
            self.journal.clear()
            self.app.exit()

    def _recovered(self, buffers: dict[Path, str], restore: bool) -> None:
        if not restore:
            self.journal.clear()
            return
        for path, text in buffers.items():
            editor = self.open_file(path)
            if editor is not None and editor.text != text:
                # Through the editor, so Ctrl+Z can take the restored text back.
                editor.replace(text, (0, 0), editor.document.end)
        self._check_due = True
        self.note(f"restored unsaved edits in {len(buffers)} file(s); Ctrl+S saves each")

    def _write_journal(self) -> None:
        self._journal_due = False
        self._last_journal = self.clock()
        try:
            self.journal.write({buffer.path: buffer.text for buffer in self.workspace.dirty()})
        except OSError as error:
            self.note(f"unsaved edits could not be kept in {self.journal.path}: {error.strerror or error}")

    # ---------------------------------------------------------------- checking

    def tick(self) -> None:
        """Check the story once typing has paused; keep the journal of unsaved edits (timer, or a test)."""
        now = self.clock()
        if self._journal_due and now - self._last_journal >= self.options.journal_delay:
            self._write_journal()
        if self._check_due and now - self._last_edit >= self.options.check_delay:
            self._check_due = False
            self._generation += 1
            self.run_check(self.workspace.overrides(), self._generation)

    @work(thread=True, group="check", exit_on_error=False)
    def run_check(self, overrides: dict[Path, bytes], generation: int) -> None:
        """Load the story with the unsaved buffers in a thread; the result is shown on the UI thread."""
        with self._check_lock:
            result = self.checker.check(overrides, generation)
        self.app.call_from_thread(self.show_check, result)

    def show_check(self, result: CheckResult) -> None:
        """Show a check's problems (a late result of an older check is dropped)."""
        if self.last_check is not None and result.generation < self.last_check.generation:
            return
        self.last_check = result
        self.query_one(ProblemList).show(result.problems)
        self._mark_problems()
        if result.story is not None:
            self.story = result.story
            self.query_one(PlayPane).replay_on(result.story)
            self._follow_cursor()
        self.update_status()

    def _mark_problems(self) -> None:
        problems = self.last_check.problems if self.last_check else ()
        for path, editor in self.editors.items():
            editor.mark_problems([problem.line for problem in problems if problem.file == path])

    @on(ProblemList.ProblemChosen)
    def _problem_chosen(self, event: ProblemList.ProblemChosen) -> None:
        self.go_to_problem(event.problem)

    def go_to_problem(self, problem: Problem) -> None:
        """Open the problem's file with the cursor on it."""
        if problem.file is None:
            self.note(f"{problem.display} is not a file the studio can open")
            return
        self.open_file(problem.file, problem.line, problem.col)

    def action_next_problem(self) -> None:
        problems = self.last_check.problems if self.last_check else ()
        if problems:
            self.query_one(ProblemList).focus()

    # ----------------------------------------------------------------- playing

    def action_play_start(self) -> None:
        """Play the edited story from its start in the playing pane."""
        if self.story is None:
            self.note("the story has not loaded yet; fix the problems listed first")
            return
        self.query_one(PlayPane).start(Playthrough(self.story))
        self._show_play()

    def action_play_here(self) -> None:
        """Ask for variable values, then play from the scene under the cursor."""
        scene = self.scene_under_cursor()
        if self.story is None or scene is None:
            self.note("put the cursor in a scene of a story that loads, then F3 plays from there")
            return
        pane = self.query_one(PlayPane)
        values = pane.playthrough.game.state.vars if pane.playthrough is not None else {}
        story = self.story
        self.app.push_screen(
            PlayFromHereScreen(story, scene, values), lambda chosen: self._play_here(story, scene, chosen)
        )

    def _play_here(self, story: Story, scene: str, chosen: dict[str, Value] | None) -> None:
        if chosen is None:
            return
        self.query_one(PlayPane).start(Playthrough(story, scene=scene, values=chosen))
        self._show_play()

    def _show_play(self) -> None:
        self.query_one(TabbedContent).active = "tab-play"
        self.query_one("#play-choices").focus()

    # -------------------------------------------------------------- deep check

    def action_deep_check(self) -> None:
        """Explore every reachable state of the last story that loaded, in a worker."""
        if self.story is None:
            self.note("the story has not loaded yet; fix the problems listed first")
            return
        self.query_one(TabbedContent).active = "tab-deep"
        self.query_one(FindingsList).waiting("The deep check is exploring the story…")
        self.run_deep_check(self.story)

    @work(thread=True, group="deep", exclusive=True, exit_on_error=False)
    def run_deep_check(self, story: Story) -> None:
        """The deep check, off the UI thread."""
        report = deep_check(story, time_limit=self.options.deep_time_limit)
        self.app.call_from_thread(self.show_deep_report, report)

    def show_deep_report(self, report: DeepReport) -> None:
        """List the deep check's findings."""
        self.deep_report = report
        findings = self.query_one(FindingsList)
        findings.show(report)
        findings.focus()

    @on(FindingsList.FindingChosen)
    def _finding_chosen(self, event: FindingsList.FindingChosen) -> None:
        self.play_finding(event.finding)

    def play_finding(self, finding: Finding) -> None:
        """Play a finding's witness in the playing pane (and show its place in the editor)."""
        if finding.source is not None:
            self.go_to_source(finding.source)
        if finding.witness is None or self.story is None:
            return
        playthrough, problem = play_witness(self.story, finding.seed, finding.witness)
        self.query_one(PlayPane).start(playthrough)
        if problem:
            self.note(problem)
        self._show_play()

    # ------------------------------------------------------------- new branch

    def action_new_branch(self) -> None:
        """The new-branch dialog, hooked by default onto the scene under the cursor."""
        if self.story is None:
            self.note("the story has not loaded yet; fix the problems listed first")
            return
        hook = self.scene_under_cursor() or self.story.start
        self.app.push_screen(NewBranchScreen(hook, self._make_branch), self._branch_made)

    def _make_branch(self, plan: BranchPlan) -> str | None:
        assert self.story is not None
        try:
            path = create_branch(
                plan, self.story, self.workspace.story, self.workspace.story / "branches", self.workspace.branch_args
            )
        except ValueError as problem:
            return str(problem)
        except StoryLoadError as failure:
            return f"the story with this branch does not load: {failure.errors[0]}"
        except OSError as error:
            return f"cannot write the branch: {error.strerror or error}"
        self._new_branch_file = path
        return None

    def _branch_made(self, plan: BranchPlan | None) -> None:
        if plan is None:
            return
        path = self._new_branch_file
        if path is None:
            return
        self.workspace.add_branch(path.parent)
        self._fill_tree()
        self.open_file(path)
        self._check_due = True
        self.note(f"made the branch {self.workspace.display(path.parent)}; it is checked with the story")

    # ------------------------------------------------------------------ status

    def note(self, text: str) -> None:
        """A one-line message in the status line (until the next one)."""
        self._note = text
        self.update_status()

    def update_status(self) -> None:
        """File, cursor, unsaved mark, and the last check's outcome."""
        editor = self.editor
        place = None
        if editor is not None and self.current is not None:
            row, column = editor.cursor_location
            dirty = self.workspace.buffers[self.current].dirty
            place = Place(self.workspace.display(self.current), dirty, row, column)
        completions = len(editor.completions()) if editor is not None and editor.suggestion else None
        text = status_line(place, self.last_check, completions, self._note)
        # The status line is one row across the screen whatever it says: no layout pass per keystroke.
        self.query_one("#status", Static).update(text, layout=False)
