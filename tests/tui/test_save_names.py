"""A named save never silently replaces another, and the suggested name differs per group."""

from __future__ import annotations

import json
from pathlib import Path

from game.engine.game import Game
from game.engine.loader import LoadedScenario
from game.engine.saves import Recorder
from game.tui.screens.decision import DecisionScreen

from .helpers import screen_text, settle


async def test_saving_over_an_existing_name_asks_first(make_app, loaded: LoadedScenario, saves):
    other = Recorder(saves).save_as(Game(loaded, seed=9), "class 2b")
    before = other.read_bytes()
    app = make_app(Game(loaded, seed=3, role="president"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+a", "ctrl+k", *"class 2b", "enter")
        await settle(pilot)
        assert "already exists" in screen_text(app)
        assert other.read_bytes() == before  # not yet replaced
        await pilot.press("enter")  # yes, replace it
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        assert other.read_bytes() != before
        assert json.loads(other.read_text())["seed"] == 3


async def test_a_new_name_saves_at_once_and_the_suggestion_is_not_just_the_title(
    make_app, loaded: LoadedScenario, saves: Path
):
    app = make_app(Game(loaded, seed=3, role="president"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        suggestion = app.screen.query_one("#save-name").value
        assert suggestion.startswith(loaded.scenario.title) and suggestion != loaded.scenario.title
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
    assert len(list(saves.glob("The-Quarantine-Line-*.json"))) == 1
