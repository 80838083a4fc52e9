"""Saved games: versioned JSON, written atomically, read defensively.

A save holds the scenario's id and content hash, the seed, and the whole log; the position is
derived by replaying the log. A save whose scenario has changed is replayed as far as it still
fits, and the player is told exactly where it stopped fitting.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from .game import Entry, Game, GameError, now
from .loader import LoadedScenario

SAVE_KIND = "crisis-save"
SAVE_VERSION = 1
MAX_SAVE_BYTES = 16 * 1024 * 1024


class SaveError(Exception):
    """A save file that cannot be used, with the reason in words."""


@dataclass
class SaveFile:
    path: Path
    data: dict
    modified: float

    @property
    def scenario_id(self) -> str:
        return str(self.data["scenario"]["id"])

    @property
    def summary(self) -> dict:
        return self.data.get("summary", {})

    @property
    def name(self) -> str:
        """The player's name for it, or for an autosave the scenario's title."""
        if self.data.get("name"):
            return str(self.data["name"])
        return f"Autosave: {self.data['scenario'].get('title') or self.scenario_id}"


@dataclass
class Unreadable:
    path: Path
    reason: str
    modified: float


@dataclass
class Restored:
    game: Game
    problems: list[str] = field(default_factory=list)


def to_json(
    game: Game,
    *,
    name: str | None = None,
    game_id: str | None = None,
    created: str | None = None,
    extra: dict | None = None,
) -> dict:
    scenario = game.scenario
    state = game.state
    node = game.node
    ending = game.ending
    return {
        "kind": SAVE_KIND,
        "version": SAVE_VERSION,
        "game_id": game_id or uuid.uuid4().hex[:12],
        "name": name,
        "created": created or now(),
        "updated": now(),
        "scenario": {
            "id": scenario.id,
            "title": scenario.title,
            "format": scenario.format,
            "hash": game.loaded.content_hash,
            "path": game.loaded.path,
        },
        "seed": game.seed,
        "role": game.role,
        "preset": game.preset,
        "summary": {
            "node": state.node_id,
            "title": node.title,
            "date": node.date,
            "time": node.time,
            "decisions": sum(1 for s in state.steps if s.choice is not None),
            "finished": ending is not None,
            "ending": ending.title if ending else None,
            "category": ending.category.value if ending else None,
        },
        "extra": extra or {},
        "log": [e.to_json() for e in game.log],
    }


def write_atomic(path: Path, data: dict) -> None:
    """Write JSON so that a crash at any moment leaves either the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(data, ensure_ascii=False, indent=1).encode()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable where the platform allows
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass


def read(path: Path) -> SaveFile:
    """Read and check a save file; raises SaveError with a reason a player can understand."""
    try:
        stat = path.stat()
        if stat.st_size > MAX_SAVE_BYTES:
            raise SaveError(f"the file is {stat.st_size:,} bytes, too large to be a save")
        raw = path.read_bytes()
    except OSError as exc:
        raise SaveError(f"cannot read it: {exc.strerror or exc}") from None
    if not raw.strip():
        raise SaveError("the file is empty")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SaveError("it is not text (not UTF-8)") from None
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        if exc.pos >= len(raw.decode("utf-8", "replace").rstrip()) - 1:
            raise SaveError(f"the file is cut short ({where}): probably truncated") from None
        raise SaveError(f"it is not valid JSON ({exc.msg} at {where})") from None
    if not isinstance(data, dict) or data.get("kind") != SAVE_KIND:
        raise SaveError("it is not a crisis save file")
    version = data.get("version")
    if not isinstance(version, int) or version > SAVE_VERSION or version < 1:
        raise SaveError(
            f"save format {version!r} is not one this game reads (it reads "
            f"{SAVE_VERSION}); it may come from a newer version of the game"
        )
    scenario = data.get("scenario")
    if not isinstance(scenario, dict) or not isinstance(scenario.get("id"), str):
        raise SaveError("it does not say which scenario it belongs to")
    if not isinstance(data.get("log"), list) or not isinstance(data.get("seed"), int):
        raise SaveError("its decision log or seed is missing")
    return SaveFile(path, data, stat.st_mtime)


def list_saves(folder: Path) -> list[SaveFile | Unreadable]:
    """Every save in a folder, newest first; unreadable files are listed with the reason."""
    if not folder.is_dir():
        return []
    found: list[SaveFile | Unreadable] = []
    for path in folder.glob("*.json"):
        try:
            found.append(read(path))
        except SaveError as exc:
            try:
                modified = path.stat().st_mtime
            except OSError:
                modified = 0.0
            found.append(Unreadable(path, str(exc), modified))
    found.sort(key=lambda s: s.modified, reverse=True)
    return found


def restore(save: SaveFile, loaded: LoadedScenario) -> Restored:
    """Rebuild the game from a save's log; replay stops, with a reason, where it no longer fits."""
    data = save.data
    problems: list[str] = []
    if data["scenario"]["id"] != loaded.scenario.id:
        raise SaveError(f"the save is for '{data['scenario']['id']}', not '{loaded.scenario.id}'")
    role = data.get("role")
    if role is not None and loaded.scenario.role(role) is None:
        problems.append(f"the role '{role}' no longer exists; playing every side instead")
        role = None
    preset = data.get("preset")
    if preset is not None and not any(p.id == preset for p in loaded.scenario.presets):
        problems.append(f"the lesson preset '{preset}' no longer exists")
        preset = None
    game = Game(loaded, seed=data["seed"], role=role, preset=preset)
    changed = data["scenario"].get("hash") != loaded.content_hash
    for number, raw in enumerate(data["log"], start=1):
        try:
            entry = Entry.from_json(raw)
            game.append(entry)
        except (ValueError, TypeError, GameError, KeyError) as exc:
            cause = "the scenario has changed since: " if changed else ""
            problems.append(
                f"entry {number} of the log could not be replayed ({cause}{exc}); "
                f"the game resumes just before it"
            )
            break
    return Restored(game, problems)


def replay_onto(game: Game, loaded: LoadedScenario) -> Restored:
    """The same game on an edited scenario: its log replayed as far as it still fits."""
    data = to_json(game)
    return restore(SaveFile(Path(loaded.path), data, 0.0), loaded)


def autosave_path(folder: Path, scenario_id: str, game_id: str) -> Path:
    return folder / f"auto-{scenario_id}-{game_id}.json"


def named_path(folder: Path, name: str) -> Path:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name.strip())[:60]
    return folder / f"{safe.strip('-') or 'save'}.json"


@dataclass
class Recorder:
    """Where one game's saves go: its autosave file, and named saves on request."""

    folder: Path
    game_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    created: str = field(default_factory=now)
    extra: dict = field(default_factory=dict)

    @classmethod
    def resuming(cls, folder: Path, save: SaveFile) -> Recorder:
        data = save.data
        return cls(
            folder,
            str(data.get("game_id") or uuid.uuid4().hex[:12]),
            str(data.get("created") or now()),
            dict(data.get("extra") or {}),
        )

    def autosave(self, game: Game) -> Path:
        path = autosave_path(self.folder, game.scenario.id, self.game_id)
        write_atomic(
            path,
            to_json(game, name=None, game_id=self.game_id, created=self.created, extra=self.extra),
        )
        return path

    def save_as(self, game: Game, name: str) -> Path:
        path = named_path(self.folder, name)
        write_atomic(
            path,
            to_json(game, name=name, game_id=self.game_id, created=self.created, extra=self.extra),
        )
        return path
