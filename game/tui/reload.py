"""Authors' live reload (`crisis play --watch`): reload the scenario whenever its file is saved,
keep the player's place where the decisions still fit, and show errors without stopping play."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .app import CrisisApp


class Reloader:
    def __init__(self, app: CrisisApp, path: Path) -> None:
        self.app, self.path = app, path
        self.seen = self.stamp()

    def stamp(self) -> tuple[float, int] | None:
        try:
            info = self.path.stat()
        except OSError:
            return None
        return (info.st_mtime, info.st_size)

    def check(self, force: bool = False) -> None:
        """Reload if the file changed since it was last read (or now, with `force`)."""
        from ..engine.loader import check_bytes
        from ..engine.saves import replay_onto
        from .screens.problems import ProblemsScreen

        app = self.app
        stamp = self.stamp()
        if stamp is None or (stamp == self.seen and not force):
            return
        self.seen = stamp
        try:
            found, loaded = check_bytes(self.path.read_bytes(), str(self.path))
        except OSError:
            return  # caught mid-save; the next tick will see the finished file
        if isinstance(app.screen, ProblemsScreen):
            app.pop_screen()
        if loaded is None:
            problems = [d.format() for d in found if d.severity.value == "error"]
            title = (
                "The scenario has errors; still playing the last version that loaded"
                if app.game is not None
                else "The scenario has errors; fix them and save: the game starts by itself"
            )
            app.push_screen(ProblemsScreen(title, problems))
            return
        if app.game is None or app.recorder is None:
            role = app.watch_role if loaded.scenario.role(app.watch_role or "") else None
            app.new_game_from(loaded, role)
            return
        begun = app.play is not None and app.play.flow.begun
        restored = replay_onto(app.game, loaded)
        app.start_game(restored.game, app.recorder)
        if begun and app.play is not None and not app.play.flow.begun:
            # past the briefing but before the first decision: stay at that decision
            app.play.flow.begin()
            app.play.show()
        if restored.problems:
            app.push_screen(ProblemsScreen("Reloaded; your place changed", restored.problems))
        else:
            app.notify(f"Reloaded {self.path.name}", markup=False)
