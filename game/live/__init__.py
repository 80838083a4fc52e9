"""Live sessions: every role at its own terminal or browser, one shared crisis."""
