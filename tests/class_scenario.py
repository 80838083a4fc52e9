"""A small class scenario: a captain decides after advice, an envoy a lesson preset leaves
idle, and a six-choice vote (a show of hands)."""

SCENARIO = """\
format: 1
id: council-of-three
title: Council of Three
period: {start: "1962-10-27"}
summary: A captain decides after advice; an envoy writes a letter.
minutes: 30
authors: [Tests]
licence: CC0
sources: [{id: src, title: A source, tier: primary}]
roles:
  - {id: captain, name: The Captain, side: Boat, briefing: You command.}
  - {id: officer, name: The Officer, side: Boat, briefing: You advise.}
  - {id: envoy, name: The Envoy, side: Shore, briefing: You write.}
presets:
  - id: short
    label: The short lesson
    minutes: 10
    skip: [letter]
start: council
nodes:
  council:
    kind: decision
    title: The council
    text: COUNCIL-TEXT The boat is cornered.
    deciders: [captain, officer]
    rule: leader
    leader: captain
    timer: {seconds: 300, default: hold}
    choices:
      - {id: fire, label: Fire the torpedo, goto: letter}
      - {id: hold, label: Hold fire and wait, goto: letter}
      - {id: surface, label: Surface and signal the ships, goto: letter}
    history: {choice: surface, text: They surfaced., basis: documented, sources: [src]}
  letter:
    kind: decision
    title: The letter
    deciders: [envoy]
    choices:
      - {id: write, label: Write to Moscow, goto: vote}
      - {id: wait, label: Wait, goto: vote}
    history: {choice: write, text: He wrote., basis: documented, sources: [src]}
  vote:
    kind: decision
    title: The last vote
    text: VOTE-TEXT Everyone votes.
    deciders: [captain, officer]
    rule: majority
    choices:
      - {id: home, label: Sail home to the base in the north before the weather turns, goto: end}
      - {id: stay, label: Stay on station and keep watching the quarantine line, goto: end}
      - {id: signal, label: Signal the American destroyers and ask for their intentions, goto: end}
      - {id: dive, label: Dive deep and wait for orders from the fleet command, goto: end}
      - {id: radio, label: Surface at night to radio Moscow for new instructions, goto: end}
      - {id: split, label: Split the watch and let the officers decide by turns, goto: end}
    history: {choice: home, text: They sailed home., basis: documented, sources: [src]}
  end: {kind: ending, title: Home, category: historical}
"""
