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


def escalation_svg(series: list[Series], rows: list[Row]) -> Markup:
    if not series:
        return Markup("")
    steps = len(series[0].values)
    gap = WIDTH / max(steps - 1, 1)
    bottom = TOP + HEIGHT

    def x_of(i: int) -> float:
        return LEFT + i * gap

    def y_of(danger: float) -> float:
        return bottom - danger * HEIGHT

    legend_y = bottom + 74
    height = legend_y + 18 * len(series) + 26
    out = [
        f'<svg role="img" aria-label="Escalation track" viewBox="0 0 {LEFT + WIDTH + 30} '
        f'{height}" width="100%" class="chart">'
    ]
    # The scale: the share of each gauge's range towards its worst value.
    for tick in (0, 25, 50, 75, 100):
        y = y_of(tick / 100)
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + WIDTH}" y2="{y:.1f}" stroke="#ccc" '
            'stroke-width="0.8"/>'
        )
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}%</text>')
    out.append(
        f'<text x="14" y="{TOP + HEIGHT / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 14 {TOP + HEIGHT / 2:.1f})">Danger: share of each gauge’s range'
        "</text>"
    )
    out.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}" stroke="#222"/>')
    out.append(f'<line x1="{LEFT}" y1="{bottom}" x2="{LEFT + WIDTH}" y2="{bottom}" stroke="#222"/>')
    # Steps along the bottom, numbered as in the path table, with what kind of step each was.
    kinds = {row.number: row for row in rows}
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
            out.append(
                f'<text x="{x:.1f}" y="{mark_y + 3:.1f}" text-anchor="middle" '
                'font-size="7">?</text>'
            )
        elif row.kind == "event":
            out.append(_marker("square", x, mark_y, "#222", filled=False))
        else:
            out.append(_marker("circle", x, mark_y, "#222"))
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
    out.append("</svg>")
    return Markup("\n".join(out))
