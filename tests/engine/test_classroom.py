from game.engine.classroom import Classroom, Turn
from game.engine.loader import load_bytes
from game.engine.model import DecisionNode

TEXT = """\
format: 1
id: c
title: C
period: {start: "1962"}
summary: s
minutes: 5
authors: [t]
licence: x
roles:
  - {id: jfk, name: Kennedy, side: US, briefing: b}
  - {id: rfk, name: RFK, side: US, briefing: b}
  - {id: nk, name: Khrushchev, side: USSR, briefing: b}
start: a
nodes:
  a:
    kind: decision
    title: A
    deciders: [jfk, rfk]
    rule: leader
    leader: jfk
    choices: [{id: x, label: X, goto: b}, {id: y, label: Y, goto: b}]
  b:
    kind: decision
    title: B
    deciders: [jfk, nk]
    rule: majority
    choices: [{id: x, label: X, goto: c}, {id: y, label: Y, goto: c}]
  c:
    kind: decision
    title: C
    deciders: [nk]
    choices: [{id: x, label: X, goto: e}]
  e: {kind: ending, title: E, category: other}
"""


def test_turns_follow_the_rule():
    scenario = load_bytes(TEXT.encode(), "c.yaml").scenario
    room = Classroom({"jfk": ["Ann", "Ben"], "rfk": ["Cy"], "nk": ["Dee", "Eve"]}, "Table 1")
    nodes = scenario.nodes
    assert room.turns(scenario, nodes["a"]) == [  # advisers first, the leader last
        Turn("Cy", "rfk", "advise"),
        Turn("Ben", "jfk", "advise"),
        Turn("Ann", "jfk", "lead"),  # the first name typed for the leader's role
    ]
    assert [t.voter for t in room.turns(scenario, nodes["b"])] == ["Ann", "Ben", "Dee", "Eve"]
    assert room.turns(scenario, nodes["c"]) == [Turn("Khrushchev (Dee, Eve)", "nk", "decide")]
    node = nodes["b"]
    assert isinstance(node, DecisionNode)
    assert room.resolve(node, {"Ann": "x", "Ben": "y", "Dee": "x", "Eve": "x"}).choice == "x"


def test_roles_nobody_named_vote_as_themselves_and_settings_round_trip():
    scenario = load_bytes(TEXT.encode(), "c.yaml").scenario
    room = Classroom({}, reveal="end")
    assert [t.voter for t in room.turns(scenario, scenario.nodes["b"])] == ["Kennedy", "Khrushchev"]
    again = Classroom.from_extra(room.to_extra())
    assert again == room and Classroom.from_extra({}) is None
