"""Keys and how to play. Our own text, so Markdown is fine here."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Markdown

from ..widgets.footer import Footer

HELP = """\
# How to play

Each scenario is a real crisis told as a series of **decisions**. Read the situation and what
your advisers say, then choose. After each decision you see what your choice led to and,
beside it, **what actually happened**: history's choice, how sure we are of it, and the sources.

* **Documented**: it happened, and the sources say so.
* **Contested**: the sources disagree; each account is shown.
* **Counterfactual**: it did *not* happen; a reasoned guess, with what it rests on.

At the end you see your path against history and how far you left it. You can rewind to any
decision and try another way; the path you left stays in the save.

# Keys

| Key | Does |
|---|---|
| 1–9 | take choice 1–9 |
| ↑ ↓ and Enter | move through the choices and take one |
| Enter / Space | continue (briefing, outcome) |
| PgUp PgDn | scroll the text of a decision |
| Tab | move between parts of the screen |
| t | timeline of your decisions (Enter there rewinds) |
| m | map of the scenario: your path and history's |
| r | (ending) rewind to a decision |
| e | (ending) export the debrief (Markdown and printable HTML) to the saves folder |
| p | (ending) play again |
| ctrl+s | save with a name (the game also saves itself after every decision) |
| ctrl+p | command palette: every command, themes |
| ctrl+t | switch theme (dark, light, ansi-dark, ansi-light) |
| ? or F1 | this help |
| Esc | back / to the title screen |
| ctrl+q | quit (your game is already saved) |

On the title screen: **c** continue the latest save, **n** new game, **k** classroom session,
**l** load.

# Classroom sessions

One screen for the whole class. Name the students or teams for each role, pick the lesson's
length and a seed, and choose whether history is shown after each decision or only at the end.
When a decision belongs to a role, a hand-off screen asks that role's player to take the
keyboard; their secrets appear only after they press Enter, and are gone before the next
hand-off. Groups vote in turn by the scenario's rule (majority, unanimous, or a leader after
advice), each with a one-line reason if they like. The clock of a timed decision runs across
all the turns; when it runs out, the default is taken.

| Key | Does |
|---|---|
| F2 | the facilitator: pause the clock, reveal history now or at the end, a news update, override this decision's outcome, skip it, or enter a show-of-hands tally |

Every intervention is logged and appears in the debrief.
"""


class HelpScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark,f1", "close", "Close")]

    def compose(self) -> ComposeResult:
        from ..commands import help_rows

        with VerticalScroll(id="help"):
            yield Markdown(
                HELP + "\n# Commands\n\nAlso in the command palette (ctrl+p).\n\n" + help_rows()
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.app.pop_screen()
