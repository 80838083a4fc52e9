"""The choices of a decision: numbered 1–9, arrows and Enter, mouse click."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...engine.text import printable


class ChoiceList(OptionList):
    """Each option is a `Text` (never markup) with the choice's number, label and detail."""

    def __init__(self, items: Sequence[tuple[str, str, str | None]], *, id: str | None = None):
        options = []
        for number, (choice_id, label, detail) in enumerate(items, start=1):
            prompt = Text()
            prompt.append(f"{number}. " if number <= 9 else "   ", style="bold")
            prompt.append(printable(label), style="bold")
            if detail:
                prompt.append("\n   ")
                prompt.append(printable(" ".join(detail.split())), style="italic")
            options.append(Option(prompt, id=choice_id))
        super().__init__(*options, id=id)

    def pick(self, number: int) -> str | None:
        """The id of choice `number` (1-based), or None when there is no such choice."""
        if 1 <= number <= self.option_count:
            return self.get_option_at_index(number - 1).id
        return None
