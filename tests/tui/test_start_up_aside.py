"""A real run sets what it made while starting aside from the collector's full passes, and
play's own garbage is still collected; apps under test leave the collector alone."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot

from game.engine.catalog import bundled_dir
from game.engine.game import Game
from game.engine.loader import load_file
from game.tui import app as tui_app
from game.tui.app import CrisisApp
from game.tui.launch import run_app


@pytest.fixture(autouse=True)
def _thawed() -> Iterator[None]:
    """What a test freezes is given back to the collector, for the tests that follow."""
    yield
    gc.unfreeze()


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_the_game_as_launched_sets_its_start_up_aside(monkeypatch, saves: Path) -> None:
    seen: dict[str, int] = {}

    async def look(pilot: Pilot) -> None:
        await pilot.pause()
        seen["frozen"] = gc.get_freeze_count()
        # A garbage cycle made once play is under way is collected as before.
        made = _Cycle()
        gone = weakref.ref(made)
        del made
        gc.collect()
        seen["collected"] = gone() is None
        pilot.app.exit(0)

    def headless(self, *args, **kwargs):
        return App.run(self, headless=True, size=(80, 24), auto_pilot=look)

    monkeypatch.setattr(tui_app.CrisisApp, "run", headless)
    gc.unfreeze()
    assert run_app(saves, []) == 0
    assert seen["frozen"] > 1000  # Textual, the title screen and the stylesheet at least
    assert seen["collected"]


async def test_an_app_under_test_freezes_nothing(saves: Path) -> None:
    gc.unfreeze()
    game = Game(load_file(bundled_dir() / "petrov-1983.yaml"), seed=0)
    app = CrisisApp(saves=saves, game=game)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert gc.get_freeze_count() == 0
