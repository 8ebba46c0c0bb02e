"""The format stage gives black's output, running black only where needed.

The built-in templates write black's style; the format stage cuts each
module at its top-level definitions and gives black only the pieces it
might change (`needs_black`). These tests hold that to black's own result
on whole files, for every spec the tests know, and check the trust
boundary: text from custom templates is always formatted whole.
"""

from __future__ import annotations

from pathlib import Path

import black
import pytest

import generator.format as format_module
from generator.build import build_api
from generator.diagnostics import Diagnostics, GeneratorBug
from generator.format import black_mode, format_plan, needs_black, split_definitions
from generator.load import load_spec
from generator.options import Options
from generator.pipeline import generate_plan
from generator.render import preformatted_paths, render_api

REPO = Path(__file__).resolve().parent.parent
SPECS = [
    REPO / "specs" / "impersonatecart.yaml",
    *sorted((REPO / "tests" / "specs").glob("*.yaml")),
    REPO / "tests" / "corpus" / "hostile-names.yaml",
    REPO / "tests" / "corpus" / "hostile-text.yaml",
]
KIBO = sorted((REPO / "specs" / "kibo").glob("*.json"))


def _rendered(spec: Path) -> dict[str, str]:
    """Return the rendered Python files of `spec` that the format stage formats."""
    document = load_spec(spec, display_name=spec.name)
    api = build_api(
        document, package="pkg", diagnostics=Diagnostics(), include=(), renames={}
    )
    rendered = render_api(api)
    static = set(preformatted_paths(api.package, None))
    return {p: t for p, t in rendered.items() if p.endswith(".py") and p not in static}


def _assert_pieces_give_whole_file_black(spec: Path) -> None:
    rendered = _rendered(spec)
    by_pieces = format_plan(rendered, trusted=True, workers=1)
    whole = format_plan(rendered, trusted=False, workers=1)
    for path in rendered:
        assert by_pieces[path] == whole[path], path


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.name)
def test_pieces_formatted_alone_give_what_black_gives_whole_files(spec: Path) -> None:
    _assert_pieces_give_whole_file_black(spec)


@pytest.mark.slow
@pytest.mark.parametrize("spec", KIBO, ids=lambda spec: spec.stem)
def test_kibo_pieces_give_what_black_gives_whole_files(spec: Path) -> None:
    _assert_pieces_give_whole_file_black(spec)


def test_every_kibo_document_is_compared() -> None:
    assert len(KIBO) == 26


def test_split_cuts_before_top_level_statements_after_two_blank_lines() -> None:
    text = (
        '"""Doc."""\n\nimport x\n\n\n\n@deco\ndef f():\n    pass\n\n\n'
        "    # still inside\n\n\n# A comment\nY = 1\n"
    )
    assert split_definitions(text) == [
        '"""Doc."""\n\nimport x\n',
        "@deco\ndef f():\n    pass\n\n\n    # still inside\n",
        "# A comment\nY = 1\n",
    ]
    assert split_definitions("\n") == ["\n"]


@pytest.mark.parametrize(
    ("piece", "expected"),
    [
        ("x = 1\n", False),
        ('    "' + "p" * 90 + '",\n', False),  # a lone string black cannot split
        ('    "k": "' + "v" * 90 + '",\n', False),
        ("x = " + "1 + " * 25 + "1\n", True),  # too long
        ('x = "' + "s" * 90 + '"\n', True),
        ("x = 1 \n", True),  # a trailing blank
        ("x = 1\n\n\n\ny = 2\n", True),  # blank lines black would cut
        ('x = "\u00e9"\n', True),  # beyond ASCII: black measures widths itself
        ("x = 1\t# tab\n", True),
        ("", True),
    ],
)
def test_needs_black_picks_what_black_might_change(piece: str, expected: bool) -> None:
    assert needs_black(piece) is expected


def test_pieces_that_need_black_get_it_and_the_rest_are_kept() -> None:
    long_def = "def f(a, b):\n    return a + b + " + " + ".join(["a"] * 40) + "\n"
    text = f"X = 1\n\n\n{long_def}\n\n\nY = 2\n"
    result = format_plan({"m.py": text}, trusted=True, workers=1)["m.py"]
    assert result == black.format_str(text, mode=black_mode())
    assert result.startswith("X = 1\n\n\ndef f(a, b):\n    return (\n")


def test_text_from_custom_templates_is_formatted_whole() -> None:
    # Fits the width and has nothing `needs_black` looks for, but is not
    # black's style: only a trusted template would be taken at its word.
    text = "x = f(a,b)\n"
    assert format_plan({"m.py": text}, trusted=True, workers=1)["m.py"] == text
    assert format_plan({"m.py": text}, workers=1)["m.py"] == "x = f(a, b)\n"


def test_invalid_python_is_a_generator_bug_at_its_line() -> None:
    # No piece of it needs black, which would have refused it.
    text = "X = 1\n\n\ndef f(:\n    pass\n"
    assert not any(needs_black(piece) for piece in split_definitions(text))
    with pytest.raises(GeneratorBug, match=r"rendered m\.py is not valid Python: 4:"):
        format_plan({"m.py": text}, trusted=True)


def test_only_files_of_custom_templates_are_formatted_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = tmp_path / "tpl"
    templates.mkdir()
    # Valid, but not black's style: black must see this file, and only it.
    (templates / "errors.py.jinja").write_text(
        "class ApiError( Exception ):\n    pass\n", encoding="utf-8"
    )
    seen: list[str] = []
    real = format_module.format_source

    def recording(path: str, source: str) -> str:
        seen.append(path)
        return real(path, source)

    monkeypatch.setattr(format_module, "format_source", recording)
    monkeypatch.setattr(format_module, "_idle_cores", lambda: 1)
    options = Options(
        spec=REPO / "specs" / "impersonatecart.yaml",
        output=tmp_path / "out",
        package="pkg",
        templates=templates,
    )
    plan = generate_plan(options, diagnostics=Diagnostics())
    assert seen == ["pkg/errors.py"]
    assert plan["pkg/errors.py"] == "class ApiError(Exception):\n    pass\n"
