"""The escalation track as an SVG chart that reads in black-and-white print.

Each gauge is drawn with its own dash pattern and marker shape (not only its own colour), the
axes carry labels and a scale, and every step is numbered as in the debrief's path table, with a
marker saying whether it was a decision, an event or a chance outcome.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from .debrief import Row, Series

WIDTH, HEIGHT = 640, 200
LEFT, TOP = 64, 14
# Colour, dash pattern, marker: dark enough and different enough to survive greyscale.
STYLES = (
    ("#8b0000", "", "circle"),
    ("#0d3b8c", "9 5", "square"),
    ("#1b5e20", "2 4", "triangle"),
    ("#4a148c", "12 4 3 4", "diamond"),
)


def _danger(series: Series, value: int) -> float:
    """0 for the calmest value of a gauge, 1 for the worst (DEFCON 1, tension at its maximum)."""
    span = max(1, series.high - series.low)
    return ((series.high - value) if series.reversed else (value - series.low)) / span


def _marker(shape: str, x: float, y: float, colour: str, filled: bool = True) -> str:
    fill = colour if filled else "#fff"
    style = f'fill="{fill}" stroke="{colour}" stroke-width="1.5"'
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" {style}/>'
    if shape == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" {style}/>'
    if shape == "triangle":
        points = f"{x:.1f},{y - 5:.1f} {x - 4.5:.1f},{y + 3.5:.1f} {x + 4.5:.1f},{y + 3.5:.1f}"
        return f'<polygon points="{points}" {style}/>'
    points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
    return f'<polygon points="{points}" {style}/>'


def _scale(series: Series) -> str:
    calm = series.high if series.reversed else series.low
    worst = series.low if series.reversed else series.high
    return f"{series.label} ({calm} calm … {worst} worst)"


def _ticks(series: Series) -> list[int]:
    """The values to mark on a gauge's own axis: every value of a short range, else about six."""
    low, high = series.low, series.high
    step = 1 if high - low <= 10 else max(1, round((high - low) / 5))
    return sorted({*range(low, high + 1, step), high})


def _axis(
    series: Series, x: float, side: str, y_of, colour: str, dash: str, shape: str
) -> list[str]:
    """One gauge's own scale, on the left or the right of the plot, with its name and line."""
    anchor, offset = ("end", -6) if side == "left" else ("start", 6)
    out = [f'<line x1="{x}" y1="{y_of(1):.1f}" x2="{x}" y2="{y_of(0):.1f}" stroke="#222"/>']
    for value in _ticks(series):
        y = y_of(_danger(series, value))
        tick = -4 if side == "left" else 4
        out.append(f'<line x1="{x}" y1="{y:.1f}" x2="{x + tick}" y2="{y:.1f}" stroke="#222"/>')
        out.append(f'<text x="{x + offset}" y="{y + 4:.1f}" text-anchor="{anchor}">{value}</text>')
    middle = (y_of(0) + y_of(1)) / 2
    title_x = x - 34 if side == "left" else x + 36
    out.append(
        f'<text x="{title_x}" y="{middle:.1f}" text-anchor="middle" '
        f'transform="rotate({-90 if side == "left" else 90} {title_x} {middle:.1f})">'
        f"{escape(_scale(series))}</text>"
    )
    # The axis carries a sample of its line, so the reader knows which line it measures.
    sample_y = y_of(1) - 16
    x1, x2 = (x - 44, x - 12) if side == "left" else (x + 12, x + 44)
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    out.append(
        f'<line x1="{x1}" y1="{sample_y:.1f}" x2="{x2}" y2="{sample_y:.1f}" stroke="{colour}" '
        f'stroke-width="2.2"{dashed}/>'
    )
    out.append(_marker(shape, (x1 + x2) / 2, sample_y, colour))
    return out


def escalation_svg(series: list[Series], rows: list[Row]) -> Markup:
    if not series:
        return Markup("")
    steps = len(series[0].values)
    gap = WIDTH / max(steps - 1, 1)
    top = TOP + 20
    bottom = top + HEIGHT
    # One or two gauges: each on its own axis, in its own numbers (left, then right). More: a
    # shared scale of how far each has gone towards its worst value.
    own_axes = len(series) <= 2

    def x_of(i: int) -> float:
        return LEFT + i * gap

    def y_of(danger: float) -> float:
        return bottom - danger * HEIGHT

    legend_y = bottom + 74
    height = legend_y + 18 * len(series) + 26
    right = LEFT + WIDTH
    out = [
        f'<svg role="img" aria-label="Escalation track" viewBox="0 0 {right + (70 if own_axes else 30)} '
        f'{height}" width="100%" class="chart">'
    ]
    for tick in (0, 25, 50, 75, 100):
        y = y_of(tick / 100)
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#ccc" '
            'stroke-width="0.8"/>'
        )
        if not own_axes:
            out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}%</text>')
    if own_axes:
        sides = zip(series, ("left", "right"), (LEFT, right), strict=False)
        for index, (item, side, axis_x) in enumerate(sides):
            colour, dash, shape = STYLES[index]
            out += _axis(item, axis_x, side, y_of, colour, dash, shape)
    else:
        out.append(
            f'<text x="14" y="{top + HEIGHT / 2:.1f}" text-anchor="middle" '
            f'transform="rotate(-90 14 {top + HEIGHT / 2:.1f})">Danger: share of each gauge’s range'
            "</text>"
        )
        out.append(f'<line x1="{LEFT}" y1="{top}" x2="{LEFT}" y2="{bottom}" stroke="#222"/>')
    out.append(f'<line x1="{LEFT}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#222"/>')
    # Steps along the bottom, numbered as in the path table, with what kind of step each was.
    kinds = {row.number: row for row in rows}
    automatic = False  # a decision the players did not take (the lesson plan, history)
    for i in range(steps):
        x = x_of(i)
        every = max(1, round(18 / gap))  # long games: number every few steps, never overlapping
        if i % every == 0 or i == steps - 1:
            out.append(
                f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle">'
                f"{'start' if i == 0 else i}</text>"
            )
        row = kinds.get(i)
        if row is None:
            continue
        mark_y = bottom + 30
        if row.chance:
            out.append(_marker("diamond", x, mark_y, "#222", filled=False))
        elif row.kind == "event":
            out.append(_marker("square", x, mark_y, "#222", filled=False))
        else:
            played = not (row.comparison is not None and row.comparison.automatic)
            out.append(_marker("circle", x, mark_y, "#222", filled=played))
            automatic = automatic or not played
    out.append(
        f'<text x="{LEFT + WIDTH / 2:.1f}" y="{bottom + 52}" text-anchor="middle">'
        "Step, numbered as in the path table</text>"
    )
    for index, item in enumerate(series):
        colour, dash, shape = STYLES[index % len(STYLES)]
        points = [(x_of(i), y_of(_danger(item, v))) for i, v in enumerate(item.values)]
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2.2"{dashed} points="{line}"/>'
        )
        out += [_marker(shape, x, y, colour) for x, y in points]
        y = legend_y + 18 * index
        sample = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{LEFT}" y1="{y}" x2="{LEFT + 40}" y2="{y}" stroke="{colour}" '
            f'stroke-width="2.2"{sample}/>'
        )
        out.append(_marker(shape, LEFT + 20, y, colour))
        out.append(f'<text x="{LEFT + 50}" y="{y + 4}">{escape(_scale(item))}</text>')
    key_y = legend_y + 18 * len(series) + 8
    out.append(_marker("circle", LEFT + 6, key_y, "#222"))
    out.append(f'<text x="{LEFT + 16}" y="{key_y + 4}">decision</text>')
    out.append(_marker("square", LEFT + 86, key_y, "#222", filled=False))
    out.append(f'<text x="{LEFT + 96}" y="{key_y + 4}">event</text>')
    out.append(_marker("diamond", LEFT + 156, key_y, "#222", filled=False))
    out.append(f'<text x="{LEFT + 166}" y="{key_y + 4}">chance outcome</text>')
    if automatic:
        out.append(_marker("circle", LEFT + 276, key_y, "#222", filled=False))
        out.append(
            f'<text x="{LEFT + 286}" y="{key_y + 4}">decision played automatically</text>'
        )
    out.append("</svg>")
    return Markup("\n".join(out))
