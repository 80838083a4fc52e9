"""Choosing a scenario. The catalogue is loaded in a worker thread; broken files show their errors."""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import LoadingIndicator, OptionList, Static
from textual.widgets.option_list import Option

from ...engine.catalog import Entry, catalogue
from ...engine.text import printable
from ..messages import NewGame
from ..widgets.footer import Footer
from ..widgets.prose import Prose


class PickerScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.title", "Back")]

    def __init__(self, for_class: bool = False) -> None:
        """`for_class`: the scenario is for a class session, set up next."""
        super().__init__()
        self.entries: list[Entry] = []
        self.for_class = for_class

    def compose(self) -> ComposeResult:
        yield Static(Text("Choose a scenario", style="bold"), classes="screen-title")
        with Horizontal(id="picker"):
            yield OptionList(id="scenarios")
            yield VerticalScroll(LoadingIndicator(), id="scenario-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#scenarios", OptionList).loading = True
        self.load_catalogue()

    @work(thread=True, exclusive=True)
    def load_catalogue(self) -> None:
        entries = catalogue(self.app.scenario_dirs)  # type: ignore[attr-defined]
        self.app.call_from_thread(self.show_entries, entries)

    def show_entries(self, entries: list[Entry]) -> None:
        self.entries = entries
        options = self.query_one("#scenarios", OptionList)
        options.loading = False
        titles = Counter(e.loaded.scenario.title for e in entries if e.loaded is not None)
        for number, entry in enumerate(entries):
            if entry.loaded is not None:
                title = entry.loaded.scenario.title
                prompt = Text(title)
                if titles[title] > 1:
                    # Two files with one title: only the file name tells them apart.
                    prompt.append(f"  ({entry.path.name})", style="dim")
            else:
                prompt = Text(f"⚠ {printable(entry.path.name)} (does not load)", style="red")
            options.add_option(Option(prompt, id=str(number)))
        if not entries:
            self.show_detail(None)
        else:
            options.highlighted = 0
        options.focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self.show_detail(self.entries[int(event.option.id)])

    def show_detail(self, entry: Entry | None) -> None:
        detail = self.query_one("#scenario-detail", VerticalScroll)
        detail.remove_children()
        if entry is None:
            detail.mount(Static(Text("No scenarios found. Add a folder with --scenarios DIR.")))
            return
        if entry.loaded is None:
            head = Text(f"{printable(str(entry.path))}\n", style="bold")
            head.append(f"This scenario has {len(entry.problems)} problem(s):\n", style="red")
            for problem in entry.problems:
                # The path is in the heading; each line keeps only where in the file.
                where = f"line {problem.line}:{problem.column}" if problem.line else "file"
                head.append(f"\n{where} {problem.code} ", style="bold")
                head.append(
                    printable(problem.message + (f" ({problem.hint})" if problem.hint else ""))
                )
            head.append(
                f"\n\nFix them, or run: crisis validate {printable(str(entry.path))}",
                style="italic",
            )
            detail.mount(Static(head, classes="errors"))
            return
        s = entry.loaded.scenario
        head = Text(s.title, style="bold")
        if s.subtitle:
            head.append(f"\n{s.subtitle}", style="italic")
        head.append(f"\n{s.period.label or s.period.start} · about {s.minutes} min")
        if s.reading_level:
            head.append(f" · {s.reading_level}")
        head.append("\nRoles: ", style="bold")
        head.append(", ".join(f"{r.name} ({r.side})" for r in s.roles))
        if s.content_notes:
            head.append("\nContent notes: ", style="bold")
            head.append("; ".join(s.content_notes))
        detail.mount(Static(head), Prose(s.summary))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is None:
            return
        entry = self.entries[int(event.option.id)]
        if entry.loaded is None:
            self.app.notify(
                "This scenario has errors and cannot be played; they are listed on the right.",
                severity="warning",
            )
            return
        loaded = entry.loaded
        if self.for_class:
            from .class_setup import ClassSetupScreen

            self.app.push_screen(ClassSetupScreen(loaded))
            return
        roles = loaded.scenario.roles
        if len(roles) == 1:
            self.post_message(NewGame(loaded, roles[0].id))
            return
        from .role import RoleScreen

        def chosen(role: str | None) -> None:
            if role is not None:
                self.post_message(NewGame(loaded, role or None))

        self.app.push_screen(RoleScreen(loaded.scenario), chosen)
