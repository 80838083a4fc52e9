"""Reading a plain scenario file a node at a time.

Read whole, a file's data and the model made from it are in memory together for a moment, and
the data alone is several times the size of the file. Read a node at a time, each node's data
becomes its part of the model and is let go before the next node is read, so a long scenario
costs its model and little more.

A file is read this way only when it passed the fast reader's screens (see yamlfast) and its
nodes are laid out plainly: one `nodes:` line at the top level with nothing after the colon,
then the nodes, each a key at one indentation, until the next top-level key. Each node's lines
are then a YAML document of their own that reads as the same data. An alias is the one thing
that could reach from one node into another (and be replayed past the whole file's limit), and
needs an anchor, so a file with an anchor is read whole (an alias with no anchor is refused as
a whole file is); so is anything else these rules do not cover.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from .yamlfast import at_value_start, compiled_read
from .yamlplaces import less_indented

_NODES = "nodes:"
_ANCHOR = re.compile(r"&[^\s,\[\]{}]")
# Nodes read in one call of the compiled parser: a call costs about as much as reading a node,
# and a few nodes' data is still small beside the model.
_NODES_AT_ONCE = 16


class NotPlain(Exception):
    """A node's lines do not read as one key of their own: read the file whole instead."""


class NodeReading:
    """A file's data without its nodes (`head`, whose `nodes` is None), and its nodes as
    (key, data) pairs, read from their own lines (a few nodes at a time) as they are asked for."""

    def __init__(self, head: dict[str, Any], text: str, starts: list[int]):
        self.head = head
        self._text = text
        self._starts = starts  # where each node's lines start, then where the last one's end

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        text, starts = self._text, self._starts
        last = len(starts) - 1
        for first in range(0, last, _NODES_AT_ONCE):
            end = min(first + _NODES_AT_ONCE, last)
            piece = compiled_read(text[starts[first] : starts[end]])
            # One key per node's lines: fewer keys mean a key read twice, or a node's lines
            # that are not a key of their own.
            if type(piece) is not dict or len(piece) != end - first:
                raise NotPlain
            for key, value in piece.items():
                if type(key) is not str:
                    raise NotPlain
                yield key, value


def read_by_node(text: str) -> NodeReading | None:
    """The file read a node at a time, or None when it must be read whole. `text` has passed
    the fast reader's screens."""
    if text.startswith(_NODES):
        line = 0
    else:
        line = text.find("\n" + _NODES) + 1
        if line == 0:
            return None
    if text.find("\n" + _NODES, line) >= 0:
        return None  # `nodes:` twice: the compiled reader refuses the file as a whole
    block = text.find("\n", line)  # the line break before the nodes' lines
    after_colon = text[line + len(_NODES) : block]
    if block < 0 or not (after_colon == "" or after_colon[0] == " "):
        return None
    if after_colon.strip() and not after_colon.lstrip().startswith("#"):
        return None  # the nodes are written on the `nodes:` line itself
    indent = _first_indent(text, block)
    if indent is None:
        return None
    # The first line after them that is less indented than the nodes ends their lines: a
    # top-level line, or one in between (then they are not laid out plainly).
    shallower = less_indented(indent).search(text, block)
    if shallower is not None and text[shallower.start() + 1] == " ":
        return None
    end = len(text) if shallower is None else shallower.start()  # the line break after them
    starts = [m.start() + 1 for m in _node_line(indent).finditer(text, block, end)]
    if not starts or (
        "&" in text and any(at_value_start(text, m.start()) for m in _ANCHOR.finditer(text))
    ):
        return None
    starts.append(min(end + 1, len(text)))
    head = compiled_read(text[: block + 1] + text[starts[-1] :])
    if type(head) is not dict or head.get("nodes", ...) is not None:
        return None
    return NodeReading(head, text, starts)


def _first_indent(text: str, block: int) -> int | None:
    """The indentation of the first line after `block` that is not blank or a comment, when it
    is indented (a top-level line there means there are no nodes)."""
    at = block + 1
    while at < len(text):
        line_end = text.find("\n", at)
        if line_end < 0:
            line_end = len(text)
        line = text[at:line_end]
        content = line.lstrip(" ")
        if content and not content.startswith("#"):
            indent = len(line) - len(content)
            return indent or None
        at = line_end + 1
    return None


@functools.cache
def _node_line(indent: int) -> re.Pattern[str]:
    return re.compile("\n" + " " * indent + "[^ \n#]")
