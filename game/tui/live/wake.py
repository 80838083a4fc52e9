"""Wake a live app when its session's bell rings (see `live/bell.py`)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from pathlib import Path

from textual.app import App

from ...live import bell


class Wake:
    """Calls `catch_up` on the app's own message queue soon after any process commits a change
    to the session; many rings before it runs make one call. Without a bell (no unix sockets
    here) it does nothing, and the app's safety check is all there is."""

    def __init__(self, app: App, saves: Path, code: str, catch_up: Callable[[], None]) -> None:
        self.app, self.catch_up = app, catch_up
        self.due = False
        self.listener = bell.listen(saves, code)
        self.loop: asyncio.AbstractEventLoop | None = None
        if self.listener is not None:
            try:
                self.loop = asyncio.get_running_loop()
                self.loop.add_reader(self.listener.fileno(), self._rung)
            except (RuntimeError, NotImplementedError):  # no loop, or one without add_reader
                self.listener.close()
                self.listener, self.loop = None, None

    @property
    def listening(self) -> bool:
        return self.listener is not None

    def _rung(self) -> None:
        assert self.listener is not None
        self.listener.drain()
        if not self.due:
            self.due = self.app.call_later(self._run)

    def _run(self) -> None:
        self.due = False
        self.catch_up()

    def close(self) -> None:
        if self.listener is not None:
            if self.loop is not None:
                with contextlib.suppress(Exception):  # the loop may be closing already
                    self.loop.remove_reader(self.listener.fileno())
            self.listener.close()
            self.listener = None
