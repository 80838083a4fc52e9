"""Timers, automatic decisions, and the panels open from anywhere in a game."""

from __future__ import annotations

from pathlib import Path

from game.engine.game import Game
from game.engine.loader import LoadedScenario, load_file
from game.tui.screens.decision import DecisionScreen
from game.tui.screens.ending import EndingScreen
from game.tui.screens.help import HelpScreen
from game.tui.screens.map import MapScreen
from game.tui.screens.outcome import OutcomeScreen
from game.tui.widgets.timer import Countdown

from .helpers import screen_text, settle

TIMER = """\
    history:
      choice: pass
      date: 1962-10-25"""


def with_timer(example_text: str) -> str:
    return example_text.replace(
        "    questions:\n",
        "    timer: {seconds: 30, default: board}\n    questions:\n",
        1,
    )


async def test_timer_runs_out_and_takes_the_default(make_app, write_yaml, example_text):
    game = Game(load_file(write_yaml(with_timer(example_text))), seed=1, role="president")
    app = make_app(game)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert "0:30 left" in text
        assert "When time runs out: Stop and board the tanker" in text
        countdown = app.screen.query_one(Countdown)
        countdown.remaining = 0.2  # rather than wait half a minute
        await pilot.pause(1.0)
        await settle(pilot)
        assert isinstance(app.screen, OutcomeScreen)
        step = game.state.steps[-1]
        assert (step.choice.id, step.entry.how) == ("board", "timeout")
        assert screen_text(app).count("Time ran out") == 1  # told once, not again on the status line


async def test_other_sides_decide_as_history_did(make_app, write_yaml, example_text):
    two_roles = example_text.replace(
        "variables:\n",
        "  - id: khrushchev\n    name: Khrushchev\n    side: Soviet Union\n"
        "    briefing: You lead the Soviet Union.\nvariables:\n",
        1,
    ).replace("deciders: [president]", "deciders: [khrushchev]", 1)
    game = Game(load_file(write_yaml(two_roles)), seed=1, role="president")
    app = make_app(game)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OutcomeScreen)
        step = game.state.steps[-1]
        assert (step.choice.id, step.entry.how) == ("pass", "history")
        assert "Not your decision" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        assert game.state.node_id == "marucla"


async def test_help_map_theme_and_debrief(make_app, loaded: LoadedScenario, saves: Path):
    game = Game(loaded, seed=1, role="president")
    app = make_app(game)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "How to play" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)

        await pilot.press("2", "enter", "m")
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
        text = screen_text(app)
        assert "▶ ◆ A chartered freighter" in text  # here now, and history came this way
        assert "● ◆ A tanker at the line" in text
        # Nothing ahead is given away: not where history went next, nor the names of places
        # not reached yet.
        assert "Nothing found" not in text and "The line holds" not in text
        assert "Stop and search it → ?" in text
        await pilot.press("escape")
        await settle(pilot)

        before = app.theme
        await pilot.press("ctrl+t")
        assert app.theme != before
        app.theme = "ansi-dark"
        await pilot.press("ctrl+t")
        assert app.theme == "ansi-light"

        await pilot.press("1", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EndingScreen)
        await pilot.press("e")
        await settle(pilot)
    debriefs = list(saves.glob("debrief-quarantine-line-*.md"))
    assert len(debriefs) == 1
    text = debriefs[0].read_text()
    assert "# Debrief: The Quarantine Line" in text
    assert "| 1 | 1962-10-25 | A tanker at the line | Hail it, then let it pass |" in text
    assert "Divergence from history:** 0 of 2 decisions left history" in text
    assert "history.navy.mil" in text
    [html] = saves.glob("debrief-quarantine-line-*.html")
    assert "What actually happened" in html.read_text()


async def test_page_down_scrolls_a_long_decision(make_app, saves: Path) -> None:
    from game.engine.catalog import bundled_dir
    from game.engine.loader import load_file

    game = Game(load_file(bundled_dir() / "bay-of-pigs.yaml"), seed=1, role="kennedy")
    app = make_app(game)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        narrative = app.screen.query_one("#narrative")
        assert narrative.scroll_y == 0 and narrative.max_scroll_y > 0
        await pilot.press("pagedown")
        await settle(pilot)
        assert narrative.scroll_y > 0
