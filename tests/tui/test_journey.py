"""Playing the example scenario through the terminal UI by keys, as a player would."""

from __future__ import annotations

import json
from pathlib import Path

from game.engine.game import Game
from game.engine.loader import LoadedScenario
from game.tui.screens.briefing import BriefingScreen
from game.tui.screens.decision import DecisionScreen
from game.tui.screens.ending import EndingScreen
from game.tui.screens.outcome import OutcomeScreen
from game.tui.screens.title import TitleScreen

from .helpers import screen_text, settle


async def test_whole_game_by_keys(make_app, loaded: LoadedScenario, saves: Path) -> None:
    game = Game(loaded, seed=1, role="president")
    app = make_app(game)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        text = screen_text(app)
        assert "The Quarantine Line" in text
        assert "You play: The President (United States)" in text
        # The secret briefing is further down: scroll to read it.
        await pilot.press("end")
        assert "Secret briefing" in screen_text(app)

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        text = screen_text(app)
        assert "1962-10-25" in text and "The quarantine line, Atlantic" in text
        assert "A tanker at the line" in text
        assert "The Navy: Board and search" in text
        assert "1. Stop and board the tanker" in text
        assert "2. Hail it, then let it pass" in text
        assert "Tension" in text and "3/5" in text

        await pilot.press("2")  # number key
        await settle(pilot)
        assert isinstance(app.screen, OutcomeScreen)
        assert game.state.steps[-1].choice.id == "pass"
        text = screen_text(app)
        assert "You chose: Hail it, then let it pass" in text
        assert "YOU FOLLOWED HISTORY" in text
        assert "What actually happened" in text
        assert "DOCUMENTED" in text
        assert "Quarantine of Cuba" in text  # the source

        await pilot.press("enter")
        await settle(pilot)
        assert "A chartered freighter" in screen_text(app)
        # Nothing is highlighted at first: the first arrow goes to choice 1, the next to 2.
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert game.state.steps[-1].choice.id == "pass"
        text = screen_text(app)
        assert "YOU LEFT HISTORY" in text
        assert "History's choice: Stop and search" in text
        assert "COUNTERFACTUAL" in text
        assert "Rests on:" in text

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EndingScreen)
        assert game.finished and game.state.node_id == "calm"
        text = screen_text(app)
        assert "The line holds" in text and "HISTORICAL" in text
        assert "Hail it, then le" in text  # the timeline table
        await pilot.press("end")
        assert "1 of 2 decisions left history (50%)" in screen_text(app)

    # Autosaved after every decision: the save knows the game is over.
    files = list(saves.glob("auto-quarantine-line-*.json"))
    assert len(files) == 1
    data = json.loads(files[0].read_text())
    assert data["summary"]["finished"] is True
    assert [e["choice"] for e in data["log"] if e["type"] == "choose"] == ["pass", "pass"]


async def test_event_and_ending_path(make_app, loaded: LoadedScenario) -> None:
    """Boarding the freighter leads through an event screen with a Continue choice."""
    game = Game(loaded, seed=1, role="president")
    app = make_app(game)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "1")
        await settle(pilot)
        assert "Tension: 3 → 4" in screen_text(app)
        assert "An armed boarding" in screen_text(app)
        await pilot.press("enter", "1")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        text = screen_text(app)
        assert "Nothing found" in text and "1. Continue" in text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EndingScreen)
        assert [s.node_id for s in game.state.steps] == ["bucharest", "marucla", "searched"]


async def test_new_game_from_title_and_picker(make_app, saves: Path) -> None:
    examples = Path(__file__).resolve().parents[2] / "docs" / "examples"
    app = make_app(scenario_dirs=[examples])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
        text = screen_text(app)
        for item in ("Continue", "New game", "Load a saved game", "Help", "Quit"):
            assert item in text
        await pilot.press("n")
        await settle(pilot)
        await select_option(pilot, "The Quarantine Line")
        assert "25–26 October 1962" in screen_text(app)
        assert "threat of nuclear war" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        assert app.game is not None and app.game.scenario.id == "quarantine-line"
        # A single-role scenario: you play that role.
        assert app.game.role == "president"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)


async def select_option(pilot, wanted: str, max_moves: int = 40) -> None:
    """Move the highlight of the focused option list down until its prompt contains `wanted`."""
    from textual.widgets import OptionList

    options = pilot.app.screen.query_one(OptionList)
    options.focus()
    await pilot.press("home")
    for _ in range(max_moves):
        option = options.highlighted_option
        if option is not None and wanted in str(option.prompt):
            await pilot.pause()
            return
        await pilot.press("down")
    raise AssertionError(f"no option with {wanted!r}")


async def test_resize_does_not_crash(make_app, loaded: LoadedScenario) -> None:
    game = Game(loaded, seed=1, role="president")
    app = make_app(game)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        for size in ((200, 60), (40, 12), (80, 24)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
        assert "A tanker at the line" in screen_text(app)
        await pilot.press("2", "enter", "2", "enter")
        await settle(pilot)
        await pilot.resize_terminal(200, 60)
        await settle(pilot)
        assert isinstance(app.screen, EndingScreen)
        assert "1 of 2 decisions left history" in screen_text(app)
