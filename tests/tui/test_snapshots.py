"""Snapshots of the main screens at 80×24 (pytest-textual-snapshot). Fixed seed, no timers."""

from __future__ import annotations

from pathlib import Path

from game.engine.game import Game
from game.engine.loader import LoadedScenario
from game.tui.app import CrisisApp

SIZE = (80, 24)


def app_for(saves: Path, loaded: LoadedScenario | None = None) -> CrisisApp:
    game = Game(loaded, seed=1, role="president") if loaded is not None else None
    return CrisisApp(saves=saves, scenario_dirs=[], game=game, seed=1)


def test_title(snap_compare, saves: Path) -> None:
    assert snap_compare(app_for(saves), terminal_size=SIZE)


def test_decision(snap_compare, saves: Path, loaded: LoadedScenario) -> None:
    assert snap_compare(app_for(saves, loaded), press=["enter"], terminal_size=SIZE)


def test_outcome(snap_compare, saves: Path, loaded: LoadedScenario) -> None:
    # Leaving history at the freighter: the outcome shows both columns and both badges.
    assert snap_compare(
        app_for(saves, loaded), press=["enter", "2", "enter", "2"], terminal_size=SIZE
    )


def test_ending(snap_compare, saves: Path, loaded: LoadedScenario) -> None:
    assert snap_compare(
        app_for(saves, loaded),
        press=["enter", "2", "enter", "2", "enter"],
        terminal_size=SIZE,
    )
