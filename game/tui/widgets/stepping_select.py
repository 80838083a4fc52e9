"""A menu whose closed box Up and Down step through, one choice per key.

Textual's Select opens its list on Up or Down, and a key pressed before the list has opened is
lost: a pupil pressing Down twice quickly in the join form saw no role chosen. Here Up and Down
change the choice at once, shown in the box (as a browser's own menus do), and Enter or Space
opens the list for those who want to see it whole.

A form holding one adds `STEP_KEYS` to its screen's bindings and calls `step_focused` from its
`step_menu` action: with priority, a Down is handled in the order it was typed, before a Tab
typed right after it moves the focus on (see `form_keys`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from rich.console import RenderableType
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Select


class SteppingSelect(Select[str]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "show_overlay", "Show menu", show=False),
        Binding("down", "step(1)", "Next", show=False),
        Binding("up", "step(-1)", "Previous", show=False),
    ]

    def __init__(self, options: Iterable[tuple[RenderableType, str]], **kwargs: Any) -> None:
        given = list(options)
        self._values = [value for _, value in given]
        super().__init__(given, **kwargs)

    def set_options(self, options: Iterable[tuple[RenderableType, str]]) -> None:
        given = list(options)
        self._values = [value for _, value in given]
        super().set_options(given)

    def action_step(self, by: int) -> None:
        if not self._values:
            return
        value = self.value
        if not isinstance(value, str) or value not in self._values:
            # Nothing chosen yet: Down takes the first choice, Up the last.
            self.value = self._values[0 if by > 0 else -1]
            return
        at = self._values.index(value) + by
        self.value = self._values[max(0, min(at, len(self._values) - 1))]


STEP_KEYS = [
    Binding("down", "step_menu(1)", "Next", show=False, priority=True),
    Binding("up", "step_menu(-1)", "Previous", show=False, priority=True),
]


def step_focused(focused: Widget | None, by: int) -> None:
    """Step the focused menu while it is closed; any other widget takes the key itself."""
    if not isinstance(focused, SteppingSelect) or focused.expanded:
        raise SkipAction()
    focused.action_step(by)
