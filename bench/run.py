"""Benchmark the installed `bif` against baselines measured in the same run; write RESULTS.md.

    python bench/run.py                      # N = 100, 1 000, 10 000; large and small trees
    python bench/run.py --sizes 10000 --trees small --memory-sizes 50000
    python bench/run.py --sizes 20 --runs 1 --full-runs 1 --out /tmp/RESULTS.md --workdir /tmp/bench

Run it with the Python of the virtual environment bif is installed in (as the README sets bif
up): the floor and bif then start the interpreter a user's bif starts, and RESULTS.md says so.

Every figure is the median wall time of --runs runs of a subprocess, as a user would start
it (at least 11 for the start-up figures). Figures that a target compares are measured taking
turns, so a busy machine slows them alike. Commands that do not exist (yet) in the installed
bif are reported as "not available".
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bare_app import bif_tree, count_commands, write_bare_app  # noqa: E402
from generate import generate  # noqa: E402

REPO = HERE.parent
FLOOR = """\
import gc, sys, yaml
from pathlib import Path
gc.disable()  # what bif does while it loads (io.collector.paused_gc), so both pay alike
data = Path(sys.argv[1]) / "data"
files = sorted(data.glob("*.yaml")) + sorted((data / "companies").glob("*.yaml"))
files += sorted((data / "clusters").glob("*.yaml"))
for f in files:
    with open(f, "rb") as fh:
        yaml.load(fh, Loader=yaml.CSafeLoader)
"""
PIN = ["taskset", "-c", "0"]
TODAY = "2016-12-31"


def bif_executable() -> list[str]:
    """The installed console script next to this Python, else the one on PATH."""
    script = Path(sys.executable).parent / "bif"
    if script.exists():
        return [str(script)]
    found = shutil.which("bif")
    if found is None:
        sys.exit("bench: no installed `bif` found; run `pip install -e .` first")
    return [found]


def _timed(cmd: list[str], before: Callable[[], None] | None = None) -> float:
    if before:
        before()
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} failed: {done.stderr.decode()[-500:]}")
    return elapsed


Spread = tuple[float, float, float]  # median, min, max


def spread(times: list[float]) -> Spread:
    return statistics.median(times), min(times), max(times)


def median_time(cmd: list[str], runs: int, before: Callable[[], None] | None = None) -> float:
    """Median wall time of cmd over runs (before() runs untimed ahead of each)."""
    return statistics.median(_timed(cmd, before) for _ in range(runs))


Job = tuple[list[str], Callable[[], None] | None]


def interleaved_medians(jobs: list[Job], runs: int) -> list[float]:
    """Median wall time of each job, run in turn (A, B, A, B, ...)."""
    return [m for m, _lo, _hi in interleaved(jobs, runs)]


def interleaved(jobs: list[Job], runs: int) -> list[Spread]:
    """Median, min and max wall time of each job, run in turn (A, B, C, A, B, C, ...).

    The targets are ratios between commands; on a shared machine whose load comes and goes,
    taking turns slows every command alike, so the ratios stay fair.
    """
    times: list[list[float]] = [[] for _ in jobs]
    for _ in range(runs):
        for spent, (cmd, before) in zip(times, jobs, strict=True):
            spent.append(_timed(cmd, before))
    return [spread(spent) for spent in times]


def peak_rss_mb(cmd: list[str]) -> float:
    """Peak of the summed RSS of cmd and its child processes, sampled every 5 ms."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    peak = 0

    def rss(pid: int) -> int:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            kb = next(
                int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")
            )
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except (OSError, StopIteration):
            return 0
        return kb + sum(rss(int(c)) for c in children)

    while proc.poll() is None:
        peak = max(peak, rss(proc.pid))
        time.sleep(0.005)
    return peak / 1024


def same_help(bif: list[str], bare: list[str], tree: Any) -> list[str]:
    """Return the help pages (bif's and each group's) that the bare app does not print alike."""
    groups = [name for name, command in tree.commands.items() if hasattr(command, "commands")]
    differ = []
    for args in [["--help"], *([name, "--help"] for name in groups)]:
        ours = subprocess.run([*bif, *args], capture_output=True, env=ENV)
        theirs = subprocess.run([*bare, *args], capture_output=True, env=ENV)
        if (ours.returncode, ours.stdout) != (theirs.returncode, theirs.stdout):
            differ.append(" ".join(["bif", *args]))
    return differ


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 0
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    import pydantic
    import typer
    import yaml

    # A virtual environment, as the README installs bif, starts without the .pth files of
    # the base interpreter's site-packages, which some machines fill with start-up code.
    where = "a virtual environment" if sys.prefix != sys.base_prefix else "the base interpreter"
    return (
        f"{cpu}, {cores} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()} ({where}), PyYAML {yaml.__version__} "
        f"(libyaml {yaml._yaml.get_version_string()}), typer {typer.__version__}, "  # type: ignore[attr-defined]
        f"pydantic {pydantic.VERSION}"
    )


ENV = dict(os.environ, BIF_TODAY=TODAY, NO_COLOR="1")

Row = tuple[str, str, str, Spread | None]  # (tree, N, what, seconds)


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


def git_commit_all(root: Path) -> None:
    """Make root a git repository whose HEAD holds the whole programme (for `bif diff`)."""
    git = ["git", "-C", str(root), "-c", "user.name=bench", "-c", "user.email=bench@example.no"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    (root / ".gitignore").write_text(".bif-cache/\n")
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "bench"], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--trees", default="large,small", help="large (2 kB), small (650 B)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--full-runs",
        type=int,
        default=2,
        help="measure everything this many times over; a target is met only if met in each",
    )
    parser.add_argument("--memory-sizes", default="", help="e.g. 50000: peak RSS cold only")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--workdir", type=Path, default=HERE / "out")
    parser.add_argument(
        "--bad-input-only",
        action="store_true",
        help="Measure only the 20 000-problem figures and update their section of --out.",
    )
    args = parser.parse_args()
    if args.bad_input_only:
        work = args.workdir.resolve()
        work.mkdir(parents=True, exist_ok=True)
        section = bad_input_section(bif_executable(), work, args.runs)
        replace_section(args.out, section)
        print(f"updated {args.out}")
        return
    if args.runs < 5:
        print("bench: fewer than 5 runs: the figures are not fit for RESULTS.md", file=sys.stderr)
    sizes = [int(n) for n in args.sizes.split(",")]
    trees = [t for t in args.trees.split(",") if t]
    memory_sizes = [int(n) for n in args.memory_sizes.split(",") if n]
    runs = args.runs
    work = args.workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    # pip compiles bytecode on install; an editable install gets it on first run. Do it now
    # so no run pays for compiling (PYTHONDONTWRITEBYTECODE would otherwise make every run pay).
    import bif_cli

    compileall.compile_dir(Path(bif_cli.__file__).parent, quiet=1)
    bif = bif_executable()
    py = [sys.executable]
    pinned = shutil.which("taskset") is not None
    tree = bif_tree()
    commands = count_commands(tree)
    bare = write_bare_app(work / "bare-app", tree)
    compileall.compile_dir(bare.parent, quiet=1)  # like bif: run from compiled bytecode
    differ = same_help(bif, [*py, str(bare)], tree)
    if differ:
        sys.exit(f"bench: the bare typer app's help is not bif's: {', '.join(differ)}")
    floor_script = work / "parse_floor.py"
    floor_script.write_text(FLOOR)
    full_runs = [
        _full_run(
            index, args.full_runs, sizes, trees, memory_sizes, runs, work, bif, py, bare, commands,
            floor_script, pinned,
        )
        for index in range(1, args.full_runs + 1)
    ]  # fmt: skip
    _write_results(args.out, sizes, trees, runs, full_runs, commands)
    replace_section(args.out, bad_input_section(bif, work, runs))
    print(f"wrote {args.out}")


@dataclass
class FullRun:
    """Everything one full run measured."""

    rows: list[Row] = field(default_factory=list)
    results: dict[tuple[str, int, str], Spread] = field(default_factory=dict)
    ratios: dict[str, Spread] = field(default_factory=dict)
    memory: dict[tuple[str, int], float] = field(default_factory=dict)
    loads: list[str] = field(default_factory=list)


def _full_run(
    index: int,
    of: int,
    sizes: list[int],
    trees: list[str],
    memory_sizes: list[int],
    runs: int,
    work: Path,
    bif: list[str],
    py: list[str],
    bare: Path,
    commands: int,
    floor_script: Path,
    pinned: bool,
) -> FullRun:
    """Measure every figure once (each a median of runs), trees generated afresh."""
    print(f"--- full run {index} of {of}", flush=True)
    run = FullRun(loads=[load_average()])
    rows, results, ratios, memory, loads = run.rows, run.results, run.ratios, run.memory, run.loads

    def record(tree: str, n: int | str, what: str, seconds: Spread | None) -> None:
        rows.append((tree, str(n), what, seconds))
        if seconds is not None and isinstance(n, int):
            results[(tree, n, what)] = seconds
        shown = "not available" if seconds is None else _shown(seconds)
        print(f"{tree:>5} N={n:>6}  {what:<52} {shown}", flush=True)

    own = work / "own-data"
    if own.exists():
        shutil.rmtree(own)
    shutil.copytree(REPO / "data", own / "data")
    own_check = [*bif, "check", "--root", str(own)]
    median_time(own_check, 1)  # warm the cache; --no-cache runs neither read nor write it
    start_up_runs = max(runs, 11)  # sub-second commands: more runs for a steadier median
    t_bare, t_help, t_own_cold, t_own = interleaved(
        [
            ([*py, str(bare), "--help"], None),
            ([*bif, "--help"], None),
            (own_check + ["--no-cache"], None),
            (own_check, None),
        ],
        start_up_runs,
    )
    record("-", "-", f"bare typer app, {commands} commands, --help", t_bare)
    record("-", "-", "bif --help", t_help)
    record("-", "-", "bif check on the repository's data, --no-cache", t_own_cold)
    record("-", "-", "bif check on the repository's data (cache warm)", t_own)
    ratios["help"] = _ratio(t_help, t_bare)
    ratios["own"] = _ratio(t_own, t_bare)
    ratios["own_cold"] = _ratio(t_own_cold, t_bare)

    for tree in trees:
        for n in sizes:
            root = generate(n, work / f"{tree}-n{n}", small=tree == "small")
            git_commit_all(root)
            _measure_tree(tree, n, root, bif, py, floor_script, runs, pinned, record, memory)
            loads.append(load_average())
        for n in memory_sizes:
            root = generate(n, work / f"{tree}-n{n}", small=tree == "small")
            shutil.rmtree(root / ".bif-cache", ignore_errors=True)
            memory[(tree, n)] = peak_rss_mb([*bif, "check", "--root", str(root)])
            print(f"{tree:>5} N={n:>6}  peak memory, cold check: {memory[(tree, n)]:.0f} MB")
            shutil.rmtree(root)  # 50 000 files: do not leave them behind
            loads.append(load_average())

    return run


def _ratio(a: Spread, b: Spread) -> Spread:
    """a / b: the ratio of the medians, and the lowest and highest ratio of the runs' extremes."""
    return a[0] / b[0], a[1] / b[2], a[2] / b[1]


def _shown(seconds: Spread) -> str:
    median, low, high = seconds
    return f"{median:.3f} s ({low:.3f}–{high:.3f})"


def _measure_tree(
    tree: str,
    n: int,
    root: Path,
    bif: list[str],
    py: list[str],
    floor_script: Path,
    runs: int,
    pinned: bool,
    record: Callable[[str, int, str, Spread | None], None],
    memory: dict[tuple[str, int], float],
) -> None:
    """Measure every figure of one tree at one size; the figures a target compares in turns."""
    cache = root / ".bif-cache"
    at = ["--root", str(root)]
    check = [*bif, "check", *at]
    verdict = subprocess.run(check + ["--no-cache"], capture_output=True, env=ENV)
    if verdict.returncode != 0:
        sys.exit(f"bench: the generated programme fails bif check:\n{verdict.stdout.decode()}")
    floor = [*py, str(floor_script), str(root)]
    company = sorted((root / "data" / "companies").iterdir())[0]
    program = root / "data" / "program.yaml"
    originals = {company: company.read_bytes(), program: program.read_bytes()}
    edits = [0]

    def restore_and_drop_cache() -> None:
        for path, raw in originals.items():
            path.write_bytes(raw)
        shutil.rmtree(cache, ignore_errors=True)

    def edit(path: Path) -> Callable[[], None]:
        def write() -> None:
            edits[0] += 1  # new contents each time, so the edited file is never in the cache
            path.write_bytes(originals[path] + f"# endret {edits[0]}\n".encode())

        return write

    diff = [*bif, "diff", "HEAD", *at]

    def diffed_then_company_changed() -> None:  # bif diff's own caches warm, then a new edit
        program.write_bytes(originals[program])
        subprocess.run(diff, capture_output=True, env=ENV)
        edit(company)()
        subprocess.run(check, capture_output=True, env=ENV)  # the working tree's side warm

    def company_changed_diff_cold() -> None:  # as above, without what bif diff keeps itself
        diffed_then_company_changed()
        for kept in ("blobs.pickle", "diff-sums.pickle"):  # io/blobdigests.py, io/diffsums.py
            (cache / kept).unlink(missing_ok=True)

    report = [*bif, "report", "quarterly", "Q2-2015", "--format", "html"]
    report += ["-o", str(root.parent / f"report-{tree}-{n}.html"), *at]

    recruitment = [*bif, "recruitment", "--format", "json", *at]

    def warmed(command: list[str]) -> Callable[[], None]:
        def run_once() -> None:  # the command's own result kept too (io/resultcache.py)
            subprocess.run(command, capture_output=True, env=ENV)

        return run_once

    def edited_and_checked() -> None:  # the check cache warm, no command's result kept
        edit(company)()
        subprocess.run(check, capture_output=True, env=ENV)

    jobs: list[tuple[str, Job]] = [
        ("parse floor: yaml.load(fh, CSafeLoader), gc off", (floor, None)),
        ("bif check, cold (no .bif-cache)", (check, restore_and_drop_cache)),
        ("bif check --no-cache", (check + ["--no-cache"], None)),
        ("bif check, warm (nothing changed)", (check, None)),
        ("bif check, one company file edited", (check, edit(company))),
        ("bif check, program.yaml edited", (check, edit(program))),
        ("bif budget check, warm", ([*bif, "budget", "check", *at], None)),
        ("bif recruitment --format json, warm", (recruitment, warmed(recruitment))),
        (
            "bif recruitment --format json, first after an edit",
            (recruitment, edited_and_checked),
        ),
        ("bif milestones, warm", ([*bif, "milestones", *at], None)),
        ("bif report quarterly Q2-2015 --format html, warm", (report, warmed(report))),
        (
            "bif report quarterly Q2-2015 --format html, first after an edit",
            (report, edited_and_checked),
        ),
        ("bif diff HEAD, one file changed", (diff, diffed_then_company_changed)),
        (
            "bif diff HEAD, one file changed, its own caches cold",
            (diff, company_changed_diff_cold),
        ),
    ]
    for (what, _job), seconds in zip(
        jobs, interleaved([job for _w, job in jobs], runs), strict=True
    ):
        record(tree, n, what, seconds)
    restore_and_drop_cache()
    if pinned:
        floor_1, cold_1 = interleaved(
            [(PIN + floor, None), (PIN + check, restore_and_drop_cache)], runs
        )
        record(tree, n, "parse floor, 1 core (taskset -c 0)", floor_1)
        record(tree, n, "bif check, cold, 1 core (taskset -c 0)", cold_1)
    restore_and_drop_cache()
    memory[(tree, n)] = peak_rss_mb(check)
    print(f"{tree:>5} N={n:>6}  peak memory, cold check: {memory[(tree, n)]:.0f} MB", flush=True)


BAD_INPUT_PROBLEMS = 20_000
_SECTION_START = "<!-- bad-input -->"
_SECTION_END = "<!-- /bad-input -->"


def bad_input_section(bif: list[str], work: Path, runs: int) -> str:
    """Time `bif check` on the repository's data with 20 000 unknown fields, text and JSON.

    Text output once grew with the square of the problems (each problem re-read its file);
    now every source file is read once, so text should cost about what JSON costs.
    """
    root = work / "bad-input"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(REPO / "data", root / "data")
    company = sorted((root / "data" / "companies").glob("*.yaml"))[0]
    fields = "".join(f"ukjent_felt_{i}: verdi\n" for i in range(BAD_INPUT_PROBLEMS))
    company.write_text(company.read_text(encoding="utf-8") + fields, encoding="utf-8")
    check = [*bif, "check", "--no-cache", "--root", str(root)]
    text, json_ = interleaved_medians([(check, None), (check + ["--format", "json"], None)], runs)
    print(f"{BAD_INPUT_PROBLEMS} problems: text {text:.3f} s, json {json_:.3f} s", flush=True)
    ratio = text / json_
    return "\n".join(
        [
            _SECTION_START,
            "",
            f"## {BAD_INPUT_PROBLEMS:,} problems in one file (bad input)".replace(",", " "),
            "",
            f"The repository's data with {BAD_INPUT_PROBLEMS} unknown fields added to one "
            f"company file ({company.stat().st_size:,} bytes), `bif check --no-cache`, median "
            f"of {runs} runs taken in turns (`python bench/run.py --bad-input-only`).",
            "",
            "| output | median |",
            "|---|---:|",
            f"| text | {text:.3f} s |",
            f"| json | {json_:.3f} s |",
            "",
            "| target | measured | met |",
            "|---|---:|:---:|",
            f"| text ≤ 1.5× JSON | {ratio:.2f}× | {'yes' if ratio <= 1.5 else 'NO'} |",
            "",
            _SECTION_END,
        ]
    )


def replace_section(
    out: Path, section: str, start: str = _SECTION_START, end: str = _SECTION_END
) -> None:
    """Put section in out between its markers (start, end), or at the end when out has none."""
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    if start in text and end in text:
        head, _rest = text.split(start, 1)
        _old, tail = _rest.split(end, 1)
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    out.write_text(text, encoding="utf-8")


TARGETS: list[tuple[str, str, dict[str, float]]] = [
    # (figure, compared with, limit per tree); "floor" and "floor 1 core" are the parse floors
    ("bif check, cold (no .bif-cache)", "floor", {"large": 0.35, "small": 0.35}),
    ("bif check, cold, 1 core (taskset -c 0)", "floor 1 core", {"large": 0.5, "small": 0.5}),
    ("bif check, warm (nothing changed)", "floor", {"large": 0.05, "small": 0.15}),
    ("bif check, one company file edited", "floor", {"large": 0.1, "small": 0.2}),
    ("bif check, program.yaml edited", "floor", {"large": 0.3, "small": 0.3}),
    ("bif budget check, warm", "floor", {"large": 0.2, "small": 0.3}),
    ("bif recruitment --format json, warm", "floor", {"large": 0.2, "small": 0.3}),
    ("bif milestones, warm", "floor", {"large": 0.2, "small": 0.3}),
    ("bif report quarterly Q2-2015 --format html, warm", "floor", {"large": 0.2, "small": 0.3}),
    ("bif diff HEAD, one file changed", "floor", {"large": 0.2, "small": 0.3}),
]
FLOORS = {
    "floor": "parse floor: yaml.load(fh, CSafeLoader), gc off",
    "floor 1 core": "parse floor, 1 core (taskset -c 0)",
}


def _write_results(
    out: Path,
    sizes: list[int],
    trees: list[str],
    runs: int,
    full_runs: list[FullRun],
    commands: int,
) -> None:
    argv = " ".join(["python", "bench/run.py", *sys.argv[1:]])
    count = len(full_runs)
    lines = [
        "# Benchmark results",
        "",
        f"- Date: {datetime.now().strftime('%Y-%m-%d %H:%M')}",
        f"- Machine: {machine()}",
        f"- Command: `{argv}` (from the repository root, with `pip install -e '.[dev]'`)",
        f"- {count} full run(s), one after the other; a target counts as met only if its "
        "median holds in every one of them.",
        f"- Each figure is the median wall time of {runs} runs of a subprocess "
        f"({max(runs, 11)} for the start-up figures), with the fastest and slowest run in "
        f"brackets; today pinned to {TODAY}. All figures of one tree and size were taken in "
        "turns (A, B, C, ..., A, B, C, ...), so the load of a shared machine falls on them "
        "alike; the 1-core figures (`taskset -c 0`) in turns with each other. `bif report` and "
        "`bif recruitment` keep what they work out (io/resultcache.py): their warm figures "
        "follow one untimed run of the same command, and their figures first after an edit "
        "follow an edit of a company file and a `bif check` (the check cache warm, their own "
        "result not yet kept). `bif diff`'s figure follows an untimed `bif diff`, then an edit "
        "of a company file and a `bif check`; with its own caches cold, the base's blob "
        "digests and sums (io/blobdigests.py, io/diffsums.py) are deleted before it. The "
        "parse floor "
        "reads each file object with `yaml.load(fh, CSafeLoader)` with the garbage collector "
        "off, as bif loads. Trees: large (about 2 kB a company), small (about 650 bytes, "
        f"`bench/generate.py --small`). The bare typer app (`bench/bare_app.py`) is generated "
        f"from bif's command tree: its {commands} commands, every argument and option with its "
        "type, default and help, the same rich help; its `--help` and each group's are "
        "checked to be bif's byte for byte before anything is timed.",
    ]
    for number, run in enumerate(full_runs, 1):
        lines += [
            "",
            f"## Full run {number}",
            "",
            "Load average (1, 5, 15 min) at the start and after each tree and size: "
            + "; ".join(run.loads),
            "",
            "| tree | N | what | median (min–max) |",
            "|---|---:|---|---:|",
        ]
        for tree, n, what, seconds in run.rows:
            shown = "not available" if seconds is None else _shown(seconds)
            lines.append(f"| {tree} | {n} | {what} | {shown} |")
        if run.memory:
            lines += ["", "| tree | N | peak RSS, cold `bif check` |", "|---|---:|---:|"]
            lines += [f"| {t} | {n} | {mb:.0f} MB |" for (t, n), mb in sorted(run.memory.items())]
    heads = " | ".join(f"run {number}" for number in range(1, count + 1))
    lines += ["", "## Targets (ratios of medians measured in turns; range from the extremes)", ""]
    lines += [f"| target | {heads} | met in every run |", "|---|" + "---:|" * count + ":---:|"]

    def target(name: str, values: list[Spread | None], limit: float) -> None:
        shown = []
        for value in values:
            shown.append("not measured" if value is None else _shown_ratio(value))
        measured = [v for v in values if v is not None]
        met = "–" if not measured else "yes" if all(v[0] <= limit for v in measured) else "NO"
        lines.append(f"| {name} | {' | '.join(shown)} | {met} |")

    def target_mb(name: str, values: list[float | None], limit: float, unit: str) -> None:
        digits = 0 if unit == " MB" else 2
        shown = ["not measured" if v is None else f"{v:.{digits}f}{unit}" for v in values]
        measured = [v for v in values if v is not None]
        met = "–" if not measured else "yes" if all(v <= limit for v in measured) else "NO"
        lines.append(f"| {name} | {' | '.join(shown)} | {met} |")

    big = max(sizes)
    for tree in trees:
        for what, against, limits in TARGETS:
            values: list[Spread | None] = []
            for run in full_runs:
                figure = run.results.get((tree, big, what))
                floor = run.results.get((tree, big, FLOORS[against]))
                values.append(_ratio(figure, floor) if figure and floor else None)
            target(f"{tree}, N={big}: {what} ≤ {limits[tree]}× {against}", values, limits[tree])
        rss = [run.memory.get((tree, big)) for run in full_runs]
        if any(v is not None for v in rss):
            target_mb(f"{tree}, N={big}: peak RSS cold ≤ 250 MB", rss, 250, " MB")
        larger = sorted({size for run in full_runs for (t, size) in run.memory if t == tree})
        for size in [s for s in larger if s > big]:
            growth: list[float | None] = []
            for run in full_runs:
                if (tree, size) in run.memory and (tree, big) in run.memory:
                    per_big = run.memory[(tree, big)] / big
                    growth.append((run.memory[(tree, size)] / size) / per_big)
                else:
                    growth.append(None)
            target_mb(
                f"{tree}: memory per company at N={size} vs N={big} (1.0 = linear, ≤ 1.2)",
                growth,
                1.2,
                "×",
            )
    for key, name, limit in [
        ("help", "`bif --help` ≤ 1.1× bare typer --help", 1.1),
        ("own", "check on the repository's data (warm) ≤ 1.5× bare typer --help", 1.5),
        ("own_cold", "check on the repository's data (--no-cache) ≤ 1.5× bare typer --help", 1.5),
    ]:
        target(name, [run.ratios.get(key) for run in full_runs], limit)
    out.write_text("\n".join(lines) + "\n")


def _shown_ratio(value: Spread) -> str:
    median, low, high = value
    return f"{median:.2f}× ({low:.2f}–{high:.2f})"


if __name__ == "__main__":
    main()
