"""Diagnostics shown like a compiler's: the message, the offending line, a caret under the spot."""

from __future__ import annotations

from ..engine.diagnostics import Diagnostic


def with_excerpt(diagnostic: Diagnostic, lines: list[str]) -> str:
    head = diagnostic.format()
    if not 1 <= diagnostic.line <= len(lines):
        return head
    source = lines[diagnostic.line - 1].rstrip("\n").replace("\t", " ")
    if len(source) > 160:
        start = max(0, diagnostic.column - 60)
        shown = source[start : start + 120]
        column = diagnostic.column - start
    else:
        shown, column = source, diagnostic.column
    gutter = f"{diagnostic.line:>5} | "
    caret = " " * (len(gutter) - 2) + "| " + " " * max(0, column - 1) + "^"
    return f"{head}\n{gutter}{shown}\n{caret}"
