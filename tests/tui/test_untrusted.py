"""Scenario files are untrusted: markup shows literally, broken files are listed with errors."""

from __future__ import annotations

from textual.widgets import OptionList

from game.engine.game import Game
from game.engine.loader import load_file
from game.tui.screens.briefing import BriefingScreen
from game.tui.screens.decision import DecisionScreen
from game.tui.screens.picker import PickerScreen

from .helpers import screen_text, settle
from .test_journey import select_option


def marked_up(example_text: str) -> str:
    return (
        example_text.replace(
            "title: The Quarantine Line", 'title: "[bold]x[/bold] and [@click=app.quit]q[/]"'
        )
        .replace(
            "The Soviet tanker **Bucharest** reaches",
            "The tanker [@click=app.quit]quit[/] and [bold]loud[/bold] reaches",
        )
        .replace("label: Stop and board the tanker", 'label: "[red]Board[/red] it"')
        .replace("position: Board and search", 'position: "[reverse]search[/reverse]"')
    )


async def test_markup_in_scenario_text_shows_literally(make_app, write_yaml, example_text):
    path = write_yaml(marked_up(example_text))
    game = Game(load_file(path), seed=1, role="president")
    app = make_app(game)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        assert "[bold]x[/bold] and [@click=app.quit]q[/]" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert "[@click=app.quit]quit[/]" in text
        assert "[bold]loud[/bold]" in text
        assert "1. [red]Board[/red] it" in text
        assert "[reverse]search[/reverse]" in text
        # Clicking where the fake action is written does nothing but focus.
        await pilot.click("#narrative", offset=(15, 2))
        await settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, DecisionScreen)
        await pilot.press("1")
        await settle(pilot)
        assert "You chose: [red]Board[/red] it" in screen_text(app)


async def test_markup_in_picker_shows_literally(make_app, write_yaml, example_text):
    path = write_yaml(marked_up(example_text), name="marked.yaml")
    app = make_app(scenario_dirs=[path])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await select_option(pilot, "[bold]x[/bold]")
        assert "[bold]x[/bold] and" in screen_text(app)


async def test_broken_scenario_is_listed_with_its_errors(make_app, write_yaml):
    path = write_yaml(
        """\
        format: 1
        id: broken-one
        title: Broken
        start: nowhere
        nodes: {}
        """,
        name="broken-one.yaml",
    )
    app = make_app(scenario_dirs=[path])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        await select_option(pilot, "broken-one.yaml")
        text = screen_text(app)
        assert "⚠ broken-one.yaml (does not" in text
        assert "problem(s)" in text
        assert "line 1:1 E102 'period' is required here" in text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)  # not started
        assert app.game is None


async def test_scenarios_with_one_title_show_their_file_names(make_app, write_yaml, example_text):
    first = write_yaml(example_text, name="quarantine-a.yaml")
    write_yaml(example_text.replace("id: quarantine-line", "id: quarantine-copy"), name="copy.yaml")
    app = make_app(scenario_dirs=[first.parent])
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await select_option(pilot, "(quarantine-a.yaml)")
        await select_option(pilot, "(copy.yaml)")
        listed = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        assert "The Quarantine Line  (copy.yaml)" in listed
        assert "Thirteen Days" in listed  # unique titles stay short
