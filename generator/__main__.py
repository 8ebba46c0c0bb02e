"""Allow `python -m generator`."""

from .cli import main

main(prog_name="generator")
