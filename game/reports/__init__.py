"""Reports written from a game: debriefs for the player and the classroom."""
