"""The line under a diagnostic, read from the file only as far as the diagnostics reach."""

from __future__ import annotations

from game.authoring import excerpt
from game.authoring.excerpt import SourceLines, with_excerpt
from game.engine.diagnostics import Diagnostic


def _shown(path, line: int, column: int) -> list[str]:
    found = Diagnostic("E201", "there is no node 'ned'", str(path), line, column)
    return with_excerpt(found, SourceLines.read(path, {line})).splitlines()


def test_lines_are_numbered_as_the_files_text_splits(tmp_path, monkeypatch):
    # Pieces of a few bytes: a "\r\n", a long line and a two-byte letter each fall across
    # the end of a piece somewhere in this file.
    monkeypatch.setattr(excerpt, "_CHUNK", 5)
    lines = ["format: 1", "title: Café crème", "x" * 40, "a\u2028b", "goto: ned", "last"]
    path = tmp_path / "s.yaml"
    path.write_bytes("\r\n".join(lines).encode())
    expected = "\r\n".join(lines).splitlines()
    for number, text in enumerate(expected, 1):
        assert SourceLines.read(path, {number}).lines[number] == text
    shown = _shown(path, expected.index("goto: ned") + 1, 7)
    assert shown[1:] == [f"{expected.index('goto: ned') + 1:>5} | goto: ned", "      |       ^"]


def test_only_as_far_as_the_last_wanted_line_is_read(tmp_path):
    path = tmp_path / "long.yaml"
    path.write_text("".join(f"line {i}\n" for i in range(1, 200_001)))
    read = SourceLines.read(path, {2, 3})
    assert read.lines == {2: "line 2", 3: "line 3"} and read.count is None


def test_a_problem_past_the_last_line_points_after_it(tmp_path):
    path = tmp_path / "cut.yaml"
    path.write_text("format: 1\nid: x\ntitle: [unclosed\n")
    shown = _shown(path, 4, 1)
    assert shown[0].endswith("(at the end of the file)")
    assert shown[1:] == ["    3 | title: [unclosed", "      | " + " " * 16 + "^"]


def test_an_unreadable_or_empty_file_shows_the_message_alone(tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    assert _shown(empty, 1, 1) == [f"{empty}:1:1: E201 there is no node 'ned'"]
    gone = tmp_path / "gone.yaml"
    assert _shown(gone, 2, 1) == [f"{gone}:2:1: E201 there is no node 'ned'"]
