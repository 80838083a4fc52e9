"""A node's text variant, chosen by the engine, is what the terminal game shows — as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.game import Game
from game.engine.loader import load_file
from game.tui.screens.decision import DecisionScreen
from game.tui.screens.outcome import OutcomeScreen

from .helpers import screen_text, settle

HOTLINE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "hotline-1963.yaml"
HOSTILE = "A [bold]telephone[/bold] line [@click=app.quit]q[/] opens."


@pytest.fixture
def hostile(write_yaml) -> Path:
    text = HOTLINE.read_text(encoding="utf-8").replace(
        "A telephone line between the two leaders goes into operation at the end of\n"
        "          August 1963.",
        f'"{HOSTILE}"',
    )
    assert HOSTILE in text
    return write_yaml(text, name="hotline.yaml")


async def play_to_the_line(app, pilot, third: str) -> str:
    await settle(pilot)
    await pilot.press("enter")  # the briefing
    for key in ("1", "1", third):
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, OutcomeScreen)
        await pilot.press("enter")
    await settle(pilot)
    return screen_text(app)


async def test_the_event_tells_the_variant_after_the_telephone(make_app, hostile):
    app = make_app(Game(load_file(hostile), seed=1))
    async with app.run_test(size=(80, 24)) as pilot:
        text = await play_to_the_line(app, pilot, "2")
        assert "The line opens" in text
        assert HOSTILE in text  # markup shows literally
        assert "goes into operation at the end of August 1963" not in text
        assert "COUNTERFACTUAL" in text
        # the fake action is only text: clicking it does nothing
        await pilot.click("#narrative", offset=(40, 1))
        await settle(pilot)
        assert app.is_running


async def test_the_event_tells_its_own_text_on_history_path(make_app, hostile):
    app = make_app(Game(load_file(hostile), seed=1))
    async with app.run_test(size=(80, 24)) as pilot:
        text = await play_to_the_line(app, pilot, "1")
        assert "The link goes into operation at the end of August 1963." in text
        assert "telephone" not in text
        assert "DOCUMENTED" in text
