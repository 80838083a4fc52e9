"""Plain-text mode: the whole game on standard input and output, for screen readers and scripts."""
