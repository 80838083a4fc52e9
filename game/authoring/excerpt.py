"""Diagnostics shown like a compiler's: the message, the offending line, a caret under the spot."""

from __future__ import annotations

from ..engine.diagnostics import Diagnostic


def with_excerpt(diagnostic: Diagnostic, lines: list[str]) -> str:
    head = diagnostic.format()
    line, column = diagnostic.line, diagnostic.column
    if lines and line == len(lines) + 1:
        # Problems found at the very end of the file: point just after its last character.
        line, column = len(lines), len(lines[-1]) + 1
        head += " (at the end of the file)"
    if not 1 <= line <= len(lines):
        return head
    source = lines[line - 1].rstrip("\n").replace("\t", " ")
    if len(source) > 160:
        start = max(0, column - 60)
        shown = source[start : start + 120]
        column -= start
    else:
        shown = source
    gutter = f"{line:>5} | "
    caret = " " * (len(gutter) - 2) + "| " + " " * max(0, column - 1) + "^"
    return f"{head}\n{gutter}{shown}\n{caret}"
