"""Join links: a browser address that carries the code, so a pupil types no code at all.

`crisis serve` answers `/join/CODE` with the join form already filled: with the room's code the
pupil chooses a role and writes a name; with a seat code the seat is taken at once. The server
notes its address in the saves folder, so the crisis room (which shares that folder) can show
the link on the projector; the note names the server's process and counts only while it runs.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from pathlib import Path

from . import codes

FILE = "serving.json"
PATH = "/join/"


def link_code(text: str) -> str | None:
    """The code a link carries, normalised, or None when it cannot be a code (so nothing
    else from an address reaches a seat)."""
    plain = codes.normalise(text)
    if len(plain) != codes.LENGTH or any(ch not in codes.ALPHABET for ch in plain):
        return None
    return plain


def seat_link_code() -> str:
    """In a seat process of `crisis serve`: the code of the link its page was opened with."""
    return link_code(os.environ.get("CRISIS_SEAT_CODE", "")) or ""


def link(base: str, code: str) -> str:
    return f"{base.rstrip('/')}{PATH}{codes.display(code)}"


def reachable_base(bind: str, port: int) -> str:
    """The address pupils type: this machine's own address on the network when the server
    listens on every interface (no packet is sent to find it), else the one it listens on."""
    host = bind
    if bind in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
        with (
            contextlib.suppress(OSError),
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe,
        ):
            probe.connect(("10.254.254.254", 1))  # a route lookup only: UDP connect sends nothing
            host = probe.getsockname()[0]
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def announce(saves: Path, base: str) -> None:
    """Best effort: without the note the room shows the code only."""
    path = saves / FILE
    tmp = path.with_name(f".{FILE}.{os.getpid()}.tmp")
    try:
        saves.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps({"base": base, "pid": os.getpid()}), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()


def withdraw(saves: Path) -> None:
    """Remove the note if it is this process's own (another server may have replaced it)."""
    if _note(saves).get("pid") == os.getpid():
        with contextlib.suppress(OSError):
            (saves / FILE).unlink()


def served_base(saves: Path) -> str | None:
    """The address of the `crisis serve` running from this saves folder, or None."""
    note = _note(saves)
    base, pid = note.get("base"), note.get("pid")
    if not isinstance(base, str) or not isinstance(pid, int) or pid <= 0:
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None  # a server that was killed left its note behind
    except OSError:
        pass  # alive, under another user
    return base if base.startswith(("http://", "https://")) else None


def _note(saves: Path) -> dict[str, object]:
    try:
        data = json.loads((saves / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
