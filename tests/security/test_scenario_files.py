"""Hostile scenario files: each gives positioned errors, and none breaks the others."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from game.cli import main
from game.engine.loader import check_bytes


@pytest.mark.parametrize(
    ("number", "where"),
    [("9" * 5000, "decimal"), ("0x" + "f" * 5000, "hex"), ("0o" + "7" * 5000, "octal")],
)
def test_a_very_long_integer_is_a_positioned_error(example_path, number, where):
    text = example_path.read_text().replace("minutes: 5", f"minutes: {number}", 1)
    found, loaded = check_bytes(text.encode(), "long.yaml")
    assert loaded is None
    [problem] = [d for d in found if d.code == "E016"]
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if ln.startswith("minutes:"))
    assert (problem.line, problem.column) == (line, 10), where


def test_one_file_with_a_long_integer_does_not_break_list(example_path, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    good = example_path.read_text().replace("id: quarantine-line", "id: my-own", 1)
    (folder / "good.yaml").write_text(good)
    for name, number in (("decimal", "9" * 5000), ("hex", "0x" + "f" * 5000)):
        (folder / f"{name}.yaml").write_text(good.replace("minutes: 5", f"minutes: {number}"))
    result = CliRunner().invoke(main, ["--scenarios", str(folder), "list"])
    assert result.exit_code == 0, result.output
    assert "my-own" in result.output and "The Quarantine Line" in result.output
    assert result.output.count("does not load") == 2


@pytest.mark.parametrize(
    ("char", "name"), [("\x7f", "DEL"), ("\x1b", "ESC"), ("\x07", "BEL"), ("\ufffe", "U+FFFE")]
)
def test_a_raw_unacceptable_character_has_a_line_and_column(example_path, char, name):
    text = example_path.read_text().replace("title: The Quarantine Line", f"title: The{char} Line")
    found, _ = check_bytes(text.encode(), "raw.yaml")
    [problem] = found
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "title: The" in ln)
    assert (problem.code, problem.line, problem.column) == ("E015", line, 11)
    assert name in problem.message
    assert char not in problem.format()


def test_hints_for_many_broken_links_do_bounded_work(monkeypatch):
    """10,000 broken links once took 98 s: every one was compared with every node id."""
    from game.engine import diagnostics

    compared = 0
    real = diagnostics.did_you_mean

    def counting(word, candidates):
        nonlocal compared
        candidates = list(candidates)
        compared += len(candidates)
        return real(word, candidates)

    monkeypatch.setattr(diagnostics, "did_you_mean", counting)
    hint = diagnostics.Suggester([f"node-{i}" for i in range(20_000)])
    assert hint("node-1x") == "did you mean 'node-1'?"  # an early typo gets the full search
    for i in range(20_000):
        hint(f"nodx-{i}")
    assert compared <= diagnostics.Suggester.BUDGET  # not 20,000 × 20,000
    small = diagnostics.Suggester(["first", "second"])
    assert [small("frist") for _ in range(3)] == ["did you mean 'first'?"] * 3
