"""Diagnostics shown like a compiler's: the message, the offending line, a caret under the spot."""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from pathlib import Path

from ..engine.diagnostics import Diagnostic

# What `str.splitlines` ends a line at: the lines are numbered as the file's text splits.
_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_CHUNK = 1 << 16


class SourceLines:
    """The lines of a file that diagnostics point at. The file is read only as far as the last
    of them, a piece at a time: a few warnings in a long file neither hold nor split it whole."""

    def __init__(self, lines: dict[int, str], count: int | None) -> None:
        self.lines = lines  # by number, from 1
        self.count = count  # how many lines the file has, when it was read to its end

    @classmethod
    def read(cls, path: Path, wanted: Iterable[int]) -> SourceLines:
        """The wanted lines of the file (as UTF-8, anything else shown replaced), with the last
        line and the count when a wanted line is past the end; nothing when it cannot be read."""
        left = {n for n in wanted if n >= 1}
        lines: dict[int, str] = {}
        if not left:
            return cls(lines, None)
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        number, carried, final = 0, "", ""
        try:
            with path.open("rb") as file:
                while left:
                    chunk = file.read(_CHUNK)
                    pieces = (carried + decoder.decode(chunk, final=not chunk)).splitlines(True)
                    carried = ""
                    # A line not ended yet, or ended by a "\r" that may be half of "\r\n",
                    # goes on into the next piece of the file.
                    if chunk and pieces and _goes_on(pieces[-1]):
                        carried = pieces.pop()
                    for piece in pieces:
                        number += 1
                        if number in left:
                            left.discard(number)
                            lines[number] = piece.splitlines()[0]
                    if pieces:
                        final = pieces[-1]
                    if not chunk:
                        if final:  # the last line, for a problem found at the very end
                            lines.setdefault(number, final.splitlines()[0])
                        return cls(lines, number)
        except OSError:
            return cls({}, None)
        return cls(lines, None)


def _goes_on(piece: str) -> bool:
    return piece[-1] == "\r" or piece[-1] not in _BREAKS


def with_excerpt(diagnostic: Diagnostic, source: SourceLines) -> str:
    head = diagnostic.format()
    line, column = diagnostic.line, diagnostic.column
    count, lines = source.count, source.lines
    if count and line == count + 1:
        # Problems found at the very end of the file: point just after its last character.
        line, column = count, len(lines[count]) + 1
        head += " (at the end of the file)"
    if line not in lines:
        return head
    source_line = lines[line].rstrip("\n").replace("\t", " ")
    if len(source_line) > 160:
        start = max(0, column - 60)
        shown = source_line[start : start + 120]
        column -= start
    else:
        shown = source_line
    gutter = f"{line:>5} | "
    caret = " " * (len(gutter) - 2) + "| " + " " * max(0, column - 1) + "^"
    return f"{head}\n{gutter}{shown}\n{caret}"
