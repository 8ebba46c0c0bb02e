"""Unit tests of generator.config: finding and reading the configuration.

Covers generator.toml (`[[specs]]`) and pyproject.toml (`[tool.generator]`),
which one wins, every key carried into `Options` with paths relative to the
configuration file, and errors for unknown keys, wrong types and invalid
values that name the file, the line and the key.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator.config import (
    ConfigError,
    find_config,
    find_key_line,
    read_config,
)
from generator.options import Options

PYPROJECT_HEAD = '[project]\nname = "demo"\n\n[tool.generator]\n'


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _error(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        read_config(path)
    return caught.value


def _message(path: Path) -> str:
    return _error(path).describe(path.name)


# -- finding the file ---------------------------------------------------------


def test_find_config_walks_up_to_a_pyproject_with_a_generator_table(
    tmp_path: Path,
) -> None:
    _write(tmp_path, "pyproject.toml", PYPROJECT_HEAD)
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    assert find_config(tmp_path / "sub" / "deeper") == tmp_path / "pyproject.toml"


def test_find_config_skips_a_pyproject_without_a_generator_table(
    tmp_path: Path,
) -> None:
    _write(tmp_path, "pyproject.toml", PYPROJECT_HEAD)
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub", "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(tmp_path / "sub") == tmp_path / "pyproject.toml"


@pytest.mark.parametrize(
    "text",
    [
        '[project]\nname = "x"  # configured in tool.generator of the parent\n',
        '[project]\ndescription = "see [tool.generator]"\n',
        '[project]\nname = "\xff"\n',
        '[project]\ndescription = """\n[tool.generator]\ntool.generator = 1\n"""\n',
    ],
    ids=["comment", "string", "not-utf-8", "multi-line-string"],
)
def test_find_config_skips_a_pyproject_that_only_mentions_the_table(
    tmp_path: Path, text: str
) -> None:
    _write(tmp_path, "pyproject.toml", PYPROJECT_HEAD)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_bytes(text.encode("latin-1"))
    assert find_config(tmp_path / "sub") == tmp_path / "pyproject.toml"


@pytest.mark.parametrize(
    "text",
    [
        "[tool]\ngenerator = { specs = [] }\n",
        "[tool]\ngenerator.specs = []\n",
        '[tool."generator"]\n',
        '["tool".generator]\n',
        "tool = { generator = {} }\n",
    ],
)
def test_find_config_finds_the_table_in_any_toml_spelling(
    tmp_path: Path, text: str
) -> None:
    _write(tmp_path, "pyproject.toml", PYPROJECT_HEAD)
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub", "pyproject.toml", text)
    assert find_config(tmp_path / "sub") == tmp_path / "sub" / "pyproject.toml"


@pytest.mark.parametrize(
    "header",
    ["[tool.generator]", "[[tool.generator.specs]]", " [ tool . generator ]"],
)
def test_find_config_finds_each_spelling_of_the_table(
    tmp_path: Path, header: str
) -> None:
    _write(tmp_path, "pyproject.toml", f"[project]\nname = 'x'\n\n{header}\n")
    assert find_config(tmp_path) == tmp_path / "pyproject.toml"
    dotted = "tool.generator.specs = []\n"
    _write(tmp_path, "pyproject.toml", dotted)
    assert find_config(tmp_path) == tmp_path / "pyproject.toml"


def test_configuration_that_is_not_utf_8_names_the_line_of_the_bad_byte(
    tmp_path: Path,
) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_bytes(PYPROJECT_HEAD.encode() + b'specs = "\xff"\n')
    assert _message(path) == (
        "pyproject.toml:5: not UTF-8 text, as TOML must be; save it as UTF-8"
    )


def test_generator_toml_wins_over_pyproject_in_the_same_folder(
    tmp_path: Path,
) -> None:
    _write(tmp_path, "pyproject.toml", PYPROJECT_HEAD)
    _write(tmp_path, "generator.toml", "")
    assert find_config(tmp_path) == tmp_path / "generator.toml"


# -- reading ------------------------------------------------------------------


def test_generator_toml_reads_specs_tables_without_the_tool_prefix(
    tmp_path: Path,
) -> None:
    (tmp_path / "custom").mkdir()
    path = _write(
        tmp_path,
        "generator.toml",
        """\
        [[specs]]
        spec = "specs/shop.yaml"
        output = "out/shop-client"
        package = "shop"
        strict = true
        include = ["tag:orders", "path:/orders/*"]
        templates = "custom"

        [specs.renames]
        zeta = "last"
        alpha = "first"
        """,
    )
    [entry] = read_config(path)
    assert entry.options == Options(
        spec=tmp_path / "specs/shop.yaml",
        output=tmp_path / "out/shop-client",
        package="shop",
        strict=True,
        include=("tag:orders", "path:/orders/*"),
        renames=(("alpha", "first"), ("zeta", "last")),
        templates=tmp_path / "custom",
    )


def test_pyproject_reads_several_specs_with_defaults(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "pyproject.toml",
        PYPROJECT_HEAD + """\
        [[tool.generator.specs]]
        spec = "a.yaml"
        output = "gen/a-client"

        [[tool.generator.specs]]
        spec = "b.yaml"
        output = "gen/b-client"
        renames = { getThing = "thing" }
        """,
    )
    first, second = (entry.options for entry in read_config(path))
    assert first == Options(
        spec=tmp_path / "a.yaml", output=tmp_path / "gen/a-client", package="a_client"
    )
    assert second.renames == (("getThing", "thing"),)
    assert second.include == ()
    assert second.templates is None


def test_empty_configuration_has_no_specs(tmp_path: Path) -> None:
    assert read_config(_write(tmp_path, "generator.toml", "")) == []


# -- errors with locations ----------------------------------------------------


def test_unknown_key_names_its_line_and_suggests_the_right_one(
    tmp_path: Path,
) -> None:
    path = _write(
        tmp_path,
        "pyproject.toml",
        PYPROJECT_HEAD + """\
        [[tool.generator.specs]]
        spec = "a.yaml"
        output = "a"

        [[tool.generator.specs]]
        spec = "b.yaml"
        outptu = "b"
        """,
    )
    assert _message(path) == (
        "pyproject.toml:11: tool.generator.specs[1].outptu: unknown key; did you "
        "mean 'output'? known keys: include, output, package, renames, runtime, "
        "spec, strict, templates"
    )


def test_error_in_generator_toml_names_the_key_without_the_tool_prefix(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path, "generator.toml", '[[specs]]\nspec = "a"\nbogus = 1\n')
    assert _message(path).startswith("generator.toml:3: specs[0].bogus: unknown key")


def test_unknown_top_level_key_is_reported_in_its_table(tmp_path: Path) -> None:
    path = _write(tmp_path, "pyproject.toml", PYPROJECT_HEAD + "specz = []\n")
    assert _message(path).startswith(
        "pyproject.toml:5: tool.generator.specz: unknown key; did you mean 'specs'?"
    )


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            'strict = "yes"',
            "generator.toml:4: specs[0].strict: expected boolean, got string 'yes'",
        ),
        (
            'include = "tag:a"',
            "generator.toml:4: specs[0].include: expected array, got string 'tag:a'",
        ),
        (
            'include = ["tag:a", 3]',
            "generator.toml:4: specs[0].include[1]: expected string, got integer 3",
        ),
        (
            'renames = "x"',
            "generator.toml:4: specs[0].renames: expected table, got string 'x'",
        ),
        (
            "templates = 1",
            "generator.toml:4: specs[0].templates: expected string, got integer 1",
        ),
        (
            "output = 1",
            "generator.toml:3: specs[0].output: expected string, got integer 1",
        ),
    ],
)
def test_wrong_type_names_the_line_the_key_and_both_types(
    tmp_path: Path, entry: str, expected: str
) -> None:
    output = "" if entry.startswith("output") else 'output = "a"\n'
    text = f'[[specs]]\nspec = "a.yaml"\n{output}{entry}\n'
    assert _message(_write(tmp_path, "generator.toml", text)) == expected


@pytest.mark.parametrize("key", ["spec", "output"])
def test_a_blank_spec_or_output_is_an_error_at_its_line(
    tmp_path: Path, key: str
) -> None:
    values = {"spec": '"a.yaml"', "output": '"a"', key: '" "'}
    text = f"[[specs]]\nspec = {values['spec']}\noutput = {values['output']}\n"
    line = 2 if key == "spec" else 3
    assert _message(_write(tmp_path, "generator.toml", text)).startswith(
        f"generator.toml:{line}: specs[0].{key}: blank {key!r} ("
    )


def test_invalid_include_selector_is_an_error_at_its_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "generator.toml",
        '[[specs]]\nspec = "a.yaml"\noutput = "a"\ninclude = [\n  "tag:x",\n'
        '  "pets",\n]\n',
    )
    assert _message(path).startswith(
        "generator.toml:4: specs[0].include[1]: 'pets' is not a selector; use "
        "tag:<tag>, operation:<name> or path:<glob>"
    )


def test_rename_to_an_invalid_name_is_an_error_at_its_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "pyproject.toml",
        PYPROJECT_HEAD + """\
        [[tool.generator.specs]]
        spec = "a.yaml"
        output = "a"

        [tool.generator.specs.renames]
        fine = "ok"
        getThing = "not valid"
        """,
    )
    assert _message(path) == (
        "pyproject.toml:11: tool.generator.specs[0].renames.getThing: 'not valid' "
        "is not a valid Python name (or is a keyword)"
    )


def test_missing_templates_folder_is_an_error(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "generator.toml",
        '[[specs]]\nspec = "a.yaml"\noutput = "a"\ntemplates = "mine"\n',
    )
    assert _message(path).startswith(
        "generator.toml:4: specs[0].templates: no folder 'mine' next to generator.toml"
    )


def test_missing_required_key_points_at_the_table_header(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "pyproject.toml",
        PYPROJECT_HEAD + '[[tool.generator.specs]]\nspec = "a"\n',
    )
    assert _message(path) == (
        "pyproject.toml:5: tool.generator.specs[0]: missing key 'output' (the "
        "folder of the generated project)"
    )


def test_two_specs_with_one_output_folder_is_an_error(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "generator.toml",
        '[[specs]]\nspec = "a.yaml"\noutput = "out"\n\n'
        '[[specs]]\nspec = "b.yaml"\noutput = "./out"\n',
    )
    assert _message(path).startswith(
        "generator.toml:7: specs[1].output: 'out' is also the output of specs[0]"
    )


def test_invalid_toml_reports_the_line_of_the_syntax_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "generator.toml", '[[specs]]\nspec = "a.yaml\n')
    error = _error(path)
    assert error.line == 2
    assert error.describe("generator.toml").startswith(
        "generator.toml:2: invalid TOML: "
    )


def test_tool_that_is_not_a_table_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "pyproject.toml", 'tool = "generator"\n')
    assert _message(path) == "pyproject.toml:1: tool: must be a table"


def test_error_without_a_findable_line_names_only_the_file(tmp_path: Path) -> None:
    error = ConfigError(tmp_path / "generator.toml", "specs", "broken")
    assert error.describe("generator.toml") == "generator.toml: specs: broken"
    assert str(error) == f"{tmp_path / 'generator.toml'}: specs: broken"


# -- finding lines ------------------------------------------------------------


def test_find_key_line_searches_inline_tables_as_a_last_resort() -> None:
    text = (
        'specs = [\n  { spec = "a", output = "b" },\n'
        '  { spec = "c", outptu = "d" },\n]\n'
    )
    assert find_key_line(text, ("specs", 1, "outptu")) == 3


def test_find_key_line_does_not_match_a_longer_key() -> None:
    text = '[[specs]]\nspecs_dir = "x"\nspec = "a"\n'
    assert find_key_line(text, ("specs", 0, "spec")) == 3


def test_find_key_line_stops_at_the_next_array_element() -> None:
    text = '[[specs]]\nspec = "a"\n[[specs]]\nspec = "b"\n'
    assert find_key_line(text, ("specs", 1, "spec")) == 4
    assert find_key_line(text, ("specs", 0, "output")) == 1


def test_find_key_line_accepts_quoted_keys() -> None:
    text = '[tool.generator]\n"specs" = 3\n'
    assert find_key_line(text, ("tool", "generator", "specs")) == 2


def test_find_key_line_is_none_for_an_absent_table() -> None:
    assert find_key_line("[other]\nx = 1\n", ("specs", 2, "spec")) is None


# -- include selectors -------------------------------------------------------


@pytest.mark.parametrize("entry", ["tag:pets", "operation:list_pets", "path:/p/*"])
def test_include_selectors_of_each_kind_are_read(tmp_path: Path, entry: str) -> None:
    path = _write(
        tmp_path,
        "generator.toml",
        f'[[specs]]\nspec = "a.yaml"\noutput = "a"\ninclude = ["{entry}"]\n',
    )
    [spec] = read_config(path)
    assert spec.options.include == (entry,)
