"""`generator inspect` reports what a spec generates, and writes it as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO
from generator.cli import main

AUDIT_LOGS = REPO / "specs" / "kibo" / "openapi_audit_logs.json"


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def test_inspect_prints_counts_and_the_reason_of_each_degraded_part(
    runner: CliRunner,
) -> None:
    result = runner.invoke(main, ["inspect", str(AUDIT_LOGS)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].endswith(
        ": 5 operations (4 generated, 1 degraded, 0 skipped); "
        "2 schemas (2 generated, 0 degraded, 0 skipped); 0 warnings"
    )
    assert lines[1:] == [
        "  operation get_history_diff (line 221): 200 response is typed Any"
    ]


def test_inspect_report_file_lists_every_operation_with_pointer_and_line(
    runner: CliRunner, tmp_path: Path
) -> None:
    report = tmp_path / "report.json"
    result = runner.invoke(main, ["inspect", str(AUDIT_LOGS), "--report", str(report)])
    assert result.exit_code == 0, result.output
    (spec,) = json.loads(report.read_text(encoding="utf-8"))["specs"]
    statuses = {op["name"]: op["status"] for op in spec["operations"]}
    assert len(statuses) == 5
    assert statuses["get_history_diff"] == "degraded"
    first = spec["operations"][0]
    assert first["pointer"].startswith("/paths/")
    assert isinstance(first["line"], int)


def test_inspect_counts_operations_left_out_by_include_as_skipped(
    runner: CliRunner,
) -> None:
    result = runner.invoke(
        main, ["inspect", str(AUDIT_LOGS), "--include", "operation:get_history"]
    )
    assert result.exit_code == 0, result.output
    assert "(1 generated, 0 degraded, 4 skipped)" in result.stdout


def test_inspect_of_a_broken_spec_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.0.3\npaths: [\n", encoding="utf-8")
    result = runner.invoke(main, ["inspect", str(broken)])
    assert result.exit_code == 1
    assert "error[syntax]" in result.stderr


# A spec whose one operation, tagged `a`, answers with no body; tests add to it.
ONE_OPERATION = (
    "openapi: 3.0.3\n"
    "info: {title: T, version: '1'}\n"
    "paths:\n"
    "  /a:\n"
    "    get:\n"
    "      tags: [a]\n"
    "      responses: {'204': {description: none}}\n"
)


def test_inspect_reports_the_errors_the_build_finds(
    runner: CliRunner, tmp_path: Path
) -> None:
    spec = tmp_path / "typo.yaml"
    spec.write_text(
        "openapi: 3.0.3\n"
        "info: {title: T, version: '1'}\n"
        "paths:\n"
        "  /a:\n"
        "    get:\n"
        "      responses:\n"
        "        '200':\n"
        "          description: ok\n"
        "          content:\n"
        "            application/json:\n"
        "              schema: {type: strng}\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["inspect", str(spec)])
    assert result.exit_code == 1
    assert "typo.yaml:11:30: error[unknown-type]" in result.stderr
    # inspect never writes, so its summary does not say that nothing was.
    assert result.stderr.splitlines()[-1] == "failed: 1 error, 0 warnings"
    assert "--strict" not in result.stderr


def test_inspect_of_a_selection_ignores_faults_outside_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    # As `generate --include` does: the unselected operation's schema is broken.
    spec = tmp_path / "two.yaml"
    spec.write_text(
        ONE_OPERATION + "  /b:\n"
        "    get:\n"
        "      tags: [b]\n"
        "      responses:\n"
        "        '200':\n"
        "          description: ok\n"
        "          content:\n"
        "            application/json:\n"
        "              schema: {type: integr}\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["inspect", str(spec), "--include", "tag:a"])
    assert result.exit_code == 0, result.stderr
    assert "2 operations (1 generated, 0 degraded, 1 skipped)" in result.stdout


def test_inspect_counts_schemas_a_selection_leaves_out_as_skipped(
    runner: CliRunner, tmp_path: Path
) -> None:
    spec = tmp_path / "two.yaml"
    spec.write_text(
        ONE_OPERATION + "components:\n"
        "  schemas:\n"
        "    Pet: {type: object, properties: {name: {type: string}}}\n",
        encoding="utf-8",
    )
    report = tmp_path / "report.json"
    arguments = ["inspect", str(spec), "--include", "tag:a", "--report", str(report)]
    result = runner.invoke(main, arguments)
    assert result.exit_code == 0, result.stderr
    assert "1 schema (0 generated, 0 degraded, 1 skipped)" in result.stdout
    (entry,) = json.loads(report.read_text(encoding="utf-8"))["specs"][0]["schemas"]
    assert (entry["name"], entry["status"]) == ("Pet", "skipped")


def test_a_report_file_that_cannot_be_written_is_an_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "loop").symlink_to("loop")
    for target in ("loop", "no-folder/report.json"):
        report = str(tmp_path / target)
        result = runner.invoke(main, ["inspect", str(AUDIT_LOGS), "--report", report])
        assert result.exit_code == 1, result.stderr
        assert f"error: cannot write the report {report}: " in result.stderr
        assert "internal error" not in result.stderr
