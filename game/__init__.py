"""crisis: a decision-point crisis simulation game."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # Looked up only when asked for (`crisis --version`): reading the installed package's
    # metadata costs a noticeable part of every start-up, the game's and each live seat's.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("crisis")  # one version, declared in pyproject.toml
        except PackageNotFoundError:  # running from a checkout that was never installed
            return "0+unknown"
    raise AttributeError(name)
