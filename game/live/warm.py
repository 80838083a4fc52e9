"""`crisis serve`'s side of the seat zygote (game/tui/live/seat_zygote.py): start it, ask it
for a seat, and notice when it has gone. A seat it starts looks to textual-serve like the
process it would have started itself (stdin, stdout and stderr streams, a pid, an exit code).

When the zygote is not there (still importing, or dead), `fork` answers None and the server
starts the seat as a fresh process, as it always could; a dead zygote is started again.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path
from typing import Any

from . import warm_wire

FORK_SECONDS = 10.0  # no answer by then: the zygote is stuck, the seat starts the old way
READY_SECONDS = 60.0
RESTART_SECONDS = (1.0, 5.0, 30.0)  # waits before starting a dead zygote again
EXIT_SECONDS = 5.0  # a stopped seat gets this long to end by itself before it is killed
MODULE = "game.tui.live.seat_zygote"

log = logging.getLogger("crisis.serve")


class WarmSeat:
    """A seat forked by the zygote, with what textual-serve uses of a subprocess."""

    def __init__(
        self,
        pid: int,
        stdin: asyncio.StreamWriter,
        stdout: asyncio.StreamReader,
        stderr: asyncio.StreamReader,
        transports: list[asyncio.BaseTransport],
        control: socket.socket,
    ) -> None:
        self.pid, self.stdin, self.stdout, self.stderr = pid, stdin, stdout, stderr
        self.returncode: int | None = None
        self._transports, self._control = transports, control
        self._ended = asyncio.Event()
        self._watch = asyncio.create_task(self._hear_exit())

    async def _hear_exit(self) -> None:
        loop = asyncio.get_running_loop()
        heard = b""
        try:
            while b"\n" not in heard:
                more = await loop.sock_recv(self._control, 256)
                if not more:
                    break
                heard += more
            if b"\n" in heard:
                self.returncode = int(json.loads(heard.split(b"\n", 1)[0])["exit"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
        finally:
            self._ended.set()  # exited, or the zygote is gone and cannot tell us any more

    async def wait(self) -> int | None:
        await self._ended.wait()
        return self.returncode

    def send_signal(self, word: str) -> None:
        with contextlib.suppress(OSError):
            self._control.send(word.encode() + b"\n")

    async def finish(self) -> None:
        """After textual-serve has stopped it: let it end, end it if it does not, and close
        our ends of its pipes."""
        for word in ("term", "kill"):
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._ended.wait()), EXIT_SECONDS)
                break
            log.warning("seat process %s did not end when asked: %s", self.pid, word)
            self.send_signal(word)
        self.close()

    def close(self) -> None:
        for transport in self._transports:
            transport.close()
        self._watch.cancel()
        self._control.close()


class Zygote:
    """The warm process that seats are forked from, in a private folder of its own."""

    def __init__(self, saves: Path) -> None:
        self.saves = saves
        self.folder: Path | None = None
        self.process: asyncio.subprocess.Process | None = None
        self.ready = False
        self._became_ready = asyncio.Event()
        self.environment: dict[str, str] = {}
        self._keeper: asyncio.Task[None] | None = None
        self._stopping = False

    @property
    def socket_path(self) -> Path:
        assert self.folder is not None, "started"
        return self.folder / "zygote"

    # --- its life ---------------------------------------------------------------------------

    def start(self, environment: dict[str, str]) -> None:
        """Start it in the background, with the environment a seat process gets (Textual
        reads some of it once, on import); seats start the old way until it is ready."""
        self.environment = environment
        self.folder = Path(tempfile.mkdtemp(prefix="crisis-seats-"))  # 0700: only we connect
        self._keeper = asyncio.create_task(self._keep())

    async def _keep(self) -> None:
        failures = 0
        while not self._stopping:
            started = await self._run_once()
            if self._stopping:
                return
            failures = 0 if started else failures + 1
            wait = RESTART_SECONDS[min(failures, len(RESTART_SECONDS) - 1)]
            log.warning(
                "the warm seat process stopped; seats start as fresh processes until it is "
                "back (in %.0f s)",
                wait,
            )
            await asyncio.sleep(wait)

    async def _run_once(self) -> bool:
        """Run one zygote until it ends; whether it got as far as ready."""
        with contextlib.suppress(FileNotFoundError):
            self.socket_path.unlink()
        try:
            self.process = process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", MODULE, str(self.socket_path), str(self.saves),
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                env=self.environment,
            )  # fmt: skip
        except OSError as error:
            log.warning("could not start the warm seat process: %s", error)
            return False
        assert process.stdout is not None
        ready = False
        with contextlib.suppress(TimeoutError, OSError):
            line = await asyncio.wait_for(process.stdout.readline(), READY_SECONDS)
            ready = line == warm_wire.READY
        if ready:
            self.ready = True
            self._became_ready.set()
            log.info("seats start warm, forked from process %s", process.pid)
            await process.stdout.read()  # nothing more comes until it ends
        else:
            log.warning("the warm seat process did not get ready")
            with contextlib.suppress(ProcessLookupError):
                process.kill()
        self.ready = False
        self._became_ready.clear()
        await process.wait()
        return ready

    async def wait_ready(self, most: float) -> bool:
        """Wait (at most `most` seconds) until seats can be forked; whether they can."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._became_ready.wait(), most)
        return self.ready

    async def stop(self) -> None:
        self._stopping = True
        self.ready = False
        process = self.process
        if process is not None and process.returncode is None:
            if process.stdin is not None:
                process.stdin.close()  # its lifeline: it ends by itself
            try:
                await asyncio.wait_for(process.wait(), EXIT_SECONDS)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
        if self._keeper is not None:
            self._keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._keeper
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    # --- seats ------------------------------------------------------------------------------

    async def fork(self, environment: dict[str, str]) -> WarmSeat | None:
        """A seat forked from the zygote, or None (with a log line) when it cannot give one."""
        if not self.ready:
            return None
        try:
            return await asyncio.wait_for(self._fork(environment), FORK_SECONDS)
        except (OSError, ValueError, KeyError, TypeError, TimeoutError) as error:
            log.warning("the warm seat process gave no seat (%s); starting a fresh one", error)
            return None

    async def _fork(self, environment: dict[str, str]) -> WarmSeat:
        loop = asyncio.get_running_loop()
        pipes = [os.pipe() for _ in range(warm_wire.SEAT_FDS)]
        theirs = [pipes[0][0], pipes[1][1], pipes[2][1]]  # the seat's stdin, stdout, stderr
        ours = [
            os.fdopen(pipes[0][1], "wb", buffering=0),
            os.fdopen(pipes[1][0], "rb", buffering=0),
            os.fdopen(pipes[2][0], "rb", buffering=0),
        ]
        control = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        control.setblocking(False)
        pid: int | None = None
        try:
            try:
                await loop.sock_connect(control, str(self.socket_path))
                request = warm_wire.encode_request(environment)
                sent = socket.send_fds(control, [request], theirs)
                if sent < len(request):
                    await loop.sock_sendall(control, request[sent:])
            finally:
                for fd in theirs:
                    os.close(fd)
            answer = b""
            while b"\n" not in answer:
                more = await loop.sock_recv(control, 256)
                if not more:
                    raise OSError("the zygote closed the connection")
                answer += more
            reply = json.loads(answer.split(b"\n", 1)[0])
            if "pid" not in reply:
                raise OSError(str(reply.get("error", reply)))
            pid = int(reply["pid"])
            return await self._wrap(pid, ours, control)
        except BaseException:
            if pid is not None:  # a seat nobody will talk to: end it
                with contextlib.suppress(OSError):
                    control.send(b"kill\n")
            for end in ours:
                end.close()
            control.close()
            raise

    @staticmethod
    async def _wrap(pid: int, ours: list[Any], control: socket.socket) -> WarmSeat:
        loop = asyncio.get_running_loop()
        stdin_file, stdout_file, stderr_file = ours
        write, protocol = await loop.connect_write_pipe(
            asyncio.streams.FlowControlMixin, stdin_file
        )
        stdin = asyncio.StreamWriter(write, protocol, None, loop)
        readers: list[asyncio.StreamReader] = []
        transports: list[asyncio.BaseTransport] = [write]
        for pipe in (stdout_file, stderr_file):
            reader = asyncio.StreamReader()
            transport, _ = await loop.connect_read_pipe(
                functools.partial(asyncio.StreamReaderProtocol, reader), pipe
            )
            readers.append(reader)
            transports.append(transport)
        return WarmSeat(pid, stdin, readers[0], readers[1], transports, control)
