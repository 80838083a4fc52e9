"""Shared fixtures. No test touches the real saves folder: CRISIS_SAVES points at a tmp dir."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "docs" / "examples" / "quarantine-line.yaml"


@pytest.fixture(autouse=True)
def _isolated_saves(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path_factory.mktemp("saves")
    monkeypatch.setenv("CRISIS_SAVES", str(folder))
    return folder


@pytest.fixture(autouse=True)
def _shared_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    # One compiled-scenario cache for the whole run, never the user's own.
    monkeypatch.setenv("CRISIS_CACHE", str(tmp_path_factory.getbasetemp() / "compiled-cache"))


@pytest.fixture
def saves(_isolated_saves: Path) -> Path:
    return _isolated_saves


@pytest.fixture
def example_path() -> Path:
    return EXAMPLE


@pytest.fixture
def example():
    from game.engine.loader import load_file

    return load_file(EXAMPLE)


@pytest.fixture
def write_yaml(tmp_path: Path):
    def write(text: str, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write
