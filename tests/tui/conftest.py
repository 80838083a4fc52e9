"""Fixtures for the Textual front end: the example scenario as a game, and an app around it."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.game import Game
from game.engine.loader import LoadedScenario, load_file
from game.tui.app import CrisisApp

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "quarantine-line.yaml"


@pytest.fixture
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def loaded() -> LoadedScenario:
    return load_file(EXAMPLE)


@pytest.fixture
def make_app(saves: Path):
    """An app on a tmp saves folder; with `game`, it opens at that game's briefing."""

    def make(game: Game | None = None, scenario_dirs: list[Path] | None = None) -> CrisisApp:
        return CrisisApp(saves=saves, scenario_dirs=scenario_dirs or [], game=game, seed=7)

    return make


@pytest.fixture(autouse=True)
def _no_key_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot presses keys faster than anyone reads; the guard has its own test."""
    from game.tui.screens import decision

    monkeypatch.setattr(decision, "GUARD_SECONDS", 0.0)
