"""Where values are in a file the fast reader read, found from the text and the data.

A file that passed the fast reader's screens has no multi-line quoted values, no brackets open
past the end of a line, no tabs: in block style, a line at a mapping's indentation that starts
with `key:` is that mapping's key, and a line at a list's indentation that starts with `- ` is
its next item. So, knowing the data, each wanted path is followed down the text with a few
`str.find` calls, in C, instead of walking the whole event stream in Python.

Only what can be found that way is answered: values inside brackets, anchored, tagged or empty
values and keys in quotes are left out, and `locate` finds those by the exact walk. The answers
are the exact walk's own (the same line and column for the key and for the value), which a test
checks path by path on every bundled scenario.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import Any

from .yamlsafe import PathKey

Position = tuple[int, int]
Places = dict[PathKey, tuple[Position, Position]]
Offsets = dict[Any, tuple[int, int | None]]  # a child's key offset and its value's, if placed

# What may follow a key's colon, and what a value may not start with to be answered here.
_AFTER_COLON = frozenset(" \n")
_UNANSWERED = frozenset("&!*")


class _Text:
    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text  # the file's own text, never a copy: it can be as long as the model

    def positions(self, offsets: Iterable[int]) -> dict[int, Position]:
        """1-based (line, column) of each offset in `self.text`: the line breaks are counted
        once through the text, in C, and no list of its lines is made."""
        text = self.text
        found: dict[int, Position] = {}
        line, at = 1, 0
        for offset in sorted(set(offsets)):
            line += text.count("\n", at, offset)
            at = offset
            found[offset] = (line, offset - text.rfind("\n", 0, offset))
        return found

    def column(self, offset: int) -> int:
        return offset - self.text.rfind("\n", 0, offset) - 1

    def value_start(self, offset: int, owner: int, dash_may_align: bool) -> int | None:
        """Where the value after a colon or a `- ` at `offset` starts, on this line or a later
        one more indented than its owner's column (or, for a key's list, at the same column
        and starting `- `); None when the value is empty or is not answered here."""
        text = self.text
        size = len(text)
        while offset < size and text[offset] == " ":
            offset += 1
        if offset < size and text[offset] == "#":  # a comment ends the line
            end = text.find("\n", offset)
            offset = size if end < 0 else end
        if offset < size and text[offset] == "\n":  # the value is on a later line
            while offset < size and text[offset] == "\n":
                offset += 1
                line = offset
                while offset < size and text[offset] == " ":
                    offset += 1
                if offset < size and text[offset] == "#":  # a comment line
                    end = text.find("\n", offset)
                    offset = size if end < 0 else end
            indent = offset - line
            if offset >= size or indent < owner:
                return None
            if indent == owner and not (dash_may_align and text.startswith(("- ", "-\n"), offset)):
                return None  # the next line is the owner's sibling: this value is empty
        if offset >= size or text[offset] in _UNANSWERED:
            return None
        return offset


def block_places(text: str, data: object, paths: set[PathKey]) -> tuple[Places, set[PathKey]]:
    """The places of the wanted paths that can be found from the text (each as `locate` gives
    them: for a path not in the data, its longest start that is), and the paths left."""
    source = _Text(text)
    found: Places = {}
    offsets: dict[PathKey, tuple[int, int]] = {}  # where each placed path's key and value start
    left: set[PathKey] = set()
    if type(data) is not dict:
        return found, set(paths)
    top = source.value_start(0, -1, False)
    if top is None:
        return found, set(paths)
    # For each container reached, by where it starts: its children placed so far.
    children: dict[int, _Children | _Fields] = {}
    # Each path placed so far: its value, where that starts and where its key does. Warnings
    # share their first steps (every decision's is `nodes`), and those are followed once.
    reached: dict[PathKey, tuple[Any, int, int]] = {(): (data, top, top)}
    for wanted in paths:
        known = len(wanted)
        while wanted[:known] not in reached:
            known -= 1
        current, start, key_at = reached[wanted[:known]]
        placed = wanted[:known]
        for depth in range(known, len(wanted)):
            part = wanted[depth]
            kind = type(current)
            if kind is dict or kind is list or kind is tuple:
                if not (
                    (kind is dict and part in current)
                    or (kind is not dict and type(part) is int and 0 <= part < len(current))
                ):
                    break  # not in the data: the exact walk too stops here
                child = current[part]
            else:  # a part of the model made from the data (see yamlnodes)
                given = getattr(current, "__pydantic_fields_set__", ())
                if type(part) is not str or part not in given:
                    break  # not given in the file
                child = getattr(current, part)
            places = children.get(start)
            if places is None:
                places = children[start] = (
                    _Children(_children(source, current, start))
                    if kind is dict or kind is list or kind is tuple
                    else _Fields(source, start)
                )
            child_key, value_at = places.get(part)
            if child_key is None or value_at is None:
                left.add(wanted)
                break
            current, start, key_at = child, value_at, child_key
            if depth + 1 < len(wanted):  # (a path's own end is seldom another's start)
                placed = wanted[: depth + 1]
                reached[placed] = (current, start, key_at)
            else:
                placed = wanted  # (not a copy of it: one per warning)
        # The path, or the longest start of it that is in the file (as the exact walk gives).
        if placed not in offsets:
            offsets[placed] = (key_at, start)
    # What the walk kept (an entry per container reached) is let go of before the offsets are
    # turned into positions: with thousands of warnings, both at once would be the peak.
    del reached, children
    at = source.positions(offset for pair in offsets.values() for offset in pair)
    return {path: (at[key], at[value]) for path, (key, value) in offsets.items()}, left


class _Children:
    """A container's children placed as far as asked: a decision's first key is all a warning
    about the decision needs, and the rest of it is never looked for."""

    __slots__ = ("found", "places")

    def __init__(self, found: Iterator[tuple[Any, tuple[int, int | None]]]):
        self.found = found
        self.places: Offsets = {}

    def get(self, part: Any) -> tuple[int | None, int | None]:
        place = self.places.get(part)
        if place is not None:
            return place
        for child, place in self.found:
            self.places[child] = place
            if child == part:
                return place
        return None, None


class _Fields:
    """The keys of a block mapping that has been made into a part of the model, found as they
    are asked for: the model knows which keys the file gave, but not in what order, so each is
    looked for from the mapping's start to its end."""

    __slots__ = ("column", "end", "in_block", "source", "start")

    def __init__(self, source: _Text, start: int):
        self.source = source
        self.start = start
        self.column = -1  # found when first needed: a mapping's first key seldom needs it
        self.in_block = source.text[start] not in "[{\"'"  # else the exact walk places them
        self.end: int | None = None

    def get(self, part: Any) -> tuple[int | None, int | None]:
        source, start = self.source, self.start
        text = source.text
        if not self.in_block or type(part) is not str or not part:
            return None, None
        if text.startswith(part, start):  # the mapping's first key, asked for most often
            colon = _colon_after(text, start + len(part))
            if colon is not None:
                if text[colon + 1 : colon + 3] in _SAME_LINE:
                    return start, colon + 2  # `key: value` (a value on the key's own line)
                return start, source.value_start(colon + 1, self._column(), True)
        column = self._column()
        if self.end is None:
            # The first line after the start that is less indented, and is not blank or a
            # comment, ends the mapping.
            found = less_indented(column).search(text, start) if column else None
            self.end = found.start() if found else len(text)
        pad = "\n" + " " * column
        at = start
        while True:
            key = text.find(pad + part, at, self.end)
            if key < 0:
                return None, None  # written another way (in quotes): the exact walk places it
            key += len(pad)
            colon = _colon_after(text, key + len(part))
            if colon is not None:
                return key, source.value_start(colon + 1, column, True)
            at = key + 1  # `part` only began a longer key here

    def _column(self) -> int:
        if self.column < 0:
            self.column = self.source.column(self.start)
        return self.column


# What a plain `key: value` has after its colon: one blank, then what the value starts with.
_SAME_LINE = frozenset(" " + c for c in map(chr, range(33, 127)) if c not in "#&!*")


@functools.cache
def less_indented(column: int) -> re.Pattern[str]:
    """A line that starts left of `column` and is not blank or a comment (`column` > 0)."""
    return re.compile(f"\n {{0,{column - 1}}}[^ \n#]")


def _colon_after(text: str, end: int) -> int | None:
    """Where the colon that ends a key ending at `end` is, or None when the key goes on."""
    colon = end
    while text[colon : colon + 1] == " ":
        colon += 1
    if text[colon : colon + 1] != ":" or text[colon + 1 : colon + 2] not in _AFTER_COLON:
        return None
    return colon


def _children(
    source: _Text, container: Any, start: int
) -> Iterator[tuple[Any, tuple[int, int | None]]]:
    """(key offset, value offset) of each child of the block container that starts at `start`,
    in order, as far as they can be placed from the text."""
    text = source.text
    if text[start] in "[{\"'":
        return  # a value in brackets or quotes: the exact walk places what is inside
    column = source.column(start)
    pad = "\n" + " " * column
    at = start
    if type(container) is dict:
        for n, key in enumerate(container):
            if type(key) is not str or not key:
                break
            if n:
                found = text.find(pad + key, at)
                if found < 0:
                    continue  # written another way (in quotes): the exact walk places it
                found += len(pad)
            elif text.startswith(key, at):
                found = at
            else:
                continue
            colon = _colon_after(text, found + len(key))
            if colon is None:
                continue  # `key` only began a longer key here
            yield key, (found, source.value_start(colon + 1, column, True))
            at = colon
    elif type(container) is list or type(container) is tuple:
        for index in range(len(container)):
            if index:
                found = text.find(pad + "-", at)
                if found < 0:
                    break
                at = found + len(pad)
            elif text[at] != "-":
                break
            if text[at + 1 : at + 2] not in _AFTER_COLON:
                break
            value = source.value_start(at + 1, column, False)
            yield index, (at if value is None else value, value)
            at += 1
