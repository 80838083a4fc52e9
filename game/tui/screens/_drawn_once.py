"""A screen that is laid out and styled once when it first appears, not two or three times.

A new screen is styled as its widgets mount. When it then becomes current, Textual restyles
every widget again, lays the screen out, and the layout sends the screen a `Resize` of the size
it has just been laid out at, which lays it out again. None of that changes what is drawn, but
on a screen full of text each pass costs as much as drawing it. This screen skips the restyle
on its first showing (later showings, after a modal, still restyle) and a `Resize` to the size
it already has. A real change of terminal size still lays it out.
"""

from __future__ import annotations

from textual.events import Resize, ScreenResume
from textual.screen import Screen


class DrawnOnceScreen(Screen):
    _shown_before = False

    def on_screen_resume(self, event: ScreenResume) -> None:
        # Runs before Textual's own handler, which reads this flag.
        if not self._shown_before:
            self._shown_before = True
            event.refresh_styles = False

    def on_resize(self, event: Resize) -> None:
        if event.size == self.outer_size:
            event.prevent_default()
