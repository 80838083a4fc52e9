"""The explorer's findings in words."""

from __future__ import annotations

from ..engine.explore import Exploration
from ..engine.model import EndingNode, Scenario


def explore_text(scenario: Scenario, result: Exploration) -> str:
    nodes = scenario.nodes
    total = len(nodes)
    endings = [n for n, node in nodes.items() if isinstance(node, EndingNode)]
    out = [f"{scenario.title} ({scenario.id})"]
    how = "all of them" if not result.truncated else "stopped at the limit"
    out.append(f"  positions walked: {result.positions:,} ({how})")
    out.append(f"  nodes reached:    {len(result.nodes)} of {total}")
    out.append(f"  endings reached:  {len(result.endings)} of {len(endings)}")
    problems = [
        ("never reached", result.unreached_nodes),
        ("endings never reached", result.unreached_endings),
        ("dead ends (no choice's condition holds)", result.dead_ends),
        ("loops with no way out", result.trapped),
    ]
    for label, items in problems:
        if items:
            out.append(f"  PROBLEM - {label}: {', '.join(items)}")
    if result.never_offered:
        listed = ", ".join(f"{n}/{c}" for n, c in result.never_offered)
        out.append(f"  note - choices never offered (their condition never holds): {listed}")
    if result.never_told:
        listed = ", ".join(f"{n} ({w}, variant {v})" for n, w, v in result.never_told)
        out.append(f"  note - text variants no path tells (their `when` never fits): {listed}")
    if result.ranges:
        out.append("  variables:")
        for name, values in result.ranges.items():
            variable = scenario.variable(name)
            if variable is not None and variable.type == "integer" and values:
                shown = f"{values[0]}..{values[1]} (declared {variable.min}..{variable.max})"
            else:
                shown = ", ".join(str(v) for v in values)
            out.append(f"    {name}: {shown}")
    kind = "exact" if result.exact else f"estimated from {result.runs:,} random playthroughs"
    out.append(f"  ending probabilities, every offered choice equally likely ({kind}):")
    for ending_id, share in result.probabilities.items():
        node = nodes[ending_id]
        category = node.category.value if isinstance(node, EndingNode) else "?"
        bar = "#" * round(share * 30)
        # its title as players read it, then the id the file uses
        named = f"{node.title} ({category})"
        if ending_id != node.title:
            named = f"{node.title} ({ending_id}, {category})"
        out.append(f"    {share * 100:6.2f}%  {bar:<30} {named}")
    if result.stuck_share:
        out.append(
            f"  {result.stuck_share * 100:6.2f}% of games get stuck on the way: at some point no "
            "choice's or outcome's condition holds, and the game falls back on a default"
        )
    if result.unfinished_share:
        out.append(f"  {result.unfinished_share * 100:6.2f}% of games never reach an ending")
    out.append("  result: " + ("problems found" if result.problems else "ok"))
    return "\n".join(out)
