"""Show what a generator command spends on imports, from `python -X importtime`.

Run it with the Python that has the generator installed (`.venv/bin/python`).
It runs the command several times (imports are noisy on a shared machine) and
prints, for the generator's modules and each module they (or Python's
start-up) import, the smallest cumulative import time seen, largest first,
with the smallest total of all imports. For example, a regeneration with
nothing to format:

    .venv/bin/python benchmarks/imports.py -- generate specs/impersonatecart.yaml -o x
    .venv/bin/python benchmarks/imports.py --runs 9 -- --help
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Sequence

LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def import_times(command: Sequence[str]) -> tuple[dict[str, int], int]:
    """Return {top-level import: cumulative µs} and the sum of all self times."""
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "generator", *command],
        capture_output=True,
        text=True,
        check=False,
    )
    rows = [match.groups() for match in LINE.finditer(completed.stderr)]
    tops: dict[str, int] = {}
    # Children come before their parent, two spaces deeper: walk backwards
    # with the chain of parents of the current row.
    parents: list[str] = []
    for _own, cumulative, indent, name in reversed(rows):
        depth = len(indent) // 2
        del parents[depth:]
        parent = parents[-1] if parents else ""
        if not parent or parent.startswith("generator") or parent == "runpy":
            tops[name] = int(cumulative)
        parents.append(name)
    return tops, sum(int(own) for own, *_ in rows)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs (5)")
    parser.add_argument("--top", type=int, default=15, help="modules shown (15)")
    parser.add_argument("command", nargs="+", help="arguments of `generator`")
    arguments = parser.parse_args(argv)

    best: dict[str, int] = {}
    totals = []
    for _ in range(arguments.runs):
        tops, total = import_times(arguments.command)
        totals.append(total)
        for name, micros in tops.items():
            best[name] = min(best.get(name, micros), micros)
    print(f"all imports: {min(totals) / 1000:.1f} ms (best of {arguments.runs})")
    ranked = sorted(best.items(), key=lambda item: -item[1])
    for name, micros in ranked[: arguments.top]:
        print(f"{micros / 1000:8.1f} ms  {name}")


if __name__ == "__main__":
    main()
