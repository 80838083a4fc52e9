"""How fast can someone guess a join code? `python -m benchmarks.bench_guess [SECONDS] [SOURCES]`

Tries random codes against the join path of a fresh session database (as `crisis join` and the
join screen do), from one or several source addresses, and prints the guesses made and refused
per second.
"""

from __future__ import annotations

import secrets
import sys
import tempfile
import time
from pathlib import Path

from game.live.store import LiveError, LiveStore, database


def guess(seconds: float, sources: int) -> tuple[int, int]:
    folder = Path(tempfile.mkdtemp())
    store = LiveStore(database(folder))
    store.create("x", "x.yaml", b"", seed=1)
    lookup = getattr(store, "lookup", None)
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    tried = refused = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        code = "".join(secrets.choice(alphabet) for _ in range(12))
        source = f"10.0.0.{tried % sources}"
        try:
            if lookup is not None:
                lookup(code, source=source)
            else:
                store.session(code)
        except LiveError as exc:
            if "wait" in str(exc):
                refused += 1
                continue
        tried += 1
    return tried, refused


if __name__ == "__main__":
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    sources = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    tried, refused = guess(seconds, sources)
    print(
        f"{tried / seconds:,.1f} codes checked per second, {refused / seconds:,.1f} refused "
        f"unchecked per second ({sources} source address(es), {seconds:.0f} s)"
    )
