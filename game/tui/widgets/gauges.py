"""The state gauges: a DEFCON-style indicator for `display: gauge`, bar meters, and text values."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from ...engine.game import Gauge, shown
from ...engine.text import printable

DANGER = ("green", "green", "yellow", "dark_orange", "red", "bold red")


def danger(gauge: Gauge) -> float:
    """0 calm .. 1 worst. A lower value is worse when the variable says `reversed` (DEFCON)."""
    var, value = gauge.variable, gauge.value
    if not isinstance(value, int) or isinstance(value, bool) or var.min is None or var.max is None:
        return 0.0
    span = (var.max - var.min) or 1
    share = (value - var.min) / span
    return 1 - share if var.reversed else share


def style_for(gauge: Gauge) -> str:
    return DANGER[min(len(DANGER) - 1, int(danger(gauge) * (len(DANGER) - 1) + 0.5))]


def render_gauge(gauge: Gauge) -> Text:
    var, value = gauge.variable, gauge.value
    text = Text()
    text.append(f"{printable(var.label)} ", style="bold")
    number = value if isinstance(value, int) and not isinstance(value, bool) else None
    if var.display == "gauge" and number is not None and var.min is not None and var.max is not None:
        # A DEFCON board: every level shown, the current one lit. Reversed runs 5 (peace) → 1.
        levels = range(var.max, var.min - 1, -1) if var.reversed else range(var.min, var.max + 1)
        for level in levels:
            if level == value:
                text.append(f"[{level}]", style=f"{style_for(gauge)} reverse")
            else:
                text.append(f" {level} ", style="dim")
    elif var.display == "meter" and number is not None and var.min is not None and var.max is not None:
        span = var.max - var.min
        filled = round(10 * (number - var.min) / span) if span else 10
        text.append("█" * filled, style=style_for(gauge))
        text.append("░" * (10 - filled), style="dim")
        text.append(f" {value}/{var.max}")
    else:
        text.right_crop(1)
        text.append(": ", style="bold")
        text.append(printable(shown(value)), style=style_for(gauge))
    return text


class Gauges(Widget):
    """All visible gauges, laid out in as many lines as the width needs (80 or 200 columns)."""

    DEFAULT_CSS = """
    Gauges { height: auto; padding: 0 1; }
    """

    def __init__(self, gauges: Sequence[Gauge], *, meanings: bool = True, id: str | None = None):
        super().__init__(id=id)
        self.gauges = list(gauges)
        self.meanings = meanings
        self.display = bool(self.gauges)

    def _parts(self) -> list[Text]:
        parts = []
        for gauge in self.gauges:
            part = render_gauge(gauge)
            if self.meanings and gauge.meaning:
                part.append(f" {gauge.meaning}", style="italic")
            parts.append(part)
        return parts

    def _lines(self, width: int) -> list[Text]:
        lines: list[Text] = []
        for part in self._parts():
            if lines and lines[-1].cell_len + 3 + part.cell_len <= width:
                lines[-1].append(" │ ", style="dim")
                lines[-1].append_text(part)
            else:
                lines.append(part)
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return sum(max(1, -(-line.cell_len // max(1, width))) for line in self._lines(width))

    def render(self) -> Text:
        return Text("\n").join(self._lines(max(1, self.content_size.width)))

    def update_gauges(self, gauges: Sequence[Gauge]) -> None:
        self.gauges = list(gauges)
        self.display = bool(self.gauges)
        self.refresh(layout=True)
