import pytest

from game.engine.model import DecisionNode
from game.engine.votes import tally


def node(rule: str, **extra) -> DecisionNode:
    return DecisionNode.model_validate(
        {
            "kind": "decision",
            "title": "Vote",
            "rule": rule,
            **extra,
            "choices": [
                {"id": "fire", "label": "Fire", "goto": "x"},
                {"id": "hold", "label": "Hold", "goto": "x"},
            ],
        }
    )


def test_majority_records_dissent():
    result = tally(node("majority"), {"ann": "hold", "bob": "fire", "cy": "hold"})
    assert result.choice == "hold" and result.dissent == {"bob": "fire"}
    assert result.describe() == "hold (hold 2, fire 1)"


def test_majority_tie_goes_to_the_facilitator():
    result = tally(node("majority"), {"ann": "hold", "bob": "fire"})
    assert result.choice is None and set(result.tied) == {"hold", "fire"}


def test_unanimous_without_agreement_takes_the_fallback():
    b59 = node("unanimous", fallback="hold")
    split = tally(b59, {"savitsky": "fire", "maslennikov": "fire", "arkhipov": "hold"})
    assert (split.choice, split.how) == ("hold", "fallback")
    assert split.dissent == {"savitsky": "fire", "maslennikov": "fire"}
    agreed = tally(b59, {"savitsky": "fire", "maslennikov": "fire", "arkhipov": "fire"})
    assert (agreed.choice, agreed.how) == ("fire", "vote")


def test_leader_decides_after_advice():
    result = tally(
        node("leader", leader="jfk"), {"lemay": "fire", "ball": "hold"}, leader_vote="hold"
    )
    assert result.choice == "hold" and result.dissent == {"lemay": "fire"}
    with pytest.raises(ValueError):
        tally(node("leader", leader="jfk"), {"lemay": "fire"})


def test_a_show_of_hands_follows_the_rule_and_majority_for_one_decider():
    from game.engine.votes import count_hands

    assert count_hands(node("single"), {"fire": 2, "hold": 5}).choice == "hold"
    assert count_hands(node("unanimous", fallback="hold"), {"fire": 4, "hold": 1}).how == "fallback"
    assert count_hands(node("majority"), {"fire": 3, "hold": 3}).choice is None
