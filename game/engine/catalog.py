"""Finding scenarios: the bundled ones, folders given by the player, and single files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, ScenarioError
from .loader import LoadedScenario, load_file

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def bundled_dir() -> Path:
    """The bundled scenarios: inside the installed package, or the checkout's `scenarios/`."""
    installed = PACKAGE_DIR / "bundled_scenarios"
    return installed if installed.is_dir() else PACKAGE_DIR.parent / "scenarios"


def scenario_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


@dataclass
class Entry:
    """One scenario as listed in a picker: loaded, or its problems."""

    path: Path
    loaded: LoadedScenario | None
    problems: list[Diagnostic]

    @property
    def id(self) -> str:
        return self.loaded.scenario.id if self.loaded else self.path.stem


def catalogue(extra: list[Path] | None = None) -> list[Entry]:
    """Every scenario in the bundled folder and in `extra` folders or files, broken ones too."""
    paths: list[Path] = scenario_files(bundled_dir())
    for item in extra or []:
        paths += scenario_files(item) if item.is_dir() else [item]
    entries = []
    seen: set[Path] = set()
    for path in paths:
        if path.resolve() in seen:
            continue
        seen.add(path.resolve())
        try:
            entries.append(Entry(path, load_file(path), []))
        except ScenarioError as exc:
            entries.append(Entry(path, None, exc.diagnostics))
    return entries


def resolve(name: str, extra: list[Path] | None = None) -> Path:
    """A bundled id, an id in an extra folder, or a path to a YAML file."""
    as_path = Path(name)
    if as_path.suffix in (".yaml", ".yml") or as_path.is_file():
        return as_path
    for folder in [bundled_dir(), *(extra or [])]:
        for suffix in (".yaml", ".yml"):
            candidate = folder / f"{name}{suffix}"
            if candidate.is_file():
                return candidate
    known = [p.stem for p in scenario_files(bundled_dir())]
    raise LookupError(
        f"no scenario called '{name}'" + (f"; bundled: {', '.join(known)}" if known else "")
    )


def scenario_for_save(scenario_info: dict[str, object], extra: list[Path] | None = None) -> LoadedScenario:
    """The scenario a save belongs to: the file it was played from if it is still there and is
    the same scenario, else the scenario with that id among the bundled and extra ones."""
    wanted = str(scenario_info.get("id", ""))
    recorded = scenario_info.get("path")
    if isinstance(recorded, str) and Path(recorded).is_file():
        try:
            loaded = load_file(recorded)
            if loaded.scenario.id == wanted:
                return loaded
        except ScenarioError:
            pass
    return load_file(resolve(wanted, extra))
