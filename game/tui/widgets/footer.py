"""The footer every screen shows: the keys that work here, and a click on one presses it.

It shows what Textual's `Footer` shows, drawn as one widget: Textual's footer mounts a widget per
key and mounts them all again whenever the keys change (each focus change, each new screen),
which made up most of the time between a key press and the next decision screen. This one
repaints a single line instead.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget


class Footer(Widget, can_focus=False):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"footer--key", "footer--description", "footer--disabled", "footer--rule"}
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
        .footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer--disabled {
            text-style: dim;
        }
        .footer--rule {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        # Where each key was drawn, for clicks: (first column, past the last column, key).
        self._spans: list[tuple[int, int, str, bool]] = []
        # What the last drawing showed: a change of focus that leaves the keys as they were
        # must not cost a frame.
        self._drawn: object = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen and self._shown() != self._drawn:
            self.refresh()

    def _shown(self) -> tuple[list[tuple[Binding, bool]], tuple[Binding, bool] | None]:
        """The keys to show (one per action, in binding order) and the command palette's."""
        active = self.screen.active_bindings
        keys: dict[str, tuple[Binding, bool]] = {}
        for _node, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in keys:
                keys[binding.action] = (binding, enabled)
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE and self.app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[self.app.COMMAND_PALETTE_BINDING]
            palette = (binding, enabled)
            keys.pop(binding.action, None)
        return list(keys.values()), palette

    def _item(self, binding: Binding, enabled: bool, lead: str = " ") -> Text:
        key_style = self.get_component_rich_style("footer--key")
        description_style = self.get_component_rich_style("footer--description")
        item = Text.assemble(
            (f"{lead}{self.app.get_key_display(binding)} ", key_style),
            (f"{binding.description} " if binding.description else "", description_style),
        )
        if not enabled:
            item.stylize(self.get_component_rich_style("footer--disabled"))
        return item

    def render(self) -> Text:
        self._drawn = keys, palette = self._shown()
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, str, bool]] = []
        for binding, enabled in keys:
            item = self._item(binding, enabled)
            spans.append((line.cell_len, line.cell_len + item.cell_len, binding.key, enabled))
            line.append_text(item)
        if palette is not None:
            # At the right edge, after a thin rule; the other keys are cut short to make room.
            binding, enabled = palette
            item = Text("▏", style=self.get_component_rich_style("footer--rule"))
            item.append_text(self._item(binding, enabled, lead=""))
            start = max(0, self.size.width - item.cell_len)
            line.truncate(start, pad=True)
            spans = [(a, min(b, start), key, on) for a, b, key, on in spans if a < start]
            spans.append((start, start + item.cell_len, binding.key, enabled))
            line.append_text(item)
        self._spans = spans
        return line

    def key_at(self, x: int) -> tuple[str, bool] | None:
        """The key drawn at column `x`, and whether it is enabled."""
        for start, end, key, enabled in self._spans:
            if start <= x < end:
                return key.split(",")[0].strip(), enabled
        return None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        found = self.key_at(event.x)
        if found is None:
            return
        key, enabled = found
        if enabled:
            self.app.simulate_key(key)
        else:
            self.app.bell()
