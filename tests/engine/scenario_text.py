"""A minimal valid scenario as text, for tests that plant one mistake in it."""

MINIMAL = """\
format: 1
id: mini
title: Mini
period: {start: "1962-10-16"}
summary: A tiny crisis.
minutes: 2
authors: [Tests]
licence: CC0
sources:
  - {id: src, title: A source, tier: primary}
roles:
  - {id: boss, name: The Boss, side: Us, briefing: Decide.}
variables:
  - {id: tension, label: Tension, type: integer, min: 0, max: 3, start: 1, display: meter}
  - {id: mood, label: Mood, type: choice, values: [calm, angry], start: calm, display: hidden}
start: first
nodes:
  first:
    kind: decision
    title: First
    deciders: [boss]
    choices:
      - id: calm
        label: Stay calm
        goto: end
      - id: push
        label: Push
        effects: {add: {tension: 5}, set: {mood: angry}, why: Pushing.}
        outcomes:
          - {weight: 1, goto: end, text: It worked., basis: documented, sources: [src]}
          - {weight: 1, goto: war, text: It failed., basis: counterfactual, rests_on: Guesswork.}
    history: {choice: calm, text: They stayed calm., basis: documented, sources: [src]}
  end:
    kind: ending
    title: Calm
    category: historical
  war:
    kind: ending
    title: War
    category: war
"""
