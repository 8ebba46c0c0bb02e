"""OpenAPI 3.1 spellings are typed like their 3.0 equivalents."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import ir
from generator.build import build_api
from generator.diagnostics import Diagnostics
from generator.load import load_spec

SPEC = """\
openapi: 3.1.0
info: {{title: T, version: '1'}}
paths:
  /sample:
    get:
      operationId: getSample
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  value: {schema}
"""


@pytest.mark.parametrize(
    ("schema", "kind", "nullable"),
    [
        ("{const: fixed}", ir.Kind.STR, False),
        ("{const: 3}", ir.Kind.INT, False),
        ("{const: true}", ir.Kind.BOOL, False),
        ("{type: [integer, 'null'], examples: [1, 2]}", ir.Kind.INT, True),
        ("{type: [string, 'null'], format: date-time}", ir.Kind.DATETIME, True),
    ],
)
def test_const_type_lists_and_examples_are_typed(
    tmp_path: Path, schema: str, kind: ir.Kind, nullable: bool
) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(SPEC.format(schema=schema), encoding="utf-8")
    diagnostics = Diagnostics()
    api = build_api(load_spec(path), package="p", diagnostics=diagnostics)
    (model,) = api.models
    (value,) = model.fields
    assert (value.type.kind, value.nullable) == (kind, nullable)
    assert not diagnostics.items
