"""A bell per live session, so the crisis room and the seats hear of a change as it is committed
instead of asking the database over and over.

Beside the database, each session has a folder (`live-bells/<digest of its code>/`, private to
its owner, like the database: a session code is what lets a student in) holding one unix
datagram socket per process that listens. A process that committed a change to
the session sends one byte to every socket there; a listener wakes, reads what came and does
its usual cheap catch-up with the database. The byte says nothing: the database is still the
only truth, so a lost byte (a full socket, a platform without unix sockets) only means the
listener's slow safety check finds the change a moment later.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import socket
import stat
from pathlib import Path

FOLDER = "live-bells"
# Longer socket paths do not fit a unix socket address (108 bytes on Linux, 104 on macOS); they
# are reached through the folder's descriptor instead where the system allows it.
ADDRESS_LIMIT = 100
PROC_FD = Path("/proc/self/fd")


def session_folder(saves: Path, code: str) -> Path:
    return saves / FOLDER / hashlib.sha256(code.encode()).hexdigest()[:16]


def _private_folder(folder: Path) -> bool:
    """Make `folder` and the bells folder above it (0700); False when either is not a real
    folder of ours (then nobody listens there, and the safety check does the work)."""
    for each in (folder.parent, folder):
        try:
            each.mkdir(mode=0o700, exist_ok=True)
            info = os.lstat(each)
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
                return False
            if stat.S_IMODE(info.st_mode) != 0o700:
                os.chmod(each, 0o700)
        except (OSError, AttributeError):  # no saves folder, or no getuid on this platform
            return False
    return True


def _address(folder: Path, name: str, folder_fd: int | None) -> str | None:
    path = str(folder / name)
    if len(os.fsencode(path)) <= ADDRESS_LIMIT:
        return path
    if folder_fd is not None and PROC_FD.is_dir():
        return f"{PROC_FD}/{folder_fd}/{name}"
    return None


def ring(saves: Path, code: str) -> int:
    """Wake every process listening to session `code`; how many sockets were sent the byte.
    Never blocks and never raises: a full socket already has a wake-up waiting, and a socket
    nobody listens on any more (its process was killed) is removed."""
    folder = session_folder(saves, code)
    if not hasattr(socket, "AF_UNIX"):
        return 0
    try:
        names = os.listdir(folder)
    except OSError:  # nobody has listened to this session yet
        return 0
    rung = 0
    folder_fd: int | None = None
    try:
        with contextlib.suppress(OSError):
            folder_fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sender:
            sender.setblocking(False)
            for name in names:
                address = _address(folder, name, folder_fd)
                if address is None:
                    continue
                try:
                    sender.sendto(b"!", address)
                    rung += 1
                except BlockingIOError:
                    rung += 1  # its queue is full: it will wake anyway
                except (ConnectionRefusedError, FileNotFoundError):
                    _remove(folder, name)  # left behind by a process that is gone
                except OSError:
                    continue  # not a socket of ours, or gone mid-way: the next ring tries again
    except OSError:
        return rung
    finally:
        if folder_fd is not None:
            os.close(folder_fd)
    return rung


def _remove(folder: Path, name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(folder / name)


class Listener:
    """One process's socket in a session's bell folder. Hand `fileno()` to the event loop
    (`loop.add_reader`); when it is readable, call `drain()`, then catch up."""

    def __init__(self, saves: Path, code: str) -> None:
        """Raises OSError when this platform or folder cannot have a bell (see `listen`)."""
        if not hasattr(socket, "AF_UNIX"):
            raise OSError(errno.EAFNOSUPPORT, "no unix sockets here")
        self.folder = session_folder(saves, code)
        if not _private_folder(self.folder):
            raise OSError(errno.EPERM, f"{self.folder} is not a private folder of this user")
        self.name = f"{os.getpid()}-{secrets.token_hex(4)}"
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        folder_fd: int | None = None
        try:
            folder_fd = os.open(self.folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            address = _address(self.folder, self.name, folder_fd)
            if address is None:
                raise OSError(errno.ENAMETOOLONG, f"{self.folder} is too deep for a socket")
            self.sock.bind(address)
            os.chmod(self.folder / self.name, 0o600)
            self.sock.setblocking(False)
        except BaseException:
            self.sock.close()
            _remove(self.folder, self.name)
            raise
        finally:
            if folder_fd is not None:
                os.close(folder_fd)

    def fileno(self) -> int:
        return self.sock.fileno()

    def drain(self) -> int:
        """Read every ring waiting (many commits wake a listener once); how many there were."""
        count = 0
        while True:
            try:
                if not self.sock.recv(64):
                    return count
            except (BlockingIOError, InterruptedError):
                return count
            except OSError:
                return count
            count += 1

    def close(self) -> None:
        _remove(self.folder, self.name)
        self.sock.close()
        with contextlib.suppress(OSError):
            self.folder.rmdir()  # only when this was the last listener


def listen(saves: Path, code: str) -> Listener | None:
    """A listener for session `code`, or None where there can be none (no unix sockets, a
    folder that is not ours or too deep): the caller's safety check then does the work."""
    try:
        return Listener(saves, code)
    except OSError:
        return None
