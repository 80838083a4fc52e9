"""The Textual app: holds the current game and its recorder, and moves between screens.

Screens are thin: they show views of the engine's `Game` and call the app's few moves
(`choose`, `advance`, `rewind`, ...), which call the engine and autosave. The engine and the
scenario loader are imported only when a game is started or a save is listed, so the title screen
comes up without paying for them.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

if TYPE_CHECKING:
    from ..engine.game import Game, Step
    from ..engine.loader import LoadedScenario
    from ..engine.saves import Recorder, SaveFile

THEMES = ("textual-dark", "textual-light", "ansi-dark", "ansi-light")


class GameCommands(Provider):
    """The game's own commands in the command palette (ctrl+p)."""

    def _commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        app = self.app
        assert isinstance(app, CrisisApp)
        yield "New game", "Choose a scenario and start", app.action_new_game
        yield "Continue", "Load the latest save", app.action_continue_latest
        yield "Load a saved game", "Every save, newest first", app.action_load
        if app.game is not None:
            yield "Save game as…", "Save with a name (ctrl+s)", app.action_save_as
            yield "Timeline", "Your decisions so far; rewind to one", app.action_timeline
            yield "Map", "The scenario's nodes, your path and history's", app.action_map
            yield "Export debrief", "Write a Markdown debrief", app.action_export_debrief
        yield "Help", "Keys and how to play", app.action_help
        yield "Back to title", "Leave the game (it is saved)", app.action_title
        for theme in THEMES:
            yield f"Theme: {theme}", "Switch colours", partial(app.set_theme, theme)

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


class CrisisApp(App[int]):
    # Absolute, so that subclasses defined elsewhere (tests, benchmarks) still find it.
    CSS_PATH = Path(__file__).with_name("crisis.tcss")
    TITLE = "Crisis"
    COMMANDS = App.COMMANDS | {GameCommands}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1,question_mark", "help", "Help", key_display="?"),
        Binding("ctrl+s", "save_as", "Save"),
        Binding("ctrl+t", "cycle_theme", "Theme", show=False),
    ]

    def __init__(
        self,
        saves: Path,
        scenario_dirs: list[Path] | None = None,
        game: Game | None = None,
        seed: int | None = None,
        watch: Path | None = None,
    ) -> None:
        super().__init__()
        # Authors' live reload: the scenario file to watch, and when it was last seen.
        self.watch = watch
        self._watched_stamp = self._stamp()
        self.saves = saves
        self.scenario_dirs = list(scenario_dirs or [])
        self.game: Game | None = None
        self.recorder: Recorder | None = None
        self._initial_game = game
        # A fixed seed (tests, snapshots) makes chance events repeatable.
        self.fixed_seed = seed

    def get_default_screen(self) -> Screen:
        from .screens.title import TitleScreen

        return TitleScreen()

    def on_mount(self) -> None:
        if self._initial_game is not None:
            from ..engine.saves import Recorder

            self.start_game(self._initial_game, Recorder(self.saves))
        if self.watch is not None:
            self.set_interval(0.5, self.reload_if_changed)

    # -- live reload for authors -----------------------------------------------------------------
    def _stamp(self) -> tuple[float, int] | None:
        try:
            info = self.watch.stat() if self.watch else None
        except OSError:
            return None
        return (info.st_mtime, info.st_size) if info else None

    def reload_if_changed(self) -> None:
        """Reload the watched scenario after it is saved: keep the player's place where the
        decisions still fit; show errors in the app and keep playing the last good version."""
        from ..engine.loader import check_bytes
        from ..engine.saves import replay_onto
        from .screens.problems import ProblemsScreen

        stamp = self._stamp()
        if stamp is None or stamp == self._watched_stamp or self.watch is None:
            return
        self._watched_stamp = stamp
        try:
            found, loaded = check_bytes(self.watch.read_bytes(), str(self.watch))
        except OSError:
            return  # caught mid-save; the next tick will see the finished file
        if isinstance(self.screen, ProblemsScreen):
            self.pop_screen()
        if loaded is None:
            problems = [d.format() for d in found if d.severity.value == "error"]
            self.push_screen(
                ProblemsScreen(
                    "The scenario has errors; still playing the last version that loaded", problems
                )
            )
            return
        if self.game is None or self.recorder is None:
            return
        restored = replay_onto(self.game, loaded)
        self.start_game(restored.game, self.recorder)
        if restored.problems:
            self.push_screen(ProblemsScreen("Reloaded; your place changed", restored.problems))
        else:
            self.notify(f"Reloaded {self.watch.name}", markup=False)

    # -- screens -------------------------------------------------------------------------------
    def show(self, screen: Screen) -> None:
        """Show a game screen in place of whatever is above the title screen."""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) == 2:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def new_seed(self) -> int:
        return self.fixed_seed if self.fixed_seed is not None else random.randrange(1_000_000)

    # -- moves ---------------------------------------------------------------------------------
    def start_game(self, game: Game, recorder: Recorder) -> None:
        from .screens.briefing import BriefingScreen

        self.game, self.recorder = game, recorder
        if game.state.steps:
            self.next_position()
        else:
            self.show(BriefingScreen(game))

    def new_game_from(self, loaded: LoadedScenario, role: str | None) -> None:
        from ..engine.game import Game
        from ..engine.saves import Recorder

        self.start_game(Game(loaded, seed=self.new_seed(), role=role), Recorder(self.saves))

    def next_position(self) -> None:
        """Show the current node: the ending, an automatic decision's outcome, or a decision."""
        from ..engine.model import DecisionNode
        from .screens.decision import DecisionScreen
        from .screens.ending import EndingScreen

        game = self.game
        assert game is not None
        if game.finished:
            self.show(EndingScreen(game))
            return
        reason = game.automatic() if isinstance(game.node, DecisionNode) else None
        if reason is not None:
            choice = game.historical_choice()
            self.after_step(game.choose(choice.id, how=reason), always=True)
            return
        self.show(DecisionScreen(game))

    def choose(self, choice_id: str, how: str = "player", seconds: float | None = None) -> None:
        assert self.game is not None
        self.after_step(self.game.choose(choice_id, how=how, seconds=seconds))

    def advance(self) -> None:
        assert self.game is not None
        self.after_step(self.game.advance())

    def after_step(self, step: Step, always: bool = False) -> None:
        """Autosave, then show what the step led to (or go on when there is nothing to show)."""
        from .screens.outcome import OutcomeScreen, worth_showing

        assert self.game is not None
        self.autosave()
        if always or worth_showing(self.game, step):
            self.show(OutcomeScreen(self.game, step))
        else:
            self.next_position()

    def rewind(self, keep: int) -> None:
        assert self.game is not None
        title = self.game.scenario.nodes[self.game.state.steps[keep].node_id].title
        self.game.rewind(keep)
        self.autosave()
        self.notify(
            f"Back at “{title}”. The path you left is kept in the save.",
            title="Rewound",
            markup=False,
        )
        self.next_position()

    def autosave(self) -> None:
        if self.game is None or self.recorder is None:
            return
        try:
            self.recorder.autosave(self.game)
        except OSError as exc:
            self.notify(f"Could not autosave: {exc}", severity="error", markup=False)

    def load_save(self, save: SaveFile) -> None:
        """Restore a save; tell the player what no longer matches when the scenario changed."""
        from ..engine.catalog import scenario_for_save
        from ..engine.diagnostics import ScenarioError
        from ..engine.saves import Recorder, SaveError, restore
        from .screens.problems import ProblemsScreen

        try:
            restored = restore(save, scenario_for_save(save.data["scenario"], self.scenario_dirs))
        except LookupError as exc:
            self.notify(str(exc), title="Cannot load", severity="error", markup=False)
            return
        except ScenarioError as exc:
            problems = [d.format() for d in exc.diagnostics]
            self.push_screen(ProblemsScreen("The scenario of this save has errors", problems))
            return
        except SaveError as exc:
            self.notify(str(exc), title="Cannot load", severity="error", markup=False)
            return
        self.start_game(restored.game, Recorder.resuming(self.saves, save))
        if restored.problems:
            self.push_screen(
                ProblemsScreen("The scenario has changed since this save", restored.problems)
            )
        else:
            self.notify(f"Loaded {save.name}", markup=False)

    def latest_save(self) -> SaveFile | None:
        from ..engine.saves import SaveFile, list_saves

        return next((s for s in list_saves(self.saves) if isinstance(s, SaveFile)), None)

    # -- actions -------------------------------------------------------------------------------
    def action_new_game(self) -> None:
        from .screens.picker import PickerScreen

        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(PickerScreen())

    def action_continue_latest(self) -> None:
        save = self.latest_save()
        if save is None:
            self.notify("There is no saved game yet.", title="Continue")
            return
        self.load_save(save)

    def action_load(self) -> None:
        from .screens.load import LoadScreen

        self.push_screen(LoadScreen())

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_title(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_save_as(self) -> None:
        from .screens.save_name import SaveNameScreen

        if self.game is None or self.recorder is None or len(self.screen_stack) < 2:
            self.notify("There is no game to save.", title="Save")
            return
        self.push_screen(SaveNameScreen(self.game.scenario.title), self._save_named)

    def _save_named(self, name: str | None) -> None:
        if not name or self.game is None or self.recorder is None:
            return
        try:
            path = self.recorder.save_as(self.game, name)
        except OSError as exc:
            self.notify(f"Could not save: {exc}", severity="error", markup=False)
            return
        self.notify(f"Saved as {path}", title="Saved", markup=False)

    def action_timeline(self) -> None:
        from .screens.timeline import TimelineScreen

        if self.game is not None and not isinstance(self.screen, TimelineScreen):
            self.push_screen(TimelineScreen(self.game))

    def action_map(self) -> None:
        from .screens.map import MapScreen

        if self.game is not None and not isinstance(self.screen, MapScreen):
            self.push_screen(MapScreen(self.game))

    def action_export_debrief(self) -> None:
        from ..reports.debrief import write_debrief

        if self.game is None:
            return
        game_id = self.recorder.game_id if self.recorder else "game"
        extra = self.recorder.extra if self.recorder else {}
        try:
            paths = write_debrief(self.game, self.saves, game_id, extra)
        except OSError as exc:
            self.notify(f"Could not write the debrief: {exc}", severity="error", markup=False)
            return
        shown = "\n".join(str(p) for p in paths)
        self.notify(f"Debrief written to\n{shown}", title="Exported", markup=False, timeout=10)

    def set_theme(self, name: str) -> None:
        self.theme = name
        self.notify(f"Theme: {name}")

    def action_cycle_theme(self) -> None:
        current = THEMES.index(self.theme) if self.theme in THEMES else -1
        self.set_theme(THEMES[(current + 1) % len(THEMES)])
