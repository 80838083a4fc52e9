"""Every save, newest first. Unreadable files are listed with the reason and never touched."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...engine.saves import SaveFile, Unreadable, list_saves
from ..messages import LoadSave
from ..widgets.footer import Footer


def when(modified: float) -> str:
    return datetime.fromtimestamp(modified).strftime("%Y-%m-%d %H:%M") if modified else "?"


def describe(save: SaveFile) -> Text:
    data, summary = save.data, save.summary
    text = Text(save.name if data.get("name") else "Autosave", style="bold")
    text.append(f" — {data['scenario'].get('title') or save.scenario_id}")
    role = data.get("role") or "every side"
    in_world = " ".join(str(x) for x in (summary.get("date"), summary.get("time")) if x)
    if summary.get("finished"):
        progress = f"finished: {summary.get('ending')}"
    else:
        progress = f"{summary.get('decisions', 0)} decision(s), at “{summary.get('title', '?')}”"
    text.append(f"\n  {role} · {in_world or 'no date'} · {progress}", style="")
    text.append(f"\n  saved {when(save.modified)}", style="dim")
    return text


class LoadScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Back")]

    def __init__(self) -> None:
        super().__init__()
        self.saves: list[SaveFile | Unreadable] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("Load a saved game", style="bold"), classes="screen-title")
        yield OptionList(id="saves")
        yield Static(id="load-note")
        yield Footer()

    def on_mount(self) -> None:
        folder = self.app.saves  # type: ignore[attr-defined]
        self.saves = list_saves(folder)
        options = self.query_one(OptionList)
        for number, save in enumerate(self.saves):
            if isinstance(save, SaveFile):
                options.add_option(Option(describe(save), id=str(number)))
            else:
                prompt = Text(f"⚠ {save.path.name} — unreadable", style="bold red")
                prompt.append(f"\n  {save.reason}")
                prompt.append(f"\n  modified {when(save.modified)}; left untouched", style="dim")
                options.add_option(Option(prompt, id=str(number), disabled=True))
        readable = sum(isinstance(s, SaveFile) for s in self.saves)
        note = Text(f"{readable} save(s) in {folder}", style="dim")
        if len(self.saves) > readable:
            note.append(f"; {len(self.saves) - readable} unreadable file(s)", style="dim")
        self.query_one("#load-note", Static).update(note)
        if not self.saves:
            options.add_option(Option(Text("No saved games yet."), disabled=True))
        first = next((n for n, s in enumerate(self.saves) if isinstance(s, SaveFile)), None)
        if first is not None:
            options.highlighted = first
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is None:
            return
        save = self.saves[int(event.option.id)]
        if isinstance(save, SaveFile):
            self.post_message(LoadSave(save))

    def action_close(self) -> None:
        self.app.pop_screen()
