"""The facilitator's controls, behind F2: pause, reveal, news, override, skip, a tally."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...engine.game import Game
from ...engine.model import DecisionNode
from ..widgets.form_keys import FIELD_KEYS


class FacilitatorScreen(ModalScreen[str | None]):
    """Dismisses with the chosen action's id."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f2", "close", "Close")]

    def __init__(self, game: Game, reveal: str, paused: bool = False) -> None:
        super().__init__()
        self.game, self.reveal, self.paused = game, reveal, paused

    def compose(self) -> ComposeResult:
        deciding = isinstance(self.game.node, DecisionNode) and not self.game.finished
        options = [Option("Resume the clock" if self.paused else "Pause the clock", id="pause")]
        options.append(
            Option(
                "Show history only at the end"
                if self.reveal == "now"
                else "Show history after every decision",
                id="reveal",
            )
        )
        options.append(Option("Inject a news update…", id="news"))
        if deciding:
            options += [
                Option("Override: set this decision's outcome…", id="override"),
                Option("Skip this decision (history's choice is taken)", id="skip"),
                Option("Enter a show-of-hands tally…", id="tally"),
            ]
        with Vertical(classes="dialog"):
            yield Static(Text("Facilitator", style="bold"))
            yield Static(
                Text("Every intervention is logged and appears in the debrief.", style="italic")
            )
            yield OptionList(*options, id="facilitator-actions")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)


class TextPromptScreen(ModalScreen[str | None]):
    """One line of text. Escape dismisses with `cancel` ("" by default)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, placeholder: str, cancel: str | None = "") -> None:
        super().__init__()
        self.title_text, self.placeholder, self.cancel = title, placeholder, cancel

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text, style="bold"))
            yield Input(placeholder=self.placeholder, max_length=300)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(self.cancel)


class PickScreen(ModalScreen[str | None]):
    """Pick one of several labelled options (an override, a tie-break)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, items: list[tuple[str, str]], note: str = "") -> None:
        super().__init__()
        self.title_text, self.items, self.note = title, items, note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text, style="bold"))
            if self.note:
                yield Static(Text(self.note, style="italic"))
            yield OptionList(*(Option(Text(label), id=key) for key, label in self.items))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TallyScreen(ModalScreen[dict[str, int] | None]):
    """A show of hands: how many chose each option. One line per option, its count beside its
    label, so that it fits 80×24; the list scrolls when the labels are long."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel"), *FIELD_KEYS]

    def __init__(self, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="tally"):
            yield Static(Text("Show of hands", style="bold"))
            yield Static(
                Text(
                    "Type how many hands went up for each choice; Enter moves on, Enter on the "
                    "last counts them. It replaces any votes already cast.",
                    style="italic",
                )
            )
            with VerticalScroll(id="tally-rows"):
                for number, (choice_id, label) in enumerate(self.choices, start=1):
                    with Horizontal(classes="tally-row"):
                        yield Input(
                            "",
                            type="integer",
                            placeholder="0",
                            max_length=4,
                            id=f"tally-{choice_id}",
                        )
                        yield Static(Text(f"{number}. {label}"), classes="tally-label")
            yield Static(self.total_text(), id="tally-total")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def counts(self) -> dict[str, int]:
        counts = {}
        for choice_id, _ in self.choices:
            raw = self.query_one(f"#tally-{choice_id}", Input).value.strip()
            counts[choice_id] = int(raw) if raw.isdigit() else 0
        return counts

    def total_text(self) -> Text:
        total = sum(self.counts().values()) if self.is_mounted else 0
        return Text(f"Hands counted: {total}", style="bold")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_one("#tally-total", Static).update(self.total_text())

    def action_next_field(self) -> None:
        """Enter: the next count, or on the last one, count the hands."""
        inputs = list(self.query(Input))
        if self.focused is not inputs[-1]:
            self.focus_next()
            return
        # Digits typed just before this Enter may still be on their way to their fields: count
        # once the fields have taken them.
        self.call_after_refresh(self.count)

    def count(self) -> None:
        if self.is_attached and self.app.screen is self:
            counts = self.counts()
            self.dismiss(counts if sum(counts.values()) else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
