"""The header line every in-game screen shares: scenario, in-world date and time, place."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...engine.model import NodeBase
from ...engine.text import printable


def node_header(scenario_title: str, node: NodeBase, kind: str = "") -> Static:
    when = " ".join(x for x in (node.date, node.time) if x)
    text = Text(printable(scenario_title), style="bold")
    for part in (when, node.place):
        if part:
            text.append("  ·  ")
            text.append(printable(part))
    if kind:
        text.append(f"  ·  {kind}", style="italic")
    return Static(text, classes="node-header")
