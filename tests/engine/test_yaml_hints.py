"""YAML syntax errors are reported at the slip itself, with what to do about it."""

from __future__ import annotations

import pytest
import yaml

from game.engine import yamlsafe
from game.engine.loader import check_bytes

from .scenario_text import MINIMAL

# (name, replace this, with that, expected line, expected column, words in the message, hint)
SLIPS = [
    (
        "goto un-indented to the node's level",
        "        goto: end\n      - id: push",
        "    goto: end\n      - id: push",
        25, 5, "indented less than the one above",
        "line it up with line 24: indent it by 4 more spaces",
    ),
    (
        "goto un-indented by one space",
        "        goto: end\n",
        "       goto: end\n",
        25, 8, "indented less than the one above",
        "line it up with line 24: indent it by 1 more space",
    ),
    (
        "a line indented too far",
        "    title: First",
        "      title: First",
        20, 7, "indented more than the one above (it starts at column 7, line 19 at column 5)",
        "line it up with line 19: start it at column 5",
    ),
    (
        "no space after a colon",
        "title: Mini",
        "title:Mini",
        3, 6, "no space after its colon",
        "put a space after the colon",
    ),
    (
        "unclosed double quote",
        "label: Stay calm",
        'label: "Stay calm',
        24, 16, "never closed",
        'close the quote: put " at the end of the text',
    ),
    (
        "unclosed single quote",
        "label: Stay calm",
        "label: 'Stay calm",
        24, 16, "never closed",
        "close the quote: put ' at the end of the text",
    ),
    (
        "non-breaking space as indentation",
        "    title: First",
        "\u00a0   title: First",
        20, 1, "non-breaking space (U+00A0) in the indentation",
        "a non-breaking space, often pasted from a word processor: "
        "replace it with an ordinary space",
    ),
    (
        "non-breaking space after a colon",
        "    title: First",
        "    title:\u00a0First",
        20, 11, "non-breaking space (U+00A0) after the colon",
        "replace it with an ordinary space",
    ),
    (
        "unquoted colon in text",
        "label: Stay calm",
        "label: Stay calm: wait",
        24, 16, "colon followed by a space",
        'put this text in quotes: label: "Stay calm: wait"',
    ),
]


@pytest.mark.parametrize(
    ("name", "old", "new", "line", "col", "words", "hint"), SLIPS, ids=[s[0] for s in SLIPS]
)
@pytest.mark.parametrize("parser", ["libyaml", "python"])
def test_a_syntax_slip_is_reported_where_it_is_with_a_fix(
    name, old, new, line, col, words, hint, parser, monkeypatch
):
    if parser == "python":
        monkeypatch.setattr(yamlsafe, "Loader", yaml.SafeLoader)
    assert old in MINIMAL, name
    text = MINIMAL.replace(old, new, 1)
    [problem] = check_bytes(text.encode(), "s.yaml")[0]
    assert problem.code == "E006"
    assert (problem.line, problem.column) == (line, col), problem.format()
    assert words in problem.message
    assert problem.hint is not None and hint in problem.hint


def test_a_quote_closed_lines_later_is_traced_back_to_where_it_opens():
    text = MINIMAL.replace("label: Stay calm", 'label: "Stay calm').replace(
        "label: Push", 'label: "Push"'
    )
    [problem] = check_bytes(text.encode(), "s.yaml")[0]
    assert (problem.line, problem.column) == (24, 16), problem.format()
    assert "close the quote" in (problem.hint or "")


def test_a_colon_inside_a_web_address_is_not_taken_for_a_missing_space():
    text = MINIMAL.replace(
        "tier: primary}", "tier: primary, url: 'https://example.org/a:b'}"
    ).replace("label: Stay calm", "label: Stay calm: wait")
    [problem] = check_bytes(text.encode(), "s.yaml")[0]
    assert problem.line == 24 and "quotes" in (problem.hint or "")


def test_a_key_that_starts_with_a_non_breaking_space_is_named_as_such():
    text = MINIMAL.replace("      - id: calm", "      - \u00a0id: calm")
    found = check_bytes(text.encode(), "s.yaml")[0]
    [problem] = [d for d in found if d.code == "E101"]
    assert (problem.line, problem.column) == (23, 9)
    assert problem.hint == (
        "the key contains a non-breaking space (U+00A0), often pasted from a word processor: "
        "replace it with an ordinary space"
    )
