"""A game screen is styled and laid out once when it appears; what the player sees is the same
as after a full restyle, and a real change of terminal size still lays it out again."""

from __future__ import annotations

from pathlib import Path

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from game.engine.catalog import bundled_dir
from game.engine.classroom import Classroom
from game.engine.game import Game
from game.engine.loader import load_bytes, load_file
from game.tui.app import CrisisApp
from game.tui.screens.decision import DecisionScreen
from game.tui.screens.outcome import OutcomeScreen
from game.tui.widgets.choice_list import ChoiceList

from ..class_scenario import SCENARIO
from .helpers import settle


def styles_of(screen: Screen) -> dict[Widget, dict[str, object]]:
    return {w: dict(w.styles.base.get_rules()) for w in screen.walk_children(with_self=True)}


async def assert_styled_as_by_a_full_restyle(pilot, screen: Screen) -> None:
    shown = styles_of(screen)
    screen.update_node_styles(animate=False)
    await settle(pilot)
    assert styles_of(screen) == shown


async def test_the_leaders_advice_is_styled_as_a_full_restyle_styles_it(
    tmp_path: Path, saves: Path
) -> None:
    council = load_bytes(SCENARIO.encode(), str(tmp_path / "council.yaml"))
    app = CrisisApp(saves=saves)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_class(council, Classroom({"captain": ["Ann", "Ben"]}, "Table 1", "now"), 1, None)
        await settle(pilot)
        await pilot.press("enter")  # past the briefing
        await settle(pilot)
        for reason in ("Wait", "Too risky"):  # Ann's team advises, then Ann decides
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("2")
            await settle(pilot)
            await pilot.press(*reason, "enter")
            await settle(pilot)
        await pilot.press("enter")  # the leader's hand-off
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        advice = list(app.screen.query(".advice"))
        assert len(advice) == 2
        # Only the last line of advice stands apart from the node's title below it.
        assert [a.styles.margin.bottom for a in advice] == [0, 1]
        await assert_styled_as_by_a_full_restyle(pilot, app.screen)


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
