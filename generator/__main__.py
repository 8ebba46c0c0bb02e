"""Allow `python -m generator`."""

from .replay import run

run(prog_name="generator")
