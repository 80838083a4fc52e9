"""The game's pure core: scenario format, loading, validation, game state, history, saves.

Nothing here imports a user interface; every front end is built on these modules.
"""
