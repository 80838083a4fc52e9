"""`crisis serve`: seats in a browser, through textual-serve, with limits.

Every browser connection runs its own seat process, so the number of them is capped, per
address and in all. A seat is forked from a warm process that has already imported everything
(game/live/warm.py), so it starts in a fraction of the time and shares most of its memory;
without that process a seat is a fresh `crisis join`. A connection over the cap is answered with a short
message and no process. The page itself refers to nothing outside this server (textual-serve's
own page loads a font from the internet, which a school network may block). Each seat process
is told the browser's address, so wrong codes count against that address.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections import Counter
from pathlib import Path
from typing import Any

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from .serving import PATH, link_code
from .warm import EXIT_SECONDS, WarmSeat, Zygote

PAGE_DIR = Path(__file__).resolve().parent / "serve_page"
PER_ADDRESS = 3
TOTAL = 40
WARM_WAIT = 30.0  # seconds serving waits for the warm seat process before it starts anyway
FULL_LINGER = 20.0  # seconds the "full" message stays up before the socket closes
_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$")

log = logging.getLogger("crisis.serve")


class SeatService(AppService):
    """One seat process, told which address its browser connects from."""

    def __init__(
        self,
        *args: Any,
        source: str,
        zygote: Zygote | None = None,
        code: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.source = source
        self.zygote = zygote
        self.code = code  # from a join link, already checked to be code-shaped
        self.warm: WarmSeat | None = None

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        environment["CRISIS_SEAT_SOURCE"] = self.source
        if self.code:
            environment["CRISIS_SEAT_CODE"] = self.code
        return environment

    def zygote_environment(self) -> dict[str, str]:
        """A seat's environment without what differs from seat to seat: the zygote imports
        Textual with it, and Textual reads its settings once, on import."""
        environment = self._build_environment()
        for name in ("CRISIS_SEAT_SOURCE", "CRISIS_SEAT_CODE", "COLUMNS", "ROWS"):
            environment.pop(name, None)
        return environment

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        """Forked from the zygote when it is there, else the command as a fresh process."""
        if self.zygote is not None:
            self.warm = await self.zygote.fork(self._build_environment(width, height))
            if self.warm is not None:
                # What run() and stop() use of a subprocess, a WarmSeat has.
                self._process = self.warm  # type: ignore[assignment]
                self._stdin = self.warm.stdin
                return self.warm
        return await super()._open_app_process(width, height)

    async def stop(self) -> None:
        """Stop the seat and wait until its process has ended (ending it if it does not),
        so the caps count only seats that are still running."""
        try:
            await super().stop()
        finally:
            if self.warm is not None:
                await self.warm.finish()
            elif self._process is not None:
                await ended(self._process)


async def ended(process: asyncio.subprocess.Process) -> None:
    try:
        await asyncio.wait_for(process.wait(), EXIT_SECONDS)
    except TimeoutError:
        log.warning("seat process %s did not end when asked", process.pid)
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()


class SeatServer(Server):
    def __init__(
        self,
        command: str,
        host: str = "127.0.0.1",
        port: int = 8000,
        title: str = "Crisis",
        per_address: int = PER_ADDRESS,
        total: int = TOTAL,
        zygote: Zygote | None = None,
    ) -> None:
        """`command` starts a seat as a fresh process; with a `zygote`, seats are forked from
        it instead whenever it is ready."""
        super().__init__(command, host=host, port=port, title=title, templates_path=PAGE_DIR)
        self.per_address, self.total = per_address, total
        self.running: Counter[str] = Counter()
        self.zygote = zygote

    def full_for(self, address: str) -> str | None:
        """Why a new seat from `address` cannot start now, or None."""
        if sum(self.running.values()) >= self.total:
            return (
                f"All {self.total} seats of this server are in use. Wait a moment and open "
                "the page again, or ask the teacher."
            )
        if self.running[address] >= self.per_address:
            return (
                f"This computer already has {self.per_address} seats open here. Close one "
                "of its tabs, then open the page again."
            )
        return None

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        # A join link: the same page, whose seat starts with the code filled in.
        app.router.add_get(PATH + "{code}", self.handle_index, name="join")
        app.router.add_get("/ws" + PATH + "{code}", self.handle_websocket, name="join-ws")
        return app

    async def on_startup(self, app: web.Application) -> None:
        # (No banner: the command prints its own.) The server listens once seats can start
        # warm, so the first pages opened are as quick as the rest.
        if self.zygote is not None:
            self.zygote.start(self._service("").zygote_environment())
            if not await self.zygote.wait_ready(WARM_WAIT):
                log.warning("seats start as fresh processes until the warm one is ready")

    async def on_shutdown(self, app: web.Application) -> None:
        await super().on_shutdown(app)
        if self.zygote is not None:
            await self.zygote.stop()

    def _service(
        self,
        address: str,
        websocket: web.WebSocketResponse | None = None,
        code: str | None = None,
    ) -> SeatService:
        async def nowhere(*_: object) -> None:
            pass

        return SeatService(
            self.command,
            write_bytes=websocket.send_bytes if websocket else nowhere,
            write_str=websocket.send_str if websocket else nowhere,
            close=websocket.close if websocket else nowhere,
            download_manager=self.download_manager,
            debug=self.debug,
            source=address,
            zygote=self.zygote,
            code=code,
        )

    def _base(self, request: web.Request) -> tuple[str, str]:
        """(http, ws) base address as the browser reached us; the Host header is only
        trusted when it looks like a host name."""
        host = request.host if _HOST.match(request.host or "") else f"{self.host}:{self.port}"
        secure = request.scheme == "https"
        return f"{'https' if secure else 'http'}://{host}", f"{'wss' if secure else 'ws'}://{host}"

    async def handle_index(self, request: web.Request) -> web.Response:
        import aiohttp_jinja2

        _, ws = self._base(request)
        socket_path = "/ws"
        if "code" in request.match_info:
            code = link_code(request.match_info["code"])
            if code is None:
                raise web.HTTPNotFound(text="That is not a join code. Check the link.")
            socket_path += PATH + code
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{ws}{socket_path}",
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.title},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    @staticmethod
    async def _drain(websocket: web.WebSocketResponse) -> None:
        """Ignore what the page sends (its size, pings) until it goes away."""
        async for _ in websocket:
            pass

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        address = request.remote or "unknown"
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        refusal = self.full_for(address)
        if refusal is not None:
            log.info("refused a seat for %s: full", address)
            await websocket.send_bytes(f"\r\n\r\n   {refusal}\r\n".encode())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._drain(websocket), FULL_LINGER)
            await websocket.close()
            return websocket
        code = link_code(request.match_info.get("code", ""))
        self.running[address] += 1
        service: SeatService | None = None
        try:
            service = self._service(address, websocket, code)
            await service.start(
                to_int(request.query.get("width", "80"), 80),
                to_int(request.query.get("height", "24"), 24),
            )
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # a broken connection must not stop the server
            log.exception(error)
        finally:
            if service is not None:
                await service.stop()
            self.running[address] -= 1
            if self.running[address] <= 0:
                del self.running[address]
        return websocket
