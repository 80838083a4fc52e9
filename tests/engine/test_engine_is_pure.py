import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.bench_validate import crisis_scenario

ROOT = Path(__file__).resolve().parents[2]
SMALL = crisis_scenario(6)

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


def test_a_plain_file_is_checked_without_loading_the_exact_reader(tmp_path: Path) -> None:
    # PyYAML and its event objects are a long scenario's slow path and a few MiB of memory that
    # `crisis validate` on a plain file, clean or with a slip, never needs; a file that only the
    # exact reader reads alike (here, a tab) still gets them.
    files = {
        "clean": crisis_scenario(50),
        "slipped": SMALL.replace("title: Step 3", "titel: Step 3"),
        "tabbed": SMALL.replace("title: Step 3", "title:\tStep 3"),
    }
    probe = (
        "import sys; from game.engine.loader import check_bytes; "
        "found, _ = check_bytes(open(sys.argv[1], 'rb').read(), sys.argv[1]); "
        "print(sorted({d.code for d in found}), 'yaml' in sys.modules)"
    )
    seen = {}
    for name, text in files.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-c", probe, str(path)], capture_output=True, text=True, check=True
        )
        seen[name] = done.stdout.strip()
    assert seen == {
        "clean": "['W501'] False",
        "slipped": "['E101', 'W501'] False",
        "tabbed": "['W501'] True",
    }


@pytest.mark.parametrize(("setting", "stands_in"), [(None, True), ("", False)])
def test_pydantic_plugins_are_neither_looked_for_nor_loaded_unless_asked_for(
    setting: str | None, stands_in: bool
) -> None:
    # Looking for plugins reads every installed package's metadata, and loading pydantic's
    # plugin loader loads importlib.metadata: a tenth of a start. Whoever sets the variable
    # (here to "", plugins on) gets pydantic's own loader, and the same results.
    probe = (
        "import sys; from benchmarks.bench_validate import crisis_scenario; "
        "from game.engine.loader import check_bytes; "
        "found, loaded = check_bytes(crisis_scenario(20).encode(), 'x.yaml'); "
        "print(loaded is not None, sorted({d.code for d in found}), "
        "'importlib.metadata' in sys.modules)"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if setting is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = setting
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env,
        cwd=ROOT,
    )
    assert done.stdout.strip() == f"True ['W501'] {not stands_in}"
