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


def test_a_new_process_reads_back_exactly_what_a_full_load_gives(cache, monkeypatch):
    """A fresh reader of the folder (as a new process would be) gets the same scenario, with
    the same fields set, the same warnings and working conditions."""
    text = MINIMAL.replace("    history: {choice: calm", "    history: {choice: calm, date: '1962-10-17'")
    text = text.replace("        goto: end\n", '        goto: end\n        condition: "tension > 1"\n', 1)
    raw = text.encode()
    first = load_bytes(raw, "mini.yaml")
    calls = full_loads(monkeypatch)
    use_cache(cache.folder)
    again = load_bytes(raw, "mini.yaml")
    assert calls == []
    assert again.scenario == first.scenario
    assert again.scenario.model_dump(exclude_unset=True) == first.scenario.model_dump(
        exclude_unset=True
    )
    assert again.warnings == first.warnings
    assert again.content_hash == first.content_hash
    assert set(again.conditions) == {"tension > 1"}
    assert again.condition("tension > 1")(_State({"tension": 2})) is True
    assert again.condition("tension > 1")(_State({"tension": 0})) is False


class _State:
    def __init__(self, variables: dict[str, object]):
        self.variables, self.visits, self.choices = variables, {}, {}


def test_an_entry_held_in_memory_is_not_served_once_its_file_is_tampered_with(cache, monkeypatch):
    load_bytes(RAW, "mini.yaml")
    load_bytes(RAW, "mini.yaml")  # now held by this process
    (entry,) = entries(cache.folder)
    blob = bytearray(entry.read_bytes())
    blob[-40] ^= 0xFF
    entry.write_bytes(bytes(blob))
    calls = full_loads(monkeypatch)
    assert load_bytes(RAW, "mini.yaml").scenario.title == "Mini"
    assert calls == ["mini.yaml"]


def test_an_entry_held_in_memory_is_not_served_once_its_file_is_gone(cache, monkeypatch):
    load_bytes(RAW, "mini.yaml")
    (entry,) = entries(cache.folder)
    entry.unlink()
    calls = full_loads(monkeypatch)
    load_bytes(RAW, "mini.yaml")
    assert calls == ["mini.yaml"]


def test_an_entry_signed_with_another_key_is_ignored(cache, monkeypatch):
    load_bytes(RAW, "mini.yaml")
    (cache.folder / "signing.key").write_bytes(b"k" * 32)
    use_cache(cache.folder)  # a new process, reading the new key
    calls = full_loads(monkeypatch)
    load_bytes(RAW, "mini.yaml")
    assert calls == ["mini.yaml"]


def test_the_same_file_at_another_path_is_its_own_entry(cache, monkeypatch):
    calls = full_loads(monkeypatch)
    load_bytes(RAW, "mini.yaml")
    other = load_bytes(RAW, "elsewhere/mini.yaml")
    assert calls == ["mini.yaml", "elsewhere/mini.yaml"]
    assert other.path == "elsewhere/mini.yaml"
    assert all(w.path == "elsewhere/mini.yaml" for w in other.warnings)


def test_results_shared_between_loads_do_not_share_their_lists(cache):
    first = load_bytes(RAW, "mini.yaml")
    again = load_bytes(RAW, "mini.yaml")
    again.warnings.clear()
    again.conditions.clear()
    third = load_bytes(RAW, "mini.yaml")
    assert third.warnings == first.warnings
    assert set(third.conditions) == set(first.conditions)


def test_a_new_process_reads_back_each_list_with_its_own_values(cache, monkeypatch):
    """Equal lists are stored once; read back, each part still has its own values, of their own
    type (a flag set to true is not a number set to 1)."""
    text = MINIMAL.replace(
        "  - {id: mood,",
        "  - {id: alarm, label: Alarm, type: boolean, start: false}\n"
        "  - {id: level, label: Level, type: integer, min: 0, max: 3, start: 0}\n  - {id: mood,",
    ).replace(
        "        label: Stay calm\n",
        "        label: Stay calm\n        effects: {set: {alarm: true, level: 1}, why: Calm.}\n"
        "        sources: [src]\n",
    )
    raw = text.encode()
    first = load_bytes(raw, "mini.yaml")
    use_cache(cache.folder)
    calls = full_loads(monkeypatch)
    again = load_bytes(raw, "mini.yaml")
    assert calls == []
    calm, push = again.scenario.nodes["first"].choices  # type: ignore[union-attr]
    assert calm.effects is not None and push.effects is not None
    assert calm.effects.set == {"alarm": True, "level": 1}
    assert [type(v) for v in calm.effects.set.values()] == [bool, int]
    assert push.effects.set == {"mood": "angry"}
    assert calm.sources == ("src",) and push.sources == ()
    assert again.scenario == first.scenario


def test_loading_leaves_every_object_collectable(cache):
    """Loading (afresh or from the cache) puts what it made among the collector's old objects,
    but freezes nothing: a reference cycle dropped before or after is still collected."""
    import gc
    import weakref

    class Loop:
        pass

    def dropped_cycle() -> weakref.ref[Loop]:
        loop = Loop()
        loop.self = loop  # type: ignore[attr-defined]
        return weakref.ref(loop)

    before = dropped_cycle()
    load_bytes(RAW, "mini.yaml")
    use_cache(cache.folder)
    load_bytes(RAW, "mini.yaml")
    after = dropped_cycle()
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert before() is None and after() is None


def test_a_reopened_scenario_makes_each_node_when_it_is_first_used(cache, example_path):
    """A new process reopening a long scenario makes only the nodes it uses; whatever looks
    at every node (listing, copying, comparing, writing out) sees them all, as a full load
    gives them."""
    raw = example_path.read_bytes()
    first = load_bytes(raw, "example.yaml").scenario
    use_cache(cache.folder)
    nodes = load_bytes(raw, "example.yaml").scenario.nodes
    assert len(nodes) == len(first.nodes) and list(nodes) == list(first.nodes)
    start = next(iter(first.nodes))
    assert nodes[start] == first.nodes[start]
    assert nodes.get(start) is nodes[start] and nodes.get("no-such-node") is None
    assert sum(type(n) is type(first.nodes[start]) for n in dict.values(nodes)) < len(nodes) / 2

    for seen in (
        lambda s: s.model_dump(),
        lambda s: dict(s.nodes),
        lambda s: {**s.nodes},
        lambda s: list(s.nodes.values()),
        lambda s: [n for _, n in s.nodes.items()],
        lambda s: pickle.loads(pickle.dumps(s)).nodes,
        lambda s: __import__("copy").deepcopy(s).nodes,
    ):
        use_cache(cache.folder)
        reopened = load_bytes(raw, "example.yaml").scenario
        if isinstance(got := seen(reopened), dict) and "nodes" in got:
            assert got == first.model_dump()
        else:
            made = list(got.values()) if isinstance(got, dict) else got
            assert made == list(first.nodes.values())
    use_cache(cache.folder)
    assert load_bytes(raw, "example.yaml").scenario == first
