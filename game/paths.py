"""Where saves go."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def checkout_dir() -> Path | None:
    """The project folder when the game runs from a source checkout, else None."""
    top = PACKAGE_DIR.parent
    return top if (top / "pyproject.toml").is_file() and (top / "scenarios").is_dir() else None


def saves_dir(option: str | None = None) -> Path:
    """`--saves`, else $CRISIS_SAVES, else the checkout's saves/, else the user data folder."""
    if option:
        return Path(option).expanduser()
    if os.environ.get("CRISIS_SAVES"):
        return Path(os.environ["CRISIS_SAVES"]).expanduser()
    top = checkout_dir()
    if top is not None:
        return top / "saves"
    from platformdirs import user_data_dir

    return Path(user_data_dir("crisis", appauthor=False)) / "saves"


def cache_dir() -> Path | None:
    """Where compiled scenarios are kept: $CRISIS_CACHE ("off" for none), else the user cache
    folder."""
    chosen = os.environ.get("CRISIS_CACHE")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("crisis", appauthor=False)) / "compiled"
