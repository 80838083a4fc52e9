"""Join codes and seat codes: long enough that guessing is hopeless, easy to read aloud.

A code is 12 characters from 32 (60 bits), shown in groups of four: `KXR7-2MPQ-W9TD`. The
alphabet leaves out 0/O and 1/I, which are misread on a projector. Typing is forgiving: any case,
with or without dashes or spaces. Session codes and seat codes share one form.
"""

from __future__ import annotations

import math
import secrets

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 12
GROUP = 4
BITS = LENGTH * math.log2(len(ALPHABET))


def new_code() -> str:
    """A fresh code, without dashes (the form kept in the database)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(code: str) -> str:
    """What was typed, as stored: upper case, letters and digits only."""
    return "".join(ch for ch in code.upper() if ch.isascii() and ch.isalnum())


def display(code: str) -> str:
    """A stored code as it is shown and read out: KXR7-2MPQ-W9TD."""
    plain = normalise(code)
    if len(plain) != LENGTH:
        return plain
    return "-".join(plain[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def complete(code: str) -> bool:
    """Long enough to be looked up (the join screen checks only then, not at every keystroke)."""
    return len(normalise(code)) >= LENGTH
