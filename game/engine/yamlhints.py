"""Plain-language explanations of YAML syntax errors.

The parser reports where it gave up, which is often a line or more after the slip (a missing space
after a colon is noticed on the next line, an unclosed quote at the end of the file). When a file
does not parse, the text around that point is read again to find the likely slip and say what to
do. Only the error path runs this; a file that parses never does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters that look like a space but are not one to YAML.
ODD_SPACES = {
    "\u00a0": "a non-breaking space",
    "\u2007": "a figure space",
    "\u202f": "a narrow non-breaking space",
    "\u200b": "a zero-width space",
    "\u2060": "a word joiner",
    "\u3000": "an ideographic space",
    "\ufeff": "a zero-width no-break space",
    **{chr(c): "a typographic space" for c in range(0x2000, 0x200B)},
}
_ODD = "".join(ODD_SPACES)
# Where an odd space breaks the structure: in the indentation, or right after a colon or a dash.
_ODD_AT = re.compile(
    rf"^[ {_ODD}]*(?:-[ {_ODD}]*)?[{_ODD}]|^ *(?:- +)?[A-Za-z_][\w-]*:[{_ODD}]", re.MULTILINE
)
_NO_SPACE = re.compile(r"^( *(?:- +)?)([A-Za-z_][\w-]*):(?=[^\s:/])")
_KEY_VALUE = re.compile(r"^( *(?:- +)?)([A-Za-z_][\w-]*):( +)(\S.*?)\s*$")
_OPENS_QUOTE = re.compile(r"""^ *(?:- +)?(?:[A-Za-z_][\w-]*: +)?(["'])""")
MAX_LOOKBACK = 400  # lines searched backwards for an unclosed quote


@dataclass(frozen=True)
class Explained:
    line: int  # 1-based
    column: int  # 1-based
    message: str
    hint: str


def explain(
    text: str,
    problem: str,
    context: str | None,
    line: int,
    context_line: int | None,
    context_column: int | None,
) -> Explained | None:
    """The likely slip behind a syntax error reported at `line` (1-based), or None."""
    lines = text.split("\n")
    line = min(max(line, 1), len(lines))
    return (
        _odd_space(lines, line)
        or _unclosed_quote(lines, line, context, context_line, context_column)
        or _missing_space(lines, line)
        or _unquoted_colon(lines, line, problem)
        or _indentation(lines, line)
    )


def _odd_space(lines: list[str], line: int) -> Explained | None:
    for number in range(1, line + 1):
        found = _ODD_AT.search(lines[number - 1])
        if found:
            char = found.group(0)[-1]
            column = found.end()
            name = ODD_SPACES[char]
            where = (
                "in the indentation"
                if not lines[number - 1][: column - 1].strip(" -" + _ODD)
                else "after the colon"
            )
            return Explained(
                number,
                column,
                f"this line has {name} (U+{ord(char):04X}) {where}, which YAML does not "
                "count as a space",
                f"{name}, often pasted from a word processor: replace it with an ordinary space",
            )
    return None


def _significant(lines: list[str], before: int) -> int | None:
    """The 1-based number of the nearest line before `before` with content (not a comment)."""
    for number in range(before - 1, 0, -1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None


def _unclosed_quote(
    lines: list[str],
    line: int,
    context: str | None,
    context_line: int | None,
    context_column: int | None,
) -> Explained | None:
    if context and "quoted scalar" in context and context_line:
        quote = lines[context_line - 1][(context_column or 1) - 1 : (context_column or 1)]
        return _quote_problem(context_line, context_column or 1, quote)
    # A quote opened on an earlier line and closed by a quote on this one.
    here = lines[line - 1]
    for number in range(line - 1, max(0, line - 1 - MAX_LOOKBACK), -1):
        opened = _OPENS_QUOTE.match(lines[number - 1])
        if not opened:
            continue
        quote = opened.group(1)
        rest = lines[number - 1][opened.end() :]
        closed = rest.replace(quote * 2, "") if quote == "'" else rest.replace('\\"', "")
        if quote not in closed and quote in here:
            return _quote_problem(number, opened.start(1) + 1, quote)
        return None
    return None


def _quote_problem(line: int, column: int, quote: str) -> Explained:
    mark = quote if quote in "\"'" else '"'
    return Explained(
        line,
        column,
        f"the quote {mark} that starts here is never closed, so the text runs on into the "
        "lines below",
        f"close the quote: put {mark} at the end of the text",
    )


def _missing_space(lines: list[str], line: int) -> Explained | None:
    previous = _significant(lines, line)
    for number in (previous, line):
        if number is None:
            continue
        found = _NO_SPACE.match(lines[number - 1])
        if found:
            return Explained(
                number,
                found.end(),
                f"'{found.group(2)}:' has no space after its colon, so YAML reads the whole "
                "line as text",
                "put a space after the colon",
            )
    return None


def _unquoted_colon(lines: list[str], line: int, problem: str) -> Explained | None:
    if "mapping values" not in problem:
        return None
    found = _KEY_VALUE.match(lines[line - 1])
    if not found:
        return None
    value = found.group(4)
    if value[0] in "\"'[{|>&*!#" or not (": " in value or value.endswith(":")):
        return None
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    fixed = f"{found.group(1).lstrip()}{found.group(2)}: {quoted}"
    return Explained(
        line,
        found.start(4) + 1,
        "this text contains a colon followed by a space, which YAML reads as the start of a "
        "new key",
        f"put this text in quotes: {fixed}",
    )


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _content(text: str) -> int:
    """Where the text of a line starts, after any list dash."""
    stripped = text.lstrip(" ")
    dash = re.match(r"- +", stripped)
    return _indent(text) + (dash.end() if dash else 0)


def _indentation(lines: list[str], line: int) -> Explained | None:
    previous = _significant(lines, line)
    if previous is None:
        return None
    here, above = lines[line - 1], lines[previous - 1]
    if not here.strip() or _open_brackets(above):
        return None
    mine, theirs = _indent(here), _indent(above)
    if mine > theirs:
        if above.rstrip().endswith(":"):
            return None
        # A sibling of this line further up means this line is right and the one above slipped.
        for number in range(previous - 1, 0, -1):
            other = lines[number - 1]
            if not other.strip() or other.lstrip().startswith("#") or _indent(other) > mine:
                continue
            # a sibling key, or the first key of the list item this line belongs to (`- when:`)
            if _indent(other) == mine or _content(other) == mine:
                return _less_than_above(lines, previous)
            break
        return Explained(
            line,
            mine + 1,
            f"this line is indented more than the one above (it starts at column {mine + 1}, "
            f"line {previous} at column {theirs + 1})",
            f"line it up with line {previous}: start it at column {_content(above) + 1}",
        )
    if mine < theirs:
        return _less_than_above(lines, line)
    return None


def _less_than_above(lines: list[str], line: int) -> Explained:
    here = lines[line - 1]
    previous = _significant(lines, line) or line
    above = lines[previous - 1]
    mine = _indent(here)
    target = _indent(above) if here.lstrip().startswith("- ") else _content(above)
    more = target - mine
    how = f"indent it by {more} more space{'s' if more != 1 else ''}" if more > 0 else "indent it"
    return Explained(
        line,
        mine + 1,
        f"this line is indented less than the one above (it starts at column {mine + 1}, "
        f"line {previous} at column {_content(above) + 1})",
        f"line it up with line {previous}: {how}",
    )


def _open_brackets(text: str) -> bool:
    text = re.sub(r'"[^"]*"|\'[^\']*\'', "", text.split(" #", 1)[0])
    return text.count("[") + text.count("{") > text.count("]") + text.count("}")
