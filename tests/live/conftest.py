"""Pilot presses keys faster than anyone reads; the early-key guard has its own test."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_key_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    from game.tui.screens import decision

    monkeypatch.setattr(decision, "GUARD_SECONDS", 0.0)
