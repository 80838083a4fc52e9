"""A crash of the terminal game must reach the shell as a failure, not as exit status 0."""

from __future__ import annotations

from textual.app import App

from game.tui import app as tui_app
from game.tui.launch import run_app


def test_a_crash_in_the_tui_exits_non_zero(monkeypatch, saves):
    def boom(self) -> None:
        raise RuntimeError("a bug")

    def headless(self, *args, **kwargs):
        return App.run(self, headless=True, size=(80, 24))

    monkeypatch.setattr(tui_app.CrisisApp, "on_mount", boom)
    monkeypatch.setattr(tui_app.CrisisApp, "run", headless)
    assert run_app(saves, []) == 1
