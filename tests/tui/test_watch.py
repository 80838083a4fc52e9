"""Authors' live reload: edits show up in the running game, errors show inside it."""

from __future__ import annotations

import os
from pathlib import Path

from game.engine.game import Game
from game.engine.loader import load_file
from game.tui.app import CrisisApp
from game.tui.screens.decision import DecisionScreen
from game.tui.screens.problems import ProblemsScreen

from .helpers import screen_text, settle


def save_edit(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, (stat.st_atime, stat.st_mtime + 5))  # a save the clock can see


async def test_reload_keeps_the_place_and_shows_errors_in_the_app(
    tmp_path: Path, saves: Path, example_text: str
) -> None:
    scenario = tmp_path / "quarantine.yaml"
    scenario.write_text(example_text, encoding="utf-8")
    game = Game(load_file(scenario), seed=1)
    app = CrisisApp(saves=saves, game=game, watch=scenario)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "2")  # begin; let the tanker pass
        await settle(pilot)
        await pilot.press("enter")  # past the outcome, to the freighter
        await settle(pilot)
        assert "A chartered freighter" in screen_text(app)

        save_edit(
            scenario,
            example_text.replace("title: A chartered freighter", "title: The freighter Marucla"),
        )
        app.reloader.check()
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        assert "The freighter Marucla" in screen_text(app)  # the edit is there
        assert app.game.state.node_id == "marucla"  # and the player's place is kept
        assert [s.choice.id for s in app.game.state.steps] == ["pass"]

        save_edit(
            scenario,
            example_text.replace(
                "goto: marucla\n        text: The tanker", "goto: marcula\n        text: The tanker"
            ),
        )
        app.reloader.check()
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)
        flowing = " ".join(screen_text(app).replace("█", " ").split())  # the dialog wraps lines
        assert "E201 there is no node 'marcula' (did you mean 'marucla'?)" in flowing
        assert "quarantine.yaml:88:15:" in flowing.replace(" ", "")
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running and app.game.state.node_id == "marucla"  # still playing

        save_edit(scenario, example_text)  # fixed again: the problems go away by themselves
        app.reloader.check()
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        assert "A chartered freighter" in screen_text(app)


async def test_an_edit_at_the_first_decision_keeps_the_player_there(
    tmp_path: Path, saves: Path, example_text: str
) -> None:
    scenario = tmp_path / "quarantine.yaml"
    scenario.write_text(example_text, encoding="utf-8")
    app = CrisisApp(saves=saves, game=Game(load_file(scenario), seed=1), watch=scenario)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # past the briefing, to the first decision
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        save_edit(scenario, example_text.replace("Tankers carry fuel", "Tankers carry oil"))
        app.reloader.check()
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)  # not sent back to the briefing
        assert "Tankers carry oil" in screen_text(app)


async def test_watching_a_broken_file_waits_for_the_fix(
    tmp_path: Path, saves: Path, example_text: str
) -> None:
    from game.tui.screens.briefing import BriefingScreen

    scenario = tmp_path / "quarantine.yaml"
    broken = example_text.replace(
        "goto: marucla\n        text: The tanker", "goto: marcula\n        text: The tanker"
    )
    scenario.write_text(broken, encoding="utf-8")
    app = CrisisApp(saves=saves, watch=scenario)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)
        flowing = " ".join(screen_text(app).replace("█", " ").split())
        assert "fix them and save: the game starts by itself" in flowing
        assert "E201 there is no node 'marcula'" in flowing
        assert any("Watching quarantine.yaml" in n.message for n in app._notifications)

        save_edit(scenario, example_text)
        app.reloader.check()
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        assert app.game is not None and app.game.scenario.id == "quarantine-line"
        assert "Reload (watch mode)" in screen_text(app)  # the footer says watch mode is on


async def test_the_reload_key_is_shown_only_in_watch_mode(saves: Path, example_path: Path) -> None:
    game = Game(load_file(example_path), seed=1)
    app = CrisisApp(saves=saves, game=game)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Reload (watch mode)" not in screen_text(app)
