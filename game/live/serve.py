"""`crisis serve`: seats in a browser, through textual-serve, with limits.

Every browser connection runs its own `crisis join` process (about 54 MB), so the number of
them is capped, per address and in all; a connection over the cap is answered with a short
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

PAGE_DIR = Path(__file__).resolve().parent / "serve_page"
PER_ADDRESS = 3
TOTAL = 40
FULL_LINGER = 20.0  # seconds the "full" message stays up before the socket closes
_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$")

log = logging.getLogger("crisis.serve")


class SeatService(AppService):
    """One seat process, told which address its browser connects from."""

    def __init__(self, *args: Any, source: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source = source

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        environment["CRISIS_SEAT_SOURCE"] = self.source
        return environment


class SeatServer(Server):
    def __init__(
        self,
        command: str,
        host: str = "127.0.0.1",
        port: int = 8000,
        title: str = "Crisis",
        per_address: int = PER_ADDRESS,
        total: int = TOTAL,
    ) -> None:
        super().__init__(command, host=host, port=port, title=title, templates_path=PAGE_DIR)
        self.per_address, self.total = per_address, total
        self.running: Counter[str] = Counter()

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

    async def on_startup(self, app: web.Application) -> None:
        pass  # the command prints its own banner

    def _base(self, request: web.Request) -> tuple[str, str]:
        """(http, ws) base address as the browser reached us; the Host header is only
        trusted when it looks like a host name."""
        host = request.host if _HOST.match(request.host or "") else f"{self.host}:{self.port}"
        secure = request.scheme == "https"
        return f"{'https' if secure else 'http'}://{host}", f"{'wss' if secure else 'ws'}://{host}"

    async def handle_index(self, request: web.Request) -> web.Response:
        import aiohttp_jinja2

        _, ws = self._base(request)
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{ws}/ws",
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
        self.running[address] += 1
        service: SeatService | None = None
        try:
            service = SeatService(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
                source=address,
            )
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
