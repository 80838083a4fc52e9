"""Saving with a name, loading, Continue, rewinding, and a corrupt file among the saves."""

from __future__ import annotations

import json
import os
from pathlib import Path

from game.engine.game import Game
from game.engine.loader import LoadedScenario
from game.engine.saves import Recorder
from game.tui.screens.briefing import BriefingScreen
from game.tui.screens.decision import DecisionScreen
from game.tui.screens.ending import EndingScreen
from game.tui.screens.load import LoadScreen
from game.tui.screens.outcome import OutcomeScreen
from game.tui.screens.timeline import TimelineScreen
from game.tui.screens.title import TitleScreen

from .helpers import screen_text, settle


async def test_save_with_a_name_then_load_it(make_app, loaded: LoadedScenario, saves: Path):
    game = Game(loaded, seed=3, role="president")
    app = make_app(game)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "2", "enter")
        await settle(pilot)
        assert "A chartered freighter" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Save the game as" in screen_text(app)
        await pilot.press("ctrl+a", "ctrl+k", *"before marucla", "enter")
        await settle(pilot)
        assert (saves / "before-marucla.json").is_file()
        assert isinstance(app.screen, DecisionScreen)  # back where we were

        await pilot.press("escape")  # leave to the title
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LoadScreen)
        text = screen_text(app)
        assert "before marucla — The Quarantine Line" in text
        assert "president" in text and "1962-10-26" in text
        assert "1 decision(s)" in text
        await pilot.press("enter")  # the newest: the named save
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        assert app.game is not game
        assert app.game.state.node_id == "marucla"
        assert [s.choice.id for s in app.game.state.steps] == ["pass"]


async def test_continue_loads_latest_and_corrupt_file_is_listed(
    make_app, loaded: LoadedScenario, saves: Path
):
    older = Game(loaded, seed=1, role="president")
    Recorder(saves).autosave(older)
    newer = Game(loaded, seed=2, role="president")
    newer.choose("board")
    path = Recorder(saves).save_as(newer, "newer")
    corrupt = saves / "broken.json"
    corrupt.write_text('{"kind": "crisis-save", "version": 1, "log": [', encoding="utf-8")
    foreign = saves / "other.json"
    foreign.write_text('{"hello": "world"}', encoding="utf-8")
    # The broken files are the newest; Continue must skip them.
    os.utime(path, (1_000_000_000, 1_000_000_000))
    for bad in (corrupt, foreign):
        os.utime(bad, (2_000_000_000, 2_000_000_000))
    corrupt_bytes = corrupt.read_bytes()

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        text = screen_text(app)
        assert "broken.json — unreadable" in text
        assert "truncated" in text
        assert "other.json — unreadable" in text
        assert "not a crisis save file" in text
        assert "newer — The Quarantine Line" in text
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("c")  # Continue: the latest readable save
        await settle(pilot)
        assert app.game is not None
        # The autosave of `older` is the newest readable one (newer's mtime was set back).
        assert app.game.seed == 1
        # No decision taken yet in that save: it reopens at the briefing.
        assert isinstance(app.screen, BriefingScreen)
    assert corrupt.read_bytes() == corrupt_bytes  # never overwritten


async def test_rewind_from_ending_keeps_abandoned_branch(
    make_app, loaded: LoadedScenario, saves: Path
):
    game = Game(loaded, seed=1, role="president")
    app = make_app(game)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "2", "enter", "2", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EndingScreen)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        assert "A chartered fr" in screen_text(app)
        await pilot.press("down", "enter")  # rewind to the second decision
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        assert game.state.node_id == "marucla"
        assert len(game.state.branches) == 1
        # The notice is on the status line, under the choices, not over them.
        text = screen_text(app)
        assert "Rewound: Back at" in text
        lines = text.splitlines()
        notice = next(i for i, line in enumerate(lines) if "Rewound:" in line)
        assert notice > max(i for i, line in enumerate(lines) if line.startswith("╰"))
        await pilot.press("1")  # this time, board it as history did
        await settle(pilot)
        assert isinstance(app.screen, OutcomeScreen)
        assert "YOU FOLLOWED HISTORY" in screen_text(app)
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EndingScreen)
        await pilot.press("end")
        assert "0 of 2 decisions left history" in screen_text(app)

    data = json.loads(next(saves.glob("auto-*.json")).read_text())
    kinds = [e["type"] for e in data["log"]]
    assert "rewind" in kinds
    # The abandoned choice ("pass" at marucla) is still in the log.
    assert [e.get("choice") for e in data["log"] if e.get("node") == "marucla"] == [
        "pass",
        "board",
    ]


async def test_timeline_panel_during_play(make_app, loaded: LoadedScenario):
    game = Game(loaded, seed=1, role="president")
    app = make_app(game)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "1", "enter", "t")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        text = screen_text(app)
        assert "A tanker at the line" in text and "Stop and board" in text
        assert "1 of 1 decisions left history" in text
        await pilot.press("enter")  # rewind to the first decision
        await settle(pilot)
        assert game.state.node_id == "bucharest"
        assert game.state.branches and not game.state.steps


async def test_changed_scenario_problems_are_shown(
    make_app, loaded: LoadedScenario, saves: Path, write_yaml, example_text: str
):
    game = Game(loaded, seed=1, role="president")
    game.choose("board")
    game.choose("pass")
    recorder = Recorder(saves)
    save_path = recorder.autosave(game)
    # The scenario changes: the choice 'pass' at marucla is renamed.
    changed = write_yaml(
        example_text.replace(
            "- id: pass\n        label: Let it pass", "- id: wave\n        label: Let it pass"
        )
    )
    data = json.loads(save_path.read_text())
    data["scenario"]["path"] = str(changed)
    save_path.write_text(json.dumps(data))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        text = screen_text(app)
        assert "The scenario has changed since this save" in text
        assert "could not be replayed" in text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        assert app.game.state.node_id == "marucla"


async def test_autosave_failure_is_told_and_the_game_goes_on(loaded: LoadedScenario, tmp_path):
    """The autosave is written in the background; when the folder cannot be written the player
    is still told, and play goes on."""
    from game.tui.app import CrisisApp

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the saves folder should be")
    app = CrisisApp(saves=blocked, game=Game(loaded, seed=3, role="president"), seed=7)
    said: list[str] = []  # every notice, even one gone again by the time it is looked for
    notify = app.notify

    def noted(message: str, **options: object) -> None:
        said.append(message)
        notify(message, **options)  # type: ignore[arg-type]

    app.notify = noted  # type: ignore[method-assign,assignment]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(50):  # past the briefing (a key can come before it is ready for it)
            if isinstance(app.screen, DecisionScreen):
                break
            await pilot.press("enter")
            await settle(pilot)
        told = False
        for _ in range(50):  # the failure comes back from the writing thread
            app.flush_saves()
            await settle(pilot)
            told = any("Could not autosave" in message for message in said)
            if told:
                break
            await pilot.pause(0.1)
        assert told, said
        assert isinstance(app.screen, DecisionScreen)
