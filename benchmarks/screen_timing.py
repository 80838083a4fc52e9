"""Timing a key press to the next screen painted, the same way for the game and for a bare app.

Each app records when its compositor produced a frame and for which screen (headless, the frame
is built but not written). A transition's time runs from the key press to the last frame of the
burst of frames that draws the new screen: the new screen's first frame, then every frame that
follows it less than `BURST` seconds later (the footer's keys, the focus, the scroll bars). That
is when the screen is complete and takes keys. A countdown's once-a-second frame is not part of
the burst.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static

BURST = 0.1


class FrameLog:
    def __init__(self) -> None:
        self.frames: list[tuple[float, Screen]] = []

    def since(self, start: float, screen: Screen) -> float | None:
        """Seconds from `start` to the end of the first burst of frames of `screen`."""
        mine = [t for t, s in self.frames if t >= start and s is screen]
        if not mine:
            return None
        last = mine[0]
        for t in mine[1:]:
            if t - last >= BURST:
                break
            last = t
        return last - start


def timed(cls: type[App], log: FrameLog) -> type[App]:
    """`cls`, recording each frame it builds in `log`."""

    class Timed(cls):  # type: ignore[valid-type,misc]
        def _display(self, screen: Screen, renderable: Any) -> None:
            if renderable is not None:
                log.frames.append((time.perf_counter(), screen))
            super()._display(screen, renderable)

    return Timed


class BarePage(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        ("n", "app.next", "Next"),
        ("t", "app.bell", "Timeline"),
        ("m", "app.bell", "Map"),
    ]

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number

    def compose(self) -> ComposeResult:
        yield Static(f"Screen {self.number}")
        yield Footer()


class BareSwitch(App):
    """The baseline: a screen with a line of text and Textual's Footer, replaced on a key."""

    def on_mount(self) -> None:
        self.count = 0
        self.push_screen(BarePage(0))

    def action_next(self) -> None:
        self.count += 1
        self.switch_screen(BarePage(self.count))


async def bare_switches(times: int = 20, gap: float = 0.3) -> list[float]:
    log = FrameLog()
    app = timed(BareSwitch, log)()
    samples = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(gap)
        for _ in range(times):
            start = time.perf_counter()
            await pilot.press("n")
            await asyncio.sleep(gap)
            took = log.since(start, app.screen)
            if took is not None:
                samples.append(took)
    return samples


def median_ms(samples: list[float]) -> float:
    return 1000 * statistics.median(samples) if samples else float("nan")
