"""Reports as single, self-contained HTML files: no network, printable, scripts impossible.

Everything from a scenario is escaped by Jinja2's autoescape; Markdown goes through a renderer
with raw HTML disabled; a Content-Security-Policy forbids scripts even if something slipped.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..engine.text import printable
from .debrief import Debrief, Series
from .text import md_to_html, safe_url


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("game.reports", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_printable,
    )
    env.globals.update(md=md_to_html, safe_url=safe_url)
    return env


def _printable(value: object) -> object:
    """Every value a template prints, without control characters."""
    if isinstance(value, Markup):
        return Markup(printable(str(value)))
    return printable(value) if isinstance(value, str) else value


def _points(series: Series, width: int = 640, height: int = 180, steps: int = 1) -> str:
    span = max(1, series.high - series.low)
    out = []
    for i, value in enumerate(series.values):
        danger = (series.high - value) if series.reversed else (value - series.low)
        x = 40 + i * width / max(steps - 1, 1)
        y = height - (danger / span) * (height - 10)
        out.append(f"{x:.1f},{y:.1f}")
    return " ".join(out)


def debrief_html(report: Debrief) -> str:
    game = report.game
    s = game.scenario
    steps = len(report.series[0].values) if report.series else 0
    series = [
        {"label": item.label, "values": item.values, "points": _points(item, steps=steps)}
        for item in report.series
    ]
    return (
        environment()
        .get_template("debrief.html.j2")
        .render(
            r=report,
            s=s,
            game=game,
            ending=game.ending,
            series=series,
            role=s.role(game.role) if game.role else None,
            role_name=lambda role_id: s.role(role_id).name if s.role(role_id) else role_id,
        )
    )


def class_report_html(report) -> str:
    from .classreport import group_divergence

    return (
        environment()
        .get_template("classreport.html.j2")
        .render(r=report, s=report.scenario, divergence=group_divergence)
    )
