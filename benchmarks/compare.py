"""Time our generator against its peers on the same OpenAPI documents.

Run it from anywhere with Python 3.10 or newer, standard library only:

    python3 benchmarks/compare.py              # the full suite, about 6 min on 2 cores
    python3 benchmarks/compare.py --quick      # a one-round smoke run on small inputs

It installs each tool into its own throwaway virtual environment under
benchmarks/.envs/: openapi-python-client and datamodel-code-generator at
pinned versions from the package index, and ours from a git commit (HEAD by
default, `--ours-ref` picks another), so that the numbers name a commit even
while the working tree is being edited. The tools then run in rotating order
(A B C, then B C A, ...) on copies of the same local specs, each run into a
fresh folder under benchmarks/.work/. Six parts, chosen with `--only`:

- compare: each single spec, `--rounds` rounds;
- kibo: all 26 Kibo documents, one process per document and tool, alternating
  per document, `--kibo-rounds` rounds; also the curve of ours over size;
- regen: ours and openapi-python-client each regenerating into its own
  folder: a cold run, the same run again with nothing changed, and the same
  command again after one operation's summary was edited in the spec file,
  as in a build, `--regen-rounds` rounds, alternating;
- regen-kibo: the same three steps on each of the 26 Kibo documents,
  `--regen-kibo-rounds` rounds (default 3), with the least of the per-document
  median ratios of each step;
- profile: ours under cProfile on one core, so black runs in the profiled
  process;
- lines: the lines of ours against openapi-python-client's, untimed, on the
  impersonatecart spec, each Kibo document and all 26 together, in two
  layouts: each package carrying its runtime (the default), and thin clients
  generated with `--runtime kibo_runtime` plus one runtime package written
  by `generator runtime`.

Each run records wall time, CPU time (user + system of the tool and of every
child it waited for, from os.wait4), the max RSS of its largest process
(os.wait4) and the peak PSS summed over its process tree (sampled from /proc),
and counts the .py files and their non-empty lines. The Markdown report is
printed and kept in benchmarks/.work/report.md.

It writes only under benchmarks/.envs/ and benchmarks/.work/ (and in the
system's temporary folder while pip builds ours), and reaches no network host
other than the package index pip is configured with.
"""

from __future__ import annotations

import argparse
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import venv
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ENVS = HERE / ".envs"
WORK = HERE / ".work"
KIBO = REPO / "specs" / "kibo"

SPECS = (
    "impersonatecart.yaml",
    "kibo/openapi_customer.json",
    "kibo/openapi_commerce.json",
    "kibo/openapi_catalog_admin.json",
)
REGEN_SPECS = (
    "impersonatecart.yaml",
    "kibo/openapi_tenant.json",
    "kibo/openapi_customer.json",
    "kibo/openapi_commerce.json",
)
PROFILE_SPEC = "kibo/openapi_commerce.json"
QUICK_SPEC = "impersonatecart.yaml"
QUICK_KIBO_DOCUMENTS = 3
LINES_SPEC = "impersonatecart.yaml"
RUNTIME_PACKAGE = "kibo_runtime"
PARTS = ("compare", "kibo", "regen", "regen-kibo", "profile", "lines")
SAMPLE_SECONDS = 0.1
PROFILE_TOP = 20


def say(text: str, *, stream: str = "stderr") -> None:
    """Print one message: progress to stderr, the report to stdout."""
    print(text, file=sys.stdout if stream == "stdout" else sys.stderr, flush=True)


@dataclass(frozen=True)
class Sample:
    """One measured run of one tool."""

    wall: float
    cpu: float
    max_rss: float
    tree_pss: float
    exit_code: int
    files: int = 0
    lines: int = 0
    extras: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Tool:
    """A generator in its own environment, and how to run it on one spec."""

    name: str
    env: Path
    requirement: str
    distributions: tuple[str, ...]
    template: str
    extract: Callable[[str], dict[str, float]] = lambda log: {}

    def command(self, spec: Path, run_dir: Path) -> list[str]:
        """Return the argv that runs this tool on `spec` into `run_dir`."""
        program, *arguments = self.template.split()
        paths = {"spec": spec, "out": run_dir}
        return [str(self.env / "bin" / program)] + [
            argument.format(**paths) for argument in arguments
        ]


def extract_ours(log: str) -> dict[str, float]:
    """Read the stage times (`-v`) and the count of files written from the log."""
    stages = {name: float(s) for name, s in re.findall(r" (\w+) ([\d.]+) s[,\n]", log)}
    found = {}
    if "format" in stages:
        found["format stage s"] = stages["format"]
        found["all stages s"] = sum(stages.values())
    written = re.search(r"(\d+) written, ", log)
    if written:
        found["written"] = float(written.group(1))
    return found


def extract_opc(log: str) -> dict[str, float]:
    """Count the warnings and the endpoints openapi-python-client left out."""
    return {
        "warnings": float(len(re.findall(r"^WARNING", log, re.M))),
        "endpoints left out": float(log.count("Endpoint will not be generated")),
    }


def make_tools(ours_source: Path, label: str) -> list[Tool]:
    """Return ours first, then the peers, each with its own environment.

    Ours runs with `-v` for the stage times; openapi-python-client with its
    defaults (poetry metadata, ruff afterwards), allowed to replace its output
    for the regeneration part; datamodel-code-generator makes
    dataclasses for Python 3.10, like ours, with its current default formatters.
    """
    opc = (
        "openapi-python-client generate --path {spec} --output-path {out}/client "
        "--overwrite"
    )
    dmcg = (
        "datamodel-codegen --input {spec} --input-file-type openapi "
        "--output-model-type dataclasses.dataclass --target-python-version 3.10 "
        "--disable-timestamp --formatters black isort --output {out}/models.py"
    )
    ours = "generator generate -v {spec} -o {out}/client"
    return [
        Tool(
            "ours",
            ENVS / f"ours-{label}",
            str(ours_source),
            ("generator", "black"),
            ours,
            extract_ours,
        ),
        Tool(
            "opc",
            ENVS / "opc",
            "openapi-python-client==0.29.1",
            ("openapi-python-client", "ruff"),
            opc,
            extract_opc,
        ),
        Tool(
            "dmcg",
            ENVS / "dmcg",
            "datamodel-code-generator==0.97.0",
            ("datamodel-code-generator", "black", "isort"),
            dmcg,
        ),
    ]


# Environments -----------------------------------------------------------------


def run_checked(command: Sequence[str]) -> str:
    """Run `command`; return its stdout, or stop with its output if it fails."""
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stdout}{done.stderr}")
    return done.stdout


def snapshot_ours(ref: str) -> tuple[Path, str]:
    """Archive the commit `ref` names under .work; return the archive and its id."""
    git = ["git", "-C", str(REPO)]
    commit = run_checked([*git, "rev-parse", "--verify", f"{ref}^{{commit}}"]).strip()
    label = commit[:12]
    archive = WORK / f"generator-{label}.tar"
    if not archive.is_file():
        WORK.mkdir(parents=True, exist_ok=True)
        prefix = f"--prefix=generator-{label}/"
        run_checked(
            [*git, "archive", "--format=tar", prefix, "-o", str(archive), commit]
        )
    return archive, label


def ensure_env(tool: Tool) -> None:
    """Create the tool's environment and install it, unless that is done."""
    marker = tool.env / "benchmark-requirement.txt"
    if marker.is_file() and marker.read_text() == tool.requirement:
        return
    say(f"installing {tool.requirement} into {tool.env.relative_to(REPO)}")
    shutil.rmtree(tool.env, ignore_errors=True)
    venv.EnvBuilder(with_pip=True).create(tool.env)
    python = str(tool.env / "bin" / "python")
    pip = [python, "-m", "pip", "install", "--quiet", "--no-cache-dir"]
    run_checked([*pip, tool.requirement])
    marker.write_text(tool.requirement)


def installed_versions(tool: Tool) -> str:
    """Return the Python and package versions in the tool's environment."""
    code = (
        "import importlib.metadata as m, platform, sys; "
        "print(', '.join([f'{d} {m.version(d)}' for d in sys.argv[1:]] "
        "+ ['Python ' + platform.python_version()]))"
    )
    python = str(tool.env / "bin" / "python")
    return run_checked([python, "-c", code, *tool.distributions]).strip()


def tool_environment(tool: Tool) -> dict[str, str]:
    """Return the environment of an activated venv of the tool.

    openapi-python-client runs `ruff` from PATH after generating.
    """
    env = dict(os.environ, VIRTUAL_ENV=str(tool.env), NO_COLOR="1")
    env["PATH"] = f"{tool.env / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env.pop("PYTHONPATH", None)
    return env


# Measuring --------------------------------------------------------------------


def child_pids(pid: int) -> list[int]:
    """Return the children of `pid`, or none once it is gone."""
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
        return [int(c) for t in tasks for c in (t / "children").read_text().split()]
    except (OSError, ValueError):
        return []


def tree_pss_kb(root: int) -> int:
    """Return the summed PSS of `root` and its descendants, in KiB.

    PSS splits shared pages between the processes sharing them, so forked
    workers are not counted twice, as summed RSS would count them.
    """
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        pending.extend(child_pids(pid))
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        match = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
        total += int(match.group(1)) if match else 0
    return total


class TreeSampler:
    """Sample the PSS of a process tree in a thread until stopped."""

    def __init__(self, root: int) -> None:
        self._root = root
        self._peak = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while True:
            self._peak = max(self._peak, tree_pss_kb(self._root))
            if self._done.wait(SAMPLE_SECONDS):
                return

    def stop(self) -> int:
        """Stop sampling; return the peak in KiB."""
        self._done.set()
        self._thread.join()
        return self._peak


def measure(
    command: Sequence[str],
    *,
    env: dict[str, str],
    log_path: Path,
    preexec: Callable[[], None] | None = None,
) -> Sample:
    """Run `command` once with its output in `log_path`; return what it cost."""
    with log_path.open("wb") as log:
        start = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=WORK,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=preexec,
        )
        sampler = TreeSampler(process.pid)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    peak = sampler.stop()
    # Reaped by wait4 already: tell Popen, so it does not wait a second time.
    process.returncode = os.waitstatus_to_exitcode(status)

    # ru_maxrss is in KiB on Linux.
    return Sample(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        max_rss=usage.ru_maxrss / 1024,
        tree_pss=peak / 1024,
        exit_code=process.returncode,
    )


def count_python(folder: Path) -> tuple[int, int]:
    """Return the number of .py files under `folder` and their non-empty lines."""
    files = [path for path in folder.rglob("*.py") if path.is_file()]
    lines = sum(
        1
        for path in files
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
        if line.strip()
    )
    return len(files), lines


def run_tool(
    tool: Tool, spec: Path, run_dir: Path, *, fresh: bool = True, step: str = "run"
) -> Sample:
    """Run `tool` on `spec` into `run_dir` (emptied first when `fresh`)."""
    if fresh:
        shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True, exist_ok=True)
    log_path = run_dir.parent / f"{run_dir.name}.{step}.log"
    sample = measure(
        tool.command(spec, run_dir), env=tool_environment(tool), log_path=log_path
    )
    files, lines = count_python(run_dir)
    extras = tool.extract(log_path.read_text(encoding="utf-8", errors="replace"))
    return replace(sample, files=files, lines=lines, extras=extras)


def rotated(tools: Sequence[Tool], turn: int) -> list[Tool]:
    """Return `tools` starting at a different one each turn."""
    start = turn % len(tools)
    return [*tools[start:], *tools[:start]]


def progress(label: str, tool: Tool, sample: Sample) -> None:
    """Show one finished run."""
    failed = f", exit {sample.exit_code}" if sample.exit_code else ""
    say(
        f"  {label} {tool.name}: {sample.wall:.2f} s wall, {sample.cpu:.2f} s CPU"
        f"{failed}"
    )


# Parts ------------------------------------------------------------------------

Runs = dict[str, dict[str, list[Sample]]]


def copy_input(spec: Path, folder: str = "inputs") -> Path:
    """Copy `spec` under .work, where every tool reads the same file.

    Ours given `specs/impersonatecart.yaml` itself would use that spec's entry
    in the repository's configuration; a copy is not configured anywhere.
    """
    target = WORK / folder / spec.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(spec, target)
    return target


def run_rounds(tools: list[Tool], specs: list[Path], *, rounds: int) -> Runs:
    """Run every tool on every spec, `rounds` times, in rotating order."""
    runs: Runs = {spec.name: {tool.name: [] for tool in tools} for spec in specs}
    # On a shared machine the load drifts: a new order for every spec spreads
    # the drift over the tools instead of always charging it to the same one.
    turn = 0
    for index in range(rounds):
        say(f"round {index + 1} of {rounds}")
        for spec in specs:
            for tool in rotated(tools, turn):
                run_dir = WORK / "runs" / spec.stem / f"{tool.name}-{index + 1}"
                sample = run_tool(tool, spec, run_dir)
                runs[spec.name][tool.name].append(sample)
                progress(spec.name, tool, sample)
            turn += 1
    return runs


def edit_one_summary(text: str) -> str:
    """Return the spec `text` with its first operation's summary changed."""
    paths = re.search(r'^\s*"?paths"?\s*:', text, re.M)
    summary = re.compile(r'("summary"\s*:\s*"|summary:\s*)')
    match = summary.search(text, paths.end() if paths else 0)
    if match is None:
        raise SystemExit("no operation summary to edit")
    return text[: match.end()] + "Edited " + text[match.end() :]


REGEN_STEPS = ("cold", "unchanged", "edited")


def run_regen(
    tools: Sequence[Tool], spec: Path, *, rounds: int
) -> dict[str, dict[str, list[Sample]]]:
    """Time each tool cold, again with nothing changed, then after one edit.

    The edit is made in the spec file itself, and the same command runs
    again, as in a build. Return {step: {tool name: samples}}. Each tool has
    its own folder, which only its own runs touch; the tools alternate by
    round.
    """
    source = copy_input(spec, f"regen/{spec.stem}/base")
    original = source.read_text(encoding="utf-8")
    edited = edit_one_summary(original)
    runs: dict[str, dict[str, list[Sample]]] = {
        step: {tool.name: [] for tool in tools} for step in REGEN_STEPS
    }
    for index in range(rounds):
        for tool in rotated(tools, index):
            run_dir = WORK / "runs" / "regen" / f"{spec.stem}-{tool.name}-{index + 1}"
            texts = (original, original, edited)
            fresh = (True, False, False)
            for step, text, empty in zip(REGEN_STEPS, texts, fresh, strict=True):
                source.write_text(text, encoding="utf-8")
                sample = run_tool(tool, source, run_dir, fresh=empty, step=step)
                runs[step][tool.name].append(sample)
                progress(f"{spec.name} {step}", tool, sample)
    source.write_text(original, encoding="utf-8")
    return runs


def pin_to_one_core() -> None:
    """Leave the child one core, so ours formats in process, where cProfile sees it."""
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def run_profile(ours: Tool, spec: Path) -> tuple[Sample, pstats.Stats]:
    """Profile one cold run of ours on `spec`; return its cost and statistics."""
    run_dir = WORK / "runs" / "profile"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    output = run_dir / "profile.pstats"
    command = [str(ours.env / "bin" / "python"), "-m", "cProfile", "-o", str(output)]
    command += ["-m", "generator", "generate", str(spec), "-o", str(run_dir / "client")]
    sample = measure(
        command,
        env=tool_environment(ours),
        log_path=run_dir / "run.log",
        preexec=pin_to_one_core,
    )
    progress(f"{spec.name} under cProfile", ours, sample)
    return sample, pstats.Stats(str(output))


LineRuns = dict[str, dict[str, Sample]]


def shared_layout(ours: Tool) -> Tool:
    """Return ours writing thin clients that import the shared runtime package."""
    template = f"{ours.template} --runtime {RUNTIME_PACKAGE}"
    return replace(ours, name="ours-shared", template=template)


def write_runtime(ours: Tool) -> Sample:
    """Write the shared runtime package once; return its files and lines."""
    run_dir = WORK / "runs" / "lines" / "runtime"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    command = [str(ours.env / "bin" / "generator"), "runtime", str(run_dir)]
    command += ["--package", RUNTIME_PACKAGE]
    log_path = run_dir.parent / "runtime.log"
    sample = measure(command, env=tool_environment(ours), log_path=log_path)
    files, lines = count_python(run_dir)
    return replace(sample, files=files, lines=lines)


def run_lines(tools: Sequence[Tool], specs: Sequence[Path]) -> LineRuns:
    """Run each tool once on each spec; return {spec name: {tool name: sample}}."""
    runs: LineRuns = {}
    for spec in specs:
        runs[spec.name] = {}
        for tool in tools:
            run_dir = WORK / "runs" / "lines" / spec.stem / tool.name
            sample = run_tool(tool, spec, run_dir)
            runs[spec.name][tool.name] = sample
            say(f"  {spec.name} {tool.name}: {line_count(sample)} lines")
    return runs


# Report -----------------------------------------------------------------------

TABLE_HEAD = [
    "| tool | wall s, median (min-max) | CPU s | max RSS MB | tree PSS MB "
    "| .py files | lines | wall ÷ ours | CPU ÷ ours | notes |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|---|",
]


def number(value: float) -> str:
    """Return `value` with three significant digits, or none after the point."""
    return f"{value:.0f}" if abs(value) >= 100 else f"{value:.3g}"


def median_of(samples: Sequence[Sample], attribute: str) -> float:
    """Return the median of one attribute over `samples`."""
    return float(statistics.median(getattr(sample, attribute) for sample in samples))


def paired_ratio(peer: Sequence[Sample], ours: Sequence[Sample], attribute: str) -> str:
    """Return the median over rounds of peer ÷ ours, each round with its own pair."""
    return f"{paired_ratio_value(peer, ours, attribute):.2f}"


def paired_ratio_value(
    peer: Sequence[Sample], ours: Sequence[Sample], attribute: str
) -> float:
    """Return the median over rounds of peer ÷ ours as a number."""
    ratios = [
        getattr(p, attribute) / getattr(o, attribute)
        for p, o in zip(peer, ours, strict=True)
    ]
    return float(statistics.median(ratios))


def median_extras(samples: Sequence[Sample]) -> dict[str, float]:
    """Return the median of each extra value the tool's log gave."""
    keys = {key for sample in samples for key in sample.extras}
    values = {key: [s.extras[key] for s in samples if key in s.extras] for key in keys}
    return {key: statistics.median(found) for key, found in values.items()}


def tool_row(tool: Tool, samples: Sequence[Sample], ours: Sequence[Sample]) -> str:
    """Return one table row: medians, the ratios to ours, and notes."""
    walls = [sample.wall for sample in samples]
    wall = f"{statistics.median(walls):.2f} ({min(walls):.2f}-{max(walls):.2f})"
    failures = [str(s.exit_code) for s in samples if s.exit_code]
    extras = median_extras(samples)
    notes = ", ".join(f"{key} {number(value)}" for key, value in sorted(extras.items()))
    if failures:
        notes += f"; exit status {', '.join(failures)} in {len(failures)} runs"
    cells = [
        tool.name,
        wall,
        f"{median_of(samples, 'cpu'):.2f}",
        f"{median_of(samples, 'max_rss'):.0f}",
        f"{median_of(samples, 'tree_pss'):.0f}",
        f"{median_of(samples, 'files'):.0f}",
        f"{median_of(samples, 'lines'):.0f}",
        paired_ratio(samples, ours, "wall"),
        paired_ratio(samples, ours, "cpu"),
        notes,
    ]
    return "| " + " | ".join(cells) + " |"


def comparison_table(tools: Sequence[Tool], runs: dict[str, list[Sample]]) -> list[str]:
    """Return the Markdown table of every tool's runs on one input."""
    ours = runs[tools[0].name]
    return TABLE_HEAD + [tool_row(tool, runs[tool.name], ours) for tool in tools]


def total_sample(samples: Sequence[Sample]) -> Sample:
    """Add up one tool's runs over several documents into one sample."""
    extras: dict[str, float] = {}
    for sample in samples:
        for key, value in sample.extras.items():
            extras[key] = extras.get(key, 0.0) + value
    return Sample(
        wall=sum(s.wall for s in samples),
        cpu=sum(s.cpu for s in samples),
        max_rss=max(s.max_rss for s in samples),
        tree_pss=max(s.tree_pss for s in samples),
        exit_code=max(s.exit_code for s in samples),
        files=sum(s.files for s in samples),
        lines=sum(s.lines for s in samples),
        extras=extras,
    )


def total_runs(
    tools: Sequence[Tool], runs: Runs, rounds: int
) -> dict[str, list[Sample]]:
    """Return, per tool, one summed sample per round over all documents."""
    return {
        tool.name: [
            total_sample([by_tool[tool.name][index] for by_tool in runs.values()])
            for index in range(rounds)
        ]
        for tool in tools
    }


def fit_line(sizes: Sequence[float], values: Sequence[float], unit: str) -> str:
    """Describe the least-squares line of `values` over `sizes` (MB)."""
    slope, intercept = statistics.linear_regression(sizes, values)
    r_squared = statistics.correlation(sizes, values) ** 2
    return f"{intercept:.2f} {unit} + {slope:.2f} {unit}/MB (R² {r_squared:.3f})"


def curve_lines(
    tools: Sequence[Tool], runs: Runs, documents: Sequence[Path]
) -> list[str]:
    """Return the table of each tool over the documents, by size, and fitted lines."""
    names = [tool.name for tool in tools]
    peers = "".join(f" {name} wall s |" for name in names[1:])
    counts = "".join(f" {name} lines |" for name in names)
    # Lines against the first peer, openapi-python-client, which writes a
    # whole client as we do (the second writes models only).
    versus = f" lines {names[0]} ÷ {names[1]} |" if len(names) > 1 else ""
    lines = [
        "| document | KB | ours wall s | ours CPU s | ours CPU s/MB | ours max RSS MB "
        f"| ours tree PSS MB |{peers}{counts}{versus}",
        "|---|--:|--:|--:|--:|--:|--:|"
        + "--:|" * (2 * len(names) - 1 + (len(names) > 1)),
    ]
    ordered = sorted(documents, key=lambda path: path.stat().st_size)
    for path in ordered:
        ours = runs[path.name][names[0]]
        megabytes = path.stat().st_size / 1e6
        cells = [path.name, f"{megabytes * 1000:.0f}", f"{median_of(ours, 'wall'):.2f}"]
        cells += [f"{median_of(ours, 'cpu'):.2f}"]
        cells += [f"{median_of(ours, 'cpu') / megabytes:.1f}"]
        cells += [f"{median_of(ours, a):.0f}" for a in ("max_rss", "tree_pss")]
        cells += [f"{median_of(runs[path.name][n], 'wall'):.2f}" for n in names[1:]]
        counted = [median_of(runs[path.name][n], "lines") for n in names]
        cells += [f"{count:.0f}" for count in counted]
        if len(names) > 1:
            cells.append(f"{counted[0] / counted[1]:.2f}" if counted[1] else "-")
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, "", *fitted_lines(names, runs, ordered)]


def fitted_lines(
    names: Sequence[str], runs: Runs, ordered: Sequence[Path]
) -> list[str]:
    """Return least-squares lines of cost over document size."""
    if len(ordered) < 3:
        return []
    sizes = [path.stat().st_size / 1e6 for path in ordered]
    fits = [
        ("ours wall", names[0], "wall", "s"),
        ("ours CPU", names[0], "cpu", "s"),
        ("ours max RSS", names[0], "max_rss", "MB"),
        ("ours tree PSS", names[0], "tree_pss", "MB"),
    ] + [(f"{name} wall", name, "wall", "s") for name in names[1:]]
    lines = ["Least-squares lines over document size:", ""]
    for label, name, attribute, unit in fits:
        values = [median_of(runs[path.name][name], attribute) for path in ordered]
        lines.append(f"- {label}: {fit_line(sizes, values, unit)}")
    return lines


def regen_table(
    tools: Sequence[Tool], runs: dict[str, dict[str, dict[str, list[Sample]]]]
) -> list[str]:
    """Return the table of each tool's cold, unchanged and edited runs per spec."""
    ours, *peers = tools
    head = ["spec", "step", f"{ours.name} wall s (min-max)", f"{ours.name} CPU s"]
    for peer in peers:
        head += [f"{peer.name} wall s", f"{peer.name} CPU s"]
        head += [f"wall {peer.name} ÷ {ours.name}", f"CPU {peer.name} ÷ {ours.name}"]
    head.append(f"{ours.name} files written")
    lines = ["| " + " | ".join(head) + " |", "|---|---|" + "--:|" * (len(head) - 3)]
    lines[-1] += "---|"
    for spec, by_step in runs.items():
        for step in REGEN_STEPS:
            samples = by_step[step]
            walls = [sample.wall for sample in samples[ours.name]]
            cells = [
                spec,
                step,
                f"{statistics.median(walls):.2f} ({min(walls):.2f}-{max(walls):.2f})",
                f"{median_of(samples[ours.name], 'cpu'):.2f}",
            ]
            for peer in peers:
                mine, theirs = samples[ours.name], samples[peer.name]
                cells += [
                    f"{median_of(theirs, 'wall'):.2f}",
                    f"{median_of(theirs, 'cpu'):.2f}",
                    paired_ratio(theirs, mine, "wall"),
                    paired_ratio(theirs, mine, "cpu"),
                ]
            written = median_extras(samples[ours.name]).get("written", -1)
            cells.append(f"{written:.0f}")
            lines.append("| " + " | ".join(cells) + " |")
    return lines


@dataclass(frozen=True)
class LineRow:
    """One input's runs: opc's, and ours with the runtime bundled or shared."""

    document: str
    opc: Sample
    bundled: Sample
    shared: Sample


def exit_note(sample: Sample) -> str:
    """Return the exit status of a failed run in parentheses, else nothing."""
    return f" (exit {sample.exit_code})" if sample.exit_code else ""


def line_count(sample: Sample) -> str:
    """Return a run's lines, with its exit status if it failed."""
    return f"{sample.lines}{exit_note(sample)}"


def line_ratio(ours: Sample, opc: Sample) -> float | None:
    """Return ours ÷ opc in lines, or None if a run failed or opc wrote nothing."""
    if ours.exit_code or opc.exit_code or not opc.lines:
        return None
    return ours.lines / opc.lines


def ratio_text(ratio: float | None) -> str:
    """Return a ratio with two decimals, or a dash for none."""
    return "-" if ratio is None else f"{ratio:.2f}"


def lines_table(rows: Sequence[LineRow]) -> list[str]:
    """Return the table of opc's lines and ours in both layouts, one row each."""
    lines = [
        "| document | opc lines | ours bundled | bundled ÷ opc "
        "| ours shared (client only) | shared ÷ opc |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for row in rows:
        cells = [row.document, line_count(row.opc)]
        for ours in (row.bundled, row.shared):
            cells += [line_count(ours), ratio_text(line_ratio(ours, row.opc))]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def layout_verdict(rows: Sequence[LineRow], layout: str) -> str:
    """Count the documents at or under a third of opc's lines in one layout."""
    ratios = {row.document: line_ratio(getattr(row, layout), row.opc) for row in rows}
    measured = {doc: ratio for doc, ratio in ratios.items() if ratio is not None}
    # Integers, so that exactly a third counts as met.
    met = sum(
        3 * getattr(row, layout).lines <= row.opc.lines
        for row in rows
        if row.document in measured
    )
    text = f"{met} of {len(rows)}"
    if measured:
        worst = max(measured, key=measured.__getitem__)
        text += f", largest {measured[worst]:.2f} ({worst})"
    if len(measured) < len(rows):
        text += f", {len(rows) - len(measured)} not measured (a run failed)"
    return text


def function_label(key: tuple[str, int, str]) -> str:
    """Return a profile entry's function with a short file name."""
    filename, line, name = key
    if filename == "~":
        return name
    short = re.sub(r"^.*/(site-packages|lib/python3\.\d+)/", "", filename)
    return f"{short}:{line}({name})"


ProfileEntries = dict[tuple[str, int, str], tuple[int, int, float, float, object]]
# Frames that only wrap the whole run: the interpreter's and click's.
WRAPPERS = re.compile(r"^(<frozen runpy>|<string>|click/)|builtins\.exec>$")


def profile_table(entries: ProfileEntries, *, by_own: bool, total: float) -> list[str]:
    """Return the top entries by cumulative or own time, without wrappers."""
    lines = ["| cumulative s | % | own s | calls | function |", "|--:|--:|--:|--:|---|"]
    ranked = sorted(entries.items(), key=lambda i: -(i[1][2] if by_own else i[1][3]))
    shown = [(k, v) for k, v in ranked if not WRAPPERS.search(function_label(k))]
    for key, (_, calls, own, cumulative, _) in shown[:PROFILE_TOP]:
        lines.append(
            f"| {cumulative:.2f} | {100 * cumulative / total:.0f} | {own:.2f} "
            f"| {calls} | `{function_label(key)}` |"
        )
    return lines


def profile_lines(sample: Sample, stats: pstats.Stats) -> list[str]:
    """Return black's share of the profile and its top entries."""
    entries: ProfileEntries = stats.stats  # type: ignore[attr-defined]
    total = max(entry[3] for entry in entries.values())

    # black is compiled with mypyc, so format_str shows as one built-in.
    black = max(
        (
            v[3]
            for k, v in entries.items()
            if "black" in k[0] + k[2] and "format_str" in k[2]
        ),
        default=0.0,
    )
    return [
        f"Under cProfile, pinned to one core: {sample.wall:.1f} s wall, "
        f"{sample.cpu:.1f} s CPU, {total:.1f} s profiled; inside black's "
        f"`format_str`: {black:.1f} s ({100 * black / total:.0f} %).",
        "",
        f"Top {PROFILE_TOP} by cumulative time (without the runpy and click frames):",
        "",
        *profile_table(entries, by_own=False, total=total),
        "",
        f"Top {PROFILE_TOP // 2} by own time:",
        "",
        *profile_table(entries, by_own=True, total=total)[: PROFILE_TOP // 2 + 2],
    ]


def machine_lines(started: float, load: tuple[float, ...]) -> list[str]:
    """Describe the machine, its load, and when and how the suite ran."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"model name\s*:\s*(.*)", cpuinfo)
    now = os.getloadavg()
    return [
        f"- date: {time.strftime('%Y-%m-%d %H:%M %Z', time.localtime(started))}, "
        f"took {(time.time() - started) / 60:.1f} min",
        f"- command: `{' '.join(['python3', *sys.argv])}`",
        f"- machine: {os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), "
        f"{memory:.1f} GiB, {model.group(1) if model else platform.machine()}, "
        f"{platform.system()} {platform.release()}",
        f"- load average (1, 5, 15 min): {' '.join(f'{x:.2f}' for x in load)} "
        f"at the start, {' '.join(f'{x:.2f}' for x in now)} at the end",
    ]


# Main -------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """The inputs and rounds of one suite run."""

    parts: tuple[str, ...]
    specs: tuple[Path, ...]
    kibo: tuple[Path, ...]
    regen: tuple[Path, ...]
    profile: Path
    lines: Path
    rounds: int
    kibo_rounds: int
    regen_rounds: int
    regen_kibo_rounds: int
    ours_ref: str


def make_plan(arguments: argparse.Namespace) -> Plan:
    """Turn the command line into a plan; `--quick` picks the small inputs."""
    parts = tuple(part for part in arguments.only.split(",") if part)
    unknown = set(parts) - set(PARTS)
    if unknown:
        raise SystemExit(f"unknown part(s) {', '.join(sorted(unknown))}; use {PARTS}")
    kibo = tuple(sorted(KIBO.glob("*.json"), key=lambda path: path.stat().st_size))
    specs = REPO / "specs"
    plan = Plan(
        parts=parts,
        specs=tuple(specs / name for name in SPECS),
        kibo=kibo,
        regen=tuple(specs / name for name in REGEN_SPECS),
        profile=specs / PROFILE_SPEC,
        lines=specs / LINES_SPEC,
        rounds=arguments.rounds,
        kibo_rounds=arguments.kibo_rounds,
        regen_rounds=arguments.regen_rounds,
        regen_kibo_rounds=arguments.regen_kibo_rounds,
        ours_ref=arguments.ours_ref,
    )
    if not arguments.quick:
        return plan
    quick = specs / QUICK_SPEC
    return replace(
        plan,
        specs=(quick,),
        kibo=kibo[:QUICK_KIBO_DOCUMENTS],
        regen=(quick,),
        profile=quick,
        rounds=1,
        kibo_rounds=1,
        regen_rounds=1,
        regen_kibo_rounds=1,
    )


def compare_part(tools: list[Tool], plan: Plan) -> list[str]:
    """Compare the tools on each single spec."""
    inputs = [copy_input(spec) for spec in plan.specs]
    runs = run_rounds(tools, inputs, rounds=plan.rounds)
    lines = [f"## Single specs (rounds: {plan.rounds})", ""]
    for name, by_tool in runs.items():
        lines += [f"### {name}", "", *comparison_table(tools, by_tool), ""]
    return lines


def kibo_part(tools: list[Tool], plan: Plan) -> list[str]:
    """Compare the tools over all Kibo documents, and show ours' curve."""
    inputs = [copy_input(spec, "inputs/kibo") for spec in plan.kibo]
    runs = run_rounds(tools, inputs, rounds=plan.kibo_rounds)
    totals = total_runs(tools, runs, plan.kibo_rounds)
    return [
        f"## All {len(inputs)} Kibo documents, one process each "
        f"(rounds: {plan.kibo_rounds}; memory is that of the largest run)",
        "",
        *comparison_table(tools, totals),
        "",
        "### Per document (medians)",
        "",
        *curve_lines(tools, runs, inputs),
        "",
    ]


def regen_part(tools: list[Tool], plan: Plan) -> list[str]:
    """Time ours and openapi-python-client regenerating into an existing folder."""
    regenerating = [tool for tool in tools if tool.name in ("ours", "opc")]
    runs = {
        spec.name: run_regen(regenerating, spec, rounds=plan.regen_rounds)
        for spec in plan.regen
    }
    return [
        f"## Regenerating into the same folder (rounds: {plan.regen_rounds})",
        "",
        *regen_table(regenerating, runs),
        "",
    ]


def regen_kibo_part(tools: list[Tool], plan: Plan) -> list[str]:
    """Time the three regeneration steps on every Kibo document, ours and opc."""
    regenerating = [tool for tool in tools if tool.name in ("ours", "opc")]
    runs = {
        spec.name: run_regen(regenerating, spec, rounds=plan.regen_kibo_rounds)
        for spec in plan.kibo
    }
    ours, opc = (tool.name for tool in regenerating)
    least = []
    for step in REGEN_STEPS:
        ratios = {
            name: paired_ratio_value(by_step[step][opc], by_step[step][ours], "wall")
            for name, by_step in runs.items()
        }
        name = min(ratios, key=ratios.__getitem__)
        middle = statistics.median(ratios.values())
        least.append(
            f"- {step}: wall {opc} ÷ {ours} at least {ratios[name]:.2f} "
            f"({name}), median {middle:.2f}"
        )
    return [
        "## Regenerating each Kibo document into the same folder "
        f"(rounds: {plan.regen_kibo_rounds})",
        "",
        *least,
        "",
        *regen_table(regenerating, runs),
        "",
    ]


def profile_part(tools: list[Tool], plan: Plan) -> list[str]:
    """Profile one cold run of ours."""
    sample, stats = run_profile(tools[0], copy_input(plan.profile))
    return [
        f"## Profile of ours on {plan.profile.name}",
        "",
        *profile_lines(sample, stats),
        "",
    ]


def lines_part(tools: list[Tool], plan: Plan) -> list[str]:
    """Count the lines of ours, runtime bundled or shared, against opc's."""
    ours, opc = (tool for tool in tools if tool.name in ("ours", "opc"))
    shared = shared_layout(ours)
    runtime = write_runtime(ours)
    say(f"  runtime {RUNTIME_PACKAGE}: {line_count(runtime)} lines")
    kibo = [copy_input(spec, "inputs/kibo") for spec in plan.kibo]
    runs = run_lines([opc, ours, shared], [copy_input(plan.lines), *kibo])
    names = (opc.name, ours.name, shared.name)
    rows = [
        LineRow(document, by_tool[opc.name], by_tool[ours.name], by_tool[shared.name])
        for document, by_tool in runs.items()
    ]

    # The sums stand for one project holding every Kibo client: bundled, each
    # client carries its own runtime; shared, they all import one.
    theirs, whole, thin = (
        total_sample([runs[path.name][name] for path in kibo]) for name in names
    )
    both = total_sample([thin, runtime])
    documents = f"all {len(kibo)} Kibo documents"
    left_out = sum(row.opc.extras.get("endpoints left out", 0) for row in rows)
    label = f"{documents} (shared: + 1 runtime)"
    return [
        "## Lines against opc, with the runtime in each package or shared",
        "",
        "Non-empty lines of `.py` files, one untimed run each. Bundled: the "
        "default, each package carries its runtime. Shared: the package "
        f"generated with `--runtime {RUNTIME_PACKAGE}`, without the runtime "
        "package, which is counted once: below, and in the last row.",
        "",
        *lines_table([*rows, LineRow(label, theirs, whole, both)]),
        "",
        f"- runtime package `{RUNTIME_PACKAGE}`, written once by `generator "
        f"runtime`: {runtime.lines} lines in {runtime.files} .py files"
        f"{exit_note(runtime)}",
        f"- {documents} together: {opc.name} {line_count(theirs)}; ours bundled "
        f"{line_count(whole)} ({ratio_text(line_ratio(whole, theirs))}); ours "
        f"shared {line_count(thin)} in the clients + {runtime.lines} in the "
        f"runtime = {both.lines} ({ratio_text(line_ratio(both, theirs))})",
        f"- verdict, documents at or under 1/3 of {opc.name}'s lines: bundled "
        f"{layout_verdict(rows, 'bundled')}; shared (client only) "
        f"{layout_verdict(rows, 'shared')}",
        f"- {opc.name} left out {left_out:.0f} endpoints it could not generate; "
        "its lines do not include them",
        "",
    ]


PART_RUNNERS = {
    "compare": compare_part,
    "kibo": kibo_part,
    "regen": regen_part,
    "regen-kibo": regen_kibo_part,
    "profile": profile_part,
    "lines": lines_part,
}


def warm_up(tools: Sequence[Tool]) -> None:
    """Run each tool once untimed, so no measured run pays for cold caches."""
    spec = copy_input(REPO / "specs" / QUICK_SPEC)
    for tool in tools:
        sample = run_tool(tool, spec, WORK / "runs" / "warm-up" / tool.name)
        progress("warm-up", tool, sample)


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds per spec (5)")
    parser.add_argument(
        "--kibo-rounds", type=int, default=1, help="rounds over the 26 documents (1)"
    )
    parser.add_argument(
        "--regen-rounds", type=int, default=3, help="rounds of ours regenerating (3)"
    )
    parser.add_argument(
        "--regen-kibo-rounds",
        type=int,
        default=3,
        help="rounds of regenerating each Kibo document (3: the least of 26 "
        "single runs is mostly noise)",
    )
    parser.add_argument("--quick", action="store_true", help="1 round, small inputs")
    parser.add_argument(
        "--only",
        default=",".join(PARTS),
        help=f"parts to run (default {','.join(PARTS)})",
    )
    parser.add_argument("--ours-ref", default="HEAD", help="git commit of ours (HEAD)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Install the tools, run the chosen parts, and write the report."""
    plan = make_plan(parse_arguments(argv))
    started, load = time.time(), os.getloadavg()
    archive, label = snapshot_ours(plan.ours_ref)
    tools = make_tools(archive, label)
    for tool in tools:
        ensure_env(tool)
    warm_up(tools)

    sections: list[str] = []
    for part in plan.parts:
        say(f"part {part}")
        load_now = " ".join(f"{x:.2f}" for x in os.getloadavg())
        section = PART_RUNNERS[part](tools, plan)
        sections += [*section[:2], f"Load average when it started: {load_now}.", ""]
        sections += section[2:]

    versions = [f"- {tool.name}: {installed_versions(tool)}" for tool in tools]
    versions[0] += f" (commit {label})"
    head = ["# Benchmark report", "", *machine_lines(started, load), *versions, ""]
    report = "\n".join(head + sections)
    (WORK / "report.md").write_text(report + "\n", encoding="utf-8")
    say(report, stream="stdout")


if __name__ == "__main__":
    main()
