"""The Textual app: wiring only. It holds the current game and its recorder; the flow of play is
`tui/flow.py` over the engine's `Flow`, the commands are `tui/commands.py`, authors' live reload
is `tui/reload.py`. Screens talk to the app through messages (`tui/messages.py`).

The engine and the scenario loader are imported only when a game is started or a save is listed,
so the title screen comes up without paying for them.
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen

from .commands import THEMES, GameCommands, bindings
from .messages import (
    Chose,
    Continued,
    LoadSave,
    NewGame,
    ReasonGiven,
    Resumed,
    RewindTo,
    SeatReady,
    StartClass,
)
from .start_up_aside import SetsStartUpAside

if TYPE_CHECKING:
    from ..engine.classroom import Classroom
    from ..engine.game import Game
    from ..engine.loader import LoadedScenario
    from ..engine.saves import Recorder, SaveFile
    from .flow import Play
    from .reload import Reloader
    from .saver import BackgroundSaver


class CrisisApp(SetsStartUpAside, App[int]):
    # Absolute, so that subclasses defined elsewhere (tests, benchmarks) still find it.
    CSS_PATH = Path(__file__).with_name("crisis.tcss")
    TITLE = "Crisis"
    COMMANDS = App.COMMANDS | {GameCommands}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings(),
        Binding("f5", "reload_watched", "Reload (watch mode)"),
    ]

    def __init__(
        self,
        saves: Path,
        scenario_dirs: list[Path] | None = None,
        game: Game | None = None,
        seed: int | None = None,
        watch: Path | None = None,
        class_setup: LoadedScenario | None = None,
    ) -> None:
        super().__init__()
        # A class session on this screen: who plays what.
        self.classroom: Classroom | None = None
        self.play: Play | None = None
        self._class_setup = class_setup
        # Authors' live reload: the scenario file to watch.
        self.watch_path = watch
        self.reloader: Reloader | None = None
        self.watch_role: str | None = None  # the role to start as once a broken file is fixed
        self.saves = saves
        self.scenario_dirs = list(scenario_dirs or [])
        self.game: Game | None = None
        self.recorder: Recorder | None = None
        self._initial_game = game
        # A fixed seed (tests, snapshots) makes chance events repeatable.
        self.fixed_seed = seed
        self._saver: BackgroundSaver | None = None

    def get_default_screen(self) -> Screen:
        from .screens.title import TitleScreen

        return TitleScreen()

    def on_mount(self) -> None:
        if self._initial_game is not None:
            from ..engine.saves import Recorder

            self.start_game(self._initial_game, Recorder(self.saves))
        if self.watch_path is not None:
            from .reload import Reloader

            self.reloader = Reloader(self, self.watch_path)
            self.set_interval(0.5, self.reloader.check)
            self.notify(
                f"Watching {self.watch_path.name}: each time you save it, the game reloads",
                title="Watch mode",
                timeout=10,
                markup=False,
            )
            if self._initial_game is None and self._class_setup is None:
                self.reloader.check(force=True)  # it did not load: show why now
        self.set_interval(1.0, self.tick)
        if self._class_setup is not None:
            from .screens.class_setup import ClassSetupScreen

            self.push_screen(ClassSetupScreen(self._class_setup))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The footer shows "Reload (watch mode)" only when a file is watched.
        if action == "reload_watched":
            return self.reloader is not None
        return True

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: str = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Notices go to the screen's status line when it has one (game screens), where they
        cover nothing; anywhere else they are toasts."""
        from textual.content import Content

        from .widgets.notices import Notices

        line = None
        for screen in reversed(self.screen_stack):  # under a dialog that is closing, too
            found = list(screen.query(Notices)) if screen.is_mounted else []
            if found:
                line = found[0]
                break
            if not isinstance(screen, ModalScreen):
                break
        if line is not None:
            try:
                plain = Content.from_markup(message).plain if markup else message
            except Exception:  # not valid markup after all: show it as it is
                plain = message
            line.add(plain, title, severity)
            return
        super().notify(
            message, title=title, severity=severity, timeout=timeout, markup=markup  # type: ignore[arg-type]
        )

    def action_reload_watched(self) -> None:
        if self.reloader is not None:
            self.reloader.check(force=True)

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

    # -- the flow of play ------------------------------------------------------------------------
    def start_game(self, game: Game, recorder: Recorder) -> None:
        from ..engine.classroom import Classroom
        from .flow import Play

        self.game, self.recorder = game, recorder
        self.classroom = Classroom.from_extra(recorder.extra)
        room = self.classroom
        self.play = Play(self, game, room.players if room else None, room.reveal if room else "now")
        self.play.show()

    def new_game_from(self, loaded: LoadedScenario, role: str | None) -> None:
        from ..engine.game import Game
        from ..engine.saves import Recorder

        self.start_game(Game(loaded, seed=self.new_seed(), role=role), Recorder(self.saves))

    def start_class(
        self, loaded: LoadedScenario, room: Classroom, seed: int, preset: str | None
    ) -> None:
        from ..engine.game import Game
        from ..engine.saves import Recorder

        game = Game(loaded, seed=seed, preset=preset)
        self.start_game(game, Recorder(self.saves, extra=room.to_extra()))

    def next_position(self) -> None:
        """The player has read what is on screen (the briefing, an outcome): go on."""
        if self.play is not None:
            self.play.proceed()

    @on(NewGame)
    def _new_game(self, message: NewGame) -> None:
        self.new_game_from(message.loaded, message.role)

    @on(StartClass)
    def _start_class(self, message: StartClass) -> None:
        self.start_class(message.loaded, message.room, message.seed, message.preset)

    @on(LoadSave)
    def _load_save(self, message: LoadSave) -> None:
        self.load_save(message.save)

    @on(RewindTo)
    def _rewind_to(self, message: RewindTo) -> None:
        self.rewind(message.keep)

    @on(Continued)
    def _continued(self) -> None:
        self.next_position()

    @on(Chose)
    def _chose(self, message: Chose) -> None:
        if self.play is not None:
            self.play.chose(message.choice_id, message.timeout)

    @on(Resumed)
    def _resumed(self) -> None:
        if self.play is not None:
            self.play.resume()

    @on(SeatReady)
    def _seat_ready(self) -> None:
        if self.play is not None:
            self.play.seat_ready()

    @on(ReasonGiven)
    def _reason_given(self, message: ReasonGiven) -> None:
        if self.play is not None:
            self.play.reason_given(message.text)

    def tick(self) -> None:
        if self.play is not None:
            self.play.tick()

    def action_facilitator(self) -> None:
        from .screens.facilitator import FacilitatorScreen

        if self.game is None or self.classroom is None or self.play is None:
            self.notify("The facilitator's controls are for class sessions.", title="Facilitator")
            return
        play = self.play
        self.push_screen(
            FacilitatorScreen(self.game, play.flow.reveal, paused=play.flow.paused),
            play.facilitate,
        )

    def rewind(self, keep: int) -> None:
        assert self.game is not None
        title = self.game.scenario.nodes[self.game.state.steps[keep].node_id].title
        self.game.rewind(keep)
        self.autosave()
        if self.play is not None:
            self.play.ready = None
            self.play.show()

        def told() -> None:
            # Once the screen rewound to is up: on its status line, not over its choices.
            self.notify(
                f"Back at “{title}”. The path you left is kept in the save.",
                title="Rewound",
                markup=False,
            )

        self.call_after_refresh(told)

    def autosave(self) -> None:
        if self.game is None or self.recorder is None:
            return
        if self.classroom is not None and self.play is not None:
            # The reveal setting is in the log; the save's class settings follow it.
            self.classroom.reveal = self.play.flow.reveal.value
            self.recorder.extra.update(self.classroom.to_extra())
        try:
            path, data = self.recorder.autosave_data(self.game)
        except OSError as exc:
            self._autosave_failed(exc)
            return
        if self._saver is None:
            from .saver import BackgroundSaver

            loop = asyncio.get_running_loop()
            self._saver = BackgroundSaver(
                lambda exc: loop.call_soon_threadsafe(self._autosave_failed, exc)
            )
        self._saver.submit(path, data)

    def _autosave_failed(self, exc: OSError) -> None:
        # Long enough to be read even when it comes while the player is busy reading.
        self.notify(f"Could not autosave: {exc}", severity="error", markup=False, timeout=30)

    def flush_saves(self) -> None:
        """Wait for autosaves still being written (before listing saves, and on closing)."""
        if self._saver is not None:
            self._saver.flush()

    def on_unmount(self) -> None:
        self.flush_saves()  # the game is on disk before the app is gone

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

        self.flush_saves()
        return next((s for s in list_saves(self.saves) if isinstance(s, SaveFile)), None)

    # -- actions -------------------------------------------------------------------------------
    def action_new_game(self, for_class: bool = False) -> None:
        from .screens.picker import PickerScreen

        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(PickerScreen(for_class=for_class))

    def action_new_class(self) -> None:
        self.action_new_game(for_class=True)

    def action_continue_latest(self) -> None:
        save = self.latest_save()
        if save is None:
            self.notify("There is no saved game yet.", title="Continue")
            return
        self.load_save(save)

    def action_load(self) -> None:
        from .screens.load import LoadScreen

        self.flush_saves()
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
        from ..engine.saves import default_name

        group = str(self.recorder.extra.get("group") or "")
        suggestion = default_name(self.game, group)
        self.push_screen(SaveNameScreen(suggestion, self.recorder.folder), self._save_named)

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
            hidden = self.play is not None and self.play.flow.reveal == "end"
            self.push_screen(MapScreen(self.game, show_history=not hidden))

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
