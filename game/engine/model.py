"""The scenario format, version 1, declared once.

Validation (through pydantic) and the published JSON Schema both come from these classes, so the
two can never disagree. Cross-references between parts of a scenario (a `goto` naming a node, a
source id, a condition's variables) are checked afterwards in `checks.py`, where every problem
can be reported with its position rather than stopping at the first.
"""

from __future__ import annotations

import os
import re
import sys
import types
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, Literal, TypeVar, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)

# The format uses no pydantic plugins, and looking for them reads the metadata of every installed
# package when the first model class is made: a third of `crisis validate`'s start-up. Whoever
# sets the variable themselves keeps their own setting.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def _no_plugins() -> tuple[()]:
    return ()


if (
    os.environ["PYDANTIC_DISABLE_PLUGINS"] in ("__all__", "1", "true")
    and "pydantic.plugin._loader" not in sys.modules
):
    # With plugins turned off, pydantic's plugin loader only ever answers "none", but importing
    # it loads importlib.metadata (and with it email, zipfile and csv): a tenth of a start and
    # 2.5 MiB. A module with its one function, giving that same answer, stands in for it.
    _stand_in = types.ModuleType("pydantic.plugin._loader", "No pydantic plugins (see model.py).")
    _stand_in.get_plugins = _no_plugins  # type: ignore[attr-defined]
    sys.modules["pydantic.plugin._loader"] = _stand_in

FORMAT_VERSION = 1

Id = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$",
        max_length=80,
        description="A short identifier: letters, digits, '-' and '_'.",
    ),
]
VariableId = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z_][A-Za-z0-9_]*$",
        max_length=60,
        description="A variable name usable in conditions: letters, digits and '_'.",
    ),
]
Markdown = Annotated[str, Field(description="Text in Markdown. Shown as text, never as markup.")]
SourceIds = Annotated[tuple[Id, ...], Field(description="Ids of entries in `sources`.")]


class Strict(BaseModel):
    """Every part of a scenario rejects keys it does not know, so a typo is an error."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=False, defer_build=True
    )


class Tier(StrEnum):
    primary = "primary"
    reputable = "reputable"
    secondary = "secondary"


class Basis(StrEnum):
    """How far a piece of text can be trusted as history."""

    documented = "documented"
    contested = "contested"
    counterfactual = "counterfactual"
    fictional = "fictional"


class EndingCategory(StrEnum):
    historical = "historical"
    peaceful = "peaceful"
    pyrrhic = "pyrrhic"
    humiliation = "humiliation"
    war = "war"
    catastrophe = "catastrophe"
    other = "other"


class DecisionRule(StrEnum):
    single = "single"
    majority = "majority"
    unanimous = "unanimous"
    leader = "leader"


class Display(StrEnum):
    gauge = "gauge"
    meter = "meter"
    text = "text"
    hidden = "hidden"


class Source(Strict):
    id: Id
    title: str
    author: str | None = None
    publisher: str | None = None
    year: str | int | None = None
    url: str | None = Field(None, pattern=r"^https?://\S+$")
    tier: Tier
    note: str | None = None

    def byline(self) -> str:
        """Author, publisher and year, as one citation line (the year once, even when the
        publisher already gives a date)."""
        parts = [p for p in (self.author, self.publisher) if p]
        if self.year and not any(str(self.year) in p for p in parts):
            parts.append(str(self.year))
        return ", ".join(parts)


class Period(Strict):
    start: str = Field(description="First in-world date, e.g. 1962-10-16.")
    end: str | None = Field(None, description="Last in-world date.")
    label: str | None = Field(
        None, description="How the period is shown, e.g. '16–28 October 1962'."
    )


class Role(Strict):
    id: Id
    name: str
    side: str
    briefing: Markdown = Field(description="Public briefing: every player may read it.")
    secret: Markdown | None = Field(
        None, description="Secret briefing: only this role's player sees it."
    )
    objectives: tuple[str, ...] = Field(default=())
    sources: SourceIds = Field(default=())


class Variable(Strict):
    id: VariableId
    label: str
    type: Literal["integer", "boolean", "choice"]
    min: int | None = None
    max: int | None = None
    values: tuple[str, ...] | None = Field(
        None, description="The allowed values of a `choice` variable."
    )
    start: int | bool | str
    display: Display = Display.meter
    reversed: bool = Field(
        False, description="True when a lower number is worse (DEFCON 5 is peace, 1 is war)."
    )
    description: str | None = None
    levels: dict[str, str] | None = Field(
        None, description="What individual values mean, e.g. {'2': 'Next step to nuclear war'}."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Variable:
        if self.type == "integer":
            if self.min is None or self.max is None:
                raise ValueError("an integer variable needs both `min` and `max`")
            if self.min > self.max:
                raise ValueError(f"`min` ({self.min}) is greater than `max` ({self.max})")
            if isinstance(self.start, bool) or not isinstance(self.start, int):
                raise ValueError("`start` of an integer variable must be a whole number")
            if not self.min <= self.start <= self.max:
                raise ValueError(f"`start` ({self.start}) is outside {self.min}..{self.max}")
        elif self.type == "boolean":
            if not isinstance(self.start, bool):
                raise ValueError("`start` of a boolean variable must be true or false")
        else:
            if not self.values:
                raise ValueError("a `choice` variable needs a list of `values`")
            if self.start not in self.values:
                raise ValueError(f"`start` ({self.start!r}) is not one of `values`")
        return self


class Effects(Strict):
    set: dict[VariableId, int | bool | str] = Field(
        default_factory=dict, description="Give variables new values, e.g. {defcon: 3}."
    )
    add: dict[VariableId, int] = Field(
        default_factory=dict,
        description="Add to integer variables (negative to subtract); kept within min..max.",
    )
    why: str | None = Field(
        None, description="Why the change happens: shown on the escalation track."
    )
    sources: SourceIds = Field(default=())


When = Annotated[
    str,
    Field(
        description=(
            "The condition under which this text is told instead, e.g. "
            'chose("proposal", "wait"). The first variant whose condition holds is told.'
        )
    ),
]


class TextVariant(Strict):
    """Another telling of a node's text, told when its condition holds."""

    when: When
    text: Markdown = Field(description="The text told instead of the node's own `text`.")
    basis: Basis | None = Field(
        None,
        description="For an event or an ending: how far this text is history (else the node's).",
    )
    rests_on: str | None = Field(
        None, description="For counterfactual text: the evidence the guess rests on."
    )
    sources: SourceIds | None = Field(
        None, description="Source ids for this text (else the node's own sources)."
    )


class ConsequenceVariant(Strict):
    """Another telling of what follows a choice or an outcome, told when its condition holds."""

    when: When
    text: Markdown | None = Field(None, description="Told instead of `text`.")
    text_others: Markdown | None = Field(None, description="Told instead of `text_others`.")
    basis: Basis | None = Field(
        None, description="How far this text is history (else the owner's)."
    )
    rests_on: str | None = Field(
        None, description="For counterfactual text: the evidence the guess rests on."
    )
    sources: SourceIds | None = Field(
        None, description="Source ids for this text (else the owner's own sources)."
    )


class Consequence(Strict):
    """What follows a choice or a chance outcome: text, its trustworthiness, effects, next node."""

    text: Markdown | None = Field(
        None, description="What happens, told to those who took the decision ('you')."
    )
    text_others: Markdown | None = Field(
        None,
        description=(
            "The same, told in the third person: shown instead of `text` when the decision was "
            "taken for the players (a side nobody plays, or a node the lesson preset passes over)."
        ),
    )
    basis: Basis | None = None
    rests_on: str | None = Field(
        None, description="For counterfactual text: the evidence the guess rests on."
    )
    sources: SourceIds = Field(default=())
    effects: Effects | None = None
    variants: tuple[ConsequenceVariant, ...] = Field(
        default=(),
        description=(
            "Other tellings, each with a `when` condition: the first that holds is told instead "
            "of `text`, tested when the decision is taken."
        ),
    )


class Outcome(Consequence):
    weight: int = Field(1, ge=1, le=1_000_000)
    condition: str | None = None
    goto: Id


class Choice(Consequence):
    id: Id
    label: str
    detail: Markdown | None = None
    condition: str | None = None
    goto: Id | None = None
    outcomes: tuple[Outcome, ...] | None = None

    @model_validator(mode="after")
    def _one_way_on(self) -> Choice:
        if (self.goto is None) == (self.outcomes is None):
            raise ValueError("a choice needs exactly one of `goto` or `outcomes`")
        if self.outcomes is not None and not self.outcomes:
            raise ValueError("`outcomes` must list at least one outcome")
        return self


class Adviser(Strict):
    who: str
    position: str = Field(description="What they advise, in a few words.")
    argument: Markdown | None = None
    quote: str | None = Field(None, description="Their own words; only with a source.")
    sources: SourceIds = Field(default=())


class Account(Strict):
    """One of several competing accounts of a contested point."""

    text: Markdown
    sources: SourceIds


class History(Strict):
    choice: Id = Field(
        description="The id of the documented choice, or `none` when history did none of these."
    )
    actual: str | None = Field(None, description="What was done instead, when `choice` is `none`.")
    date: str | None = None
    text: Markdown
    basis: Literal["documented", "contested", "counterfactual"]
    accounts: tuple[Account, ...] = Field(default=())
    rests_on: str | None = None
    sources: SourceIds = Field(default=())

    @model_validator(mode="after")
    def _complete(self) -> History:
        if self.choice == "none" and not self.actual and self.basis != "counterfactual":
            raise ValueError("when `choice` is `none`, say in `actual` what was done instead")
        if self.basis == "contested" and len(self.accounts) < 2:
            raise ValueError("a contested history lists at least two competing `accounts`")
        if self.basis == "counterfactual" and not self.rests_on:
            raise ValueError("a counterfactual history says what it `rests_on`")
        return self


class Timer(Strict):
    seconds: int = Field(ge=5, le=24 * 3600)
    default: Id = Field(description="The choice taken when time runs out.")


class NodeBase(Strict):
    title: str
    date: str | None = Field(None, description="In-world date, e.g. 1962-10-16.")
    time: str | None = Field(None, description="In-world time, e.g. '08:45'.")
    place: str | None = None
    deciders: tuple[Id, ...] = Field(
        default=(), description="Role ids of those who decide or witness this node."
    )
    text: Markdown = ""
    advisers: tuple[Adviser, ...] = Field(default=())
    questions: tuple[str, ...] = Field(
        default=(), description="Discussion questions for class."
    )
    facilitator: Markdown | None = Field(None, description="Notes for the teacher.")
    secrets: dict[Id, Markdown] = Field(
        default_factory=dict, description="Text only a given role sees, by role id."
    )
    sources: SourceIds = Field(default=())
    effects: Effects | None = Field(None, description="Applied when the node is entered.")
    variants: tuple[TextVariant, ...] = Field(
        default=(),
        description=(
            "Other tellings of `text`, each with a `when` condition: the first that holds when "
            "the node is reached is told instead."
        ),
    )


class DecisionNode(NodeBase):
    kind: Literal["decision"]
    rule: DecisionRule = DecisionRule.single
    leader: Id | None = Field(None, description="For the `leader` rule: who decides after advice.")
    fallback: Id | None = Field(
        None,
        description="For the `unanimous` rule: the choice taken when the vote is not unanimous.",
    )
    default: Id | None = Field(
        None, description="The choice taken by a side nobody plays, when there is no history."
    )
    timer: Timer | None = None
    choices: tuple[Choice, ...] = Field(min_length=1)
    history: History | None = None


class EventNode(NodeBase):
    kind: Literal["event"]
    next: Id | None = None
    outcomes: tuple[Outcome, ...] | None = None
    basis: Basis | None = Field(None, description="How far the event's text is history.")
    rests_on: str | None = None

    @model_validator(mode="after")
    def _one_way_on(self) -> EventNode:
        if (self.next is None) == (self.outcomes is None):
            raise ValueError("an event needs exactly one of `next` or `outcomes`")
        if self.outcomes is not None and not self.outcomes:
            raise ValueError("`outcomes` must list at least one outcome")
        return self


class EndingNode(NodeBase):
    kind: Literal["ending"]
    category: EndingCategory
    epilogue: Markdown = ""
    basis: Basis | None = None
    rests_on: str | None = None


Told = TypeVar("Told", bound="NodeBase | Consequence")


def told(owner: Told, holds: Callable[[str], bool]) -> Told:
    """The owner as it is told in a state: its first variant whose condition holds replaces its
    text (and its basis, rests_on and sources where the variant gives them; a variant with a
    basis of its own keeps none of the owner's rests_on and sources). `holds` tests a condition
    in that state. Without variants, or when none holds, the owner itself."""
    for variant in owner.variants:
        if holds(variant.when):
            return _telling(owner, variant)
    return owner


def tellings(owner: Told) -> list[tuple[str, Told]]:
    """Each variant of the owner as it would be told: (its condition, the owner so told), in
    order. For listings that show every telling (the book, the teacher's sheet)."""
    return [(variant.when, _telling(owner, variant)) for variant in owner.variants]


def _telling(owner: Told, variant: TextVariant | ConsequenceVariant) -> Told:
    given = variant.model_dump(exclude={"when"}, exclude_none=True)
    if variant.basis is not None:
        # another basis is another claim: the owner's evidence does not carry over
        given.setdefault("rests_on", None)
        given.setdefault("sources", ())
    if isinstance(variant, ConsequenceVariant):
        # a variant tells the story anew: a text it does not give is not told
        given.setdefault("text", None)
        given.setdefault("text_others", None)
    return cast(Told, owner.model_copy(update=given))


Node = Annotated[DecisionNode | EventNode | EndingNode, Field(discriminator="kind")]


class Preset(Strict):
    """A way to fit the scenario into a lesson: which nodes are passed over, how long timers are."""

    id: Id
    label: str
    minutes: int = Field(ge=1, le=600)
    skip: tuple[Id, ...] = Field(
        default=(),
        description="Decision nodes played automatically with history's choice.",
    )
    timer_scale: float = Field(1.0, gt=0, le=10)

    @property
    def name(self) -> str:
        """The preset as a teacher reads it: its label, with its length said once (a label that
        already gives the minutes is not followed by them again)."""
        if re.search(rf"\b{self.minutes}\b", self.label) or re.search(r"\bminutes?\b", self.label):
            return self.label
        return f"{self.label} (about {self.minutes} minutes)"


class Scenario(Strict):
    """A crisis scenario (format version 1)."""

    model_config = ConfigDict(title="Crisis scenario (format 1)")

    format: Literal[1] = Field(description="The scenario format version. This is version 1.")
    id: Id
    title: str
    subtitle: str | None = None
    period: Period
    summary: Markdown
    minutes: int = Field(ge=1, le=1000, description="Estimated play time in minutes.")
    reading_level: str | None = None
    content_notes: tuple[str, ...] = Field(default=())
    authors: tuple[str, ...] = Field(min_length=1)
    licence: str
    sources: tuple[Source, ...] = Field(default=())
    roles: tuple[Role, ...] = Field(min_length=1)
    variables: tuple[Variable, ...] = Field(default=())
    presets: tuple[Preset, ...] = Field(default=())
    start: Id
    nodes: dict[Id, Node] = Field(min_length=1)

    # Lookups used everywhere; built once after validation.
    @model_serializer(mode="wrap")
    def _every_node_made(self, write: SerializerFunctionWrapHandler) -> Any:
        # A scenario reopened from the compiled cache makes its nodes as they are used (see
        # cache_parts.LazyNodes); writing it out needs them all.
        self.nodes.values()
        return write(self)

    def role(self, role_id: str) -> Role | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def variable(self, variable_id: str) -> Variable | None:
        return next((v for v in self.variables if v.id == variable_id), None)

    def preset(self, preset_id: str | None) -> Preset | None:
        return next((p for p in self.presets if p.id == preset_id), None)

    def decisions_of(self, role_id: str) -> list[str]:
        """The decision nodes a role takes part in (a decision naming no deciders is everyone's)."""
        return [
            node_id
            for node_id, node in self.nodes.items()
            if isinstance(node, DecisionNode) and (not node.deciders or role_id in node.deciders)
        ]

    def idle_roles(self, preset_id: str | None) -> list[Role]:
        """Roles that decide somewhere in the scenario but nowhere under this lesson preset."""
        preset = self.preset(preset_id)
        if preset is None:
            return []
        skipped = set(preset.skip)
        return [
            role
            for role in self.roles
            if (mine := set(self.decisions_of(role.id))) and mine <= skipped
        ]

    def play_minutes(self, preset_id: str | None = None) -> int:
        """How long a game takes: the lesson preset's minutes when one is chosen."""
        preset = self.preset(preset_id)
        return preset.minutes if preset else self.minutes
