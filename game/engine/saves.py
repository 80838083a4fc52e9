"""Saved games: versioned JSON, written atomically, read defensively.

A save holds the scenario's id and content hash, the seed, and the whole log; the position is
derived by replaying the log. A save whose scenario has changed is replayed as far as it still
fits, and the player is told exactly where it stopped fitting.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat as stat_mode
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from .game import KINDS, Entry, Game, GameError, now
from .loader import LoadedScenario
from .text import printable

SAVE_KIND = "crisis-save"
SAVE_VERSION = 1
MAX_SAVE_BYTES = 16 * 1024 * 1024
STALE_TEMP_SECONDS = 60
# The game ids this game makes: 12 hex digits, or "live-" and a session's join code.
GAME_ID = re.compile(r"[0-9a-f]{12}|live-[a-z0-9]{1,40}")
_TEMP = re.compile(r"\..+\.json\.[A-Za-z0-9_]+\.tmp")


class SaveError(Exception):
    """A save file that cannot be used, with the reason in words."""


class SaveWriteError(SaveError, OSError):
    """A save could not be written (read-only folder, full disk…); the game itself is intact.

    Also an OSError, so that callers which already catch write failures keep doing so."""


# -- the file's shape -------------------------------------------------------------------------
# Every string is cleaned of control characters on reading: a doctored save must not be able to
# send escape sequences to a terminal. Numbers are bounded so that none is too long to print.

Clean = Annotated[str, AfterValidator(printable)]
Count = Annotated[int, Field(ge=-(2**63), le=2**63)]


class _Part(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


class SavedScenario(_Part):
    id: Clean
    title: Clean | None = None
    format: Count | None = None
    hash: Clean | None = None
    path: Clean | None = None


class SavedSummary(_Part):
    node: Clean | None = None
    title: Clean | None = None
    date: Clean | None = None
    time: Clean | None = None
    decisions: Count = 0
    finished: bool = False
    ending: Clean | None = None
    category: Clean | None = None


class SavedExtra(_Part):
    is_class: bool = Field(False, alias="class")
    players: dict[Clean, list[Clean]] = Field(default_factory=dict)
    group: Clean | None = None
    reveal: Clean | None = None


class SavedEntry(_Part):
    type: Literal[KINDS]  # type: ignore[valid-type]
    node: Clean | None = None
    choice: Clean | None = None
    how: Clean = "player"
    by: Clean | None = None
    reason: Clean | None = None
    votes: dict[Clean, Clean] | None = None
    reasons: dict[Clean, Clean] | None = None
    tally: dict[Clean, Count] | None = None
    outcome: Count | None = None
    to: Count | None = None
    text: Clean | None = None
    at: Clean | None = None
    seconds: Annotated[float, Field(allow_inf_nan=False)] | None = None
    control: Clean | None = None
    step: Count | None = None  # news: the decision it was given at


class _Header(_Part):
    kind: Literal["crisis-save"]
    version: Count


class SaveModel(_Part):
    kind: Literal["crisis-save"]
    version: Count
    game_id: Clean | None = None
    name: Clean | None = None
    created: Clean | None = None
    updated: Clean | None = None
    scenario: SavedScenario
    seed: Count
    role: Clean | None = None
    preset: Clean | None = None
    summary: SavedSummary = Field(default_factory=SavedSummary)
    extra: SavedExtra = Field(default_factory=SavedExtra)
    log: list[SavedEntry]


def _problem(exc: ValidationError) -> str:
    """The first thing wrong with a save, in words."""
    error = exc.errors(include_url=False)[0]
    where = ".".join(str(part) for part in error["loc"] if not str(part).startswith("function-"))
    message = error["msg"][0].lower() + error["msg"][1:]
    for word, plain in (("an object", "a mapping"), ("a valid string", "text")):
        message = message.replace(word, plain)
    return f"'{printable(where)}' is wrong: {printable(message)}" if where else message


@dataclass
class SaveFile:
    path: Path
    data: dict[str, Any]
    modified: float

    @property
    def scenario_id(self) -> str:
        return str(self.data["scenario"]["id"])

    @property
    def summary(self) -> dict[str, Any]:
        summary = self.data.get("summary")
        return summary if isinstance(summary, dict) else {}

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
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
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


def inside(folder: Path, path: Path) -> Path:
    """`path`, after checking that it lies directly in `folder` (no `..`, no absolute part, no
    link out); raises SaveWriteError otherwise. Every file the game writes goes through this."""
    base = folder.resolve()
    target = (base / path.name).resolve() if path.parent == folder else path.resolve()
    if target.parent != base:
        raise SaveWriteError(
            errno.EPERM, f"refusing to write {printable(str(path))}: it is outside {base}"
        )
    return target


def write_atomic(path: Path, data: dict[str, Any]) -> None:
    """Write JSON so that a crash at any moment leaves either the old file or the new one.

    Raises SaveWriteError (an OSError too) with the reason when the folder cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _write_error(path, exc) from None
    path = inside(path.parent, path)
    payload = json.dumps(data, ensure_ascii=False, indent=1).encode()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _write_error(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and not isinstance(exc, SaveWriteError):
            raise _write_error(path, exc) from None
        raise
    try:  # make the rename itself durable where the platform allows
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass


def _write_error(path: Path, exc: OSError) -> SaveWriteError:
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EACCES: "the folder is not writable",
        errno.EPERM: "the folder is not writable",
        errno.EROFS: "the folder is on a read-only disk",
    }
    reason = reasons.get(exc.errno or 0, exc.strerror or str(exc))
    return SaveWriteError(
        exc.errno or errno.EIO, f"could not save to {path.parent}: {reason}; the game goes on"
    )


def clean_stale_temp_files(folder: Path, older_than: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Remove half-written saves that a killed game left behind (`.NAME.json.XXXX.tmp`). Only
    regular files of that pattern, and only old ones: a running game may be writing a new one."""
    removed: list[Path] = []
    cutoff = time.time() - older_than
    try:
        candidates = list(folder.glob(".*.json.*.tmp"))
    except OSError:
        return removed
    for path in candidates:
        try:
            info = path.lstat()
            if (
                _TEMP.fullmatch(path.name)
                and stat_mode.S_ISREG(info.st_mode)
                and info.st_mtime < cutoff
            ):
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


def read(path: Path) -> SaveFile:
    """Read and check a save file; raises SaveError with a reason a player can understand.

    Only a regular file of sensible size is read: a link to a device or a named pipe in the
    saves folder must neither hang the game nor fill its memory."""
    raw, modified = _read_regular(path)
    if not raw.strip():
        raise SaveError("the file is empty")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SaveError("it is not text (not UTF-8)") from None
    try:
        header = _Header.model_validate_json(raw)
        if not 1 <= header.version <= SAVE_VERSION:
            raise SaveError(
                f"save format {header.version!r} is not one this game reads (it reads "
                f"{SAVE_VERSION}); it may come from a newer version of the game"
            )
        model = SaveModel.model_validate_json(raw)
    except ValidationError as exc:
        raise SaveError(_explain(exc)) from None
    if model.game_id is not None and not GAME_ID.fullmatch(model.game_id):
        raise SaveError("its game id is not one this game makes (the file has been edited)")
    return SaveFile(path, model.model_dump(mode="json", by_alias=True), modified)


def _read_regular(path: Path) -> tuple[bytes, float]:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SaveError("it is a link, not a save file; links are not followed") from None
        raise SaveError(f"cannot read it: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat_mode.S_ISREG(info.st_mode):
            raise SaveError("it is not a regular file (a device, pipe or folder)")
        if info.st_size > MAX_SAVE_BYTES:
            raise SaveError(f"the file is {info.st_size:,} bytes, too large to be a save")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(MAX_SAVE_BYTES + 1)
        if len(raw) > MAX_SAVE_BYTES:
            raise SaveError("the file is too large to be a save")
        return raw, info.st_mtime
    except OSError as exc:
        raise SaveError(f"cannot read it: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _explain(exc: ValidationError) -> str:
    """Why a file is not a save: broken JSON, not ours, or a field of the wrong shape."""
    error = exc.errors(include_url=False)[0]
    if error["type"] == "json_invalid":
        message = str(error.get("ctx", {}).get("error", error["msg"]))
        if "recursion" in message:
            return "it is nested too deeply to be a save"
        if "EOF" in message:
            return "the file is cut short: probably truncated"
        if "number out of range" in message:
            return "it holds a number far too long to be in a save" + message.split("range")[1]
        return f"it is not valid JSON ({printable(message)})"
    if error["type"] in ("model_type", "model_attributes_type") and not error["loc"]:
        return "it is not a crisis save file"
    if error["loc"] == ("kind",):
        return "it is not a crisis save file"
    if error["loc"] and error["loc"][0] in ("scenario",) and error["type"] == "missing":
        return "it does not say which scenario it belongs to"
    if error["loc"] and error["loc"][0] in ("log", "seed") and error["type"] == "missing":
        return "its decision log or seed is missing"
    if error["loc"] == ("version",):
        return "save format is missing or not a number; it may come from another version"
    return _problem(exc)


def list_saves(folder: Path) -> list[SaveFile | Unreadable]:
    """Every save in a folder, newest first; unreadable files are listed with the reason."""
    if not folder.is_dir():
        return []
    clean_stale_temp_files(folder)
    found: list[SaveFile | Unreadable] = []
    for path in folder.glob("*.json"):
        try:
            found.append(read(path))
        except SaveError as exc:
            try:
                modified = path.lstat().st_mtime
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
    if not GAME_ID.fullmatch(game_id):
        raise SaveWriteError(errno.EINVAL, f"'{printable(game_id)}' is not a game id")
    return inside(folder, folder / _file_safe(f"auto-{scenario_id}-{game_id}", 200))


def named_path(folder: Path, name: str) -> Path:
    return inside(folder, folder / _file_safe(name, 60))


def _file_safe(name: str, limit: int) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name.strip())[:limit]
    return f"{safe.strip('-') or 'save'}.json"


def default_name(game: Game, group: str | None = None) -> str:
    """A suggested name for a named save: the scenario, the group if any, and the time, so that
    two groups on one machine do not overwrite each other by accepting the suggestion."""
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    parts = [game.scenario.title, printable(group or "").strip(), stamp]
    return " ".join(p for p in parts if p)


@dataclass
class Recorder:
    """Where one game's saves go: its autosave file, and named saves on request."""

    folder: Path
    game_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    created: str = field(default_factory=now)
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A game starting is a good moment to sweep up what a killed one left half-written.
        if self.folder.is_dir():
            clean_stale_temp_files(self.folder)

    @classmethod
    def resuming(cls, folder: Path, save: SaveFile) -> Recorder:
        data = save.data
        game_id = data.get("game_id")
        if not isinstance(game_id, str) or not GAME_ID.fullmatch(game_id):
            game_id = uuid.uuid4().hex[:12]  # never a name taken from the file unchecked
        extra = data.get("extra")
        return cls(
            folder,
            game_id,
            str(data.get("created") or now()),
            {k: v for k, v in extra.items() if v is not None} if isinstance(extra, dict) else {},
        )

    def autosave(self, game: Game) -> Path:
        path, data = self.autosave_data(game)
        write_atomic(path, data)
        return path

    def autosave_data(self, game: Game) -> tuple[Path, dict[str, Any]]:
        """Where the autosave goes and what it holds now, for a front end that writes it later
        (off its event loop); `write_atomic(*recorder.autosave_data(game))` is `autosave`."""
        path = autosave_path(self.folder, game.scenario.id, self.game_id)
        return path, to_json(
            game, name=None, game_id=self.game_id, created=self.created, extra=dict(self.extra)
        )

    def named_path(self, name: str) -> Path:
        """Where `save_as(…, name)` writes: front ends ask before overwriting a file there."""
        return named_path(self.folder, name)

    def save_as(self, game: Game, name: str) -> Path:
        path = named_path(self.folder, name)
        write_atomic(
            path,
            to_json(game, name=name, game_id=self.game_id, created=self.created, extra=self.extra),
        )
        return path
