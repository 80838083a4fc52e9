"""Live sessions in the terminal (and, through textual-serve, the browser): seats and the host."""
