"""A map of the scenario's nodes: where you went, where history went, and where you are."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static, Tree

from ...engine.game import Game
from ...engine.history import history_path
from ...engine.model import DecisionNode, EventNode
from ..widgets.footer import Footer


class MapScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,m", "close", "Close")]

    def __init__(self, game: Game, show_history: bool = True) -> None:
        """Until the game ends the map names only places already reached, and history's path
        only as far as you have come, so it spoils nothing. `show_history` False hides it (a
        class that sees history only at the end)."""
        super().__init__()
        self.game = game
        self.full = game.finished
        self.show_history = show_history or game.finished

    def compose(self) -> ComposeResult:
        yield Static(Text("Map of the scenario", style="bold"), classes="screen-title")
        legend = "▶ you are here   ● your path   ◆ history's path   ○ not visited"
        if not self.full:
            legend += "\nPlaces you have not reached stay unnamed until the end."
        yield Static(Text(legend, style="dim"))
        yield Tree(Text(self.game.scenario.title), id="map")
        yield Footer()

    def on_mount(self) -> None:
        game = self.game
        scenario = game.scenario
        yours = {s.node_id for s in game.state.steps} | {game.state.node_id}
        pairs = history_path(scenario) if self.show_history else set()
        # History's path as far as you have come: where it went from decisions already behind
        # you (never from the one in front of you).
        decided = {s.node_id for s in game.state.steps}
        history = {scenario.start} if pairs else set()
        history |= {to for at, to in pairs if self.full or at in decided}
        tree: Tree = self.query_one(Tree)
        tree.show_root = True
        # Breadth-first from the start, so the map reads roughly in the order of play.
        order: list[str] = []
        queue = [scenario.start]
        while queue:
            node_id = queue.pop(0)
            if node_id in order or node_id not in scenario.nodes:
                continue
            order.append(node_id)
            queue += [target for _, target in self.exits(node_id)]
        order += [n for n in scenario.nodes if n not in order]
        for node_id in order:
            if not self.full and node_id not in yours and node_id not in history:
                continue
            node = scenario.nodes[node_id]
            if node_id == game.state.node_id:
                mark = "▶"
            elif node_id in yours:
                mark = "●"
            else:
                mark = "○"
            label = Text(f"{mark} ", style="bold")
            label.append("◆ " if node_id in history else "  ", style="bold")
            label.append(node.title, style="bold" if node_id in yours else "")
            label.append(f"  {node.date or ''} {node.kind}", style="dim")
            branch = tree.root.add(label, expand=True)
            for how, target in self.exits(node_id):
                known = self.full or target in yours or target in history
                title = scenario.nodes[target].title if known and target in scenario.nodes else "?"
                branch.add_leaf(Text(f"{how} → {title}"))
        tree.root.expand()
        tree.focus()

    def exits(self, node_id: str) -> list[tuple[str, str]]:
        node = self.game.scenario.nodes[node_id]
        found: list[tuple[str, str]] = []
        if isinstance(node, DecisionNode):
            for choice in node.choices:
                if choice.goto:
                    found.append((choice.label, choice.goto))
                for outcome in choice.outcomes or []:
                    found.append((f"{choice.label} (chance)", outcome.goto))
        elif isinstance(node, EventNode):
            if node.next:
                found.append(("then", node.next))
            for outcome in node.outcomes or []:
                found.append(("by chance", outcome.goto))
        return found

    def action_close(self) -> None:
        self.app.pop_screen()
