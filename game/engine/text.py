"""Text from scenarios, saves and players, made safe for a terminal.

A scenario, a save or a player's name could carry escape sequences that a terminal obeys: set its
title, write to the clipboard (OSC 0/52), move the cursor. Such characters are refused where text
enters the engine, and stripped again wherever text leaves the game.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

# Every C0 control but tab and newline, DEL, the C1 controls, and the bidirectional overrides and
# isolates (they reorder what a reader sees, e.g. to hide part of a line).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class UnsafeText(ValueError):
    """Text that holds control characters, refused where it enters the game."""


def control_characters(text: str) -> list[tuple[int, str]]:
    """The (index, character) of every control character in `text`."""
    return [(m.start(), m.group()) for m in _CONTROL.finditer(text)]


def printable(text: str) -> str:
    """`text` without control characters (newline and tab are kept)."""
    return _CONTROL.sub("", text)


def describe(char: str) -> str:
    """How a control character is named in a message: its code point, never itself."""
    names = {"\x1b": "ESC", "\x07": "BEL", "\r": "carriage return", "\x7f": "DEL"}
    code = f"U+{ord(char):04X}"
    return f"{code} ({names[char]})" if char in names else code


def check(text: str | None, what: str) -> str | None:
    """`text` unchanged, or UnsafeText naming `what` when it holds a control character."""
    if text is None:
        return None
    if not isinstance(text, str):
        raise UnsafeText(f"{what} must be text")
    found = control_characters(text)
    if found:
        raise UnsafeText(
            f"{what} contains the control character {describe(found[0][1])}; "
            "names and reasons may hold only printable text"
        )
    return text


class PrintableStream:
    """A text stream that drops control characters from everything written to it."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(printable(text))

    def flush(self) -> None:
        self.stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def fitted(text: str, width: int) -> str:
    """`text` cut to `width` characters, ending in "…" when anything was cut."""
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def short_name(name: str, width: int) -> str:
    """A role's or person's name for a narrow column: what comes before a comma (a title after
    it, "…, political officer", is left out), and when that is still too long the words at its
    end, which tell people apart where the first words do not ("Captain 2nd Rank Valentin
    Savitsky" and "Captain 2nd Rank Vasili Arkhipov" become "…Valentin Savitsky" and
    "…Vasili Arkhipov")."""
    head = name.split(",", 1)[0].strip() or name
    if len(head) <= width:
        return head
    words = head.split()
    kept: list[str] = []
    while words and len(" ".join([words[-1], *kept])) <= width - 1:
        kept.insert(0, words.pop())
    return "…" + " ".join(kept) if kept else fitted(head, width)
