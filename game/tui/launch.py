"""Starting the Textual app (placeholder until the app lands)."""

from __future__ import annotations

from pathlib import Path


def run_app(saves: Path, scenario_dirs: list[Path], game=None) -> int:
    import click

    click.echo("The terminal game is not built yet; use 'crisis play SCENARIO --plain'.")
    return 0
