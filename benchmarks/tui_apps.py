"""The two apps the start-up benchmark launches as fresh processes:
`python -m benchmarks.tui_apps bare|crisis SAVES`. Each exits as soon as its first screen is ready."""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> None:
    kind, saves = sys.argv[1], Path(sys.argv[2])
    if kind == "bare":
        from textual.app import App, ComposeResult
        from textual.widgets import Static

        class Bare(App):
            def compose(self) -> ComposeResult:
                yield Static("hello")

            def on_ready(self) -> None:
                self.exit()

        Bare().run(headless=True)
    else:
        from game.tui.app import CrisisApp

        class FirstScreen(CrisisApp):
            def on_ready(self) -> None:
                self.exit()

        FirstScreen(saves=saves).run(headless=True)


if __name__ == "__main__":
    main()
