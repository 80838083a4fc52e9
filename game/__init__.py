"""crisis: a decision-point crisis simulation game."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("crisis")  # one version, declared in pyproject.toml
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0+unknown"
