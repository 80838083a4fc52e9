import subprocess
import sys

# What the engine may never load: the project's own front ends, reports, live sessions and tools,
# and the libraries that only they use.
FORBIDDEN = (
    "textual",
    "rich",
    "click",
    "jinja2",
    "textual_serve",
    "sqlite3",
    "game.tui",
    "game.plain",
    "game.live",
    "game.reports",
    "game.authoring",
    "game.cli",
)


def test_engine_imports_no_front_end():
    code = (
        "import sys, pkgutil, importlib, game.engine as e\n"
        "for m in pkgutil.iter_modules(e.__path__):\n"
        "    importlib.import_module('game.engine.' + m.name)\n"
        f"forbidden = {FORBIDDEN!r}\n"
        "bad = sorted(n for n in sys.modules if any(n == f or n.startswith(f + '.') "
        "for f in forbidden))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""

