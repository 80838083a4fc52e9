"""The `crisis` command. Thin: each subcommand hands over to a front end or the engine.

Heavy modules are imported inside the commands so that `crisis --help` and the TUI's first screen
do not pay for what they do not use.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click


class Settings:
    def __init__(self, saves: str | None, scenarios: tuple[str, ...]):
        self.saves_option = saves
        self.scenario_dirs = [Path(p) for p in scenarios]

    @property
    def saves(self) -> Path:
        from .paths import saves_dir

        return saves_dir(self.saves_option)


def _echo(text: str = "", **options) -> None:
    """Print, without control characters: text from a scenario or a save must never reach the
    terminal as an escape sequence (retitling the window, filling the clipboard)."""
    from .engine.text import printable

    click.echo(printable(str(text)), **options)


def _emit(text: str, output: Path | None) -> None:
    """Write to `output` (saying so), or print; control characters are dropped either way."""
    from .engine.text import printable

    text = printable(text)
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        _echo(f"Wrote {output}")
    else:
        _echo(text, nl=False)


SAVES_HELP = (
    "Folder for saved games (also $CRISIS_SAVES). Default: saves/ in a source checkout, "
    "otherwise your user data folder."
)
SCENARIOS_HELP = "Extra scenario folder or file to offer (may be repeated)."


def _late_saves(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.find_object(Settings).saves_option = value  # type: ignore[union-attr]


def _late_scenarios(ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]) -> None:
    settings = ctx.find_object(Settings)
    if settings is not None:
        settings.scenario_dirs += [Path(p) for p in value]


class Command(click.Command):
    """A subcommand that also takes the global options, so that `crisis play X --saves DIR`
    works as well as `crisis --saves DIR play X`."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.params += [
            click.Option(
                ["--saves", "late_saves"], metavar="DIR", expose_value=False, callback=_late_saves,
                help=SAVES_HELP,
            ),
            click.Option(
                ["--scenarios", "late_scenarios"], metavar="PATH", multiple=True, expose_value=False,
                callback=_late_scenarios, help=SCENARIOS_HELP,
            ),
        ]  # fmt: skip


def _show_version(ctx: click.Context) -> None:
    from . import __version__

    click.echo(f"crisis, version {__version__}")
    ctx.exit()


class Group(click.Group):
    command_class = Command


@click.group(
    cls=Group,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option("--saves", metavar="DIR", envvar="CRISIS_SAVES", help=SAVES_HELP)
@click.option("--scenarios", "scenario_dirs", metavar="PATH", multiple=True, help=SCENARIOS_HELP)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, _param, value: _show_version(ctx) if value else None,
    help="Show the version and exit.",
)
@click.pass_context
def main(ctx: click.Context, saves: str | None, scenario_dirs: tuple[str, ...]) -> None:
    """Face the decisions of historical crises, then see what actually happened.

    With no command, opens the game."""
    ctx.obj = Settings(saves, scenario_dirs)
    if ctx.invoked_subcommand != "validate":  # validate always checks in full
        from .engine.cache import use_cache
        from .paths import cache_dir

        use_cache(cache_dir())
    if ctx.invoked_subcommand is None:
        from .tui.launch import run_app

        sys.exit(run_app(ctx.obj.saves, ctx.obj.scenario_dirs))


@main.command("list")
@click.pass_obj
def list_scenarios(settings: Settings) -> None:
    """List the scenarios: id, title, period, minutes, roles."""
    from .engine.catalog import catalogue

    for entry in catalogue(settings.scenario_dirs):
        if entry.loaded is None:
            _echo(
                f"{entry.id:<24} (does not load: {len(entry.problems)} problem(s); "
                f"run 'crisis validate {entry.path}')"
            )
            continue
        s = entry.loaded.scenario
        roles = ", ".join(r.name for r in s.roles)
        _echo(f"{s.id:<24} {s.title}")
        _echo(
            f"{'':<24} {s.period.label or s.period.start} · about {s.minutes} min · roles: {roles}"
        )


WARNINGS_SHOWN = 3  # of each warning code per file, unless --all


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help=f"List every warning; by default only the first {WARNINGS_SHOWN} of each kind per file.",
)
def validate(paths: tuple[Path, ...], strict: bool, fmt: str, show_all: bool = False) -> None:
    """Check scenario files. Exit 0 when clean, 1 when there are errors."""
    from .engine.loader import collector_paused

    # Checking makes many objects and no garbage cycles: the cyclic collector would only walk
    # the same objects again and again. What is left of them when it is turned back on (the
    # last scenario, left for the end of the process) joins its oldest generation at once.
    with collector_paused():
        _validate(paths, strict, fmt, show_all)


def _validate(paths: tuple[Path, ...], strict: bool, fmt: str, show_all: bool) -> None:
    from .engine.diagnostics import Severity
    from .engine.loader import check_bytes
    from .engine.shortlist import Shortlist

    # A text listing shows the first few warnings of each kind: the others are only counted,
    # and never placed in the file (with thousands of one kind, that is most of the time).
    listed = None if show_all or fmt == "json" else WARNINGS_SHOWN
    results = []
    failed = False
    for path in paths:
        files = sorted(path.glob("*.y*ml")) if path.is_dir() else [path]
        if not files:
            click.echo(f"{path}: no scenario files (*.yaml, *.yml) found in this folder", err=True)
            failed = True
        for file in files:
            shortlist = None if listed is None else Shortlist(listed)
            try:
                content = [file.read_bytes()]
            except OSError as exc:
                from .engine.diagnostics import Diagnostic

                found = [
                    Diagnostic(
                        "E001", f"cannot read the file: {exc.strerror or exc}", str(file), 0, 0
                    )
                ]
            else:
                # Handed over with no other reference kept here, the file's bytes are let go
                # of while it is checked (see check_bytes).
                found, loaded = check_bytes(content.pop(), str(file), shortlist)
                # The last file's scenario (the one file, most often) is left for the end of
                # the process (see `run`); each one before it is let go of as the next is read.
                _LEFT_FOR_THE_END[:] = [loaded]
                del loaded
            left_out = {} if shortlist is None else shortlist.left_out
            errors = [d for d in found if d.severity is Severity.error or strict]
            failed = failed or bool(errors) or (strict and bool(left_out))
            results.append((file, found, left_out))
    if fmt == "json":
        _echo(
            json.dumps(
                [
                    {
                        "file": str(f),
                        "ok": not any(d.severity is Severity.error or strict for d in ds),
                        "diagnostics": [d.to_json() for d in ds],
                    }
                    for f, ds, _ in results
                ],
                indent=2,
            )
        )
    else:
        from .authoring.excerpt import SourceLines, with_excerpt

        for file, found, left_out in results:
            shown, hidden = _grouped(found, listed, left_out)
            lines = SourceLines.read(file, {d.line for d in shown})
            for d in shown:
                label = "error" if d.severity is Severity.error else "warning"
                _echo(f"{label}: " + with_excerpt(d, lines))
            for code, count in hidden.items():
                kind = "warning" if count == 1 else "warnings"
                _echo(f"… and {count} more {code} {kind} like these (list them all with --all)")
            n_err = sum(1 for d in found if d.severity is Severity.error)
            n_warn = len(found) - n_err + sum(left_out.values())
            status = "ok" if not n_err and not (strict and n_warn) else "FAILED"
            _echo(f"{file}: {status} ({n_err} error(s), {n_warn} warning(s))")
    sys.exit(1 if failed else 0)


def _grouped(
    found: list, limit: int | None, left_out: dict[str, int]
) -> tuple[list, dict[str, int]]:
    """The diagnostics to print, and how many of each warning code were left out (counting
    those the check left out already, unplaced).

    A scenario written without `why` can have hundreds of W506: listing a few shows what to fix,
    a count shows how much. Errors are always listed in full."""
    if limit is None:
        return found, {}
    seen: dict[str, int] = {}
    shown = []
    for d in found:
        if d.code.startswith("W"):
            seen[d.code] = seen.get(d.code, 0) + 1
            if seen[d.code] > limit:
                continue
        shown.append(d)
    for code, n in left_out.items():
        seen[code] = seen.get(code, 0) + n
    return shown, {code: n - limit for code, n in seen.items() if n > limit}


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to a file.")
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the scenario format (for editors)."""
    from .engine.schema import schema_text

    _emit(schema_text(), output)


@main.command()
@click.argument("scenario")
@click.option("--plain", is_flag=True, help="Plain text on standard input/output: no TUI.")
@click.option(
    "--seed", type=int, default=None, help="Seed for chance events (same seed, same events)."
)
@click.option(
    "--follow-history",
    is_flag=True,
    help="Play the documented choices: a guided tour of what really happened.",
)
@click.option("--role", help="Play one role; other sides do what history did.")
@click.option(
    "--briefings",
    is_flag=True,
    help="With --plain: print every role's briefing, secret and objectives before the game.",
)
@click.option("--preset", help="A lesson preset of the scenario (e.g. a 15-minute path).")
@click.option(
    "--class",
    "for_class",
    is_flag=True,
    help="A class session on this screen: roles, hot seat, votes, facilitator (F2).",
)
@click.option(
    "--watch",
    is_flag=True,
    help="For authors: reload the scenario whenever its file is saved, keeping your place.",
)
@click.pass_obj
def play(
    settings: Settings,
    scenario: str,
    plain: bool,
    seed: int | None,
    follow_history: bool,
    role: str | None,
    preset: str | None,
    for_class: bool,
    watch: bool,
    briefings: bool = False,
) -> None:
    """Play SCENARIO: a bundled id (see 'crisis list') or a path to a YAML file."""
    import random

    if watch and not plain and not for_class:
        loaded = _load_or_watch(settings, scenario, role)
    else:
        loaded = _load_or_fail(settings, scenario)
    path = Path(loaded.path)
    s = loaded.scenario
    if role is not None and s.role(role) is None:
        raise click.BadParameter(
            f"no role '{role}'; roles: {', '.join(r.id for r in s.roles)}", param_hint="--role"
        )
    if preset is not None and not any(p.id == preset for p in s.presets):
        known = ", ".join(p.id for p in s.presets) or "none"
        raise click.BadParameter(f"no preset '{preset}'; presets: {known}", param_hint="--preset")
    if watch and plain:
        raise click.UsageError("--watch needs the terminal game, not --plain")
    if briefings and not plain:
        raise click.UsageError(
            "--briefings is for --plain; the terminal game shows each role's briefing when "
            "you pick the role"
        )
    if for_class and not plain:
        from .tui.launch import run_app

        sys.exit(run_app(settings.saves, settings.scenario_dirs, class_setup=loaded))
    if seed is None:
        seed = random.randrange(1_000_000)
    from .engine.game import Game

    if plain and for_class and preset is None:
        from .plain.runner import ask_preset

        preset = ask_preset(s, sys.stdout, sys.stdin.readline)
    game = Game(loaded, seed=seed, role=role, preset=preset)
    if plain:
        from .plain.runner import ask_group, ask_players, play_plain

        if briefings:
            from .engine.text import PrintableStream
            from .plain.briefings import print_briefings

            print_briefings(game, PrintableStream(sys.stdout))  # type: ignore[arg-type]  # a TextIO in all but name
        stdin = sys.stdin
        stdout = sys.stdout
        group = ask_group(stdout, stdin.readline) if for_class else ""
        players = ask_players(s, stdout, stdin.readline, preset) if for_class else None
        sys.exit(
            play_plain(
                game,
                settings.saves,
                stdout,
                stdin.readline,
                follow_history=follow_history,
                interactive=stdin.isatty(),
                players=players,
                group=group,
            )
        )
    from .tui.launch import run_app

    sys.exit(
        run_app(settings.saves, settings.scenario_dirs, game=game, watch=path if watch else None)
    )


def _load_or_watch(settings: Settings, scenario: str, role: str | None):
    """With --watch, a file that does not load yet opens the game anyway: its problems are
    shown in the app, and the game starts by itself once the file is saved without errors."""
    from .engine.diagnostics import ScenarioError
    from .engine.loader import load_file

    path = Path(scenario)
    if not path.is_file():
        return _load_or_fail(settings, scenario)  # a bundled id, or nothing to watch
    try:
        return load_file(path)
    except ScenarioError:
        from .tui.launch import run_app

        sys.exit(run_app(settings.saves, settings.scenario_dirs, watch=path, watch_role=role))


def _load_or_fail(settings: Settings, scenario: str):
    from .engine.catalog import resolve
    from .engine.diagnostics import ScenarioError
    from .engine.loader import load_file

    try:
        return load_file(resolve(scenario, settings.scenario_dirs))
    except LookupError as exc:
        raise click.ClickException(str(exc)) from None
    except ScenarioError as exc:
        for d in exc.diagnostics:
            _echo(d.format(), err=True)
        raise click.ClickException(f"{scenario} has errors; run 'crisis validate' on it") from None


@main.command()
@click.argument("name")
@click.option(
    "--roles",
    type=click.IntRange(1, 6),
    default=2,
    show_default=True,
    help="How many roles the starter has.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Where to write it (default: NAME as a file name, in this folder).",
)
def new(name: str, roles: int, output: Path | None) -> None:
    """Write a starter scenario that validates and plays as it is, ready to be rewritten."""
    from .authoring.starter import slug, starter
    from .engine.schema import schema_text

    path = output or Path(f"{slug(name)}.yaml")
    if path.exists():
        raise click.ClickException(f"{path} already exists; choose another name or -o FILE")
    schema_path = path.parent / "scenario-v1.schema.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(starter(name, roles, schema_path.name), encoding="utf-8")
    if not schema_path.exists():
        schema_path.write_text(schema_text(), encoding="utf-8")
    _echo(f"Wrote {path} (and {schema_path.name} for your editor).")
    _echo(f"Next: crisis validate {path}   then   crisis play {path}")


@main.command()
@click.argument("scenario")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["mermaid", "dot", "html"]),
    default="mermaid",
    show_default=True,
    help="html: one self-contained page with the drawing, to open in any browser.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to a file.")
@click.pass_obj
def graph(settings: Settings, scenario: str, fmt: str, output: Path | None) -> None:
    """The node graph: endings by category, history's path in bold, chances with weights."""
    from .authoring.graph import to_dot, to_mermaid
    from .authoring.graph_html import to_html

    loaded = _load_or_fail(settings, scenario)
    render = {"mermaid": to_mermaid, "dot": to_dot, "html": to_html}[fmt]
    _emit(render(loaded.scenario), output)


@main.command()
@click.argument("scenario")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="The HTML file to write.",
)
@click.pass_obj
def book(settings: Settings, scenario: str, output: Path) -> None:
    """The whole scenario as one printable page: every node, choice, history block and source."""
    from .authoring.book import to_book

    loaded = _load_or_fail(settings, scenario)
    _emit(to_book(loaded.scenario), output)


@main.command()
@click.argument("scenario")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option(
    "--runs",
    type=click.IntRange(1, 10_000_000),
    default=10_000,
    show_default=True,
    help="Random playthroughs when there are too many positions to count exactly.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for those runs.")
@click.option(
    "--limit",
    type=click.IntRange(100, 10_000_000),
    default=200_000,
    show_default=True,
    help="Most positions to walk before switching to random playthroughs.",
)
@click.pass_obj
def explore(
    settings: Settings, scenario: str, as_json: bool, runs: int, seed: int, limit: int
) -> None:
    """Walk every reachable position; exit 1 if anything is unreachable or stuck."""
    from .authoring.report import explore_text
    from .engine.explore import explore as walk

    loaded = _load_or_fail(settings, scenario)
    result = walk(loaded, limit=limit, runs=runs, seed=seed)
    if as_json:
        _echo(json.dumps(result.to_json(), indent=2))
    else:
        _echo(explore_text(loaded.scenario, result))
    sys.exit(1 if result.problems else 0)


def _read_save(path: Path, settings: Settings):
    from .engine.catalog import scenario_for_save
    from .engine.diagnostics import ScenarioError
    from .engine.saves import SaveError, read
    from .engine.text import printable

    try:
        save = read(path)
    except SaveError as exc:
        raise click.ClickException(printable(f"{path}: {exc}")) from None
    try:
        loaded = scenario_for_save(save.data["scenario"], settings.scenario_dirs)
    except (LookupError, ScenarioError) as exc:
        raise click.ClickException(
            printable(
                f"{path}: cannot load its scenario '{save.scenario_id}' ({exc}); "
                "pass its folder with --scenarios"
            )
        ) from None
    return save, loaded


@main.command()
@click.argument("save", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to a file.")
@click.pass_obj
def debrief(settings: Settings, save: Path, fmt: str, output: Path | None) -> None:
    """A debrief of one saved game: the path against history, votes, reasons, sources."""
    from .engine.saves import restore
    from .reports.debrief import build
    from .reports.render_html import debrief_html
    from .reports.render_md import debrief_markdown

    saved, loaded = _read_save(save, settings)
    restored = restore(saved, loaded)
    for problem in restored.problems:
        _echo(f"note: {problem}", err=True)
    extra = saved.data.get("extra") or {}
    report = build(
        restored.game,
        group=extra.get("group") or saved.data.get("name"),
        players=extra.get("players") or {},
    )
    _emit(debrief_html(report) if fmt == "html" else debrief_markdown(report) + "\n", output)


@main.command()
@click.argument(
    "saves", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False)
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "md", "html"]),
    default="text",
    show_default=True,
    help="text: tables and bars for the terminal.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to a file.")
@click.pass_obj
def report(settings: Settings, saves: tuple[Path, ...], fmt: str, output: Path | None) -> None:
    """A class report over many groups' saves of one scenario."""
    from .engine.saves import SaveError, read
    from .reports.classreport import build
    from .reports.render_html import class_report_html
    from .reports.render_md import class_report_markdown, class_report_text

    first, loaded = _read_save(saves[0], settings)
    files = [first]
    for path in saves[1:]:
        try:
            files.append(read(path))
        except SaveError as exc:
            _echo(f"skipped {path}: {exc}", err=True)
    result = build(loaded, files)
    if fmt == "html":
        _emit(class_report_html(result), output)
    elif fmt == "md":
        _emit(class_report_markdown(result), output)
    else:
        _emit(class_report_text(result), output)


@main.command()
@click.argument("scenario")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("handouts"),
    show_default=True,
    help="Folder to write into.",
)
@click.pass_obj
def handouts(settings: Settings, scenario: str, output: Path) -> None:
    """Printable role cards, note sheets and the teacher's sheet (HTML and Markdown)."""
    from .reports.handouts import write_handouts

    loaded = _load_or_fail(settings, scenario)
    for path in write_handouts(loaded.scenario, output):
        _echo(f"Wrote {path}")


@main.command()
@click.argument("scenario", required=False)
@click.option("--seed", type=int, default=None, help="Seed for chance events.")
@click.option("--preset", help="A lesson preset of the scenario.")
@click.option("--resume", metavar="CODE", help="Continue a live session from the database.")
@click.option(
    "--roles",
    "roles_mode",
    type=click.Choice(["open", "assigned"]),
    default="open",
    show_default=True,
    help="open: anyone with the room's code picks a role. assigned: every seat gets its own "
    "code, printed here, and sees only its role.",
)
@click.option(
    "--seats-per-role",
    type=click.IntRange(1, 20),
    default=1,
    show_default=True,
    help="With --roles assigned: how many seat codes each role gets.",
)
@click.option(
    "--max-seats",
    type=click.IntRange(1, 200),
    default=40,
    show_default=True,
    help="Most seats the session takes.",
)
@click.pass_obj
def host(
    settings: Settings,
    scenario: str | None,
    seed: int | None,
    preset: str | None,
    resume: str | None,
    roles_mode: str,
    seats_per_role: int,
    max_seats: int,
) -> None:
    """Start (or resume) a live session and open the crisis room; prints the join code."""
    import random

    from .live.codes import display
    from .live.session import LiveGame
    from .live.store import LiveError, LiveStore, database, restore_rescued
    from .tui.live.host_app import HostApp

    try:
        if resume:
            try:
                rescued = restore_rescued(settings.saves)
            except OSError as exc:
                raise click.ClickException(f"cannot restore the rescued copy: {exc}") from None
            if rescued is not None:
                click.echo(f"The session database was missing: restored it from {rescued}.")
            live = LiveGame.open(settings.saves, resume)
            live.store.touch(live.code)
        else:
            if scenario is None:
                raise click.UsageError("name a scenario to host, or --resume CODE")
            loaded = _load_or_fail(settings, scenario)
            try:
                raw = Path(loaded.path).read_bytes()
            except OSError as exc:
                raise click.ClickException(f"cannot read {loaded.path}: {exc.strerror}") from None
            store = LiveStore(database(settings.saves))
            code = store.create(
                loaded.scenario.id,
                loaded.path,
                raw,
                seed if seed is not None else random.randrange(1_000_000),
                preset,
                roles=roles_mode,
                role_ids=[r.id for r in loaded.scenario.roles],
                seats_per_role=seats_per_role,
                max_seats=max_seats,
            )
            store.close()
            live = LiveGame.open(settings.saves, code)
        slips = _seat_slips(settings.saves, live)
    except LiveError as exc:
        raise click.ClickException(str(exc)) from None
    shown = display(live.code)
    if slips is None:
        _echo(f"Join code: {shown}   (students: crisis join {shown} --role ROLE --name NAME)")
    else:
        _echo(f"Session {shown}: every seat joins with its own code (crisis join CODE).")
        _echo(slips.read_text(encoding="utf-8"), nl=False)
        _echo(f"These seat codes are also in {slips} (readable only by you), for slips.")
    host = HostApp(settings.saves, live)
    host.set_start_up_aside = True
    host.run()
    _echo(f"The session {shown} is saved; resume it with: crisis host --resume {shown}")


def _seat_slips(saves: Path, live) -> Path | None:
    """For an assigned-roles session: write each seat's code to a private file (to print and
    cut into slips) and return its path; None for open roles."""
    import os

    from .live.codes import display

    rows = live.store.seat_codes(live.code)
    if not rows:
        return None
    lines = []
    for role_id, token, name in rows:
        role = live.game.scenario.role(role_id)
        label = role.name if role else role_id
        taken = f"  (taken by {name})" if name else ""
        lines.append(f"  {label:<28} {display(token)}{taken}\n")
    path = saves / f"live-{live.code.lower()}-seat-codes.txt"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(f"{live.game.scenario.title}: seat codes\n" + "".join(lines))
        os.chmod(path, 0o600)
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror}") from None
    return path


@main.command()
@click.argument("code", required=False, default="")
@click.option("--role", default="", help="Your role's id (the join screen lists them).")
@click.option("--name", default="", help="Your name, as the class will see it.")
@click.option("--plain", is_flag=True, help="Plain text (for screen readers): no TUI.")
@click.pass_obj
def join(settings: Settings, code: str, role: str, name: str, plain: bool) -> None:
    """Take a seat in a live session: your role's view and your decisions.

    CODE is the crisis room's code, or your own seat code (given by the teacher, or shown
    when you first joined): with a seat code you are put back in your seat."""
    from .live.store import LiveError, LiveStore, WrongCode, database

    seat_code = None
    try:
        store = LiveStore(database(settings.saves))
        if code:
            access = store.lookup(code)
            if access.role and role and role != access.role:
                raise LiveError(f"That seat code is for the role '{access.role}'.")
            role = role or access.role or ""
            name = name or access.name or ""
            seat_code = access.token
            session_code = access.session.code
        store.close()
    except WrongCode as exc:
        raise click.ClickException(f"{exc} Check the code on the teacher's screen.") from None
    except LiveError as exc:
        raise click.ClickException(str(exc)) from None
    if plain:
        if not (code and role and name):
            raise click.UsageError("--plain needs the code, --role and --name")
        from .plain.seat import play_plain_seat

        stdin = sys.stdin
        out = sys.stdout
        try:
            played = play_plain_seat(settings.saves, session_code, role, name, out,
                                     interactive=stdin.isatty(), seat_code=seat_code)  # fmt: skip
        except LiveError as exc:
            raise click.ClickException(str(exc)) from None
        sys.exit(played)
    from .live.serving import seat_link_code
    from .tui.live.seat_app import SeatApp

    linked = "" if code else seat_link_code()  # a browser seat opened from a join link
    seat = SeatApp(settings.saves, code or linked, role, name, from_link=bool(linked))
    seat.set_start_up_aside = True
    seat.run()


@main.command()
@click.option(
    "--host",
    "bind",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but this machine must be asked for.",
)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--seats",
    type=click.IntRange(1, 500),
    default=40,
    show_default=True,
    help="Most browser seats at once (each is its own process, about 25 MB).",
)
@click.option(
    "--seats-per-address",
    type=click.IntRange(1, 500),
    default=3,
    show_default=True,
    help="Most seats from one address (raise it if the class reaches this machine through "
    "one router address).",
)
@click.pass_obj
def serve(settings: Settings, bind: str, port: int, seats: int, seats_per_address: int) -> None:
    """Serve seats to browsers: students open the address and join with the session's code."""
    import shlex

    from .live import serving
    from .live.serve import SeatServer
    from .live.store import LiveError, LiveStore, database
    from .live.warm import Zygote

    try:
        LiveStore(database(settings.saves)).close()  # a database that cannot open fails here
    except LiveError as exc:
        raise click.ClickException(str(exc)) from None
    command = shlex.join([sys.executable, "-m", "game", "--saves", str(settings.saves), "join"])
    base = serving.reachable_base(bind, port)
    _echo(f"Serving seats at {base}/  (Ctrl+C stops)")
    _echo(
        f"A join link fills the code in: {base}{serving.PATH}CODE, with the room's code or a "
        "seat code. The crisis room shows its link while this runs."
    )
    _echo(f"At most {seats} seats, {seats_per_address} per address.")
    if bind not in ("127.0.0.1", "localhost", "::1"):
        _echo("Listening beyond this machine: anyone who can reach it needs the join code.")
    serving.announce(settings.saves, base)
    try:
        SeatServer(
            command,
            host=bind,
            port=port,
            title="Crisis — join a live session",
            per_address=seats_per_address,
            total=seats,
            zygote=Zygote(settings.saves),
        ).serve()
    finally:
        serving.withdraw(settings.saves)


# What a command made that the process may leave behind when it ends (see `run`).
_LEFT_FOR_THE_END: list[object] = []


def run() -> None:
    """`crisis` as a process of its own: the installed command and `python -m game`.

    Taking a checked scenario of ten thousand nodes apart, object by object, costs a tenth of
    `crisis validate`'s time, and the operating system takes the whole process back at once.
    So when a command has left what it made for the end (only `validate` does, and it starts no
    thread and leaves no file open), the process ends as soon as its output is written, without
    the interpreter's teardown. In any other case, and whenever `main` is called in a process
    that goes on (tests), everything ends as usual."""
    try:
        main()
    except SystemExit as end:
        if not _LEFT_FOR_THE_END:
            raise
        code = _exit_status(end.code)
    else:  # (click ends every command with SystemExit; this is for a `main` that returns)
        if not _LEFT_FOR_THE_END:
            return
        code = 0
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # output cut short (`| head`): as Python itself reports it
        code = code or 120
    os._exit(code)


def _exit_status(code: object) -> int:
    """The status `sys.exit(code)` ends a process with."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1
