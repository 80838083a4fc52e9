"""Widgets of the Textual front end, one per module."""
