"""Benchmark the installed `bif` against baselines measured in the same run; write RESULTS.md.

    python bench/run.py                      # N = 100, 1 000 and 10 000, 5 runs each
    python bench/run.py --sizes 20 --runs 1 --out /tmp/RESULTS.md --workdir /tmp/bench

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
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

REPO = HERE.parent
FLOOR = """\
import sys, yaml
from pathlib import Path
data = Path(sys.argv[1]) / "data"
files = sorted(data.glob("*.yaml")) + sorted((data / "companies").glob("*.yaml"))
files += sorted((data / "clusters").glob("*.yaml"))
for f in files:
    yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader)
"""
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


def median_time(cmd: list[str], runs: int, before: Callable[[], None] | None = None) -> float:
    """Median wall time of cmd over runs (before() runs untimed ahead of each)."""
    return statistics.median(_timed(cmd, before) for _ in range(runs))


Job = tuple[list[str], Callable[[], None] | None]


def interleaved_medians(jobs: list[Job], runs: int) -> list[float]:
    """Median wall time of each job, run in turn (A, B, A, B, ...).

    The targets are ratios between commands; on a shared machine whose load comes and goes,
    taking turns slows every command alike, so the ratios stay fair.
    """
    times: list[list[float]] = [[] for _ in jobs]
    for _ in range(runs):
        for spent, (cmd, before) in zip(times, jobs, strict=True):
            spent.append(_timed(cmd, before))
    return [statistics.median(spent) for spent in times]


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


def available(bif: list[str], *words: str) -> bool:
    done = subprocess.run([*bif, *words, "--help"], capture_output=True, env=ENV)
    return done.returncode == 0


def count_commands() -> int:
    """Count the leaf commands of bif's typer app (groups' subcommands included)."""
    import typer

    from bif_cli.cli import app

    def leaves(command: object) -> int:
        sub = getattr(command, "commands", None)
        return sum(leaves(c) for c in sub.values()) if sub else 1

    return leaves(typer.main.get_command(app))


def write_bare_app(path: Path, commands: int) -> None:
    lines = ["import typer", "", "app = typer.Typer()", ""]
    for i in range(commands):
        lines += [
            "@app.command()",
            f"def command_{i}(name: str = typer.Option('x', help='A name.')) -> None:",
            f"    '''Do thing number {i}.'''",
            "    print(name)",
            "",
        ]
    path.write_text("\n".join(lines + ["app()", ""]))


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

    return (
        f"{cpu}, {cores} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, PyYAML {yaml.__version__} "
        f"(libyaml {yaml._yaml.get_version_string()}), typer {typer.__version__}, "  # type: ignore[attr-defined]
        f"pydantic {pydantic.VERSION}"
    )


ENV = dict(os.environ, BIF_TODAY=TODAY, NO_COLOR="1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--runs", type=int, default=5)
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
        _replace_section(args.out, section)
        print(f"updated {args.out}")
        return
    sizes = [int(n) for n in args.sizes.split(",")]
    runs = args.runs
    work = args.workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    # pip compiles bytecode on install; an editable install gets it on first run. Do it now
    # so no run pays for compiling (PYTHONDONTWRITEBYTECODE would otherwise make every run pay).
    import bif_cli

    compileall.compile_dir(Path(bif_cli.__file__).parent, quiet=1)
    bif = bif_executable()
    py = [sys.executable]
    commands = count_commands()
    bare = work / "bare_typer.py"
    write_bare_app(bare, commands)
    floor_script = work / "parse_floor.py"
    floor_script.write_text(FLOOR)
    has = {
        "budget check": available(bif, "budget", "check"),
        "recruitment": available(bif, "recruitment"),
        "report quarterly": available(bif, "report", "quarterly"),
        "schema": available(bif, "schema"),
    }
    jsonschema = shutil.which("check-jsonschema")
    rows: list[tuple[str, str, float | None]] = []  # (N, what, seconds)
    ratios: dict[str, float] = {}
    results: dict[tuple[int, str], float] = {}
    memory: dict[int, float] = {}

    def record(n: int | str, what: str, seconds: float | None) -> None:
        rows.append((str(n), what, seconds))
        if seconds is not None and isinstance(n, int):
            results[(n, what)] = seconds
        shown = "not available" if seconds is None else f"{seconds:.3f} s"
        print(f"N={n:>6}  {what:<44} {shown}", flush=True)

    own = work / "own-data"
    if own.exists():
        shutil.rmtree(own)
    shutil.copytree(REPO / "data", own / "data")
    own_check = [*bif, "check", "--root", str(own)]
    median_time(own_check, 1)  # warm the cache; --no-cache runs neither read nor write it
    start_up_runs = max(runs, 11)  # sub-second commands: more runs for a steadier median
    t_bare, t_help, t_own_cold, t_own = interleaved_medians(
        [
            ([*py, str(bare), "--help"], None),
            ([*bif, "--help"], None),
            (own_check + ["--no-cache"], None),
            (own_check, None),
        ],
        start_up_runs,
    )
    record("-", f"bare typer app, {commands} commands, --help", t_bare)
    record("-", "bif --help", t_help)
    record("-", "bif check on the repository's data, --no-cache", t_own_cold)
    record("-", "bif check on the repository's data (cache warm)", t_own)
    ratios["help"] = t_help / t_bare
    ratios["own"] = t_own / t_bare
    ratios["own_cold"] = t_own_cold / t_bare

    for n in sizes:
        root = generate(n, work / f"n{n}")
        cache = root / ".bif-cache"
        check = [*bif, "check", "--root", str(root)]
        verdict = subprocess.run(check + ["--no-cache"], capture_output=True, env=ENV)
        if verdict.returncode != 0:
            sys.exit(f"bench: the generated programme fails bif check:\n{verdict.stdout.decode()}")

        def drop_cache(cache: Path = cache) -> None:
            shutil.rmtree(cache, ignore_errors=True)

        floor, cold, uncached = interleaved_medians(
            [
                ([*py, str(floor_script), str(root)], None),
                (check, drop_cache),
                (check + ["--no-cache"], None),
            ],
            runs,
        )
        record(n, "parse floor: yaml.load(CSafeLoader), 1 process", floor)
        record(n, "bif check, cold (no .bif-cache)", cold)
        record(n, "bif check --no-cache", uncached)
        serial_env = {"BIF_PARALLEL_MIN_FILES": str(10**9)}
        ENV.update(serial_env)
        record(n, "bif check --no-cache, 1 process", median_time(check + ["--no-cache"], runs))
        for key in serial_env:
            ENV.pop(key)
        median_time(check, 1)
        record(n, "bif check, warm (nothing changed)", median_time(check, runs))
        edited = sorted((root / "data" / "companies").iterdir())[0]
        original = edited.read_bytes()

        edits = [0]

        def edit_one(
            path: Path = edited, original: bytes = original, edits: list[int] = edits
        ) -> None:
            edits[0] += 1  # new contents each time, so the edited file is never in the cache
            path.write_bytes(original + f"# endret {edits[0]}\n".encode())

        record(
            n, "bif check, one file edited (parse cache warm)", median_time(check, runs, edit_one)
        )
        edited.write_bytes(original)
        median_time(check, 1)
        memory[n] = peak_rss_mb(check + ["--no-cache"])
        print(f"N={n:>6}  peak memory, check --no-cache: {memory[n]:.0f} MB", flush=True)
        extra = [
            ("budget check", ["budget", "check"]),
            ("recruitment", ["recruitment", "--format", "json"]),
        ]
        for name, words in extra:
            cmd = [*bif, *words, "--root", str(root)]
            record(n, f"bif {' '.join(words)}", median_time(cmd, runs) if has[name] else None)
        for fmt in ("md", "html"):
            out = work / f"report-{n}.{fmt}"
            cmd = [
                *bif,
                "report",
                "quarterly",
                "Q2-2015",
                "--format",
                fmt,
                "-o",
                str(out),
                "--root",
                str(root),
            ]
            ok = has["report quarterly"]
            record(
                n,
                f"bif report quarterly Q2-2015 --format {fmt}",
                median_time(cmd, runs) if ok else None,
            )
        if has["schema"] and jsonschema:
            schemas = work / "schemas"
            subprocess.run(
                [*bif, "schema", "-o", str(schemas), "--root", str(root)],
                check=True,
                capture_output=True,
                env=ENV,
            )
            record(
                n, "check-jsonschema, same files", _jsonschema_time(jsonschema, schemas, root, runs)
            )
        else:
            record(n, "check-jsonschema, same files", None)

    _write_results(args.out, sizes, runs, rows, results, ratios, memory, commands, has, jsonschema)
    _replace_section(args.out, bad_input_section(bif, work, runs))
    print(f"wrote {args.out}")


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


def _replace_section(out: Path, section: str) -> None:
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    if _SECTION_START in text and _SECTION_END in text:
        head, _rest = text.split(_SECTION_START, 1)
        _old, tail = _rest.split(_SECTION_END, 1)
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    out.write_text(text, encoding="utf-8")


def _jsonschema_time(tool: str, schemas: Path, root: Path, runs: int) -> float:
    data = root / "data"
    groups = [
        ("program.schema.json", [data / "program.yaml"]),
        ("budget.schema.json", [data / "budget.yaml"]),
        ("milestones.schema.json", [data / "milestones.yaml"]),
        ("company.schema.json", sorted((data / "companies").glob("*.yaml"))),
        ("cluster.schema.json", sorted((data / "clusters").glob("*.yaml"))),
    ]
    total = 0.0
    for schema, files in groups:
        if files and (schemas / schema).exists():
            cmd = [tool, "--schemafile", str(schemas / schema), *map(str, files)]
            total += median_time(cmd, runs)
    return total


def _write_results(
    out: Path,
    sizes: list[int],
    runs: int,
    rows: list[tuple[str, str, float | None]],
    results: dict[tuple[int, str], float],
    ratios: dict[str, float],
    memory: dict[int, float],
    commands: int,
    has: dict[str, bool],
    jsonschema: str | None,
) -> None:
    argv = " ".join(["python", "bench/run.py", *sys.argv[1:]])
    lines = [
        "# Benchmark results",
        "",
        f"- Date: {datetime.now().strftime('%Y-%m-%d %H:%M')}",
        f"- Machine: {machine()}",
        f"- Command: `{argv}` (from the repository root, with `pip install -e '.[dev]'` and "
        "`pip install check-jsonschema`)",
        f"- Each figure is the median wall time of {runs} runs of a subprocess "
        f"({max(runs, 11)} for the start-up figures); today pinned to {TODAY}. Figures that a "
        "target compares were measured taking turns (A, B, A, B, ...), so that the load of a "
        "shared machine falls on them alike. The bare typer app has the same number of "
        f"commands as bif ({commands}).",
        "",
        "| N | what | median |",
        "|---:|---|---:|",
    ]
    for n, what, seconds in rows:
        shown = "not available" if seconds is None else f"{seconds:.3f} s"
        lines.append(f"| {n} | {what} | {shown} |")
    lines += ["", "## Targets (ratios measured in the same run)", ""]
    lines += ["| target | measured | met |", "|---|---:|:---:|"]

    def target(
        name: str, value: float | None, limit: float, fmt: str = "{:.2f}×", below: bool = True
    ) -> None:
        if value is None:
            lines.append(f"| {name} | not measured | – |")
            return
        met = value <= limit if below else value >= limit
        lines.append(f"| {name} | {fmt.format(value)} | {'yes' if met else 'NO'} |")

    big = max(sizes)
    floor = results.get((big, "parse floor: yaml.load(CSafeLoader), 1 process"))

    def ratio(what: str) -> float | None:
        value = results.get((big, what))
        return value / floor if value is not None and floor else None

    target(
        f"check cold at N={big} ≤ 0.7× parse floor", ratio("bif check, cold (no .bif-cache)"), 0.7
    )
    target(
        f"check warm at N={big} ≤ 0.1× parse floor", ratio("bif check, warm (nothing changed)"), 0.1
    )
    target("`bif --help` ≤ 1.1× bare typer --help", ratios["help"], 1.1)
    target("check on the repository's data (warm) ≤ 1.5× bare typer --help", ratios["own"], 1.5)
    target(
        "check on the repository's data (--no-cache) ≤ 1.5× bare typer --help",
        ratios["own_cold"],
        1.5,
    )
    js = results.get((big, "check-jsonschema, same files"))
    cold = results.get((big, "bif check, cold (no .bif-cache)"))
    target(
        f"≥ 5× faster than check-jsonschema at N={big} (cold check)",
        js / cold if js and cold else None,
        5.0,
        below=False,
    )
    small, mid = min(sizes), sorted(sizes)[len(sizes) // 2]
    what = "bif check --no-cache"
    if len(sizes) >= 3 and all((n, what) in results for n in (small, mid, big)):
        per_mid = (results[(mid, what)] - results[(small, what)]) / (mid - small)
        per_big = (results[(big, what)] - results[(small, what)]) / (big - small)
        target(
            f"linear: cost per company {small}→{big} vs {small}→{mid} (1.0 = linear)",
            per_big / per_mid,
            1.3,
        )
    target(f"peak memory at N={big} < 500 MB", memory.get(big), 500, "{:.0f} MB")
    missing = [name for name, ok in has.items() if not ok]
    if missing or not jsonschema:
        lines += [
            "",
            "Not available in this run: "
            + ", ".join(missing + ([] if jsonschema else ["check-jsonschema"]))
            + ".",
        ]
    out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
