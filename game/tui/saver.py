"""Autosaves written off the event loop.

A save is written with fsync, which can take tens of milliseconds on a busy disk; written on the
event loop it held up the next screen after every decision. The app takes a snapshot of the game
(`Recorder.autosave_data`) at once and this writes it on one background thread, newest first per
file: a snapshot still waiting when a newer one comes is replaced by it. `flush` waits for every
write, and the app calls it when it closes, so a game is never left unsaved on exit.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..engine.saves import write_atomic


class BackgroundSaver:
    def __init__(self, on_error: Callable[[OSError], object]) -> None:
        self._on_error = on_error
        self._changed = threading.Condition()
        self._pending: dict[Path, dict[str, Any]] = {}
        self._writing = False
        self._thread: threading.Thread | None = None

    def submit(self, path: Path, data: dict[str, Any]) -> None:
        with self._changed:
            self._pending[path] = data
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="autosave", daemon=True)
                self._thread.start()
            self._changed.notify_all()

    def flush(self) -> None:
        """Return once everything submitted so far is on disk (or has failed)."""
        with self._changed:
            while self._pending or self._writing:
                self._changed.wait()

    def _run(self) -> None:
        while True:
            with self._changed:
                while not self._pending:
                    self._changed.wait()
                path = next(iter(self._pending))
                data = self._pending.pop(path)
                self._writing = True
            try:
                write_atomic(path, data)
            except OSError as exc:
                with contextlib.suppress(RuntimeError):  # the app has closed: nobody to tell
                    self._on_error(exc)
            finally:
                with self._changed:
                    self._writing = False
                    self._changed.notify_all()
