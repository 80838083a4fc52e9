"""Checking the scenario's in-world dates: well written, possible, inside the period, in order.

Dates are written `YYYY-MM-DD` (or `YYYY-MM`, `YYYY` when the day is not known). A date that cannot exist (30 February) or is written another way
(`08/11/1983`, which reads as two different days on either side of the Atlantic) is an error at
its position. A node dated outside the period, or a path that steps back in time, is a warning:
the file still plays, but a student would be misled.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable

from .model import DecisionNode, Scenario
from .yamlsafe import PathKey

Report = Callable[..., None]

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2}))?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def spoken(day: dt.date) -> str:
    """A date as readers say it, with no day/month ambiguity: 8 November 1983."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def parse_date(text: str) -> tuple[dt.date | None, str | None, str | None]:
    """The date, or why it is not one and a hint for fixing it. A year alone (`1983`) or a
    month (`1983-11`) is allowed where the day is not known; it gives no date to compare."""
    text = text.strip()
    partial = _PARTIAL.match(text)
    if partial:
        month = partial.group(2)
        if month is not None and not 1 <= int(month) <= 12:
            return None, f"'{text}' has no month {int(month)}: months run from 01 to 12", None
        return None, None, None
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        if not 1 <= month <= 12:
            return None, f"'{text}' has no month {month}: months run from 01 to 12", None
        try:
            return dt.date(year, month, day), None, None
        except ValueError:
            last = _last_day(year, month)
            return (
                None,
                f"'{text}' is not a real date: {_MONTHS[month - 1]} {year} has {last} days",
                f"its last day is {dt.date(year, month, last).isoformat()}",
            )
    match = _SLASHED.match(text)
    if match:
        first, second, year_text = match.groups()
        readings = []
        for day_text, month_text in ((first, second), (second, first)):
            with contextlib.suppress(ValueError):
                readings.append(dt.date(int(year_text), int(month_text), int(day_text)))
        options = " or ".join(f"{d.isoformat()} ({spoken(d)})" for d in dict.fromkeys(readings))
        hint = f"write {options}" if options else "write the date as YYYY-MM-DD"
        return None, f"'{text}' is not written as YYYY-MM-DD", hint
    return None, f"'{text}' is not a date written as YYYY-MM-DD", "for example 1983-11-08"


def _last_day(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def check_dates(scenario: Scenario, report: Report) -> None:
    """Report every date problem of the scenario through `report(code, message, path, hint=)`."""

    def read(text: str | None, path: PathKey) -> dt.date | None:
        if text is None:
            return None
        day, problem, hint = parse_date(text)
        if problem:
            report("E210", problem, path, hint=hint)
        return day

    start = read(scenario.period.start, ("period", "start"))
    end = read(scenario.period.end, ("period", "end"))
    if start and end and end < start:
        report(
            "E211",
            f"the period ends ({spoken(end)}) before it starts ({spoken(start)})",
            ("period", "end"),
            hint="swap `start` and `end`, or correct the year",
        )
        start = end = None  # which end is wrong is not known: no node is judged against them
    dated: dict[str, dt.date] = {}
    for node_id, node in scenario.nodes.items():
        if isinstance(node, DecisionNode) and node.history and node.history.date is not None:
            read(node.history.date, ("nodes", node_id, "history", "date"))
        if node.date is None:
            continue  # (the path is made only for a date)
        day = read(node.date, ("nodes", node_id, "date"))
        if day is None:
            continue
        dated[node_id] = day
        if (start and day < start) or (end and day > end):
            span = _span(start, end)
            report(
                "W508",
                f"this node is dated {spoken(day)}, outside the scenario's period ({span})",
                ("nodes", node_id, "date"),
                hint="correct the date, or widen `period`",
            )
    _backwards(scenario, dated, report)


def _span(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return f"{spoken(start)} to {spoken(end)}"
    return f"from {spoken(start)}" if start else f"until {spoken(end)}" if end else ""


def _backwards(scenario: Scenario, dated: dict[str, dt.date], report: Report) -> None:
    """Each dated node that a path reaches from a later-dated node (through undated ones)."""
    from .checks import exits  # checks imports this module

    nodes = scenario.nodes
    reported: set[tuple[str, str]] = set()
    for origin, when in dated.items():
        seen = {origin}
        frontier = list(exits(nodes[origin]))
        while frontier:
            target = frontier.pop()
            if target in seen or target not in nodes:
                continue
            seen.add(target)
            if target not in dated:
                frontier.extend(exits(nodes[target]))
                continue
            if dated[target] < when and (origin, target) not in reported:
                reported.add((origin, target))
                report(
                    "W509",
                    f"the story comes here from '{nodes[origin].title}' ({spoken(when)}), "
                    f"but this node is dated earlier ({spoken(dated[target])})",
                    ("nodes", target, "date"),
                    hint="correct one of the two dates; a path should not go back in time",
                )
