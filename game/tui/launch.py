"""Starting the Textual app. Imports stay inside `run_app` so `crisis --help` never pays for Textual."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine.game import Game
    from ..engine.loader import LoadedScenario


def run_app(
    saves: Path,
    scenario_dirs: list[Path],
    game: Game | None = None,
    watch: Path | None = None,
    class_setup: LoadedScenario | None = None,
    watch_role: str | None = None,
) -> int:
    """Open the title screen, or with `game` go straight to that game's briefing. With `watch`,
    the scenario file is reloaded whenever it is saved; without `game` as well, the watched file
    did not load, and the game starts as `watch_role` once it does."""
    from .app import CrisisApp

    app = CrisisApp(
        saves=saves, scenario_dirs=scenario_dirs, game=game, watch=watch, class_setup=class_setup
    )
    app.watch_role = watch_role
    app.set_start_up_aside = True
    result = app.run()
    if app.return_code:  # a crash: Textual has printed the traceback; say so to the shell too
        return app.return_code
    return result if isinstance(result, int) else 0
