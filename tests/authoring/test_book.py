"""The scenario book: complete, in story order, linked, self-contained, and safe to open."""

from __future__ import annotations

import re
from html import unescape

from click.testing import CliRunner

from game.authoring.book import story_order, to_book
from game.cli import main
from game.engine.loader import load_bytes, load_file

from ..conftest import ROOT
from ..engine.scenario_text import MINIMAL
from .pages import HOSTILE, assert_no_live_markup, assert_self_contained

RICH = (
    MINIMAL.replace(
        "    title: First\n",
        "    title: First\n    date: 1962-10-16\n    place: The Office\n"
        "    text: The **first** morning.\n"
        "    advisers:\n      - {who: An Adviser, position: Wait and see, sources: [src]}\n"
        "    questions: [What would you do?]\n"
        "    facilitator: Pause here for five minutes.\n"
        "    secrets: {boss: Only the boss knows this.}\n",
    )
    .replace(
        "    history: {choice: calm, text: They stayed calm., basis: documented, sources: [src]}\n",
        "    history:\n      choice: calm\n      date: 1962-10-16\n      text: They stayed calm.\n"
        "      basis: contested\n      accounts:\n"
        "        - {text: One memoir says so., sources: [src]}\n"
        "        - {text: A historian doubts it., sources: [other]}\n",
    )
    .replace(
        "  - {id: src, title: A source, tier: primary}\n",
        "  - {id: src, title: A source, tier: primary, author: A. Writer, year: 1999,"
        " url: 'https://example.org/a'}\n"
        "  - {id: other, title: Another source, tier: secondary, note: Read with care.}\n",
    )
    .replace(
        "  war:\n",
        "  lost:\n    kind: ending\n    title: Lost in the woods\n    category: other\n  war:\n",
    )
    .replace("briefing: Decide.", "briefing: Decide wisely., secret: The boss is tired.")
)


def book_of(text: str) -> str:
    return to_book(load_bytes(text.encode(), "s.yaml").scenario)


def visible(html: str) -> str:
    """The text a reader sees, tags removed."""
    return unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", html, flags=re.S)))


def test_everything_in_the_scenario_is_in_the_book():
    html = book_of(RICH)
    assert_self_contained(html)
    text = " ".join(visible(html).split())
    for expected in (
        "The first morning.",
        "An Adviser : Wait and see",
        "What would you do?",
        "Pause here for five minutes.",
        "Only The Boss sees",
        "Only the boss knows this.",
        "Secret briefing: only The Boss sees this",
        "The boss is tired.",
        "Stay calm",
        "Push",
        "Chance 1 in 2",
        "It worked.",
        "Rests on: Guesswork.",
        "Mood set to angry; Tension +5. Pushing.",
        "They stayed calm.",
        "Competing accounts",
        "One memoir says so.",
        "A historian doubts it.",
        "Another source",
        "Read with care.",
        "A. Writer, 1999",
        "https://example.org/a",
        "decided by The Boss",
        "Never reached from the start.",
    ):
        assert expected in text, expected
    # Each account shows its own source, linked to the bibliography.
    accounts = re.findall(r'<div class="account">.*?</div>', html, re.S)
    assert len(accounts) == 2
    assert 'href="#source-src"' in accounts[0] and 'href="#source-other"' in accounts[1]
    assert 'id="source-other"' in html


def test_every_node_title_appears_once_as_a_heading_in_story_order():
    loaded = load_file(ROOT / "scenarios" / "cuban-missile-crisis.yaml")
    html = to_book(loaded.scenario)
    assert_self_contained(html)
    order, _ = story_order(loaded.scenario)
    assert order[0] == loaded.scenario.start and set(order) == set(loaded.scenario.nodes)
    headings = [unescape(h) for h in re.findall(r"<article [^>]*>\s*<h3>(.*?)</h3>", html, re.S)]
    assert headings == [loaded.scenario.nodes[n].title for n in order]
    for source in loaded.scenario.sources:
        assert f'id="source-{source.id}"' in html


def test_links_between_branches_lead_to_anchors_that_exist():
    html = book_of(RICH)
    anchors = set(re.findall(r'id="([^"]+)"', html))
    links = re.findall(r'href="#([^"]+)"', html)
    assert links and all(link in anchors for link in links)
    assert '→ goes to: <a href="#node-end">Calm</a>' in html
    # Readers see names: the unreached ending is listed last, by its title.
    order, reached = story_order(load_bytes(RICH.encode(), "s.yaml").scenario)
    assert order[-1] == "lost" and "lost" not in reached


def test_hostile_scenario_text_stays_text():
    html = book_of(HOSTILE)
    assert_self_contained(html)
    assert_no_live_markup(html)
    assert "<strong>calm</strong>" in html  # Markdown still works
    assert 'href="https://x.org/' not in html  # an address that could end the link is not linked


def test_book_command_writes_the_page(tmp_path):
    out = tmp_path / "book.html"
    example = ROOT / "docs" / "examples" / "quarantine-line.yaml"
    result = CliRunner().invoke(main, ["book", str(example), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
