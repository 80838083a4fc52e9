"""A cache of compiled scenarios, so that reopening an unchanged file skips parsing and checks.

An entry is keyed by the file's bytes, the path it was read from and a fingerprint of the engine
itself (its source, and the Python and pydantic it runs on), so an edited scenario or an upgraded
game never gets an old result. Entries are pickles, and a pickle can run code when it is read, so
each is signed with a random key kept beside the cache (readable by its owner only) and is read
only when the signature matches: a changed, truncated or foreign file is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import platform
import secrets
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

# The scenario model, its checks and pydantic are imported when the cache is first used, not when
# the command line turns it on: a seat's join form or the title screen does not wait for them.

if TYPE_CHECKING:
    from .diagnostics import Diagnostic
    from .loader import LoadedScenario
    from .model import Scenario

MAX_ENTRY_BYTES = 256 * 1024 * 1024
_SIGNATURE = 32  # bytes of HMAC-SHA256 before each pickle


def _engine_fingerprint() -> str:
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    import pydantic

    digest.update(f"{sys.version}|{platform.machine()}|{pydantic.VERSION}".encode())
    return digest.hexdigest()[:20]


@dataclass(frozen=True)
class _Payload:
    scenario: Scenario
    warnings: list[Diagnostic]
    conditions: list[str]


class CompiledCache:
    """Compiled scenarios in one folder. Every failure to read or write is silent: the cache
    only ever saves time, it is never needed."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._fingerprint = _engine_fingerprint()
        self._key: bytes | None = None

    def _entry(self, raw: bytes, path: str) -> Path:
        digest = hashlib.sha256(raw)
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
        from .checks import variable_types
        from .conditions import compile_condition
        from .loader import LoadedScenario, content_hash
        from .model import Scenario

        try:
            entry = self._entry(raw, path)
            if not entry.is_file() or entry.stat().st_size > MAX_ENTRY_BYTES:
                return None
            blob = entry.read_bytes()
            signature, body = blob[:_SIGNATURE], blob[_SIGNATURE:]
            expected = hmac.new(self._signing_key(), body, hashlib.sha256).digest()
            if not hmac.compare_digest(signature, expected):
                return None
            payload = _unpickle(body)
            if not isinstance(payload, _Payload) or not isinstance(payload.scenario, Scenario):
                return None
            types = variable_types(payload.scenario)
            conditions = {text: compile_condition(text, types) for text in payload.conditions}
        except Exception:  # a bad entry is only a cache miss
            return None
        return LoadedScenario(
            payload.scenario, path, conditions, list(payload.warnings), content_hash(raw)
        )

    def put(self, raw: bytes, path: str, loaded: LoadedScenario) -> None:
        payload = _Payload(loaded.scenario, list(loaded.warnings), sorted(loaded.conditions))
        try:
            body = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
            signature = hmac.new(self._signing_key(), body, hashlib.sha256).digest()
            entry = self._entry(raw, path)
            fd, temp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".scenario")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(signature + body)
                os.replace(temp, entry)
            except BaseException:
                os.unlink(temp)
                raise
        except Exception:
            return


def _unpickle(body: bytes) -> object:
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
