"""The compiled-scenario cache serves only what a full load of the same file would give."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from game.engine import cache as cache_module
from game.engine import loader
from game.engine.cache import CompiledCache, use_cache
from game.engine.loader import load_bytes

from .scenario_text import MINIMAL

RAW = MINIMAL.encode()


@pytest.fixture
def cache(tmp_path: Path):
    use_cache(tmp_path / "cache")
    yield cache_module.default_cache()
    use_cache(None)


def full_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every full parse-and-check, to tell a cache hit from a miss."""
    calls: list[str] = []
    real = loader.check_bytes

    def counting(raw: bytes, path: str):  # type: ignore[no-untyped-def]
        calls.append(path)
        return real(raw, path)

    monkeypatch.setattr(loader, "check_bytes", counting)
    return calls


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.scenario"))


def test_an_unchanged_file_comes_from_the_cache(cache, monkeypatch):
    calls = full_loads(monkeypatch)
    first = load_bytes(RAW, "mini.yaml")
    again = load_bytes(RAW, "mini.yaml")
    assert calls == ["mini.yaml"]
    assert again.scenario == first.scenario
    assert again.content_hash == first.content_hash
    # Conditions are compiled again, and work.
    assert set(again.conditions) == set(first.conditions)


def test_an_edited_file_is_loaded_afresh(cache, monkeypatch):
    calls = full_loads(monkeypatch)
    load_bytes(RAW, "mini.yaml")
    edited = load_bytes(RAW.replace(b"title: Mini", b"title: Mini, edited"), "mini.yaml")
    assert edited.scenario.title == "Mini, edited"
    assert len(calls) == 2


def test_a_tampered_entry_is_ignored(cache, monkeypatch):
    load_bytes(RAW, "mini.yaml")
    (entry,) = entries(cache.folder)
    blob = bytearray(entry.read_bytes())
    blob[-40] ^= 0xFF
    entry.write_bytes(bytes(blob))
    calls = full_loads(monkeypatch)
    assert load_bytes(RAW, "mini.yaml").scenario.title == "Mini"
    assert calls == ["mini.yaml"]


class _Planted:
    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (Path.touch, (Path(self.target),))  # type: ignore[attr-defined]


def test_a_forged_entry_is_never_unpickled(cache, tmp_path):
    load_bytes(RAW, "mini.yaml")
    (entry,) = entries(cache.folder)
    planted = _Planted()
    planted.target = str(tmp_path / "ran")  # type: ignore[attr-defined]
    entry.write_bytes(b"\0" * 32 + pickle.dumps(planted))
    assert load_bytes(RAW, "mini.yaml").scenario.title == "Mini"
    assert not (tmp_path / "ran").exists()


def test_another_engine_version_does_not_share_entries(cache, monkeypatch, tmp_path):
    load_bytes(RAW, "mini.yaml")
    other = CompiledCache(cache.folder)
    other._fingerprint = "another-engine"
    assert other.get(RAW, "mini.yaml") is None
    assert cache.get(RAW, "mini.yaml") is not None


def test_a_damaged_key_or_unwritable_folder_only_costs_time(tmp_path):
    folder = tmp_path / "cache"
    broken = CompiledCache(folder)
    folder.mkdir()
    (folder / "signing.key").write_bytes(b"short")
    loaded = load_bytes(RAW, "mini.yaml")
    broken.put(RAW, "mini.yaml", loaded)
    assert broken.get(RAW, "mini.yaml") is None


def test_the_signing_key_is_private(cache):
    load_bytes(RAW, "mini.yaml")
    assert (cache.folder / "signing.key").stat().st_mode & 0o077 == 0
