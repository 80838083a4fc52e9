"""What `crisis serve` and its seat zygote say to each other over the zygote's unix socket.

One connection per seat. The server sends one request: a 4-byte length and the seat's
environment as JSON, with the three pipe ends that become the seat's stdin, stdout and stderr
attached to its first bytes. The zygote answers with lines of JSON: {"pid": n} once the seat
runs (or {"error": "..."}), then {"exit": code} when it ends. The server may write "term" or
"kill" to end the seat early; the zygote, which reaps it, is the one that signals it, so the
signal cannot reach a process that has taken over a finished seat's pid.
"""

from __future__ import annotations

import json

LENGTH_BYTES = 4
MOST_REQUEST_BYTES = 1 << 20  # an environment is a few KiB; anything larger is not ours
SEAT_FDS = 3  # stdin, stdout, stderr
READY = b"ready\n"  # the zygote's stdout, once it has imported everything and listens


def encode_request(environment: dict[str, str]) -> bytes:
    body = json.dumps(environment).encode("utf-8")
    return len(body).to_bytes(LENGTH_BYTES, "big") + body


def request_length(head: bytes) -> int:
    length = int.from_bytes(head[:LENGTH_BYTES], "big")
    if length > MOST_REQUEST_BYTES:
        raise ValueError(f"a request of {length} bytes")
    return length


def decode_environment(body: bytes) -> dict[str, str]:
    environment = json.loads(body.decode("utf-8"))
    if not isinstance(environment, dict) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in environment.items()
    ):
        raise ValueError("the environment is not a map of strings")
    return environment


def line(**fields: object) -> bytes:
    return json.dumps(fields).encode("utf-8") + b"\n"
