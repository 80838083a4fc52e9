"""Reading a scenario file as untrusted YAML.

The data is built straight from the parser's event stream instead of PyYAML's composer: the
composer recurses (a few tens of thousands of nested brackets crash the interpreter) and resolves
every scalar with Python regular expressions. Building from events is iterative, bounds nesting
and alias expansion, rejects duplicate keys and object tags, and is faster than `yaml.load`.
Scalars follow the YAML 1.2 core schema (as editors do): `no` stays the string "no", dates stay
strings.

Positions are not recorded on the happy path; when something is wrong, `locate` walks the events
once more to find where each problem is.
"""

from __future__ import annotations

import math
import re
from array import array
from dataclasses import dataclass, field
from sys import intern
from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic
from .text import control_characters, describe
from .yamlhints import explain

if TYPE_CHECKING:
    import yaml
    from yaml import events as ev

Loader: type | None = None  # the YAML event loader to use (see _event_loader)


MAX_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 64
MAX_EXPANDED = 1_000_000  # values that aliases may add, all together
MAX_DIGITS = 1000  # Python refuses to print integers past 4,300 digits; no scenario needs 1,000

_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {
    None,
    "!",
    _STD + "str",
    _STD + "int",
    _STD + "float",
    _STD + "bool",
    _STD + "null",
    _STD + "map",
    _STD + "seq",
}
_INT = re.compile(r"[-+]?[0-9]+$")
_OCT = re.compile(r"0o[0-7]+$")
_HEX = re.compile(r"0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_SPECIAL_FLOATS = {
    ".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf,
    ".Inf": math.inf, "+.Inf": math.inf, "-.Inf": -math.inf,
    ".INF": math.inf, "+.INF": math.inf, "-.INF": -math.inf,
    ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan,
}  # fmt: skip


class YamlProblem(Exception):
    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic
        super().__init__(diagnostic.format())


@dataclass
class Document:
    """A parsed file: plain data plus what is needed to find positions later."""

    path: str
    text: str
    data: object
    problems: list[Diagnostic] = field(default_factory=list)
    # Where each value starts, noted while reading (see `parse`); None when the data does not
    # match the file value for value (aliases, duplicate keys), and positions are read again.
    marks: array[int] | None = None
    ends: array[int] | None = None
    # Read by the fast reader (see yamlfast): the data is the file's value for value, in block
    # style where it is not in brackets, so most places are found from the text alone.
    quick: bool = False

    def locate(self, paths: set[PathKey]) -> dict[PathKey, tuple[tuple[int, int], tuple[int, int]]]:
        """(key position, value position), 1-based, for each wanted path that is in the file,
        else for the longest start of it that is (the root at least)."""
        if self.marks is not None and self.ends is not None:
            return _noted(self.data, self.marks, self.ends, paths)
        if not self.quick:
            return locate(self.text, paths)
        from .yamlplaces import block_places

        found, left = block_places(self.text, self.data, paths)
        if left:
            found.update(locate(self.text, left))
        return found


class NumberTooLong(ValueError):
    pass


def _integer(digits: str, base: int) -> int:
    if len(digits) > MAX_DIGITS:
        raise NumberTooLong(
            f"the number has {len(digits):,} digits; numbers may have at most {MAX_DIGITS:,}"
        )
    return int(digits, base)


def _plain_scalar(value: str) -> object:
    if value in _NULLS:
        return None
    first = value[0]
    if first in "tTfF":
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        return value
    if first in "0123456789+-.":
        if _INT.match(value):
            return _integer(value, 10)
        if _OCT.match(value):
            return _integer(value[2:], 8)
        if _HEX.match(value):
            return _integer(value[2:], 16)
        if value in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[value]
        if _FLOAT.match(value) and any(c.isdigit() for c in value):
            return float(value)
    return value


def _tagged_scalar(tag: str, value: str) -> object:
    kind = tag[len(_STD) :] if tag.startswith(_STD) else "str"
    if kind == "str":
        return value
    resolved = _plain_scalar(value)
    expected: dict[str, type | tuple[type, ...]] = {
        "int": int, "float": (int, float), "bool": bool, "null": type(None)
    }  # fmt: skip
    if (kind == "int" and isinstance(resolved, bool)) or not isinstance(resolved, expected[kind]):
        raise ValueError(f"'{value}' is not a valid !!{kind}")
    if kind == "float" and isinstance(resolved, int | float):
        return float(resolved)
    return resolved


def decode(path: str, raw: bytes) -> str:
    """Bytes to text, or a positioned problem for binary, non-UTF-8 or oversized input."""
    if len(raw) > MAX_BYTES:
        raise YamlProblem(
            Diagnostic(
                "E004",
                f"the file is {len(raw):,} bytes; scenarios may be at most {MAX_BYTES:,} bytes",
                path,
                0,
                0,
            )
        )
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _position(raw[:nul].decode("utf-8", "replace"))
        raise YamlProblem(
            Diagnostic(
                "E003",
                "the file contains a NUL byte: it looks like binary data, not a YAML scenario",
                path,
                line,
                col,
            )
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(raw[: exc.start].decode("utf-8", "replace"))
        raise YamlProblem(
            Diagnostic(
                "E002",
                f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                path,
                line,
                col,
                "save the file as UTF-8",
            )
        ) from None
    if _CONTENT.search(text) is None:
        raise YamlProblem(Diagnostic("E005", "the file is empty", path, 1, 1))
    return text


# Where a line (as `str.splitlines` divides the text) has something on it that is not blank
# and not a comment: a file without one is empty. (Found where it first occurs, with no list of
# a long file's lines made.)
_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_CONTENT = re.compile(f"(?:\\A|[{_BREAKS}])[^\\S{_BREAKS}]*[^\\s#]")


def _position(prefix: str) -> tuple[int, int]:
    line = prefix.count("\n") + 1
    return line, len(prefix) - (prefix.rfind("\n") + 1) + 1


def _syntax_problem(path: str, text: str, exc: yaml.YAMLError) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = problem if not context else f"{problem} ({context})"
    hint = None
    if (mark is not None and text[mark.index : mark.index + 1] == "\t") or "\t" in problem:
        hint = "YAML does not allow tabs for indentation: use spaces"
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    if hint is None and mark is not None:
        start = getattr(exc, "context_mark", None)
        better = explain(
            text,
            problem,
            context,
            line,
            start.line + 1 if start else None,
            start.column + 1 if start else None,
        )
        if better is not None:
            return Diagnostic(
                "E006",
                f"YAML syntax: {better.message}",
                path,
                better.line,
                better.column,
                better.hint,
            )
    return Diagnostic("E006", f"YAML syntax: {message}", path, line, col, hint)


def _reader_problem(path: str, text: str, exc: yaml.reader.ReaderError) -> Diagnostic:
    """A character YAML does not accept in a file, with where it is.

    The reader stops at the first such character, so its first occurrence is the one to point at
    (the C parser counts bytes and the Python one characters, so the offset is not used)."""
    char = chr(exc.character) if isinstance(exc.character, int) else None
    index = text.find(char) if char else -1
    line, col = _position(text[:index]) if index >= 0 else (0, 0)
    if char and control_characters(char):
        message = f"the file contains the control character {describe(char)}"
    else:
        shown = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
        message = f"the file contains {shown}, which YAML does not allow"
    return Diagnostic("E015", message, path, line, col, "delete it, or write the text without it")


def _text_problem(path: str, value: str, mark: yaml.Mark, what: str) -> Diagnostic | None:
    found = control_characters(value)
    if not found:
        return None
    return Diagnostic(
        "E015",
        f"{what} contains the control character {describe(found[0][1])}",
        path,
        mark.line + 1,
        mark.column + 1,
        "terminal escapes and other control characters are not allowed in a scenario",
    )


def parse(path: str, text: str, loader: type | None = None) -> Document:
    """Build plain data (dict/list/str/int/float/bool/None) from YAML text, or raise YamlProblem.

    Duplicate keys do not stop the reading: they are collected in `Document.problems` (the first
    value is kept) so that one run reports all of them.

    Where each value starts is noted as it goes by, one packed number per value in an array
    (a few bytes each), so that explaining a problem later needs no second reading.
    """
    # PyYAML is loaded only for a file the fast reader leaves (see yamlfast) or a problem to
    # place: a clean file read fast never needs it.
    import yaml
    from yaml import events as ev

    problems: list[Diagnostic] = []
    anchors: dict[str, tuple[object, int]] = {}
    # The open containers around the current one, each as it was left: (container, is_map,
    # pending key, its mark, anchor, start mark, slot in `ends`, values before it).
    stack: list[tuple[Any, ...]] = []
    root: object = None
    documents = 0
    loader = loader or _event_loader()
    # A control character reaches a scalar either raw or through a backslash escape; a file
    # with neither (nearly every file) skips the check on each of its scalars.
    may_hold_controls = "\\" in text or bool(control_characters(text))
    marks = array("q")  # where each value (key, scalar, container, alias) starts: line << 32 | column
    note = marks.append
    # For the n-th container (in the order they open): at 2n, the number of values noted when it
    # closes; at 2n + 1, the number of containers opened by then.
    ends = array("q")
    # Values that aliases added beyond the one value each is in the file: the values in the
    # data are len(marks) + extra.
    extra = 0
    expanded = 0  # values that aliases stand for, all together
    exact = True  # every value in the data is one value in the file (no aliases, no duplicates)
    # The innermost open container, kept in locals: the common case touches nothing else.
    container: Any = None
    is_map = False
    key: Any = _NO_KEY
    key_mark: Any = None

    def fail(code: str, message: str, mark: yaml.Mark | None, hint: str | None = None) -> None:
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise YamlProblem(Diagnostic(code, message, path, line, col, hint))

    def duplicate(name: str, mark: yaml.Mark) -> None:
        problems.append(
            Diagnostic(
                "E008",
                f"the key '{name}' appears twice in this mapping; the first one is used",
                path,
                mark.line + 1,
                mark.column + 1,
            )
        )

    plain_tags = (None, "!")
    resolvable = _RESOLVABLE
    reader: Any = None
    event: Any = None  # PyYAML's event classes carry their fields untyped
    try:
        reader = loader(text)
        next_event = reader.get_event
        scalar_event = ev.ScalarEvent
        mapping_start, sequence_start = ev.MappingStartEvent, ev.SequenceStartEvent
        mapping_end, sequence_end = ev.MappingEndEvent, ev.SequenceEndEvent
        while (event := next_event()) is not None:
            kind = type(event)
            if kind is scalar_event:
                text_value = event.value
                mark = event.start_mark
                if may_hold_controls and control_characters(text_value):
                    is_key = is_map and key is _NO_KEY
                    problem = _text_problem(
                        path, text_value, mark, "this key" if is_key else "this text"
                    )
                    if problem:
                        problems.append(problem)
                tag = event.tag
                if tag in plain_tags:
                    if event.implicit[0] and text_value[:1] in resolvable:
                        value = _plain_scalar(text_value)
                    else:
                        value = text_value
                elif tag not in _ALLOWED_TAGS:
                    fail("E009", f"the tag '{tag}' is not allowed in a scenario", mark, _tag_hint(tag))
                else:
                    value = _tagged_scalar(tag, text_value)
                note((mark.line << 32) | mark.column)
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
                if is_map:
                    if key is _NO_KEY:
                        # Keys repeat in every node: one string each, not one per use.
                        key = intern(value if type(value) is str else text_value)
                        key_mark = mark
                    elif key in container:
                        exact = False
                        duplicate(key, key_mark)
                        key = _NO_KEY
                    else:
                        # and so do short values: kinds, role ids, labels.
                        if type(value) is str and len(value) < 24:
                            value = intern(value)
                        container[key] = value
                        key = _NO_KEY
                elif container is not None:
                    container.append(value)
                else:
                    root = value
            elif kind is mapping_start or kind is sequence_start:
                mark = event.start_mark
                if event.tag not in _ALLOWED_TAGS:
                    fail(
                        "E009",
                        f"the tag '{event.tag}' is not allowed in a scenario",
                        mark,
                        "scenarios hold plain data only",
                    )
                if len(stack) >= MAX_DEPTH:
                    fail("E011", f"nesting is deeper than {MAX_DEPTH} levels", mark)
                stack.append(
                    (container, is_map, key, key_mark, event.anchor, mark, len(ends),
                     len(marks) + extra)
                )  # fmt: skip
                note((mark.line << 32) | mark.column)
                ends.append(0)
                ends.append(0)
                is_map = kind is mapping_start
                container = {} if is_map else []
                key, key_mark = _NO_KEY, None
            elif kind is mapping_end or kind is sequence_end:
                done = container
                container, is_map, key, key_mark, anchor, start_mark, slot, before = stack.pop()
                ends[slot] = len(marks)
                ends[slot + 1] = len(ends) >> 1
                if anchor:
                    anchors[anchor] = (done, len(marks) + extra - before)
                if is_map:
                    if key is _NO_KEY:
                        fail("E014", "a key must be plain text, not a list or mapping", start_mark)
                    elif key in container:
                        exact = False
                        duplicate(key, key_mark)
                    else:
                        container[key] = done
                    key = _NO_KEY
                elif container is not None:
                    container.append(done)
                else:
                    root = done
            elif kind is ev.AliasEvent:
                exact = False
                mark = event.start_mark
                if event.anchor not in anchors:
                    fail(
                        "E006",
                        f"YAML syntax: the alias '*{event.anchor}' refers to an anchor "
                        "that is not defined (or not finished) before it",
                        mark,
                    )
                value, size = anchors[event.anchor]
                # Only aliases can make the data larger than the file: bound what they add.
                expanded += size
                if expanded > MAX_EXPANDED:
                    fail(
                        "E010",
                        f"aliases expand to more than {MAX_EXPANDED:,} values (an 'alias bomb')",
                        mark,
                    )
                extra += size - 1
                note((mark.line << 32) | mark.column)
                if is_map:
                    if key is _NO_KEY:
                        if not isinstance(value, str):
                            if isinstance(value, (dict, list)):
                                fail("E014", "a key must be plain text, not a list or mapping", mark)
                            value = str(value)
                        key, key_mark = value, mark
                    elif key in container:
                        duplicate(key, key_mark)
                        key = _NO_KEY
                    else:
                        container[key] = value
                        key = _NO_KEY
                elif container is not None:
                    container.append(value)
                else:
                    root = value
            elif kind is ev.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    fail(
                        "E007",
                        "the file holds more than one YAML document ('---' starts a new one)",
                        event.start_mark,
                        "one scenario per file",
                    )
    except NumberTooLong as exc:
        fail("E016", str(exc), event.start_mark)
    except ValueError as exc:  # a scalar that does not resolve
        fail("E009", str(exc), event.start_mark)
    except yaml.reader.ReaderError as exc:
        raise YamlProblem(_reader_problem(path, text, exc)) from None
    except yaml.YAMLError as exc:
        if loader is not yaml.SafeLoader and _too_deep_for_libyaml(exc):
            # libyaml (from PyYAML 6.0.4) scans ahead and stops at its own depth limit before
            # yielding the events where our limit applies; the pure-Python parser streams them,
            # so the same file gets the same E011 at the same position whatever is installed.
            return parse(path, text, yaml.SafeLoader)
        raise YamlProblem(_syntax_problem(path, text, exc)) from None
    finally:
        if reader is not None:
            reader.dispose()
    document = Document(path, text, root, problems)
    if exact:
        document.marks, document.ends = marks, ends
    return document


# The first characters of plain scalars that may read as something other than text.
_RESOLVABLE = frozenset("~nNtTfF0123456789+-.") | {""}


def _event_loader() -> type:
    """`Loader` when one is set, else libyaml's where PyYAML was built with it, else PyYAML's."""
    if Loader is not None:
        return Loader
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _tag_hint(tag: str) -> str:
    if tag.startswith("!") and not tag.startswith("!!"):
        # `condition: !alarm` reads as the tag `!alarm`, not as "not alarm".
        return (
            f"a value that starts with '!' is read as a YAML tag; in a condition write "
            f"'not {tag[1:]}', or put the whole value in quotes"
        )
    return "scenarios hold plain data only"


def _too_deep_for_libyaml(exc: yaml.YAMLError) -> bool:
    return "nesting depth" in str(getattr(exc, "problem", "") or "")


class _NoKey:
    __slots__ = ()


_NO_KEY = _NoKey()

PathKey = tuple[object, ...]


def locate(
    text: str, paths: set[PathKey]
) -> dict[PathKey, tuple[tuple[int, int], tuple[int, int]]]:
    """Find, for each wanted path, the (key position, value position), 1-based.

    A path is a tuple of mapping keys and list indices from the root. Only called when there is
    something to report, so its cost never touches a clean load.
    """
    import yaml
    from yaml import events as ev

    found: dict[PathKey, tuple[tuple[int, int], tuple[int, int]]] = {}
    wanted_prefixes = {p[:i] for p in paths for i in range(len(p) + 1)}
    # Each open container: [path, is_mapping, index_or_key, expecting_key, key_mark]
    stack: list[list[Any]] = []

    def value_at(event: ev.Event) -> PathKey | None:
        if not stack:
            return ()
        top = stack[-1]
        if top[1]:
            if top[3]:
                return None
            return (*top[0], top[2])
        return (*top[0], top[2])

    def after_value() -> None:
        if stack:
            top = stack[-1]
            if top[1]:
                top[3] = True
            else:
                top[2] += 1

    try:
        event: Any
        for event in yaml.parse(text, Loader=_event_loader()):
            kind = type(event)
            if kind in (ev.ScalarEvent, ev.AliasEvent, ev.MappingStartEvent, ev.SequenceStartEvent):
                top = stack[-1] if stack else None
                if top is not None and top[1] and top[3]:
                    # This event is a key.
                    key = event.value if kind is ev.ScalarEvent else None
                    top[2], top[3], top[4] = key, False, event.start_mark
                    if kind in (ev.MappingStartEvent, ev.SequenceStartEvent):
                        stack.append([(*top[0], None), kind is ev.MappingStartEvent, 0, True, None])
                    continue
                path = value_at(event)
                mark = event.start_mark
                if path is not None and path in wanted_prefixes:
                    key_mark = top[4] if top is not None and top[1] else mark
                    found[path] = (
                        (key_mark.line + 1, key_mark.column + 1),
                        (mark.line + 1, mark.column + 1),
                    )
                if kind is ev.MappingStartEvent or kind is ev.SequenceStartEvent:
                    stack.append(
                        [
                            path if path is not None else (),
                            kind is ev.MappingStartEvent,
                            0 if kind is ev.SequenceStartEvent else None,
                            True,
                            None,
                        ]
                    )
                else:
                    after_value()
            elif kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
                stack.pop()
                after_value()
    except yaml.YAMLError:
        pass
    return found


_LOW = (1 << 32) - 1


def _noted(
    data: object, marks: array[int], ends: array[int], paths: set[PathKey]
) -> dict[PathKey, tuple[tuple[int, int], tuple[int, int]]]:
    """`locate` from the positions noted while reading: follow each path through the data,
    counting values to find where each one was noted."""
    found: dict[PathKey, tuple[tuple[int, int], tuple[int, int]]] = {}
    # For each container reached (by where it was noted): for each key or item, where it was
    # noted, and for a key where its value was, with the value's container number.
    entries: dict[int, Any] = {}

    def children(container: Any, at: int, number: int) -> Any:
        got = entries.get(at)
        if got is not None:
            return got
        here = at
        at += 1
        number += 1
        if type(container) is dict:
            got = {}
            for key, item in container.items():
                if type(item) is dict or type(item) is list:
                    got[key] = (at, number)
                    at = ends[2 * number]
                    number = ends[2 * number + 1]
                else:
                    got[key] = (at, -1)
                    at += 2
        else:
            got = []
            for item in container:
                if type(item) is dict or type(item) is list:
                    got.append((at, number))
                    at = ends[2 * number]
                    number = ends[2 * number + 1]
                else:
                    got.append((at, -1))
                    at += 1
        entries[here] = got
        return got

    def position(ordinal: int) -> tuple[int, int]:
        packed = marks[ordinal]
        return (packed >> 32) + 1, (packed & _LOW) + 1

    top = position(0) if marks else (1, 1)
    found[()] = (top, top)
    # Only the deepest part of each path that is in the file is noted: that is the one a
    # finding is shown at (see checks._nearest).
    for wanted in paths:
        current: Any = data
        at, number, key_at, depth = 0, 0, 0, 0
        part: Any
        for part in wanted:
            if type(current) is dict:
                entry = children(current, at, number).get(part)
                if entry is None:
                    break
                key_at, number = entry
                at = key_at + 1
            elif type(current) is list and type(part) in (int, bool):
                if not 0 <= part < len(current):
                    break
                at, number = children(current, at, number)[part]
                key_at = at
            else:
                break
            depth += 1
            current = current[part]
        if depth:
            found[wanted[:depth]] = (position(key_at), position(at))
    return found
