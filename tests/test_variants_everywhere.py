"""A text variant is told the same in plain mode, kept by the debrief, listed in the book and
marked on the graph; markup in a variant stays text everywhere."""

from __future__ import annotations

import re
from html import unescape

from game.authoring.book import to_book
from game.authoring.graph_html import to_html
from game.engine.game import Game
from game.engine.loader import load_bytes
from game.reports.debrief import build as build_debrief
from game.reports.render_html import debrief_html
from game.reports.render_md import debrief_markdown as debrief_md

from .authoring.pages import assert_no_live_markup, assert_self_contained
from .conftest import ROOT
from .test_cli import crisis

HOTLINE = ROOT / "docs" / "examples" / "hotline-1963.yaml"
TOLD = "A telephone line between the two leaders goes into operation"
HOSTILE = '<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>'


def hostile_text() -> str:
    text = HOTLINE.read_text(encoding="utf-8")
    return text.replace('when: chose("talks", "telephone")\n        text: |\n',
                        f'when: chose("talks", "telephone")\n        text: |\n          {HOSTILE}\n')


def visible(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", html, flags=re.S)))


def test_plain_mode_tells_the_variant_after_the_telephone_and_the_text_otherwise(tmp_path):
    telephone = crisis("play", str(HOTLINE), "--plain", "--seed", "1",
                       stdin="1\n1\n2\n\n\n", saves=tmp_path)
    after = telephone.stdout.split("THE LINE OPENS", 1)[1]
    assert " ".join(after.split()).startswith(TOLD + " at the end of August 1963.")
    assert "COUNTERFACTUAL" in after.split("ENDING")[0]
    teleprinter = crisis("play", str(HOTLINE), "--plain", "--seed", "1",
                         stdin="1\n1\n1\n\n\n", saves=tmp_path)
    after = teleprinter.stdout.split("THE LINE OPENS", 1)[1]
    assert "The link goes into operation at the end of August 1963." in after
    assert "telephone line" not in after


def test_the_debrief_keeps_the_text_that_was_told():
    loaded = load_bytes(hostile_text().encode(), "hotline.yaml")
    game = Game(loaded, seed=1)
    for choice in ("propose", "consider", "telephone"):
        game.choose(choice)
    game.advance()
    report = build_debrief(game)
    html = debrief_html(report)
    assert_self_contained(html)
    assert_no_live_markup(html)
    assert TOLD in visible(html)
    assert "<script>alert(1)</script>" in visible(html)  # shown as text
    markdown = debrief_md(report)
    assert TOLD in " ".join(markdown.split())
    assert "<script>" not in markdown


def test_the_book_lists_every_variant_with_its_condition_and_keeps_markup_as_text():
    scenario = load_bytes(hostile_text().encode(), "hotline.yaml").scenario
    html = to_book(scenario)
    assert_self_contained(html)
    assert_no_live_markup(html)
    seen = " ".join(visible(html).split())
    assert "Told when no variant below fits: The link goes into operation" in seen
    assert 'Variant 1 : told instead when chose("talks", "telephone")' in seen
    assert TOLD in seen and "<script>alert(1)</script>" in seen


def test_the_graph_marks_a_node_whose_text_varies():
    scenario = load_bytes(hostile_text().encode(), "hotline.yaml").scenario
    svg = to_html(scenario)
    assert_self_contained(svg)
    assert "<script" not in svg.lower() and "<img" not in svg.lower()
    assert "text varies (1 variant)" in visible(svg)


def test_the_teachers_sheet_lists_each_variant_with_its_condition_and_label(tmp_path):
    from game.reports.handouts import teacher_md, write_handouts

    scenario = load_bytes(hostile_text().encode(), "hotline.yaml").scenario
    sheet = teacher_md(scenario)
    line = next(x for x in sheet.splitlines() if x.startswith("*Told instead when"))
    words = "“A telephone for the two leaders to talk” was chosen at “What kind of line?”"
    assert line.startswith(f"*Told instead when {words}:*")
    assert TOLD in line and "<script>" not in sheet
    assert "*[counterfactual]*" in sheet.split(line, 1)[1].split("###")[0]
    write_handouts(scenario, tmp_path)
    html = (tmp_path / "teacher.html").read_text()
    assert_self_contained(html)
    assert_no_live_markup(html)
    assert f"Told instead when {words}:" in visible(html)
