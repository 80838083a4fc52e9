"""The Textual app: holds the current game and its recorder, and moves between screens.

Screens are thin: they show views of the engine's `Game` and call the app's few moves
(`choose`, `advance`, `rewind`, ...), which call the engine and autosave. The engine and the
scenario loader are imported only when a game is started or a save is listed, so the title screen
comes up without paying for them.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from ..engine.text import printable

if TYPE_CHECKING:
    from ..engine.classroom import Classroom, Turn
    from ..engine.game import Game, Step
    from ..engine.loader import LoadedScenario
    from ..engine.saves import Recorder, SaveFile
    from ..engine.votes import VoteResult

THEMES = ("textual-dark", "textual-light", "ansi-dark", "ansi-light")


@dataclass
class Ballot:
    """One class decision in progress: whose turns, the votes so far, and the node's clock."""

    turns: list[Turn]
    remaining: float | None  # seconds left on the node's timer, shared by every turn
    votes: dict[str, str] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    leader_vote: str | None = None
    spent: float = 0.0
    pending: str | None = None  # the choice waiting for its reason
    solo: bool = False  # one player votes for each deciding role in turn

    @property
    def current(self) -> Turn:
        return self.turns[len(self.votes) + (self.leader_vote is not None)]

    @property
    def turn_number(self) -> int:
        return len(self.votes) + (self.leader_vote is not None) + 1

    @property
    def complete(self) -> bool:
        return len(self.votes) + (self.leader_vote is not None) >= len(self.turns)

    def spend(self, seconds: float) -> None:
        self.spent += seconds
        if self.remaining is not None:
            self.remaining = max(1.0, self.remaining - seconds)

    def record(self, turn: Turn, choice_id: str, reason: str) -> None:
        if turn.kind == "lead":
            self.leader_vote = choice_id
        else:
            self.votes[turn.voter] = choice_id
        if reason:
            self.reasons[turn.voter] = reason


class GameCommands(Provider):
    """The game's own commands in the command palette (ctrl+p)."""

    def _commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        app = self.app
        assert isinstance(app, CrisisApp)
        yield "New game", "Choose a scenario and start", app.action_new_game
        yield "Classroom session", "Roles, hot seat, votes, facilitator", app.action_new_class
        if app.classroom is not None:
            yield "Facilitator", "Pause, reveal, news, override, skip (F2)", app.action_facilitator
        yield "Continue", "Load the latest save", app.action_continue_latest
        yield "Load a saved game", "Every save, newest first", app.action_load
        if app.game is not None:
            yield "Save game as…", "Save with a name (ctrl+s)", app.action_save_as
            yield "Timeline", "Your decisions so far; rewind to one", app.action_timeline
            yield "Map", "The scenario's nodes, your path and history's", app.action_map
            yield "Export debrief", "Write a Markdown debrief", app.action_export_debrief
        yield "Help", "Keys and how to play", app.action_help
        yield "Back to title", "Leave the game (it is saved)", app.action_title
        for theme in THEMES:
            yield f"Theme: {theme}", "Switch colours", partial(app.set_theme, theme)

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


class CrisisApp(App[int]):
    # Absolute, so that subclasses defined elsewhere (tests, benchmarks) still find it.
    CSS_PATH = Path(__file__).with_name("crisis.tcss")
    TITLE = "Crisis"
    COMMANDS = App.COMMANDS | {GameCommands}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1,question_mark", "help", "Help", key_display="?"),
        Binding("ctrl+s", "save_as", "Save"),
        Binding("ctrl+t", "cycle_theme", "Theme", show=False),
        Binding("f2", "facilitator", "Facilitator", show=False),
        Binding("f5", "reload_watched", "Reload (watch mode)"),
    ]

    def __init__(
        self,
        saves: Path,
        scenario_dirs: list[Path] | None = None,
        game: Game | None = None,
        seed: int | None = None,
        watch: Path | None = None,
        class_setup: LoadedScenario | None = None,
    ) -> None:
        super().__init__()
        # A class session on this screen: who plays what, and the decision being voted on.
        self.classroom: Classroom | None = None
        self.ballot: Ballot | None = None
        self._class_setup = class_setup
        # Authors' live reload: the scenario file to watch, and when it was last seen.
        self.watch = watch
        self._watched_stamp = self._stamp()
        self.watch_role: str | None = None  # the role to start as once a broken file is fixed
        self.saves = saves
        self.scenario_dirs = list(scenario_dirs or [])
        self.game: Game | None = None
        self.recorder: Recorder | None = None
        self._initial_game = game
        # A fixed seed (tests, snapshots) makes chance events repeatable.
        self.fixed_seed = seed

    def get_default_screen(self) -> Screen:
        from .screens.title import TitleScreen

        return TitleScreen()

    def on_mount(self) -> None:
        if self._initial_game is not None:
            from ..engine.saves import Recorder

            self.start_game(self._initial_game, Recorder(self.saves))
        if self.watch is not None:
            self.set_interval(0.5, self.reload_if_changed)
            self.notify(
                f"Watching {self.watch.name}: each time you save it, the game reloads",
                title="Watch mode",
                timeout=10,
                markup=False,
            )
            if self._initial_game is None and self._class_setup is None:
                self._watched_stamp = None  # it did not load: show why now
                self.reload_if_changed()
        if self._class_setup is not None:
            from .screens.class_setup import ClassSetupScreen

            self.push_screen(ClassSetupScreen(self._class_setup))

    # -- live reload for authors -----------------------------------------------------------------
    def _stamp(self) -> tuple[float, int] | None:
        try:
            info = self.watch.stat() if self.watch else None
        except OSError:
            return None
        return (info.st_mtime, info.st_size) if info else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The footer shows "Reload (watch mode)" only when a file is watched.
        if action == "reload_watched":
            return self.watch is not None
        return True

    def action_reload_watched(self) -> None:
        self._watched_stamp = None
        self.reload_if_changed()

    def reload_if_changed(self) -> None:
        """Reload the watched scenario after it is saved: keep the player's place where the
        decisions still fit; show errors in the app and keep playing the last good version."""
        from ..engine.loader import check_bytes
        from ..engine.saves import replay_onto
        from .screens.problems import ProblemsScreen

        stamp = self._stamp()
        if stamp is None or stamp == self._watched_stamp or self.watch is None:
            return
        self._watched_stamp = stamp
        try:
            found, loaded = check_bytes(self.watch.read_bytes(), str(self.watch))
        except OSError:
            return  # caught mid-save; the next tick will see the finished file
        if isinstance(self.screen, ProblemsScreen):
            self.pop_screen()
        if loaded is None:
            problems = [d.format() for d in found if d.severity.value == "error"]
            title = (
                "The scenario has errors; still playing the last version that loaded"
                if self.game is not None
                else "The scenario has errors; fix them and save: the game starts by itself"
            )
            self.push_screen(ProblemsScreen(title, problems))
            return
        if self.game is None or self.recorder is None:
            role = self.watch_role if loaded.scenario.role(self.watch_role or "") else None
            self.new_game_from(loaded, role)
            return
        restored = replay_onto(self.game, loaded)
        self.start_game(restored.game, self.recorder)
        if restored.problems:
            self.push_screen(ProblemsScreen("Reloaded; your place changed", restored.problems))
        else:
            self.notify(f"Reloaded {self.watch.name}", markup=False)

    # -- screens -------------------------------------------------------------------------------
    def show(self, screen: Screen) -> None:
        """Show a game screen in place of whatever is above the title screen."""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) == 2:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def new_seed(self) -> int:
        return self.fixed_seed if self.fixed_seed is not None else random.randrange(1_000_000)

    # -- moves ---------------------------------------------------------------------------------
    def start_game(self, game: Game, recorder: Recorder) -> None:
        from ..engine.classroom import Classroom
        from .screens.briefing import BriefingScreen

        self.game, self.recorder = game, recorder
        self.classroom = Classroom.from_extra(recorder.extra)
        self.ballot = None
        if game.state.steps:
            self.next_position()
        else:
            self.show(BriefingScreen(game))

    def new_game_from(self, loaded: LoadedScenario, role: str | None) -> None:
        from ..engine.game import Game
        from ..engine.saves import Recorder

        self.start_game(Game(loaded, seed=self.new_seed(), role=role), Recorder(self.saves))

    def next_position(self) -> None:
        """Show the current node: the ending, an automatic decision's outcome, or a decision."""
        from ..engine.model import DecisionNode
        from .screens.decision import DecisionScreen
        from .screens.ending import EndingScreen

        game = self.game
        assert game is not None
        if game.finished:
            self.show(EndingScreen(game))
            return
        reason = game.automatic() if isinstance(game.node, DecisionNode) else None
        if reason is not None:
            choice = game.historical_choice()
            self.after_step(game.choose(choice.id, how=reason), always=True)
            return
        if self.classroom is not None and isinstance(game.node, DecisionNode):
            self.ballot = Ballot(
                self.classroom.turns(game.scenario, game.node), game.timer_seconds()
            )
            self.next_turn()
            return
        if self.solo_group_vote() and game.role is None:
            from ..engine.classroom import Classroom

            # One player, every side: each deciding officer votes in turn, and the rule decides.
            self.ballot = Ballot(
                Classroom({}).turns(game.scenario, game.node), game.timer_seconds(), solo=True
            )
            self.turn_ready()
            return
        self.show(DecisionScreen(game))

    def solo_group_vote(self) -> bool:
        """A decision several roles take together by a vote, in a game without a class."""
        from ..engine.classroom import is_group_vote

        return self.classroom is None and self.game is not None and is_group_vote(self.game.node)

    def choose(self, choice_id: str, how: str = "player", seconds: float | None = None) -> None:
        game = self.game
        assert game is not None
        if self.ballot is not None:
            self.cast(choice_id, how, seconds or 0.0)
            return
        if how == "player" and game.role is not None and self.solo_group_vote():
            # Playing one of several deciders: the others vote as history did.
            from ..engine.classroom import decide_by_vote, votes_with_history

            votes = votes_with_history(game, game.role, choice_id)
            step, _ = decide_by_vote(game, votes, tie_break=choice_id)
            self.after_step(step, always=True)
            return
        self.after_step(game.choose(choice_id, how=how, seconds=seconds))

    # -- class sessions: hot seat, votes, reasons -------------------------------------------------
    def start_class(
        self, loaded: LoadedScenario, room: Classroom, seed: int, preset: str | None
    ) -> None:
        from ..engine.game import Game
        from ..engine.saves import Recorder

        game = Game(loaded, seed=seed, preset=preset)
        self.start_game(game, Recorder(self.saves, extra=room.to_extra()))

    def next_turn(self) -> None:
        """Hand the keyboard to whoever is next. The hand-off screen replaces the last player's
        screen, so nothing secret stays visible; theirs appears only once they confirm."""
        from .screens.handoff import HandoffScreen

        game, ballot = self.game, self.ballot
        assert game is not None and ballot is not None
        turn = ballot.current
        role = game.scenario.role(turn.role)
        self.show(
            HandoffScreen(turn.voter, role.name if role else turn.role, turn.kind, game.node.title)
        )

    def turn_ready(self) -> None:
        """The player named on the hand-off screen is at the keyboard."""
        from rich.text import Text

        from .screens.decision import DecisionScreen
        from .screens.handoff import KIND_WORDS

        game, ballot = self.game, self.ballot
        if game is None or ballot is None:
            return
        turn = ballot.current
        role = game.scenario.role(turn.role)
        role_name = role.name if role else turn.role
        if ballot.solo:
            banner = Text(f" Vote as {role_name} ", style="bold reverse")
        else:
            banner = Text(f" {turn.voter} ", style="bold reverse")
            who = "" if turn.voter.startswith(role_name) else f"{role_name} "
            banner.append(f"  {who}{KIND_WORDS.get(turn.kind, 'decides')}")
        if len(ballot.turns) > 1:
            banner.append(f" · turn {ballot.turn_number} of {len(ballot.turns)}")
        if not ballot.solo:
            banner.append("   F2 facilitator", style="dim")
        self.show(
            DecisionScreen(
                game,
                viewer=turn.role,
                banner=banner,
                seconds=ballot.remaining,
                briefing=role.secret if role else None,
            )
        )

    def cast(self, choice_id: str, how: str, seconds: float) -> None:
        from .screens.reason import ReasonScreen

        game, ballot = self.game, self.ballot
        assert game is not None and ballot is not None
        ballot.spend(seconds)
        if how == "timeout":
            self.finish_vote(choice_id, "timeout")
            return
        ballot.pending = choice_id
        if ballot.solo:
            self.reason_given("")  # one player voting for each side: no reasons to collect
            return
        label = next(c.label for c in game.view().offered if c.id == choice_id)
        self.show(ReasonScreen(ballot.current.voter, label))

    def reason_given(self, reason: str) -> None:
        ballot = self.ballot
        if ballot is None or ballot.pending is None:
            return
        ballot.record(ballot.current, ballot.pending, reason)
        ballot.pending = None
        if ballot.complete:
            self.finish_vote()
        elif ballot.solo:
            self.turn_ready()
        else:
            self.next_turn()

    def finish_vote(self, forced: str | None = None, how: str | None = None) -> None:
        """Resolve the ballot by the node's rule and apply it as one decision."""
        from ..engine.classroom import Classroom
        from ..engine.model import DecisionNode

        game, ballot = self.game, self.ballot
        room = self.classroom or Classroom({})
        assert game is not None and ballot is not None
        node = game.node
        assert isinstance(node, DecisionNode)
        votes = dict(ballot.votes) or None
        reasons = dict(ballot.reasons) or None
        if forced is not None:
            choice, how_taken = forced, how or "override"
        else:
            result = room.resolve(node, ballot.votes, ballot.leader_vote)
            if result.choice is None:
                self.settle_tie(result, lambda choice_id: self.finish_vote(choice_id, "override"))
                return
            one_team = len(ballot.turns) == 1
            choice, how_taken = result.choice, "player" if one_team else result.how
        by = ballot.turns[-1].role if ballot.turns else None
        self.ballot = None
        if len(ballot.turns) == 1 and votes:
            # One team decided: keep its reason as the decision's reason, not as a vote.
            votes, reason = None, next(iter(reasons.values())) if reasons else None
            reasons = None
        else:
            reason = None
        step = game.choose(
            choice,
            how=how_taken,
            by=by,
            votes=votes,
            # Typed or pasted text: drop control characters rather than refuse the decision.
            reasons={k: printable(v) for k, v in reasons.items()} if reasons else reasons,
            reason=printable(reason) if reason else reason,
            seconds=ballot.spent,
        )
        self.after_step(step)

    def settle_tie(self, result: VoteResult, then: Callable[[str], None]) -> None:
        """A tied vote: the facilitator (or, playing alone, the player) picks among the tied."""
        from .screens.facilitator import PickScreen

        assert self.game is not None
        labels = {c.id: c.label for c in self.game.node.choices}  # type: ignore[attr-defined]

        def picked(choice_id: str | None) -> None:
            if choice_id:
                then(choice_id)

        items = [(c, labels.get(c, c)) for c in result.tied]
        self.push_screen(
            PickScreen("A tie: the facilitator decides", items, result.describe()), picked
        )

    # -- the facilitator -----------------------------------------------------------------------
    def action_facilitator(self) -> None:
        from .screens.facilitator import FacilitatorScreen

        if self.game is None or self.classroom is None:
            self.notify("The facilitator's controls are for class sessions.", title="Facilitator")
            return
        self.push_screen(FacilitatorScreen(self.game, self.classroom.reveal), self._facilitate)

    def _facilitate(self, action: str | None) -> None:
        from ..engine.model import DecisionNode
        from .screens.facilitator import PausedScreen, PickScreen, TallyScreen, TextPromptScreen

        game, room = self.game, self.classroom
        if action is None or game is None or room is None:
            return
        node = game.node
        if action == "pause":
            game.note("The facilitator paused the clock.")
            self.autosave()
            self.push_screen(PausedScreen())
        elif action == "reveal":
            room.reveal = "end" if room.reveal == "now" else "now"
            when = "after every decision" if room.reveal == "now" else "only at the end"
            game.note(f"History is shown {when} from here.")
            self._keep_class_settings()
            self.notify(f"History is shown {when}.", title="Facilitator")
        elif action == "news":

            def inject(text: str | None) -> None:
                text = printable(text or "").strip()
                if text:
                    game.inject(text)
                    self.autosave()
                    # Long enough to read out to a class; it also heads the next screen.
                    self.notify(text, title="News", markup=False, timeout=30)

            self.push_screen(
                TextPromptScreen("A news update for the class", "Radio Moscow announces…"), inject
            )
        elif action == "skip" and isinstance(node, DecisionNode):
            self.ballot = None
            self.after_step(
                game.choose(game.historical_choice().id, how="facilitator"), always=True
            )
        elif action == "override" and isinstance(node, DecisionNode):
            items = []
            for choice in node.choices:
                if choice.outcomes:
                    items += [
                        (
                            f"{choice.id}#{i}",
                            f"{choice.label} → {(o.text or o.goto).strip().splitlines()[0][:50]}",
                        )
                        for i, o in enumerate(choice.outcomes)
                    ]
                else:
                    items.append((choice.id, choice.label))

            def override(key: str | None) -> None:
                if not key:
                    return
                choice_id, _, outcome = key.partition("#")
                self.ballot = None
                step = game.choose(
                    choice_id, how="override", outcome=int(outcome) if outcome else None
                )
                self.after_step(step, always=True)

            self.push_screen(
                PickScreen(
                    "Override: what happens here", items, "Logged, and shown in the debrief."
                ),
                override,
            )
        elif action == "tally" and isinstance(node, DecisionNode):

            def counted(counts: dict[str, int] | None) -> None:
                if counts:
                    self.record_tally(counts)

            self.push_screen(TallyScreen([(c.id, c.label) for c in game.view().offered]), counted)

    def record_tally(self, counts: dict[str, int]) -> None:
        """Apply a show of hands by the node's rule; it replaces votes cast so far."""
        from ..engine.model import DecisionNode
        from ..engine.votes import count_hands

        game = self.game
        assert game is not None and isinstance(game.node, DecisionNode)
        result = count_hands(game.node, counts)
        if result.choice is None:

            def settled(choice_id: str) -> None:
                self.ballot = None
                self.after_step(game.choose(choice_id, how="override", tally=counts), always=True)

            self.settle_tie(result, settled)
            return
        self.ballot = None
        step = game.choose(result.choice, how=result.how, by="show of hands", tally=counts)
        self.after_step(step, always=True)

    def _keep_class_settings(self) -> None:
        if self.recorder is not None and self.classroom is not None:
            self.recorder.extra.update(self.classroom.to_extra())
            self.autosave()

    def advance(self) -> None:
        assert self.game is not None
        self.after_step(self.game.advance())

    def after_step(self, step: Step, always: bool = False) -> None:
        """Autosave, then show what the step led to (or go on when there is nothing to show)."""
        from .screens.outcome import OutcomeScreen, worth_showing

        assert self.game is not None
        self.autosave()
        if always or worth_showing(self.game, step):
            reveal = self.classroom is None or self.classroom.reveal == "now"
            self.show(OutcomeScreen(self.game, step, reveal=reveal or self.game.finished))
        else:
            self.next_position()

    def rewind(self, keep: int) -> None:
        assert self.game is not None
        title = self.game.scenario.nodes[self.game.state.steps[keep].node_id].title
        self.game.rewind(keep)
        self.autosave()
        self.notify(
            f"Back at “{title}”. The path you left is kept in the save.",
            title="Rewound",
            markup=False,
        )
        self.next_position()

    def autosave(self) -> None:
        if self.game is None or self.recorder is None:
            return
        try:
            self.recorder.autosave(self.game)
        except OSError as exc:
            self.notify(f"Could not autosave: {exc}", severity="error", markup=False)

    def load_save(self, save: SaveFile) -> None:
        """Restore a save; tell the player what no longer matches when the scenario changed."""
        from ..engine.catalog import scenario_for_save
        from ..engine.diagnostics import ScenarioError
        from ..engine.saves import Recorder, SaveError, restore
        from .screens.problems import ProblemsScreen

        try:
            restored = restore(save, scenario_for_save(save.data["scenario"], self.scenario_dirs))
        except LookupError as exc:
            self.notify(str(exc), title="Cannot load", severity="error", markup=False)
            return
        except ScenarioError as exc:
            problems = [d.format() for d in exc.diagnostics]
            self.push_screen(ProblemsScreen("The scenario of this save has errors", problems))
            return
        except SaveError as exc:
            self.notify(str(exc), title="Cannot load", severity="error", markup=False)
            return
        self.start_game(restored.game, Recorder.resuming(self.saves, save))
        if restored.problems:
            self.push_screen(
                ProblemsScreen("The scenario has changed since this save", restored.problems)
            )
        else:
            self.notify(f"Loaded {save.name}", markup=False)

    def latest_save(self) -> SaveFile | None:
        from ..engine.saves import SaveFile, list_saves

        return next((s for s in list_saves(self.saves) if isinstance(s, SaveFile)), None)

    # -- actions -------------------------------------------------------------------------------
    def action_new_game(self, for_class: bool = False) -> None:
        from .screens.picker import PickerScreen

        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(PickerScreen(for_class=for_class))

    def action_new_class(self) -> None:
        self.action_new_game(for_class=True)

    def action_continue_latest(self) -> None:
        save = self.latest_save()
        if save is None:
            self.notify("There is no saved game yet.", title="Continue")
            return
        self.load_save(save)

    def action_load(self) -> None:
        from .screens.load import LoadScreen

        self.push_screen(LoadScreen())

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_title(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_save_as(self) -> None:
        from .screens.save_name import SaveNameScreen

        if self.game is None or self.recorder is None or len(self.screen_stack) < 2:
            self.notify("There is no game to save.", title="Save")
            return
        from ..engine.saves import default_name

        group = str(self.recorder.extra.get("group") or "")
        suggestion = default_name(self.game, group)
        self.push_screen(SaveNameScreen(suggestion, self.recorder.folder), self._save_named)

    def _save_named(self, name: str | None) -> None:
        if not name or self.game is None or self.recorder is None:
            return
        try:
            path = self.recorder.save_as(self.game, name)
        except OSError as exc:
            self.notify(f"Could not save: {exc}", severity="error", markup=False)
            return
        self.notify(f"Saved as {path}", title="Saved", markup=False)

    def action_timeline(self) -> None:
        from .screens.timeline import TimelineScreen

        if self.game is not None and not isinstance(self.screen, TimelineScreen):
            self.push_screen(TimelineScreen(self.game))

    def action_map(self) -> None:
        from .screens.map import MapScreen

        if self.game is not None and not isinstance(self.screen, MapScreen):
            hidden = self.classroom is not None and self.classroom.reveal == "end"
            self.push_screen(MapScreen(self.game, show_history=not hidden))

    def action_export_debrief(self) -> None:
        from ..reports.debrief import write_debrief

        if self.game is None:
            return
        game_id = self.recorder.game_id if self.recorder else "game"
        extra = self.recorder.extra if self.recorder else {}
        try:
            paths = write_debrief(self.game, self.saves, game_id, extra)
        except OSError as exc:
            self.notify(f"Could not write the debrief: {exc}", severity="error", markup=False)
            return
        shown = "\n".join(str(p) for p in paths)
        self.notify(f"Debrief written to\n{shown}", title="Exported", markup=False, timeout=10)

    def set_theme(self, name: str) -> None:
        self.theme = name
        self.notify(f"Theme: {name}")

    def action_cycle_theme(self) -> None:
        current = THEMES.index(self.theme) if self.theme in THEMES else -1
        self.set_theme(THEMES[(current + 1) % len(THEMES)])
