"""Reports as single, self-contained HTML files: no network, printable, scripts impossible.

Everything from a scenario is escaped by Jinja2's autoescape; Markdown goes through a renderer
with raw HTML disabled; a Content-Security-Policy forbids scripts even if something slipped.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..engine.text import printable
from .chart import escalation_svg
from .debrief import Debrief
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


def debrief_html(report: Debrief) -> str:
    game = report.game
    s = game.scenario
    return (
        environment()
        .get_template("debrief.html.j2")
        .render(
            r=report,
            s=s,
            game=game,
            ending=game.ending,
            chart=escalation_svg(report.series, report.rows),
            role=s.role(game.role) if game.role else None,
            role_name=lambda role_id: getattr(s.role(role_id), "name", role_id),
        )
    )


def class_report_html(report) -> str:
    from .classreport import group_divergence

    return (
        environment()
        .get_template("classreport.html.j2")
        .render(r=report, s=report.scenario, divergence=group_divergence)
    )
