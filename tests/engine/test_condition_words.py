"""Conditions put in words for the teacher's pages: titles and labels, never ids."""

from game.engine.condition_words import condition_in_words
from game.engine.loader import load_file

from ..conftest import ROOT


def test_a_condition_reads_with_titles_labels_and_words_for_operators():
    scenario = load_file(ROOT / "scenarios/cuban-missile-crisis.yaml").scenario
    words = condition_in_words(scenario, 'defcon <= 2 and not visited("sam-strike")')
    assert words == "DEFCON is at most 2 and not “Bombs on Banes” was reached"


def test_a_condition_that_does_not_read_is_given_as_written():
    scenario = load_file(ROOT / "scenarios/cuban-missile-crisis.yaml").scenario
    assert condition_in_words(scenario, 'chose("nowhere", "x")') == 'chose("nowhere", "x")'
