"""The fast first reading of plain files must never change what a file means or where its
problems are shown: whatever it reads is exactly what the exact reader reads, and every file it
does not read, or reads with any error, is read by the exact reader."""

from __future__ import annotations

import itertools
import random
import re
from pathlib import Path

import pytest
import yaml

from benchmarks.bench_validate import crisis_scenario
from game.engine import loader, yamlfast
from game.engine.loader import check_bytes
from game.engine.yamlfast import quick_read, reads_alike
from game.engine.yamlplaces import block_places
from game.engine.yamlsafe import PathKey, YamlProblem, locate, parse

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(
    [
        *ROOT.glob("scenarios/*.yaml"),
        *ROOT.glob("docs/examples/*.yaml"),
        *ROOT.glob("tests/fixtures/*.yaml"),
    ]
)


def exact(text: str) -> object:
    """What the exact reader makes of `text`: its data, or "problem" when it has any."""
    try:
        document = parse("x.yaml", text)
    except YamlProblem:
        return "problem"
    return "problem" if document.problems else document.data


def assert_read_alike(text: str) -> None:
    """The fast reading is the exact one, or is one `reads_alike` tells apart (a key that is
    not text, `1:` or `~:`, or nesting past the exact reader's limit): the model refuses those,
    and the file is then explained from the exact reading (see the tests below)."""
    fast = quick_read(text)
    if fast is not None and reads_alike(fast):
        assert repr(fast) == repr(exact(text)), text


def every_path(data: object, path: PathKey = ()) -> list[PathKey]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += every_path(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += every_path(value, (*path, index))
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_shipped_file_is_read_alike(path: Path) -> None:
    assert_read_alike(path.read_text(encoding="utf-8"))


def test_a_large_plain_scenario_takes_the_fast_reading() -> None:
    # The shape of a long scenario an author writes: if a screen grew too broad, validating it
    # would silently become as slow as before.
    text = crisis_scenario(300)
    assert quick_read(text) is not None
    assert_read_alike(text)


# Each of these is read differently by YAML 1.1 (the exact reader) and YAML 1.2 (the compiled
# parser), is refused by one and not the other, or could crash a recursive parser.
DIFFERENT = [
    "k: 1_000\n", "k: _1\n", "k: 0xf_\n", "k: 0b101\n", "k: 0X1F\n", "k: 0O17\n", "k: +0x1\n",
    "k: -0o7\n", "k: [1_0, 2]\n", "k: " + "9" * 1200 + "\n", "k: !foo x\n", "k: &a !foo x\n",
    "k: !!python/object:os.system x\n", "a: 1\n---\nb: 2\n", "%YAML 1.1\n---\na: 1\n",
    "? [a, b]\n: 1\n", "k: [:x]\n", "k: {b: :x}\n", "k: [b:]\n", "k: |\n", "k: >\nj: 1\n",
    "k: |\n  x", "k: [|\n  lit\n]\n", "k: {>\n  fold\n}\n", "k: {a: [1]\n  b: 2}\n",
    "k: {\n  1'q\n  r': }\n", "k: \"x\\u0007y\"\n", "k: \"x\\ey\"\n", "k: \"x\u202ey\"\n",
    "k: x\ufffe\n", "k: a\u2028b\n", "k:\tv\n", "k: v\r\nj: w\r\n", "a: 1\na: 2\n",
    "a:\n" + "- " * 100_000 + "x\n", "a:\n" + " " * 200 + "b: 1\n",
    "a: " + "[" * 10_000 + "]" * 10_000 + "\n",
    "k: 0x" + "f" * 1200 + "\n", "k: [0x" + "F" * 1200 + "]\n",
    "".join(" " * n + f"k{n}:\n" for n in range(70)) + " " * 70 + "end: 1\n",
]  # fmt: skip


@pytest.mark.parametrize("text", DIFFERENT, ids=lambda t: repr(t)[:30])
def test_what_the_two_readers_read_differently_goes_to_the_exact_reader(text: str) -> None:
    assert_read_alike(text)
    assert check_bytes(text.encode(), "x.yaml") == _exactly(text)


def test_a_comma_outside_brackets_is_part_of_the_value_around_it() -> None:
    # As in a link into a library's catalogue, `.../docs,1977881_1977891,00.html`: no number.
    for value in ("https://example.org/a,1977881_1977891,00.html", "a,1_000", "1_000,a"):
        text = f"url: {value}\n"
        assert quick_read(text) == {"url": value}
    assert quick_read("k: [a,1_000]\n") is None  # in brackets, a comma parts two values
    for before, number, after in itertools.product(
        ["", "a", ",", "a,", "x y,", "a, "],
        ["1_0", "0b1", "0X1F", "+0x1", "-0o7", "_1", "0xf_"],
        ["", ",", ",a", ", b", " #c"],
    ):
        value = before + number + after
        for text in (f"k: {value}\n", f"- {value}\n", f"k:\n  - {value}\n", f"k: [{value}]\n"):
            assert_read_alike(text)


def _exactly(text: str) -> object:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "fast_reading_safe", lambda *args: False)
        return check_bytes(text.encode(), "x.yaml")


def test_plain_values_of_every_kind_are_read_alike() -> None:
    atoms = [
        "0", "1", "7", "00", "0x", "0o", "0b", "x", "e", "E", ".", "+", "-", "_", "inf", ".inf",
        "nan", "NaN", "true", "True", "false", "null", "Null", "~", "yes", "no", "on", "1e",
        "1.5", "12:30", ":", "a", "f", ",", "'", '"', "#", " ", "é",
    ]  # fmt: skip
    rng = random.Random(7)
    values = {a + b for a in atoms for b in atoms}
    values |= {"".join(rng.choice(atoms) for _ in range(rng.randint(2, 4))) for _ in range(1500)}
    for value in sorted(values):
        for text in (f"k: {value}\n", f"- {value}\n", f"k: [{value}]\n", f"k: {{b: {value}}}\n"):
            assert_read_alike(text)


def test_pieces_of_structure_put_together_at_random_are_read_alike() -> None:
    pieces = [
        "a:", " b:", "  - c", "- ", "  d: e", "|", ">", "  text", "'q'", '"dq"', "#c", "[", "]",
        "{", "}", ",", ": ", "x", "  ", "-", "? ", "&a ", "*a", "!t ", "---", "...", "\n", "1",
        "~", "null", "  y: [1, 2]", "z: {p: q}", "'q\n  r'", '"s\n  t"',
    ]  # fmt: skip
    rng = random.Random(11)
    for _ in range(4000):
        text = "".join(
            rng.choice(pieces) + rng.choice(["", " ", "\n"]) for _ in range(rng.randint(1, 8))
        )
        assert_read_alike(text)


def test_the_colon_and_block_screens_find_what_their_patterns_describe() -> None:
    # The screens look from each `:` (or `|`, `>`) back to where a value may start; these
    # patterns say the same thing forwards, and the two must agree on any text.
    # A colon is odd where it starts a value, or where it ends an entry (`[k:]`).
    colon = re.compile(r"[-?:\[{,\n][ \t]*:\S|:[\]},]")
    block = re.compile(r"[\[{,][ \t]*[|>]")
    rng = random.Random(5)
    alphabet = ["-", "?", ":", "[", "{", ",", "\n", " ", "\t", "|", ">", "x", "a:", "b", "]", "}"]
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10)))
        assert yamlfast._odd_colon(text) == bool(colon.search(text)), repr(text)
        assert yamlfast._block_in_flow(text) == bool(block.search(text)), repr(text)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_places_found_from_the_text_are_the_exact_walks(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    data = parse(str(path), text).data
    wanted = set(every_path(data))
    wanted |= {(*p, "not-in-the-file") for p in list(wanted)}  # shown at their longest start
    found, left = block_places(text, data, wanted)
    assert len(left) < len(wanted) / 2  # most are found from the text
    walked = locate(text, wanted)
    assert {p: walked.get(p) for p in found} == found


def test_places_in_generated_files_are_the_exact_walks() -> None:
    rng = random.Random(5)
    words = ["alpha", "x y", "12", "true", "", "a: b", "- x", "#c", "[1]", "multi\nline", "é"]

    def value(depth: int) -> object:
        roll = rng.random()
        if depth > 3 or roll < 0.4:
            return rng.choice([*words, 1, 2.5, True, None])
        if roll < 0.7:
            keys = ["id", "kind", "text", "goto", "c d", "n1", "n_2", "x-y"]
            return {rng.choice(keys): value(depth + 1) for _ in range(rng.randint(0, 4))}
        return [value(depth + 1) for _ in range(rng.randint(0, 3))]

    compared = 0
    for _ in range(400):
        text = yaml.safe_dump(
            {"root": value(0), "other": value(0)},
            default_flow_style=rng.choice([False, None]),
            indent=rng.choice([2, 4]),
            sort_keys=False,
            allow_unicode=True,
        )
        data = quick_read(text)
        if data is None:
            continue
        wanted = set(every_path(data))
        found, _ = block_places(text, data, wanted)
        walked = locate(text, wanted)
        assert {p: walked.get(p) for p in found} == found, text
        compared += len(found)
    assert compared > 1000


def test_a_file_with_errors_gets_the_exact_readers_diagnostics(example_path: Path) -> None:
    good = example_path.read_text(encoding="utf-8")
    assert quick_read(good) is not None
    broken = [
        good.replace("kind: decision", "kind: decisoin", 1),
        good.replace("title:", "titel:", 1),
        good.replace("goto:", "goto: nowhere\n    gotoo:", 1),
        good + "\nnodes: {}\n",  # a duplicate key
    ]
    for text in broken:
        found = check_bytes(text.encode(), "x.yaml")
        assert found[1] is None
        assert found == _exactly(text)


def test_keys_that_are_not_text_get_the_exact_readers_reading(example_path: Path) -> None:
    good = example_path.read_text(encoding="utf-8")
    for text in (
        good.replace("title:", "1962:", 1),
        good.replace("nodes:", "nodes:\n  1: {kind: ending, title: T, category: other}", 1),
        good + "\n~: x\n",
        good + "\ntrue: x\n",
    ):
        assert quick_read(text) is not None
        found = check_bytes(text.encode(), "x.yaml")
        assert found == _exactly(text)


def test_warnings_are_placed_as_the_exact_reader_places_them() -> None:
    text = crisis_scenario(60)  # every decision warns that it has no history
    diagnostics, loaded = check_bytes(text.encode(), "x.yaml")
    assert loaded is not None and len(diagnostics) >= 59
    assert diagnostics == _exactly(text)[0]


def test_without_the_compiled_parser_every_file_is_read_exactly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(__import__("sys").modules, "yaml_rs", None)  # as if not installed
    assert yamlfast.quick_read("a: 1\n") is None


def _slipped(lines: list[str], rng: random.Random) -> str:
    """The file with one slip of the kind an author makes: a line lost, doubled, indented or
    outdented, two lines swapped, or a value typed wrong."""
    lines = list(lines)
    k = rng.randrange(len(lines) - 1)
    slip = rng.choice(["lose", "double", "indent", "outdent", "swap", "value"])
    if slip == "lose":
        del lines[k]
    elif slip == "double":
        lines.insert(k, lines[k])
    elif slip == "indent":
        lines[k] = "  " + lines[k]
    elif slip == "outdent":
        lines[k] = lines[k].removeprefix("  ")
    elif slip == "swap":
        lines[k], lines[k + 1] = lines[k + 1], lines[k]
    elif ": " in lines[k]:
        key = lines[k].split(": ")[0]
        lines[k] = f"{key}: {rng.choice(['12', 'yes', '[a, b]', '{x: 1}', 'nowhere', 'null'])}"
    return "\n".join(lines)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_an_authors_slips_get_the_same_diagnostics_from_either_reading(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    rng = random.Random(path.name)
    for _ in range(12):
        text = _slipped(lines, rng)
        fast, fast_loaded = check_bytes(text.encode(), "x.yaml")
        exact_found, exact_loaded = _exactly(text)
        assert fast == exact_found, text
        assert (fast_loaded is None) == (exact_loaded is None)


def test_a_next_outdented_into_its_node_is_explained_not_a_crash(example_path: Path) -> None:
    hotline = (ROOT / "docs/examples/hotline-1963.yaml").read_text(encoding="utf-8")
    text = hotline.replace("    next: line-open", "  next: line-open", 1)
    assert text != hotline
    found, loaded = check_bytes(text.encode(), "x.yaml")
    assert loaded is None and found == _exactly(text)[0]
    assert any(d.code.startswith("E") for d in found)


def test_reads_alike_tells_keys_that_are_not_text_and_nesting_too_deep() -> None:
    from game.engine.yamlsafe import MAX_DEPTH

    def nested(levels: int) -> object:
        value: object = "leaf"
        for level in range(levels):
            value = [value] if level % 2 else {"k": value}
        return value

    assert reads_alike({"a": [{"b": 1}, "c"], "d": {}})
    assert not reads_alike({"a": [{"b": {1: "one"}}]})  # `1:` read as a number
    assert not reads_alike({"a": {None: "x"}})  # `~:` read as None
    assert reads_alike(nested(MAX_DEPTH))
    assert not reads_alike(nested(MAX_DEPTH + 1))
