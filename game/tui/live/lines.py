"""Changing one line of a live screen (a status, a clock, a header) as cheaply as Textual allows:
not at all when it reads the same, and without laying the whole screen out again when it stays
one line. With thirty seats redrawing at the same moment on a small machine, a layout at every
seat is most of the time between the crisis room's key and the seats showing it."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def restate(line: Static, content: Text) -> None:
    old = line.content
    if isinstance(old, Text) and old == content and old.style == content.style:
        return
    width = line.content_size.width
    stays_one_line = (
        isinstance(old, Text)
        and width > 0
        and min(old.cell_len, content.cell_len) > 0  # an empty line may take no room at all
        and max(old.cell_len, content.cell_len) <= width
        and "\n" not in old.plain + content.plain
    )
    line.update(content, layout=not stays_one_line)
