"""A seat as a separate process, for the live-session tests: `python -m tests.live.seat FOLDER
CODE ACTION ...`. Prints one JSON line describing what happened."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from game.engine.flow import FlowError
from game.live.flow import live_flow
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
        role, name, choice, reason = args
        seat = live.store.find_seat(code, role, name)
        flow = live_flow(live, seat.token if seat else None)
        flow.begin()  # the briefing was read
        try:
            flow.choose(choice, reason, voter=(role, name))
        except FlowError as exc:
            result["refused"] = str(exc)
    elif action == "race":
        # Decide as a seat at a given moment; the seat saw the decision before that moment.
        # It says when it is ready, then reads the moment (`time.time()` plus a delay).
        role, name, choice, delay = args[0], args[1], args[2], float(args[3])
        token = live.store.join(code, role, name)
        flow = live_flow(live, token)
        flow.begin()
        flow.pending((role, name))
        print("ready", flush=True)
        start_at = float(sys.stdin.readline()) + delay
        while time.time() < start_at:
            time.sleep(0.0005)
        try:
            flow.choose(choice, voter=(role, name))
            result["won"] = True
        except (Conflict, FlowError) as exc:
            result["won"] = False
            result["told"] = str(exc)
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
