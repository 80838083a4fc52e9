"""What is on the screen, as plain text, for assertions a player would make by reading it."""

from __future__ import annotations

from textual.app import App
from textual.pilot import Pilot


def screen_text(app: App) -> str:
    """The rendered screen, line by line (what a player sees, minus colours)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


async def settle(pilot: Pilot, rounds: int = 3) -> None:
    """Let workers and screen changes finish."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
