"""Doctored saves in the folder: the title's Continue and Load list them and carry on."""

from __future__ import annotations

import json
import os
from pathlib import Path

from game.engine.game import Game
from game.engine.loader import LoadedScenario
from game.engine.saves import Recorder
from game.tui.screens.briefing import BriefingScreen

from .helpers import screen_text, settle


async def test_continue_and_load_survive_hostile_saves(
    make_app, loaded: LoadedScenario, saves: Path
):
    good = Recorder(saves).autosave(Game(loaded, seed=4, role="president"))
    data = json.loads(good.read_text())
    hostile = {
        "deep.json": b"[" * 100_000 + b"]" * 100_000,
        "digits.json": good.read_bytes().replace(b'"seed": 4', b'"seed": ' + b"9" * 5000),
        "summary.json": json.dumps({**data, "summary": [1]}).encode(),
        "extra.json": json.dumps({**data, "extra": ["x"]}).encode(),
        "escape.json": json.dumps({**data, "game_id": "/../../x/OUTSIDE"}).encode(),
    }
    for name, raw in hostile.items():
        (saves / name).write_bytes(raw)
        os.utime(saves / name, (2_000_000_000, 2_000_000_000))  # newer than the good one
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        text = screen_text(app)
        for name in hostile:
            assert f"{name} — unreadable" in text
        assert "nested too deeply" in text
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert app.game is not None and app.game.seed == 4
        assert isinstance(app.screen, BriefingScreen)
    assert not (saves.parent / "x").exists()
