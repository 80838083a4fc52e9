"""A starter scenario for `crisis new`: small, complete, valid, playable — to be rewritten."""

from __future__ import annotations

import re

ROLE_NAMES = [
    ("leader", "The Leader", "Side A"),
    ("rival", "The Rival", "Side B"),
    ("envoy", "The Envoy", "Neutral"),
    ("general", "The General", "Side A"),
    ("minister", "The Minister", "Side B"),
    ("reporter", "The Reporter", "The press"),
]


def slug(name: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return text[:60] or "my-crisis"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def starter(name: str, roles: int = 2, schema: str = "scenario-v1.schema.json") -> str:
    roles = max(1, min(roles, len(ROLE_NAMES)))
    chosen = ROLE_NAMES[:roles]
    role_blocks = "".join(
        f"""  - id: {rid}
    name: {rname}
    side: {side}
    briefing: |
      What everyone knows about {rname.lower()}: who they are and what they want.
    secret: |
      What only {rname.lower()} knows. Keep it to what this person knew at the time.
    objectives:
      - An objective for {rname.lower()}
"""
        for rid, rname, side in chosen
    )
    first, second = chosen[0][0], chosen[-1][0]
    return f"""# yaml-language-server: $schema={schema}
# A starter scenario. Every line can be changed; `crisis validate` checks your edits and
# `crisis play` plays them. The guide: docs/authoring.md. Every key: docs/scenario-format.md.
format: 1
id: {slug(name)}
title: {_quoted(name)}
subtitle: A crisis in three decisions
period:
  start: "1962-10-16"
  end: "1962-10-28"
  label: October 1962
summary: |
  One paragraph on what the players face and why it matters.
minutes: 10
reading_level: ages 14+
content_notes: [threat of war]
authors: [Your name]
licence: CC-BY-4.0

sources:
  - id: main-source
    title: Replace with the document, book or page you used
    publisher: Its publisher or archive
    url: https://example.org/replace-me
    tier: primary

roles:
{role_blocks}
variables:
  - id: tension
    label: Tension
    type: integer
    min: 0
    max: 10
    start: 3
    display: meter
    description: How close the sides feel to a clash.

start: first-decision

nodes:
  first-decision:
    kind: decision
    title: The first decision
    date: "1962-10-16"
    time: "09:00"
    place: Somewhere that matters
    deciders: [{first}]
    text: |
      What has just happened, in a few short paragraphs. **Markdown** works here.
    advisers:
      - who: An adviser
        position: Act now
        argument: Why acting now is right.
    questions:
      - A question for the class to discuss.
    facilitator: Notes for the teacher running the session.
    choices:
      - id: wait
        label: Wait and see
        goto: news
      - id: act
        label: Act at once
        goto: second-decision
        text: What acting at once would have led to.
        basis: counterfactual
        rests_on: The evidence that makes this guess plausible.
        effects:
          add: {{tension: 2}}
          why: Acting at once alarms the other side.
    history:
      choice: wait
      date: "1962-10-16"
      text: What the real people did, and what followed.
      basis: documented
      sources: [main-source]

  news:
    kind: event
    title: News arrives
    date: "1962-10-20"
    text: Something happens that nobody chose. Chance decides how it goes.
    outcomes:
      - weight: 3
        goto: second-decision
        text: The news is calming.
        basis: documented
        sources: [main-source]
      - weight: 1
        goto: second-decision
        text: The news is alarming.
        basis: counterfactual
        rests_on: What could plausibly have gone differently.
        effects:
          add: {{tension: 1}}
          why: Alarming news raises the pressure.

  second-decision:
    kind: decision
    title: The second decision
    date: "1962-10-27"
    deciders: [{second}]
    text: The moment of greatest danger.
    choices:
      - id: talk
        label: Talk
        goto: settled
      - id: strike
        label: Strike
        goto: war
        condition: tension >= 3
    history:
      choice: talk
      date: "1962-10-27"
      text: What was really decided.
      basis: documented
      sources: [main-source]

  settled:
    kind: ending
    title: Settled by talking
    category: historical
    epilogue: What happened afterwards, and why it matters today.
    sources: [main-source]

  war:
    kind: ending
    title: War
    category: war
    epilogue: What war would have meant.
    basis: counterfactual
    rests_on: The estimates made at the time.
"""
