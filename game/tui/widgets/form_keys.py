"""Keys that move between the fields of a form, in the order they were typed.

Without priority a Tab or an Enter travels through the field being left first, and letters
typed right after it land in that field: names typed fast ran together ("Chloe, DanEve"), and a
show of hands typed "5, Enter, 3" counted 53 for the first choice. With priority the screen
moves the focus before the next key is handled.
"""

from __future__ import annotations

from textual.binding import Binding

FIELD_KEYS = [
    Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
    Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    Binding("enter", "next_field", "Next field", show=False, priority=True),
]
