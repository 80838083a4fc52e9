"""A cache of compiled scenarios, so that reopening an unchanged file skips parsing and checks.

An entry is keyed by the file's bytes, the path it was read from and a fingerprint of the engine
itself (its source, and the Python and pydantic it runs on), so an edited scenario or an upgraded
game never gets an old result. Entries are pickles, and a pickle can run code when it is read, so
each is signed with a random key kept beside the cache (readable by its owner only) and is read
only when the signature matches: a changed, truncated or foreign file is ignored and rebuilt.

Reading an entry back means making every part of the model again. A process that reopens a file
(the title screen, `--watch`, a live session taking seats) still reads and checks the entry's
signature each time, and when it is the entry this process last read or wrote, it is given the
scenario it already holds: the model is frozen, so it is shared rather than made twice.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import io
import os
import pickle
import platform
import secrets
import sys
import tempfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic

if TYPE_CHECKING:
    from .conditions import Compiled
    from .loader import LoadedScenario
    from .model import Scenario

MAX_ENTRY_BYTES = 256 * 1024 * 1024
RECENT_BYTES = (
    16 * 1024 * 1024
)  # of scenario files whose results stay in memory (the last one always)
_SIGNATURE = 32  # bytes of HMAC-SHA256 before each pickle


def _engine_fingerprint() -> str:
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    import pydantic

    digest.update(f"{sys.version}|{platform.machine()}|{pydantic.VERSION}".encode())
    return digest.hexdigest()[:20]


_Held = tuple["Scenario", dict[str, "Compiled"], "_Warnings"]


@dataclass(frozen=True)
class _Payload:
    scenario: Scenario
    warnings: bytes  # a pickle of their own, read only when the warnings are asked for
    conditions: list[str]


class _Warnings:
    """A reopened scenario's warnings, read from their pickle the first time they are asked for
    (by `crisis validate`, never by play). The entry's signature covered them with the rest."""

    def __init__(self, pickled: bytes | None, found: list[Diagnostic] | None = None):
        self._pickled = pickled
        self._found: list[Diagnostic] = found or []

    def __call__(self) -> list[Diagnostic]:
        if self._pickled is not None:
            found = _unpickle(self._pickled)
            if not isinstance(found, list) or not all(type(d) is Diagnostic for d in found):
                found = []  # (cannot happen with a signed entry; a list is still promised)
            self._found, self._pickled = found, None
        return list(self._found)


class _Compact(pickle.Pickler):
    """Writes each part of the model as its class and its values alone, and each set of the
    fields given once for all the parts that share it: an entry is a fraction of the size and
    several times quicker to read back than pydantic's own pickling."""

    def __init__(self, out: io.BytesIO, nodes_of: object = None):
        from pydantic import BaseModel

        super().__init__(out, protocol=pickle.HIGHEST_PROTOCOL)
        self._model_class, self._diagnostic_class = BaseModel, Diagnostic
        # The scenario whose nodes are written one by one, to be read back one by one.
        self._nodes_of = nodes_of
        self._given: dict[tuple[type, frozenset[str]], set[str]] = {}
        self._plain: dict[tuple[type, int, tuple[object, ...]], object] = {}

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, self._model_class):
            if obj.__pydantic_extra__ is not None or obj.__pydantic_private__ is not None:
                return NotImplemented
            cls = type(obj)
            given = frozenset(obj.__pydantic_fields_set__)
            shared = self._given.get((cls, given))
            if shared is None:
                shared = self._given[(cls, given)] = set(given)
            values = {name: self._shared(value) for name, value in obj.__dict__.items()}
            if obj is self._nodes_of:
                values["nodes"] = _NodesApart(values["nodes"])
            from .cache_parts import model_part

            return model_part, (cls, values, shared)
        if type(obj) is self._diagnostic_class:
            return Diagnostic, tuple(getattr(obj, name) for name in obj.__slots__)
        return NotImplemented

    def _shared(self, value: Any) -> Any:
        """One list (or mapping) for all the parts' equal lists of plain values: most are empty
        (`sources: []` in every choice) or the same few ids. The parts are frozen and nothing
        changes their lists, so sharing them is safe, and a reopened scenario is made of a
        fraction of the objects (less to read back, less for the cyclic collector to walk)."""
        kind = type(value)
        if kind is list or kind is tuple:
            items = value
        elif kind is dict:
            items = [*value, *value.values()]
        else:
            return value
        if not all(type(item) in _PLAIN for item in items):
            return value
        # With the types, so that [1], [1.0] and [True] (equal in Python) stay apart.
        key = tuple((type(item), item) for item in items)
        return self._kept(self._plain.setdefault((kind, len(value), key), value))

    def _kept(self, shared: Any) -> Any:
        """The one list (or mapping) kept for all equal ones."""
        return shared


_PLAIN = (str, int, bool, type(None))  # not float: -0.0 == 0.0


class _NodesApart:
    """A scenario's nodes, each written as a pickle of its own (see `cache_parts.LazyNodes`).

    What the nodes have in common (the model's classes, the sets of fields given, the equal
    lists of plain values) is written once, in a table beside them, and each node's pickle
    refers to it by number: an entry is about the size it would be in one piece."""

    def __init__(self, nodes: dict[str, Any]):
        self.nodes = nodes

    def __reduce__(self) -> Any:
        from .cache_parts import lazy_nodes

        table = _Table()
        unread = {}
        for node_id, node in self.nodes.items():
            out = io.BytesIO()
            _NodePickler(out, table).dump(node)
            unread[node_id] = out.getvalue()
        return lazy_nodes, (unread, table.items)


@functools.cache
def _field_names() -> frozenset[str]:
    from pydantic import BaseModel

    from . import model

    parts = [c for c in vars(model).values() if isinstance(c, type) and issubclass(c, BaseModel)]
    return frozenset(name for part in parts for name in part.model_fields)


class _Table:
    def __init__(self) -> None:
        self.items: list[object] = []
        self.numbers: dict[int, int] = {}  # id of an item -> its number
        self.given: dict[tuple[type, frozenset[str]], set[str]] = {}
        self.plain: dict[tuple[type, int, tuple[object, ...]], object] = {}

    def number(self, item: object) -> int:
        found = self.numbers.get(id(item))
        if found is None:
            found = self.numbers[id(item)] = len(self.items)
            self.items.append(item)
        return found


class _NodePickler(_Compact):
    def __init__(self, out: io.BytesIO, table: _Table):
        super().__init__(out)
        from .cache_parts import model_part

        self._table, self._model_part = table, model_part
        self._given, self._plain = table.given, table.plain  # shared by every node

    def persistent_id(self, obj: Any) -> int | None:
        table = self._table
        kind = type(obj)
        if kind is str:
            # The model's field names, the keys of every part: in the table once.
            return table.number(obj) if obj in _field_names() else None
        if isinstance(obj, type) or obj is self._model_part:
            return table.number(obj)
        if kind is set and any(shared is obj for shared in table.given.values()):
            return table.number(obj)
        if (kind is tuple or kind is list or kind is dict) and obj and id(obj) in table.numbers:
            return table.numbers[id(obj)]
        return None

    def _kept(self, shared: Any) -> Any:
        if shared:  # (an empty one costs a byte or two in any pickle)
            self._table.number(shared)
        return shared


class CompiledCache:
    """Compiled scenarios in one folder. Every failure to read or write is silent: the cache
    only ever saves time, it is never needed."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._fingerprint: str | None = None  # of the engine, worked out when first needed
        self._key: bytes | None = None
        # What this process last read or wrote, by the entry's signature.
        self._recent: OrderedDict[bytes, tuple[_Held, int]] = OrderedDict()

    def _entry(self, content: hashlib._Hash, path: str) -> Path:
        """The entry's file, from the hash of the scenario's bytes (which goes on to be the
        scenario's content hash, so the bytes are hashed once)."""
        if self._fingerprint is None:
            self._fingerprint = _engine_fingerprint()
        digest = content.copy()
        digest.update(b"\0" + path.encode("utf-8", "surrogateescape"))
        return self.folder / f"{digest.hexdigest()[:40]}-{self._fingerprint}.scenario"

    def _signing_key(self) -> bytes:
        if self._key is None:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            key_file = self.folder / "signing.key"
            try:
                fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                key = key_file.read_bytes()
                if len(key) != 32:
                    raise OSError("the cache's signing key is damaged") from None
            else:
                key = secrets.token_bytes(32)
                with os.fdopen(fd, "wb") as out:
                    out.write(key)
            self._key = key
        return self._key

    def get(self, raw: bytes, path: str) -> LoadedScenario | None:
        from .loader import LoadedScenario

        try:
            digest = hashlib.sha256(raw)
            entry = self._entry(digest, path)
            if not entry.is_file() or entry.stat().st_size > MAX_ENTRY_BYTES:
                return None
            blob = entry.read_bytes()
            # The body is looked at where it was read, not copied out (an entry is megabytes).
            signature, body = blob[:_SIGNATURE], memoryview(blob)[_SIGNATURE:]
            expected = hmac.new(self._signing_key(), body, hashlib.sha256).digest()
            if not hmac.compare_digest(signature, expected):
                return None
            # The same signed entry was read or written by this process already: its result is
            # still in memory, and the model is immutable, so it is shared, not read again.
            recent = self._recent.get(signature)
            held = recent[0] if recent is not None else None
            if held is None:
                held = self._read(body)
                if held is None:
                    return None
                self._remember(signature, held, len(raw))
        except Exception:  # a bad entry is only a cache miss
            return None
        scenario, conditions, warnings = held
        return LoadedScenario(scenario, path, dict(conditions), warnings, digest.hexdigest()[:16])

    def _read(self, body: memoryview) -> _Held | None:
        from .conditions import compile_condition
        from .coverage import variable_types
        from .model import Scenario

        payload = _unpickle(body)
        if not isinstance(payload, _Payload) or not isinstance(payload.scenario, Scenario):
            return None
        types = variable_types(payload.scenario)
        conditions = {text: compile_condition(text, types) for text in payload.conditions}
        return payload.scenario, conditions, _Warnings(payload.warnings)

    def _remember(self, signature: bytes, held: _Held, size: int) -> None:
        self._recent[signature] = (held, size)
        self._recent.move_to_end(signature)
        while len(self._recent) > 1 and sum(s for _, s in self._recent.values()) > RECENT_BYTES:
            self._recent.popitem(last=False)

    def put(self, raw: bytes, path: str, loaded: LoadedScenario) -> None:
        try:
            found = io.BytesIO()
            _Compact(found).dump(list(loaded.warnings))
            payload = _Payload(loaded.scenario, found.getvalue(), sorted(loaded.conditions))
            out = io.BytesIO()
            _Compact(out, nodes_of=loaded.scenario).dump(payload)
            body = out.getvalue()
            signature = hmac.new(self._signing_key(), body, hashlib.sha256).digest()
            entry = self._entry(hashlib.sha256(raw), path)
            fd, temp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".scenario")
            try:
                with os.fdopen(fd, "wb") as file:
                    file.write(signature + body)
                os.replace(temp, entry)
            except BaseException:
                os.unlink(temp)
                raise
            held = (loaded.scenario, dict(loaded.conditions), _Warnings(None, list(loaded.warnings)))
            self._remember(signature, held, len(raw))
        except Exception:
            return


def _unpickle(body: bytes | memoryview) -> object:
    from .loader import collector_paused

    with collector_paused():
        return pickle.loads(body)


_default: CompiledCache | None = None
_folder: Path | None = None


def use_cache(folder: Path | None) -> None:
    """Turn the cache on for this process (a front end calls this once), or off with None."""
    global _default, _folder
    _default, _folder = None, folder


def default_cache() -> CompiledCache | None:
    global _default
    if _default is None and _folder is not None:
        _default = CompiledCache(_folder)  # fingerprints the engine: only when a file is read
    return _default
