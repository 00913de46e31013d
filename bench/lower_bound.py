"""How fast could a first `bif check` be? The least work it must do, timed against the floor.

    python bench/lower_bound.py /tmp/big /tmp/small   # trees from bench/generate.py
    python bench/lower_bound.py /tmp/big /tmp/small --out bench/RESULTS.md

A first run must at least read every file, parse it and validate it with bif's pydantic
models. Those three steps alone, with the fastest parser bif has (rapidyaml's tree emitted
as JSON and loaded by the json module, no checks of what that path loses), are timed here on
one core (`taskset -c 0`) in turns with the parse floor and a cold `bif check`, each a
subprocess, the median of --runs runs. What a first run does besides (the checks that keep
YAML's semantics, the rules, the caches that make later runs fast) comes on top.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import (  # noqa: E402
    FLOOR,
    PIN,
    Spread,
    bif_executable,
    interleaved,
    load_average,
    replace_section,
)

LEAST = """\
import gc, json, sys
from pathlib import Path
gc.disable()
import ryml
from bif_cli.domain.models import Cluster, Company
data = Path(sys.argv[1]) / "data"
validate = sys.argv[2] == "validate"
files = sorted(data.glob("*.yaml")) + sorted((data / "companies").glob("*.yaml"))
files += sorted((data / "clusters").glob("*.yaml"))
models = {"companies": Company, "clusters": Cluster}
for f in files:
    with open(f, "rb") as fh:
        raw = fh.read()
    tree = ryml.parse_in_arena(raw)
    parsed = json.loads(ryml.emit_json_malloc(tree, tree.root_id()))
    model = models.get(f.parent.name)
    if validate and model is not None:
        model.model_validate(parsed)
"""
_START = "<!-- lower-bound: written by bench/lower_bound.py -->"
_END = "<!-- /lower-bound -->"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", type=Path, nargs="+", help="programmes from bench/generate.py")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, help="replace this section of a RESULTS.md")
    args = parser.parse_args()
    if shutil.which("taskset") is None:
        sys.exit("lower_bound: needs taskset (util-linux) to pin to one core")
    work = HERE / "out"
    work.mkdir(parents=True, exist_ok=True)
    (work / "parse_floor.py").write_text(FLOOR)
    (work / "least_work.py").write_text(LEAST)
    lines = [
        _START,
        "",
        "## The least work of a first run, on one core",
        "",
        f"`python bench/lower_bound.py {' '.join(map(str, args.trees))}`: every figure pinned "
        f"with `taskset -c 0`, the median of {args.runs} runs taken in turns, min and max in "
        "brackets. A first run must at least read, parse and validate every file; with the "
        "fastest parser bif has and nothing else, that is the third row.",
    ]
    for tree in args.trees:
        lines += ["", *_tree_rows(tree.resolve(), work, args.runs)]
    lines += ["", _END]
    section = "\n".join(lines)
    print(section)
    if args.out is not None:
        replace_section(args.out, section, _START, _END)


def _tree_rows(tree: Path, work: Path, runs: int) -> list[str]:
    """Time the floor, the least work and a cold `bif check` on tree; return a table."""
    py = [*PIN, sys.executable]
    cache = tree / ".bif-cache"

    def cold() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    jobs = [
        ([*py, str(work / "parse_floor.py"), str(tree)], None),
        ([*py, str(work / "least_work.py"), str(tree), "parse"], None),
        ([*py, str(work / "least_work.py"), str(tree), "validate"], None),
        ([*PIN, *bif_executable(), "check", "--root", str(tree)], cold),
    ]
    floor, parsed, validated, check = interleaved(jobs, runs)
    files = list((tree / "data" / "companies").glob("*.yaml"))
    size = sum(f.stat().st_size for f in files) // len(files)
    rows = [
        ("parse floor: yaml.load(fh, CSafeLoader), gc off", floor),
        ("read + rapidyaml → JSON → json.loads", parsed),
        ("the same + pydantic validation (bif's models)", validated),
        ("`bif check`, first run (no .bif-cache)", check),
    ]
    return [
        f"`{tree.name}`: {len(files)} company files of {size} bytes on average "
        f"(load average {load_average()}).",
        "",
        "| work | median | vs the floor |",
        "|---|---:|---:|",
        *(f"| {what} | {_shown(s)} | {s[0] / floor[0]:.2f}× |" for what, s in rows),
    ]


def _shown(seconds: Spread) -> str:
    median, low, high = seconds
    return f"{median:.3f} s ({low:.3f}–{high:.3f})"


if __name__ == "__main__":
    main()
