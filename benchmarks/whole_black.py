"""Time cold generation with black on every file against the default.

By default the format stage gives black only the pieces of a module that
black could change (README, "What is written, and what is kept"). Pointing
`--templates` at the built-in templates makes every Python file go through
black whole, with the same output. This script runs both, and
openapi-python-client, in alternating order on the same documents and
prints medians and ratios. Run `benchmarks/compare.py` once first: it
installs openapi-python-client under benchmarks/.envs/opc.

    .venv/bin/python benchmarks/whole_black.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OPC = HERE / ".envs" / "opc" / "bin"
SPECS = (
    REPO / "specs" / "impersonatecart.yaml",
    REPO / "specs" / "kibo" / "openapi_customer.json",
    REPO / "specs" / "kibo" / "openapi_commerce.json",
)
GENERATOR = [sys.executable, "-m", "generator", "generate", "-q"]
COMMANDS = {
    "pieces": lambda spec, out: [*GENERATOR, str(spec), "-o", str(out)],
    "whole": lambda spec, out: [
        *GENERATOR,
        str(spec),
        "-o",
        str(out),
        "--templates",
        str(REPO / "templates"),
    ],
    "opc": lambda spec, out: [
        str(OPC / "openapi-python-client"),
        "generate",
        "--path",
        str(spec),
        "--output-path",
        str(out),
    ],
}


def _time(name: str, spec: Path, scratch: Path) -> float:
    """Return the wall time of one cold run: new output folder, empty cache."""
    out = scratch / "out"
    shutil.rmtree(out, ignore_errors=True)
    cache = scratch / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), NO_COLOR="1")
    env["PATH"] = f"{OPC}{os.pathsep}{env['PATH']}"
    start = time.perf_counter()
    subprocess.run(COMMANDS[name](spec, out), env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    print(f"load average at start: {os.getloadavg()}")
    print("| spec | pieces s | whole s | opc s | opc ÷ pieces | opc ÷ whole |")
    print("|---|--:|--:|--:|--:|--:|")
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        for spec in SPECS:
            times: dict[str, list[float]] = {name: [] for name in COMMANDS}
            names = list(COMMANDS)
            for turn in range(rounds):
                # Rotate the order so no tool always runs after the same one.
                for name in names[turn % 3 :] + names[: turn % 3]:
                    times[name].append(_time(name, spec, scratch))
            pieces, whole, opc = (statistics.median(times[n]) for n in COMMANDS)
            print(
                f"| {spec.name} | {pieces:.2f} | {whole:.2f} | {opc:.2f} "
                f"| {opc / pieces:.2f} | {opc / whole:.2f} |"
            )


if __name__ == "__main__":
    main()
