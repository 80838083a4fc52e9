"""Outcomes that make an "if … otherwise …" are drawn and printed as a branch, not as chance."""

from __future__ import annotations

import re
from html import unescape

from game.authoring.book import to_book
from game.authoring.graph import to_mermaid
from game.authoring.graph_html import to_html
from game.engine.loader import load_bytes

from ..engine.test_diagnostics import outcomes_if


def scenario(first: str, second: str):
    return load_bytes(outcomes_if(first, second).encode(), "s.yaml").scenario


def visible(html: str) -> str:
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", html, flags=re.S))
    return " ".join(unescape(text).split())


def test_a_fixed_branch_shows_its_conditions_without_weights():
    fixed = scenario("tension > 2", "tension <= 2")
    graph = visible(to_html(fixed))
    assert "if tension > 2" in graph and "if tension <= 2" in graph
    assert "chance 1/2" not in graph and "1/2" not in graph
    book = visible(to_book(fixed))
    assert "A fixed branch: exactly one of these is ever open" in book
    assert "If tension > 2" in book and "Chance 1 in 2" not in book
    mermaid = to_mermaid(fixed)
    assert "Push (if tension #gt; 2)" in mermaid and "1/2" not in mermaid


def test_overlapping_conditions_are_still_chance_with_weights():
    overlapping = scenario("tension > 1", "tension < 3")  # both hold when tension is 2
    # at tension 2 it is a toss-up; above it only the first outcome is open
    assert "chance 1/2 or certain if tension > 1" in visible(to_html(overlapping))
    book = visible(to_book(overlapping))
    assert "Chance 1 in 2 or certain if tension > 1" in book and "A fixed branch" not in book


def test_odds_count_only_the_outcomes_that_can_be_open_together():
    # a draw of 4 to 1 while tension is below 2, and one outcome of its own above it
    text = outcomes_if("tension < 2", "tension < 2").replace(
        "{weight: 1, condition: 'tension < 2', goto: end,",
        "{weight: 4, condition: 'tension < 2', goto: end,",
    )
    text = text.replace(
        "{weight: 1, condition: 'tension < 2', goto: war,",
        "{weight: 1, condition: 'tension >= 2', goto: war, text: Alone.}\n"
        "          - {weight: 1, condition: 'tension < 2', goto: war,",
    )
    three = load_bytes(text.encode(), "s.yaml").scenario
    graph = visible(to_html(three))
    assert "chance 4/5 if tension < 2" in graph and "chance 1/5 if tension < 2" in graph
    assert "certain if tension >= 2" in graph and "/6" not in graph
    book = visible(to_book(three))
    assert "Chance 4 in 5 if tension < 2" in book and "Certain if tension >= 2" in book
    assert "in 6" not in book
    mermaid = to_mermaid(three)
    assert "4/5" in mermaid and "certain if tension #gt;= 2" in mermaid
