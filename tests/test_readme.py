"""README.md promises two commands; CI must run the test one verbatim."""

from __future__ import annotations

import re

from conftest import REPO


def _sh_blocks() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL)


def test_readme_test_command_is_what_ci_runs() -> None:
    test_commands = [b.strip() for b in _sh_blocks() if b.strip().endswith("pytest")]
    assert test_commands, "README.md has no ```sh block ending in pytest"
    ci_script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert test_commands[0] in ci_script.splitlines()


def test_readme_main_command_regenerates_with_the_cli() -> None:
    main_commands = [b.strip() for b in _sh_blocks() if "generator generate" in b]
    assert main_commands[0].endswith("generator generate")
    assert "pip install ." in main_commands[0]
