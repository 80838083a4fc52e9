"""The TUI shows every label and source of the every-label scenario, and no false label."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from game.engine.game import Game
from game.engine.loader import load_file
from game.tui.screens.decision import DecisionScreen
from game.tui.screens.ending import EndingScreen
from game.tui.screens.outcome import OutcomeScreen
from game.tui.widgets.sources import SourceList

from .helpers import settle

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "every-label.yaml"
SIZE = (120, 60)


def game_as_captain() -> Game:
    return Game(load_file(FIXTURE), seed=1, role="captain")


def text_of(root: Widget) -> str:
    """Every text widget under `root`, in order, as plain text."""
    parts = []
    for widget in root.query(Static):
        source = getattr(widget, "source_text", None)
        if source is not None:
            parts.append(source)
        elif isinstance(widget.content, Text):
            parts.append(widget.content.plain)
        else:
            parts.append(str(widget.content))
    return "\n".join(parts)


def source_lists(root: Widget) -> dict[str, str]:
    """Each visible source list's title → its text."""
    found = {}
    for widget in root.query(SourceList):
        plain = widget.content.plain
        if plain:
            found[plain.splitlines()[0]] = plain
    return found


async def test_briefing_and_decision_show_the_role_s_and_the_node_s_own_sources(make_app):
    app = make_app(game_as_captain())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "ROLE-SOURCE" in text_of(app.screen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        lists = source_lists(app.screen.query_one("#narrative"))
        assert "NODE-SOURCE" in lists["Sources"]
        assert "ADVISER-SOURCE" in lists["Sources for The Navigator"]


async def test_following_history_one_label_each_account_its_sources_history_s_course(make_app):
    app = make_app(game_as_captain())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, OutcomeScreen)
        yours = text_of(app.screen.query_one("#yours"))
        history = app.screen.query_one("#history")
        told = text_of(history)
        assert "You chose: Wait and watch" in yours
        # The consequence says documented, the history contested: one event, one label.
        assert "CONTESTED" in yours and "CONTESTED" in told
        assert "DOCUMENTED" not in yours + told
        assert "= YOU FOLLOWED HISTORY" in told
        lists = source_lists(history)
        assert "ACCOUNT-ONE-SOURCE" in lists["Sources of account 1"]
        assert "ACCOUNT-TWO-SOURCE" not in lists["Sources of account 1"]
        assert "ACCOUNT-TWO-SOURCE" in lists["Sources of account 2"]
        assert "DOC-SOURCE" in lists["Sources"] and "ACCOUNT" not in lists["Sources"]
        assert told.index("ACCOUNT-ONE-TEXT") < told.index("ACCOUNT-TWO-TEXT")

        await pilot.press("enter")  # the officer's decision is taken as history took it
        await settle(pilot)
        assert isinstance(app.screen, OutcomeScreen)
        assert "HISTORY'S OWN COURSE" in text_of(app.screen.query_one("#history"))
        assert "You chose" not in text_of(app.screen.query_one("#yours"))

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EndingScreen)
        ending = text_of(app.screen)
        assert "ENDING-SOURCE" in ending
        assert not any(word in ending for word in ("DOCUMENTED", "FICTIONAL"))


async def test_a_counterfactual_event_and_a_situation_history_never_faced(make_app):
    app = make_app(game_as_captain())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        yours = text_of(app.screen.query_one("#yours"))
        told = text_of(app.screen.query_one("#history"))
        assert "Your course:" in yours and "COUNTERFACTUAL" in yours
        assert "CHANGE-SOURCE" in yours
        assert "History's course:" in told and "COUNTERFACTUAL" not in told

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)  # the event
        event = text_of(app.screen.query_one("#narrative"))
        assert "COUNTERFACTUAL" in event and "EVENT-RESTS" in event
        assert "EVENT-SOURCE" in event

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OutcomeScreen)
        told = text_of(app.screen.query_one("#history"))
        assert "PLAYED FOR YOU — HISTORY NEVER FACED THIS" in told
        assert "HISTORY'S OWN COURSE" not in told
        assert "History never faced this: what the evidence suggests" in told
        assert "What actually happened" not in told
        assert "COUNTERFACTUAL" not in told and "NEVER FACED" in told
        assert "NEVER-RESTS" in told


async def test_time_running_out_is_not_told_as_the_player_s_choice(make_app):
    app = make_app(game_as_captain())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DecisionScreen)
        screen.take("wait", how="timeout")  # what the countdown does when it reaches zero
        await settle(pilot)
        assert isinstance(app.screen, OutcomeScreen)
        yours = text_of(app.screen.query_one("#yours"))
        assert "Time ran out: Wait and watch was taken" in yours
        assert "You chose" not in yours
        told = text_of(app.screen.query_one("#history"))
        assert "TIME RAN OUT: THE DEFAULT FOLLOWED HISTORY" in told and "YOU " not in told


async def test_a_choice_set_by_the_facilitator_or_a_vote_says_so(make_app):
    for details, line in (
        ({"how": "override"}, "The facilitator set: Strike at once"),
        ({"how": "vote", "votes": {"Ann": "strike"}}, "Decided by vote: Strike at once"),
        ({"by": "captain"}, "The Captain's team chose: Strike at once"),
    ):
        game = game_as_captain()
        step = game.choose("strike", **details)
        app = make_app(game)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.show(OutcomeScreen(game, step))
            await settle(pilot)
            yours = text_of(app.screen.query_one("#yours"))
            told = text_of(app.screen.query_one("#history"))
            assert line in yours and "You chose" not in yours
            assert "YOU LEFT HISTORY" not in told
