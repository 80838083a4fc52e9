"""A terminal seat remembers its seat code in the saves folder, so `crisis join` after a dropped
connection puts it back in its seat without typing the code. Browser seats of `crisis serve`
share the server's saves folder, so they do not: they rejoin with the code they were shown."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

FILE = "live-seats.json"


def _read(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def recall(folder: Path, session: str, role: str, name: str) -> str | None:
    token = _read(folder).get(session, {}).get(role, {}).get(name)
    return token if isinstance(token, str) else None


def remember(folder: Path, session: str, role: str, name: str, token: str) -> None:
    """Best effort: a seat that cannot write here rejoins with its code instead."""
    data = _read(folder)
    roles = data.setdefault(session, {})
    if not isinstance(roles, dict):
        roles = data[session] = {}
    names = roles.setdefault(role, {})
    if not isinstance(names, dict):
        names = roles[role] = {}
    names[name] = token
    path = folder / FILE
    tmp = path.with_name(f".{FILE}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
