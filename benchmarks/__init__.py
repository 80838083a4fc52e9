"""Speed figures for the game, each a ratio to a baseline measured in the same run."""

import os
import sys

# An installed game has its modules' bytecode, written at install or on first start. Where the
# environment forbids writing it, every process measured here would compile the game's own
# modules again at each start, a cost the peer (compiled when it was installed) never pays and no
# player sees twice; so the processes measured here may write it, as on a player's machine.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False
