"""A game screen is styled and laid out once when it appears. What the player sees is what a
full restyle gives (the leader's advice is checked in `test_class_screens`), and a new terminal
size still lays the screen out again."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from game.engine.catalog import bundled_dir
from game.engine.game import Game
from game.engine.loader import load_file
from game.tui.app import CrisisApp
from game.tui.screens.decision import DecisionScreen
from game.tui.screens.outcome import OutcomeScreen
from game.tui.widgets.choice_list import ChoiceList

from .helpers import assert_styled_as_by_a_full_restyle, settle


async def test_decisions_and_outcomes_are_styled_and_focused_once(saves: Path) -> None:
    loaded = load_file(bundled_dir() / "bay-of-pigs.yaml")
    app = CrisisApp(saves=saves, game=Game(loaded, seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # past the briefing
        await settle(pilot)
        seen = set()
        while not app.game.finished and len(seen) < 2:
            screen = app.screen
            if isinstance(screen, DecisionScreen) and screen.is_decision:
                # The choices take the keys at once: arrows move in them, not in the text.
                assert app.focused is screen.query_one(ChoiceList)
                await assert_styled_as_by_a_full_restyle(pilot, screen)
                seen.add(DecisionScreen)
                await pilot.pause(0.6)  # past the guard against early keys
                await pilot.press("1")
            else:
                if isinstance(screen, OutcomeScreen):
                    assert app.focused is screen.query_one("#yours")
                    await assert_styled_as_by_a_full_restyle(pilot, screen)
                    seen.add(OutcomeScreen)
                await pilot.pause(0.6)
                await pilot.press("enter")
            await settle(pilot)
        assert seen == {DecisionScreen, OutcomeScreen}


async def test_a_new_terminal_size_still_lays_the_decision_out(saves: Path) -> None:
    loaded = load_file(bundled_dir() / "petrov-1983.yaml")
    app = CrisisApp(saves=saves, game=Game(loaded, seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        header = app.screen.query_one(".node-header", Static)
        assert header.outer_size.width == 80
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        assert app.screen.outer_size == (120, 30)
        assert header.outer_size.width == 120
        assert app.screen.query_one(ChoiceList).region.bottom <= 29
