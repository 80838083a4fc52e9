"""The seat zygote of `crisis serve`: one process that has already imported Textual and the
seat and played one seat through (`rehearsal.py`), and forks a child for each browser seat, so
a seat does not start as a fresh Python that imports everything again (about a second of a
core each, and its own copy of every module) or parses and caches what every seat would.

    python -m game.tui.live.seat_zygote SOCKET SAVES

It stays single-threaded (a fork copies only the thread that calls it) and answers one request
at a time on SOCKET (see game/live/warm_wire.py). A child becomes exactly what `crisis join`
with no code would be: the seat's pipes as its stdin, stdout and stderr, the environment the
server gives a seat process, and the seat app. The zygote ends when its stdin, which only the
server holds, closes, and ends the seats it still has then.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import selectors
import signal
import socket
import sys
import threading
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from ...live import warm_wire

if TYPE_CHECKING:
    from .rehearsal import Rehearsed

REQUEST_SECONDS = 5.0  # a request that has not fully arrived by then is dropped
# A seat starting makes many short-lived objects; collecting the youngest every 700 of them
# (Python's default) took a few percent of each seat's CPU while a class joined at once.
SEAT_YOUNG_THRESHOLD = 20_000


def prepare() -> Rehearsed | None:
    """Import everything a seat runs and rehearse one seat (`rehearsal.py`), then set it all
    aside from the garbage collector: the children share these pages as long as nothing writes
    to them, and a collection would. Without a rehearsal (it failed: said on stderr) seats
    still start, only slower."""
    gc.disable()
    import importlib

    import textual.drivers.web_driver  # noqa: F401 - the driver every browser seat uses

    from .rehearsal import RehearsalError, rehearse
    from .seat_app import SEAT_MODULES

    for name in SEAT_MODULES:
        importlib.import_module(name)
    rehearsed: Rehearsed | None = None
    try:
        rehearsed = rehearse()
    except RehearsalError:
        raise
    except Exception:
        print("seat zygote: the rehearsal failed; seats start without it", file=sys.stderr)
        traceback.print_exc()
    if threading.active_count() > 1:  # a fork copies only this thread, not a lock another holds
        raise RehearsalError(f"threads running before the first fork: {threading.enumerate()}")
    gc.collect()  # the rehearsal's app and screens, before what is left is frozen
    gc.freeze()
    return rehearsed


def run_seat(saves: Path, rehearsed: Rehearsed | None = None) -> int:
    """What `crisis join` does with no code: the join form (filled in from a join link),
    then the seat."""
    from ...engine.cache import use_cache
    from ...live.serving import seat_link_code
    from ...paths import cache_dir
    from .seat_app import SeatApp

    use_cache(cache_dir())
    code = seat_link_code()
    app = SeatApp(saves, code, from_link=bool(code))
    app.set_start_up_aside = True
    if rehearsed is not None:
        rehearsed.lend(app)
    app.run()
    return app.return_code or 0


class Zygote:
    def __init__(
        self, listener: socket.socket, saves: Path, rehearsed: Rehearsed | None = None
    ) -> None:
        self.listener, self.saves, self.rehearsed = listener, saves, rehearsed
        self.selector = selectors.DefaultSelector()
        self.wake_read, self.wake_write = socket.socketpair()
        self.children: dict[int, socket.socket | None] = {}  # pid -> its server connection
        self.owners: dict[socket.socket, int] = {}

    def serve(self) -> None:
        for end in (self.wake_read, self.wake_write):
            end.setblocking(False)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops us by closing stdin
        signal.signal(signal.SIGCHLD, lambda *_: None)  # wakes the loop through wake_write
        signal.set_wakeup_fd(self.wake_write.fileno())
        self.selector.register(self.listener, selectors.EVENT_READ, "accept")
        self.selector.register(self.wake_read, selectors.EVENT_READ, "reap")
        self.selector.register(sys.stdin.fileno(), selectors.EVENT_READ, "lifeline")
        os.write(sys.stdout.fileno(), warm_wire.READY)
        while True:
            for key, _ in self.selector.select():
                if key.data == "accept":
                    self.accept()
                elif key.data == "reap":
                    self.reap()
                elif key.data == "lifeline":
                    if not os.read(sys.stdin.fileno(), 512):
                        self.end_seats()
                        return
                else:
                    self.from_server(key.fileobj)  # type: ignore[arg-type]

    def accept(self) -> None:
        try:
            connection, _ = self.listener.accept()
        except OSError:
            return
        fds: list[int] = []
        try:
            connection.settimeout(REQUEST_SECONDS)
            environment, fds = self.read_request(connection)
            pid = os.fork()
            if pid == 0:
                self.become_seat(connection, fds, environment)
            connection.sendall(warm_wire.line(pid=pid))
        except (OSError, ValueError) as error:
            with contextlib.suppress(OSError):
                connection.sendall(warm_wire.line(error=str(error)))
            connection.close()
            return
        finally:
            for fd in fds:
                os.close(fd)
        connection.setblocking(False)
        self.children[pid] = connection
        self.owners[connection] = pid
        self.selector.register(connection, selectors.EVENT_READ, "server")

    @staticmethod
    def read_request(connection: socket.socket) -> tuple[dict[str, str], list[int]]:
        data, fds, _, _ = socket.recv_fds(connection, 1 << 16, warm_wire.SEAT_FDS)
        try:
            if len(fds) != warm_wire.SEAT_FDS:
                raise ValueError(f"{len(fds)} pipe ends, not {warm_wire.SEAT_FDS}")
            while len(data) < warm_wire.LENGTH_BYTES:
                data += Zygote.receive(connection)
            length = warm_wire.request_length(data)
            while len(data) < warm_wire.LENGTH_BYTES + length:
                data += Zygote.receive(connection)
            return warm_wire.decode_environment(data[warm_wire.LENGTH_BYTES :]), fds
        except BaseException:
            for fd in fds:
                os.close(fd)
            raise

    @staticmethod
    def receive(connection: socket.socket) -> bytes:
        more = connection.recv(1 << 16)
        if not more:
            raise ValueError("the request ended early")
        return more

    def from_server(self, connection: socket.socket) -> None:
        """The server says "term" or "kill" for the seat, or closes the connection once it
        no longer needs to hear how the seat ends."""
        pid = self.owners[connection]
        try:
            said = connection.recv(512)
        except BlockingIOError:
            return
        except OSError:
            said = b""
        if not said:
            self.forget(connection)
            self.children[pid] = None
            return
        words = said.split()
        for word, number in ((b"term", signal.SIGTERM), (b"kill", signal.SIGKILL)):
            if word in words:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, number)  # not yet reaped by us, so still this seat

    def reap(self) -> None:
        with contextlib.suppress(OSError):
            while self.wake_read.recv(512):
                pass
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            connection = self.children.pop(pid, None)
            if connection is not None:
                with contextlib.suppress(OSError):
                    connection.setblocking(True)
                    connection.sendall(warm_wire.line(exit=os.waitstatus_to_exitcode(status)))
                self.forget(connection)

    def forget(self, connection: socket.socket) -> None:
        with contextlib.suppress(KeyError, ValueError):
            self.selector.unregister(connection)
        self.owners.pop(connection, None)
        connection.close()

    def end_seats(self) -> None:
        """The server has gone, so no browser can reach these seats any more: end them (a
        seat whose input closes would otherwise wait for keys for ever)."""
        for pid in self.children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    def become_seat(
        self, connection: socket.socket, fds: list[int], environment: dict[str, str]
    ) -> NoReturn:
        """In the child: drop everything of the zygote's, take the seat's pipes and
        environment, run the seat, and never return into the zygote's loop."""
        code = 1
        try:
            signal.set_wakeup_fd(-1)
            for number in (signal.SIGCHLD, signal.SIGTERM):
                signal.signal(number, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            self.selector.close()
            for held in (self.listener, self.wake_read, self.wake_write, connection,
                         *self.owners):  # fmt: skip
                held.close()
            for target, fd in enumerate(fds):
                os.dup2(fd, target)
            for fd in fds:
                os.close(fd)
            os.environ.clear()
            os.environ.update(environment)
            gc.enable()
            gc.set_threshold(SEAT_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
            code = run_seat(self.saves, self.rehearsed)
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        except BaseException:
            traceback.print_exc()
        finally:
            with contextlib.suppress(Exception):
                sys.stdout.flush()
                sys.stderr.flush()
            os._exit(code)


def main(argv: list[str]) -> None:
    path, saves = argv
    rehearsed = prepare()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    try:
        Zygote(listener, Path(saves), rehearsed).serve()
    finally:  # the server may have gone without tidying up: leave nothing behind
        with contextlib.suppress(OSError):
            os.unlink(path)
            os.rmdir(os.path.dirname(path))


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except Exception as error:  # the server falls back to fresh processes; say why
        print(f"seat zygote: {json.dumps(str(error))}", file=sys.stderr)
        sys.exit(1)
