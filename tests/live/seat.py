"""A seat as a separate process, for the live-session tests: `python -m tests.live.seat FOLDER
CODE ACTION ...`. Prints one JSON line describing what happened."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from game.live.session import LiveGame
from game.live.store import Conflict


def main() -> None:
    folder, code, action, *args = sys.argv[1:]
    live = LiveGame.open(Path(folder), code)
    result: dict[str, object] = {}
    if action == "join":
        role, name = args
        result["token"] = live.store.join(code, role, name)
    elif action == "vote":
        name, role, choice, reason = args
        live.vote(name, role, choice, reason)
    elif action == "race":
        start_at, choice = float(args[0]), args[1]
        while time.time() < start_at:  # both processes go at the same instant
            time.sleep(0.001)
        try:
            live.decide(choice, seat=sys.argv[-1])
            result["won"] = True
        except Conflict:
            result["won"] = False
    elif action == "linger":
        role, name = args
        token = live.store.join(code, role, name)
        print(json.dumps({"token": token}), flush=True)
        time.sleep(60)  # killed by the test
    elif action == "state":
        pass
    live.sync()
    result["node"] = live.game.state.node_id
    result["seq"] = live.seq
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
