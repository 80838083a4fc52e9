"""Setting what an app made while starting aside from the garbage collector's full passes.

Once the first screen is up, what was made to get there (Textual and its widgets, the loaded
scenario, the stylesheet) mostly lives as long as the app. Every full collection would walk it
again, in the middle of play: measured on a game of the Bay of Pigs, such a pass took 40 to 170
ms and grew as the game went on, and a key that landed on one waited for it. Frozen after start,
those objects are left out of every later pass, which then walks only what play has made.
Objects are still freed as soon as nothing refers to them; only garbage cycles among the
frozen are kept, and start-up makes few.

Only a real run sets its start-up aside (`set_start_up_aside`): a test process runs hundreds
of apps, and each one's cycles would be kept for the rest of the run.
"""

from __future__ import annotations

import gc


class SetsStartUpAside:
    """Mixed into an app: with `set_start_up_aside` on, its start-up is frozen once it is
    ready (its first screen is up)."""

    set_start_up_aside = False

    def on_ready(self) -> None:
        if self.set_start_up_aside:
            gc.freeze()
