"""What is on the screen, as plain text, for assertions a player would make by reading it."""

from __future__ import annotations

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget


def screen_text(app: App) -> str:
    """The rendered screen, line by line (what a player sees, minus colours)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


async def settle(pilot: Pilot, rounds: int = 3) -> None:
    """Let workers and screen changes finish."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def styles_of(screen: Screen) -> dict[Widget, dict[str, object]]:
    return {w: dict(w.styles.base.get_rules()) for w in screen.walk_children(with_self=True)}


async def assert_styled_as_by_a_full_restyle(pilot: Pilot, screen: Screen) -> None:
    """A screen is styled once when it appears; a full restyle must not change anything."""
    shown = styles_of(screen)
    screen.update_node_styles(animate=False)
    await settle(pilot)
    assert styles_of(screen) == shown
