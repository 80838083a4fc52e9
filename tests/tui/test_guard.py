"""No key pressed before a decision was on screen may commit it."""

from __future__ import annotations

import pytest

from game.engine.classroom import Classroom
from game.engine.game import Game
from game.engine.loader import LoadedScenario, load_file
from game.tui.app import CrisisApp
from game.tui.screens import decision
from game.tui.screens.decision import DecisionScreen
from game.tui.screens.handoff import HandoffScreen

from ..conftest import ROOT
from .helpers import screen_text, settle


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The screens' clock, held still: every key comes 'at once' unless a test moves it."""
    now = [100.0]
    monkeypatch.setattr(decision, "GUARD_SECONDS", 0.5)
    monkeypatch.setattr(decision, "clock", lambda: now[0])
    return now


async def test_two_quick_enters_do_not_commit_the_next_decision(
    make_app, loaded: LoadedScenario, frozen: list[float]
) -> None:
    game = Game(loaded, seed=1, role="president")
    app = make_app(game)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "enter")  # past the briefing, and one Enter too many
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        assert game.state.steps == []  # nothing was chosen unseen
        assert "1. Stop and board the tanker" in screen_text(app)  # the whole decision shows
        await pilot.press("1")  # a number key at once: also too early
        await settle(pilot)
        assert game.state.steps == []
        frozen[0] += 1.0  # the decision has been on screen for a second
        await pilot.press("down", "enter")
        await settle(pilot)
        assert [s.choice.id for s in game.state.steps] == ["board"]


async def test_one_extra_enter_after_a_hand_off_does_not_commit_a_team_decision(
    saves, frozen: list[float]
) -> None:
    app = CrisisApp(saves=saves, seed=3)
    players = {"savitsky": ["Ann"], "arkhipov": ["Ben"], "maslennikov": ["Cy"]}
    async with app.run_test(size=(100, 40)) as pilot:
        loaded = load_file(ROOT / "scenarios" / "b59.yaml")
        app.start_class(loaded, Classroom(players), 3, "short")
        await settle(pilot)
        for _ in range(8):
            if isinstance(app.screen, HandoffScreen):
                break
            await pilot.press("enter")
            await settle(pilot)
        assert isinstance(app.screen, HandoffScreen)
        # n-hide was skipped by the lesson plan; n-charges is the captain's.
        assert app.game is not None and app.game.state.node_id == "n-charges"
        before = len(app.game.log)
        await pilot.press("enter", "enter")  # at the keyboard, and one Enter more
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        assert len(app.game.log) == before
