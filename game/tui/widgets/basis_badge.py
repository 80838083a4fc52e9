"""A badge saying how far a text can be trusted as history: each basis looks clearly different."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

LABELS = {
    "documented": ("DOCUMENTED", "it happened; sources below"),
    "contested": ("CONTESTED", "the sources disagree"),
    "counterfactual": ("COUNTERFACTUAL", "this did not happen"),
    "fictional": ("FICTIONAL", "invented for the game"),
}

SYMBOLS = {"documented": "■", "contested": "◆", "counterfactual": "✕", "fictional": "○"}


class BasisBadge(Static):
    """`■ DOCUMENTED`, `◆ CONTESTED`, `✕ COUNTERFACTUAL`: a different symbol as well as a colour so
    the difference survives NO_COLOR and colour blindness."""

    def __init__(self, basis: str, rests_on: str | None = None) -> None:
        label, meaning = LABELS.get(basis, (basis.upper(), ""))
        text = Text()
        text.append(f" {SYMBOLS.get(basis, '•')} {label} ", style="bold reverse")
        if meaning:
            text.append(f" {meaning}", style="italic")
        if rests_on:
            text.append("\nRests on: ", style="bold")
            text.append(" ".join(rests_on.split()))
        super().__init__(text, classes=f"basis basis-{basis}")
        self.basis = basis
