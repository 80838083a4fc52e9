"""A badge saying how far a text can be trusted as history: each basis looks clearly different."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...engine.labels import BASIS_LABELS, BASIS_SYMBOLS, Badge, badge

# Kept for callers that read the words directly.
LABELS = BASIS_LABELS
SYMBOLS = BASIS_SYMBOLS


class BasisBadge(Static):
    """`■ DOCUMENTED`, `◆ CONTESTED`, `✕ COUNTERFACTUAL`: a different symbol as well as a colour so
    the difference survives NO_COLOR and colour blindness. Takes the engine's `Badge` (with its
    scope, e.g. "Your course") or a bare basis."""

    def __init__(self, basis: str | Badge, rests_on: str | None = None) -> None:
        mark = basis if isinstance(basis, Badge) else badge(basis, rests_on)
        text = Text()
        if mark.scope:
            text.append(f"{mark.scope}: ", style="bold")
        text.append(f" {mark.symbol} {mark.label} ", style="bold reverse")
        if mark.meaning:
            text.append(f" {mark.meaning}", style="italic")
        if mark.rests_on:
            text.append("\nRests on: ", style="bold")
            text.append(mark.rests_on)
        super().__init__(text, classes=f"basis basis-{mark.basis}")
        self.basis = mark.basis
