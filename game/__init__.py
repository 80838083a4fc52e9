"""crisis: a decision-point crisis simulation game."""

__version__ = "0.1.0"
