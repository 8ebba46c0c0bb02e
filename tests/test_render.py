"""The render stage's promise about pre-formatted templates.

Outputs of `PREFORMATTED_TEMPLATES` skip the format stage, so each of those
templates must hold no template syntax and be exactly what black makes of it;
a user template of the same name is formatted like any other output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import Diagnostics
from generator.format import format_source
from generator.jinja_env import templates_dir
from generator.options import Options
from generator.pipeline import generate_plan
from generator.render import PREFORMATTED_TEMPLATES, preformatted_paths

SPEC = Path(__file__).parent.parent / "specs" / "impersonatecart.yaml"


@pytest.mark.parametrize("template", sorted(PREFORMATTED_TEMPLATES))
def test_preformatted_template_is_plain_black_formatted_python(template: str) -> None:
    text = (templates_dir() / template).read_text(encoding="utf-8")
    assert not any(mark in text for mark in ("{{", "{%", "{#"))
    assert format_source(template, text) == text


def test_preformatted_outputs_are_the_templates_verbatim(tmp_path: Path) -> None:
    options = Options(spec=SPEC, output=tmp_path / "out", package="pkg")
    plan = generate_plan(options, diagnostics=Diagnostics())
    for template, path in PREFORMATTED_TEMPLATES.items():
        expected = (templates_dir() / template).read_text(encoding="utf-8")
        assert plan[f"pkg/{path}"] == expected


def test_a_user_template_of_the_same_name_is_formatted(tmp_path: Path) -> None:
    overlay = tmp_path / "templates"
    overlay.mkdir()
    (overlay / "runtime.py.jinja").write_text(
        "{% include 'builtin/runtime.py.jinja' %}\nEXTRA = ( 1,2 )\n"
    )
    assert preformatted_paths("pkg", overlay) == {
        "pkg/_call.py",
        "pkg/_client.py",
        "pkg/_errors.py",
    }
    options = Options(
        spec=SPEC, output=tmp_path / "out", package="pkg", templates=overlay
    )
    plan = generate_plan(options, diagnostics=Diagnostics())
    assert plan["pkg/_runtime.py"].endswith("\nEXTRA = (1, 2)\n")
