"""What every screen of a live session shows of the current node: the news given at it, its
title with who decides, and its text. The crisis room and the seats add their own parts."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from ...engine.game import Game
from ...engine.model import DecisionNode
from ..widgets.prose import Prose


def node_so_far(game: Game) -> ComposeResult:
    node = game.node
    for text in game.news_now():  # it stays until the next decision at least
        yield Static(Text("NEWS: ", style="bold reverse") + Text(" " + text), classes="news")
    title = Text(node.title, style="bold")
    deciders = ", ".join(r.name for r in game.view().deciders)
    if deciders and isinstance(node, DecisionNode):
        title.append(f"   Decides: {deciders}", style="dim")
    yield Static(title, classes="node-title")
    yield Prose(node.text)
