"""A fast first reading of a scenario file, for the common case of a plain, well-formed file.

The exact reader (`yamlsafe.parse`) walks PyYAML's event stream in Python; on a 10,000-node
scenario that is most of the time a validation takes. A file that uses none of YAML's rarer
features is first read by a compiled parser instead, which builds the same data many times
faster. That reading is only a shortcut: whenever the file has anything the two readers might
read differently, or the compiled parser refuses it, the exact reader reads the file instead.
What the fast reading gives is then the exact reader's data, value for value; the one
difference left, keys that are not text, the model refuses (see `reads_alike`).

What sends a file to the exact reader straight away, found by looking at the text:
- colons where YAML 1.1 and 1.2 differ (`[:x]`, `[k:]`), empty block scalars, brackets
  that stay open past the end of a line;
- tags (`!x` where a value can start), directives (`%`), document markers (`---`, `...`)
  and complex keys (`? `); anchors and aliases are read alike by both, and the compiled parser
  gives up on far fewer expansions than the exact reader allows;
- control characters and escapes that may make one (the exact reader explains where they are),
  tabs and carriage returns;
- deep indentation or many `- ` on one line (the compiled parser recurses on nesting);
- numbers the two would read differently (`1_000`, `0b1`, `0X1F`, `+0x1`), and very long
  runs of digits;
- anything the compiled parser itself refuses (duplicate keys among them), or a result that is
  not one mapping.
"""

from __future__ import annotations

import itertools
import os
import re
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from .yamlsafe import MAX_DEPTH

# Each screen below is one C-speed scan of the text (a regular expression that starts with a
# plain character, or `in`); a hit that needs a closer look is looked at in Python.

# A tag (`!x`) where a value can start: after `-`, `?`, `:`, `[`, `{`, `,` or at a line's start.
# Prose such as "Fire!" has a word before the `!`, so it stays on the fast path.
_TAG = re.compile(r"![^\s,\[\]{}]")
_VALUE_START = frozenset("-?:[{,\n")
# A complex key (`? `) at a line's start or in brackets.
_QUESTION = re.compile(r"\?(?=[ \t\n])")
# Colons that YAML 1.1 (the exact reader) refuses and YAML 1.2 (the compiled parser) reads: a
# value that starts with one (`[:x]`, `b: :x`), or one right before the end of an entry (`[k:]`).
# A value's start is found from the colon back (a search that starts with a plain character is
# many times quicker than one that starts with a choice of them).
_COLON_BEFORE_TEXT = re.compile(r":(?=\S)")
_OPENS_VALUE = "-?:[{,\n"
_ENTRY_END = "]},"  # a colon right before one of these: `[k:]`
# Brackets still open at the end of a line: YAML 1.1 and 1.2 read much of what may come next
# differently. Looked for in the file's bytes with everything but brackets and line ends taken
# out (a table lookup per byte; UTF-8 never uses these bytes inside another character): pairs
# that are closed, now side by side, are taken out innermost first, and any opening bracket left
# was open at the end of its line. A bracket in quotes may be taken for one: that only costs the
# slower reading.
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}\n")


def _open_bracket(raw: bytes) -> bool:
    if b"[" not in raw and b"{" not in raw:
        return False
    left = raw.translate(None, _NOT_BRACKETS)
    for _ in range(MAX_DEPTH):  # a pass takes out at least one level of nesting
        shorter = left.replace(b"{}", b"").replace(b"[]", b"")
        if len(shorter) == len(left):
            return b"[" in left or b"{" in left
        left = shorter
    return True  # nested deeper than a scenario may be: the exact reader says so


# `|` or `>` starting a value inside brackets: after `[`, `{` or `,` and blanks.
_OPENS_FLOW_VALUE = "[{,"
# A block scalar (`|`, `>`) header; one with no more-indented line after it is read as "" by the
# exact reader and "\n" by the compiled one.
_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*[ \t]*(?:#[^\n]*)?\n")
_INDENT = re.compile(r" *")
_CONTENT_LINE = re.compile(r"(?:[ \t]*\n)*( *)\S")
# `- - - - …` nesting on one line (the compiled parser recurses on nesting; deep indentation is
# screened by `in`).
_DASHES = re.compile(r"-[ \t]+-[ \t]+-[ \t]+-[ \t]+-[ \t]+-[ \t]+-[ \t]+-[ \t]")
# Numbers the compiled parser reads and the exact reader keeps as text: with underscores, in
# binary, with an upper-case or signed base prefix. A hit is looked at as a whole value: an id
# such as `step_2` is no number to either reader and stays on the fast path.
# (Each from a plain character, `_` or `0`: many times quicker than a search that starts with a
# choice of characters, and the same hits, each ending where the other form's would; a hit's
# value is found from its end back to a separator, so where the hit starts does not matter.)
_UNDERSCORE = re.compile(r"_(?:(?<=[0-9a-fA-F.]_)|[0-9a-fA-F.])")
_BASE_PREFIX = re.compile(r"0(?:[bBXO]|(?<=[-+0]0)[xo])")  # 0b, 0X, 0O; -0x, +0o, 00x
# Digits (hexadecimal ones too) made `0` and everything else a space, to look for a long run
# of them with `in`: the exact reader refuses a number of over a thousand digits.
_DIGIT_RUNS = bytes(48 if chr(b) in "0123456789abcdefABCDEF" else 32 for b in range(256))
_LONG_RUN = b"0" * 500
_NUMBER_LIKE = re.compile(r"[-+.0-9_][0-9a-fA-FxXoObB_.+-]*")
_SEPARATORS = " \t\n[]{},:#"
# Control characters, the line breaks only YAML 1.1 has (NEL, LS, PS) and the characters YAML
# refuses (U+FFFE, U+FFFF), raw or escaped.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]"
)
_PRINTABLE_ASCII = bytes([9, 10, *range(32, 127)])
_ESCAPE = re.compile(r"\\(?:[0abefvNLP]|x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))")

# A directive or a document marker at the start of a line.
_MARKER_LINE = re.compile(r"\n(?:%|---|\.\.\.)")

_ALIAS_LIMITS = 50_000  # replayed values; the exact reader allows far more, so it always decides


def at_value_start(text: str, index: int) -> bool:
    """Whether only spaces (and an anchor, `&a !tag`) stand between `index` and a place where a
    value can start."""
    i = index - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i < 0 or text[i] in _VALUE_START:
        return True
    word_end = i
    while i >= 0 and text[i] not in " \t\n":
        i -= 1
    return text[i + 1] == "&" and word_end > i + 1 and at_value_start(text, i + 1)


def _has_control(text: str, raw: bytes) -> bool:
    if text.isascii():  # one table lookup per byte instead of a search
        return bool(raw.translate(None, _PRINTABLE_ASCII))
    return _CONTROL.search(text) is not None


def _escapes_control(text: str) -> bool:
    """Whether a backslash escape may stand for a control character (`\\u2013`, a dash, may not;
    outside double quotes a backslash is no escape, and counting it costs only speed)."""
    for escape in _ESCAPE.finditer(text):
        digits = escape.group(1) or escape.group(2) or escape.group(3)
        if digits is None or _CONTROL.match(chr(min(int(digits, 16), 0x10FFFF))):
            return True
    return False


def _after_value_start(text: str, hits: Iterable[int], starts: str) -> bool:
    """Whether any of the offsets has, before it and the blanks before it, one of `starts`."""
    for index in hits:
        before = index - 1
        while before >= 0 and text[before] in " \t":
            before -= 1
        if before >= 0 and text[before] in starts:
            return True
    return False


def _offsets(text: str, char: str) -> Iterator[int]:
    at = text.find(char)
    while at >= 0:
        yield at
        at = text.find(char, at + 1)


def _odd_colon(text: str) -> bool:
    """A colon that starts a value, or one right before the end of an entry (one search for
    both: every such colon has something other than a blank after it)."""
    hits = []
    for m in _COLON_BEFORE_TEXT.finditer(text):
        at = m.start()
        if text[at + 1] in _ENTRY_END:
            return True
        hits.append(at)
    return _after_value_start(text, hits, _OPENS_VALUE)


def _block_in_flow(text: str) -> bool:
    hits = itertools.chain(_offsets(text, "|"), _offsets(text, ">"))
    return _after_value_start(text, hits, _OPENS_FLOW_VALUE)


def _odd_number(text: str, raw: bytes) -> bool:
    if _LONG_RUN in raw.translate(_DIGIT_RUNS):
        return True
    hits = [_BASE_PREFIX.finditer(text)]
    if "_" in text:
        hits.append(_UNDERSCORE.finditer(text))
    for hit in itertools.chain(*hits):
        start = hit.start()
        while start > 0 and text[start - 1] not in _SEPARATORS:
            start -= 1
        token = _NUMBER_LIKE.match(text, start)
        if token is None:
            continue
        end = token.end()
        if end < hit.end() or not (end == len(text) or text[end] in _SEPARATORS):
            continue
        if "," in (text[start - 1 : start], text[end : end + 1]) and not _in_brackets(text, start):
            continue  # outside brackets a comma is part of the value, as in a link's path
        return True
    return False


def _in_brackets(text: str, at: int) -> bool:
    """Whether a bracket opens on the line before `at` (brackets never stay open past the end
    of a line in a file the screens pass, so a value outside them is in block style)."""
    line_start = text.rfind("\n", 0, at) + 1
    return text.find("[", line_start, at) >= 0 or text.find("{", line_start, at) >= 0


def _empty_block_scalar(text: str) -> bool:
    for header in _BLOCK_HEADER.finditer(text):
        line_start = text.rfind("\n", 0, header.start()) + 1
        indent = _INDENT.match(text, line_start).end() - line_start  # type: ignore[union-attr]
        content = _CONTENT_LINE.match(text, header.end())
        if content is None or len(content.group(1)) <= indent:
            return True
    return False


def _needs_exact_reader(text: str, raw: bytes) -> bool:
    if "\t" in text or "\r" in text or "\n" + " " * 120 in text:
        return True
    if text.startswith(("%", "---", "...")) or _MARKER_LINE.search(text):
        return True
    if _has_control(text, raw) or ("\\" in text and _escapes_control(text)):
        return True
    if "!" in text and any(at_value_start(text, m.start()) for m in _TAG.finditer(text)):
        return True
    if "?" in text and any(at_value_start(text, m.start()) for m in _QUESTION.finditer(text)):
        return True
    if text.startswith(":") or _odd_colon(text):
        return True
    if _DASHES.search(text) or _block_in_flow(text) or _open_bracket(raw):
        return True
    if ("|" in text or ">" in text) and (not text.endswith("\n") or _empty_block_scalar(text)):
        return True  # (a block scalar that ends the file without a line break differs too)
    return _odd_number(text, raw)


def quick_read(text: str, raw: bytes | None = None) -> dict[str, Any] | None:
    """The file's data when the fast reading is safe and succeeds, else None (read it exactly).
    `raw` is the file's bytes when the caller has them (`text` encoded as UTF-8)."""
    if not fast_reading_safe(text, raw):
        return None
    return read_screened(text)


def fast_reading_safe(text: str, raw: bytes | None = None) -> bool:
    """Whether the file passes every screen above, so the compiled parser may read it."""
    return not _needs_exact_reader(text, text.encode() if raw is None else raw)


def read_screened(text: str) -> dict[str, Any] | None:
    """The data of a file that passed the screens, when the compiled parser reads it as one
    mapping; else None (read it exactly)."""
    data = compiled_read(text)
    return data if type(data) is dict else None


def compiled_read(text: str) -> Any:
    """What the compiled parser reads from `text`, or None when it refuses it or is missing."""
    if "yaml_rs" not in sys.modules:
        # The compiled parser's allocator (mimalloc) would keep the memory of its own tree, as
        # large as the data, for later; told so before its first use, it gives it back at once,
        # and a long scenario's peak memory stays that of the data and the model.
        os.environ.setdefault("MIMALLOC_PURGE_DELAY", "0")
        os.environ.setdefault("MIMALLOC_ARENA_EAGER_COMMIT", "0")
    try:
        import yaml_rs
    except ImportError:  # the compiled parser is an optimisation, never a requirement
        return None
    try:
        return yaml_rs.loads(
            text,
            parse_datetime=False,
            alias_limits=yaml_rs.AliasLimits(max_total_replayed_events=_ALIAS_LIMITS),
        )
    except Exception:
        return None


def reads_alike(data: object) -> bool:
    """Whether the exact reader would have read the same data, for a file whose reading the
    model refused: every key is text (the exact reader makes every key text; the compiled one
    reads `1:` as a number and `~:` as None), and nothing is nested deeper than the exact
    reader allows (no part of a scenario nests that deep, so the model refuses such a file
    too). Where it would not, the file's problems are explained from the exact reading."""
    if type(data) is not dict and type(data) is not list:
        return True
    pending: list[tuple[Any, int]] = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_DEPTH:
            return False
        if type(value) is dict:
            if not _TEXT.issuperset(map(type, value)):
                return False
            items = value.values()
        else:
            items = value
        deeper = depth + 1
        for item in items:  # only containers are looked into: most values are text
            kind = type(item)
            if kind is dict or kind is list:
                pending.append((item, deeper))
    return True


_TEXT = frozenset({str})
