"""Unit tests of generator.build: a loaded spec becomes the intermediate model.

Small inline specs are written to tmp_path and loaded, then built. Covers
type mapping (formats, arrays, maps, Any), nullable and required flags, allOf
flattening, `allOf: [$ref]` wrappers, warnings with locations for what is not
generated (unions, unknown types, cookie parameters), version checks,
operation naming and collisions, tags as modules, path-level parameters, and
the build of the project's own spec.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import SPEC
from generator import ir
from generator.build import build_api
from generator.diagnostics import Diagnostic, Diagnostics, Severity, SpecError
from generator.load import load_spec
from generator.media import Encoding

HEAD = "openapi: 3.0.3\ninfo: {title: Test API, version: '1.0'}\n"

INT = ir.TypeRef(ir.Kind.INT)
STR = ir.TypeRef(ir.Kind.STR)
ANY = ir.TypeRef(ir.Kind.ANY)


def _build(tmp_path: Path, text: str) -> tuple[ir.Api, Diagnostics]:
    path = tmp_path / "spec.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    diagnostics = Diagnostics()
    api = build_api(load_spec(path), package="pkg", diagnostics=diagnostics)
    return api, diagnostics


def _with_head(paths: str) -> str:
    return HEAD + textwrap.dedent(paths)


def _build_errors(tmp_path: Path, text: str) -> list[Diagnostic]:
    """Build `text`, which must fail, and return its errors in report order."""
    path = tmp_path / "spec.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    diagnostics = Diagnostics()
    with pytest.raises(SpecError):
        build_api(load_spec(path), package="pkg", diagnostics=diagnostics)
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def _build_error(tmp_path: Path, text: str) -> Diagnostic:
    (error,) = _build_errors(tmp_path, text)
    return error


def _spec_with_schemas(schemas: str, root: str = "Sample") -> str:
    """Return a spec whose one operation returns `root`, with `schemas` indented."""
    return HEAD + textwrap.dedent(f"""\
            paths:
              /sample:
                get:
                  operationId: getSample
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema: {{$ref: '#/components/schemas/{root}'}}
            components:
              schemas:
            """) + textwrap.indent(textwrap.dedent(schemas), " " * 4)


def _model(api: ir.Api, name: str) -> ir.Model:
    return next(model for model in api.models if model.name == name)


def _field(model: ir.Model, json_name: str) -> ir.Field:
    return next(f for f in model.fields if f.json_name == json_name)


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


# -- types -----------------------------------------------------------------


_TYPES = """\
Sample:
  type: object
  properties:
    count: {type: integer, format: int32}
    big: {type: integer, format: int64}
    ratio: {type: number, format: double}
    price: {type: number}
    flag: {type: boolean}
    name: {type: string}
    created: {type: string, format: date-time}
    day: {type: string, format: date}
    uuid: {type: string, format: uuid}
    pets: {type: array, items: {$ref: '#/components/schemas/Pet'}}
    anything: {type: array, items: {}}
    counts: {type: object, additionalProperties: {type: integer}}
    loose: {type: object, additionalProperties: true}
    plain_object: {type: object}
    untyped: {}
Pet:
  type: object
  properties:
    id: {type: integer}
"""


@pytest.mark.parametrize(
    ("json_name", "expected"),
    [
        ("count", INT),
        ("big", INT),
        ("ratio", ir.TypeRef(ir.Kind.FLOAT)),
        ("price", ir.TypeRef(ir.Kind.FLOAT)),
        ("flag", ir.TypeRef(ir.Kind.BOOL)),
        ("name", STR),
        ("created", ir.TypeRef(ir.Kind.DATETIME)),
        ("day", ir.TypeRef(ir.Kind.DATE)),
        ("uuid", STR),
        ("pets", ir.TypeRef(ir.Kind.LIST, item=ir.TypeRef(ir.Kind.MODEL, "Pet"))),
        ("anything", ir.TypeRef(ir.Kind.LIST, item=ANY)),
        ("counts", ir.TypeRef(ir.Kind.DICT, item=INT)),
        ("loose", ir.TypeRef(ir.Kind.DICT, item=ANY)),
        ("plain_object", ir.TypeRef(ir.Kind.DICT, item=ANY)),
        ("untyped", ANY),
    ],
)
def test_schema_types_map_to_python_kinds(
    tmp_path: Path, json_name: str, expected: ir.TypeRef
) -> None:
    api, diagnostics = _build(tmp_path, _spec_with_schemas(_TYPES))
    assert _field(_model(api, "Sample"), json_name).type == expected
    assert not diagnostics.items


def test_array_of_models_makes_the_item_a_model(tmp_path: Path) -> None:
    api, _ = _build(tmp_path, _spec_with_schemas(_TYPES))
    assert {model.name for model in api.models} == {"Sample", "Pet"}
    (pet_id,) = _model(api, "Pet").fields
    assert (pet_id.json_name, pet_id.python_name, pet_id.type) == ("id", "id", INT)
    assert (pet_id.required, pet_id.nullable) == (False, False)


def test_operation_response_and_body_types(tmp_path: Path) -> None:
    api, _ = _build(
        tmp_path,
        _with_head("""\
        paths:
          /pets:
            post:
              operationId: addPets
              requestBody:
                required: true
                description: The pets.
                content:
                  application/json:
                    schema: {type: array, items: {type: string}}
              responses:
                '201':
                  description: created
                  content:
                    application/json:
                      schema: {type: object, additionalProperties: {type: number}}
                '404': {description: not found}
        """),
    )
    (operation,) = api.operations
    body = operation.body
    assert body is not None
    assert body.type == ir.TypeRef(ir.Kind.LIST, item=STR)
    assert (body.media_type, body.required, body.description) == (
        "application/json",
        True,
        "The pets.",
    )
    assert operation.success is not None
    assert operation.success.status == "201"
    assert operation.success.type == ir.TypeRef(
        ir.Kind.DICT, item=ir.TypeRef(ir.Kind.FLOAT)
    )
    missing = operation.responses[1]
    assert (missing.status, missing.description, missing.type) == (
        "404",
        "not found",
        None,
    )


# -- nullable and required --------------------------------------------------


def test_nullable_and_required_flags(tmp_path: Path) -> None:
    api, _ = _build(
        tmp_path,
        _spec_with_schemas("""\
            Sample:
              type: object
              required: [id, note]
              properties:
                id: {type: integer}
                note: {type: string, nullable: true}
                tag: {type: string}
                alias: {type: string, nullable: true}
                modern: {type: [string, 'null']}
                explicit: {type: string, nullable: false}
            """),
    )
    flags = {
        f.json_name: (f.required, f.nullable) for f in _model(api, "Sample").fields
    }
    assert flags == {
        "id": (True, False),
        "note": (True, True),
        "tag": (False, False),
        "alias": (False, True),
        "modern": (False, True),
        "explicit": (False, False),
    }
    assert _field(_model(api, "Sample"), "modern").type == STR


def test_nullable_of_a_referenced_model_comes_from_the_target(tmp_path: Path) -> None:
    api, _ = _build(
        tmp_path,
        _spec_with_schemas("""\
            Sample:
              properties:
                owner: {$ref: '#/components/schemas/Owner'}
            Owner:
              nullable: true
              properties:
                name: {type: string}
            """),
    )
    owner = _field(_model(api, "Sample"), "owner")
    assert owner.type == ir.TypeRef(ir.Kind.MODEL, "Owner")
    assert owner.nullable


# -- allOf ------------------------------------------------------------------


_ALL_OF = """\
Sample:
  allOf:
    - $ref: '#/components/schemas/Base'
    - type: object
      required: [bark]
      properties:
        name: {type: string, nullable: true, description: Overridden.}
        bark: {type: boolean}
  properties:
    own: {type: integer}
Base:
  type: object
  required: [id]
  properties:
    id: {type: integer}
    name: {type: string, description: Original.}
    weight: {type: number}
"""


def test_all_of_puts_base_fields_first(tmp_path: Path) -> None:
    api, _ = _build(tmp_path, _spec_with_schemas(_ALL_OF))
    names = [f.json_name for f in _model(api, "Sample").fields]
    assert names == ["id", "name", "weight", "bark", "own"]


def test_all_of_later_part_overrides_an_earlier_property(tmp_path: Path) -> None:
    api, _ = _build(tmp_path, _spec_with_schemas(_ALL_OF))
    name = _field(_model(api, "Sample"), "name")
    assert name.nullable
    assert name.description == "Overridden."
    assert _field(_model(api, "Base"), "name").description == "Original."


def test_all_of_merges_required_lists(tmp_path: Path) -> None:
    api, _ = _build(tmp_path, _spec_with_schemas(_ALL_OF))
    required = {f.json_name for f in _model(api, "Sample").fields if f.required}
    assert required == {"id", "bark"}


def test_all_of_base_schema_is_also_its_own_model(tmp_path: Path) -> None:
    api, _ = _build(tmp_path, _spec_with_schemas(_ALL_OF))
    base = _model(api, "Base")
    assert [f.json_name for f in base.fields] == ["id", "name", "weight"]
    assert base.pointer == "/components/schemas/Base"


def test_all_of_inline_part_is_flattened_but_not_a_model(tmp_path: Path) -> None:
    api, diagnostics = _build(
        tmp_path,
        _spec_with_schemas("""\
            Sample:
              allOf:
                - $ref: '#/components/schemas/Base'
                - properties:
                    choice: {oneOf: [{type: string}, {type: integer}]}
            Base:
              properties:
                id: {type: integer}
            """),
    )
    assert [f.json_name for f in _model(api, "Sample").fields] == ["id", "choice"]
    assert {model.name for model in api.models} == {"Sample", "Base"}
    choice = _field(_model(api, "Sample"), "choice").type
    assert choice.kind is ir.Kind.UNION
    assert not diagnostics.items


def test_all_of_cycle_is_warned_and_skipped(tmp_path: Path) -> None:
    api, diagnostics = _build(
        tmp_path,
        _spec_with_schemas("""\
            Sample:
              type: object
              allOf:
                - $ref: '#/components/schemas/Sample'
              properties:
                a: {type: string}
            """),
    )
    assert [f.json_name for f in _model(api, "Sample").fields] == ["a"]
    assert [d.code for d in diagnostics.warnings] == ["allof-cycle"]


def test_all_of_single_ref_with_nullable_is_the_ref(tmp_path: Path) -> None:
    api, diagnostics = _build(
        tmp_path,
        _spec_with_schemas("""\
            Sample:
              type: object
              properties:
                owner:
                  nullable: true
                  description: The owner, if any.
                  allOf: [{$ref: '#/components/schemas/Owner'}]
                plain:
                  allOf: [{$ref: '#/components/schemas/Owner'}]
            Owner:
              type: object
              properties:
                name: {type: string}
            """),
    )
    sample = _model(api, "Sample")
    owner = _field(sample, "owner")
    assert owner.type == ir.TypeRef(ir.Kind.MODEL, "Owner")
    assert owner.nullable
    assert owner.description == "The owner, if any."
    plain = _field(sample, "plain")
    assert plain.type == ir.TypeRef(ir.Kind.MODEL, "Owner")
    assert not plain.nullable
    assert {model.name for model in api.models} == {"Sample", "Owner"}
    assert not diagnostics.items


# -- warnings ---------------------------------------------------------------


@pytest.mark.parametrize("union", ["oneOf", "anyOf"])
def test_union_of_scalars_is_a_union_type(tmp_path: Path, union: str) -> None:
    text = _spec_with_schemas(f"""\
        Sample:
          type: object
          properties:
            choice:
              {union}:
                - {{type: string}}
                - {{type: integer}}
                - {{type: 'null'}}
        """)
    api, diagnostics = _build(tmp_path, text)
    choice = _field(_model(api, "Sample"), "choice")
    assert choice.type.kind is ir.Kind.UNION
    assert [o.kind for o in choice.type.options] == [ir.Kind.STR, ir.Kind.INT]
    assert choice.nullable
    assert not diagnostics.items


def test_union_with_discriminator_maps_values_to_models(tmp_path: Path) -> None:
    text = _spec_with_schemas("""\
        Sample:
          type: object
          properties:
            pet:
              oneOf:
                - $ref: '#/components/schemas/Cat'
                - $ref: '#/components/schemas/Dog'
              discriminator:
                propertyName: kind
                mapping: {kitty: '#/components/schemas/Cat'}
        Cat: {type: object, properties: {kind: {type: string}}}
        Dog: {type: object, properties: {kind: {type: string}}}
        """)
    api, _ = _build(tmp_path, text)
    pet = _field(_model(api, "Sample"), "pet").type
    assert pet.discriminator == "kind"
    assert pet.mapping == (("Dog", "Dog"), ("kitty", "Cat"))


def test_union_of_one_option_is_that_option(tmp_path: Path) -> None:
    text = _spec_with_schemas("""\
        Sample:
          type: object
          properties:
            only: {anyOf: [{type: integer}]}
        """)
    api, _ = _build(tmp_path, text)
    assert _field(_model(api, "Sample"), "only").type == ir.TypeRef(ir.Kind.INT)


def test_unknown_type_is_an_error_that_suggests_the_closest(tmp_path: Path) -> None:
    text = _spec_with_schemas("""\
        Sample:
          type: object
          properties:
            odd: {type: strng}
        """)
    error = _build_error(tmp_path, text)
    assert error.code == "unknown-type"
    assert error.message == (
        "unknown schema type 'strng' (did you mean 'string'?); use one of array, "
        "boolean, integer, number, object, string"
    )
    assert error.location.pointer == "/components/schemas/Sample/properties/odd/type"
    assert error.location.line == _line_of(text, "strng")


def test_xml_request_body_is_sent_as_text(tmp_path: Path) -> None:
    api, diagnostics = _build(
        tmp_path,
        _with_head("""\
        paths:
          /upload:
            post:
              requestBody:
                content:
                  application/xml: {schema: {type: string}}
              responses: {}
        """),
    )
    body = api.operations[0].body
    assert body is not None
    assert (body.media_type, body.encoding) == ("application/xml", Encoding.TEXT)
    assert body.type == ir.TypeRef(ir.Kind.STR)
    assert not diagnostics.items


# -- versions ---------------------------------------------------------------


def test_swagger_2_is_an_unsupported_version(tmp_path: Path) -> None:
    diagnostic = _build_error(
        tmp_path, "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n"
    )
    assert diagnostic.code == "unsupported-version"
    assert "Swagger 2.0" in diagnostic.message
    assert diagnostic.location.pointer == "/swagger"
    assert (diagnostic.location.line, diagnostic.location.column) == (1, 10)


def test_missing_openapi_field_is_an_unsupported_version(tmp_path: Path) -> None:
    diagnostic = _build_error(tmp_path, "info: {title: T, version: '1'}\npaths: {}\n")
    assert diagnostic.code == "unsupported-version"
    assert diagnostic.location.line == 1


@pytest.mark.parametrize("version", ["2.0.0", "4.0.0", "3.0"])
def test_other_openapi_versions_are_unsupported(tmp_path: Path, version: str) -> None:
    diagnostic = _build_error(
        tmp_path, f"info: {{title: T, version: '1'}}\nopenapi: {version}\npaths: {{}}\n"
    )
    assert diagnostic.code == "unsupported-version"
    assert diagnostic.location.pointer == "/openapi"
    assert diagnostic.location.line == 2


def test_openapi_3_1_is_accepted(tmp_path: Path) -> None:
    api, _ = _build(tmp_path, "openapi: 3.1.0\ninfo: {title: T, version: '2'}\n")
    assert (api.title, api.version, api.operations) == ("T", "2", ())


def test_document_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    assert _build_error(tmp_path, "- openapi\n- 3.0.3\n").code == "not-openapi"


def test_paths_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    diagnostic = _build_error(tmp_path, HEAD + "paths: [a, b]\n")
    assert diagnostic.code == "bad-type"
    assert diagnostic.location.line == 3


def test_missing_ref_in_an_operation_is_a_spec_error(tmp_path: Path) -> None:
    text = HEAD + textwrap.dedent("""\
        paths:
          /a:
            get:
              parameters:
                - $ref: '#/components/parameters/Nope'
              responses: {}
        """)
    diagnostic = _build_error(tmp_path, text)
    assert diagnostic.code == "missing-ref"
    assert diagnostic.location.line == _line_of(text, "Nope")


# -- errors, all of them in one run ------------------------------------------


_MANY_FAULTS = """\
openapi: 3.0.3
info: {title: Faults}
paths:
  /pets:
    get:
      parameters:
        - {name: limit, in: body}
        - {$ref: '#/components/parameters/Gone'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties: [id, name]
                required: true
        '2OO': {description: typo}
  pets:
    get: {responses: {}}
  /owners:
    get: {}
"""


def test_every_fault_of_a_document_is_reported_in_location_order(
    tmp_path: Path,
) -> None:
    errors = _build_errors(tmp_path, _MANY_FAULTS)
    found = [(e.location.line, e.location.column, e.code) for e in errors]
    assert found == [
        (2, 7, "missing-field"),
        (7, 29, "bad-value"),
        (8, 18, "missing-ref"),
        (16, 29, "bad-type"),
        (17, 27, "bad-type"),
        (18, 9, "bad-value"),
        (19, 3, "bad-value"),
        (22, 10, "missing-field"),
    ]


def test_error_messages_say_what_was_found_and_how_to_fix_it(tmp_path: Path) -> None:
    messages = [e.message for e in _build_errors(tmp_path, _MANY_FAULTS)]
    assert messages == [
        "'info' has no 'version', which OpenAPI requires; add the API's version: "
        "version: '1.0'",
        "parameter 'limit' is in 'body'; a parameter is in path, query, header or "
        "cookie (a body is a requestBody)",
        "$ref '#/components/parameters/Gone' points at nothing: there is no "
        "'components' at that place in the document",
        "'properties' must be a mapping of property names to schemas, found a list",
        "'required' must be a list of property names, found a boolean (true)",
        "response status '2OO' is not a status code; use a code such as '200', a "
        "range such as '2XX', or 'default'",
        "path 'pets' does not start with '/'; write '/pets', the path relative to "
        "the server URL",
        "the GET operation of '/owners' has no 'responses', which OpenAPI 3.0 "
        "requires; add at least one, for example '200': {description: OK}",
    ]


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("openapi: 3.0.3\npaths: {}\n", [(1, "missing-field", "")]),
        (
            "openapi: 3.0.3\ninfo: {version: '1'}\npaths: {}\n",
            [(2, "missing-field", "/info")],
        ),
        ("openapi: 3.0.3\ninfo: [a]\npaths: {}\n", [(2, "bad-type", "/info")]),
        (
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n",
            [(1, "missing-field", "")],
        ),
        (
            "openapi: 3.0.3\ninfo: {title: {a: 1}, version: '1'}\npaths: {}\n",
            [(2, "bad-type", "/info/title")],
        ),
        (
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n"
            "components: {schemas: []}\n",
            [(4, "bad-type", "/components/schemas")],
        ),
    ],
)
def test_required_top_level_fields_and_their_types_are_checked(
    tmp_path: Path, head: str, expected: list[tuple[int, str, str]]
) -> None:
    errors = _build_errors(tmp_path, head)
    assert [(e.location.line, e.code, e.location.pointer) for e in errors] == expected


def test_several_faults_of_one_object_are_all_reported(tmp_path: Path) -> None:
    text = HEAD + textwrap.dedent("""\
        paths:
          /a:
            get:
              parameters:
                - {schema: {type: string}, required: 'yes'}
              responses: {}
        """)
    errors = _build_errors(tmp_path, text)
    assert [(e.code, e.location.pointer) for e in errors] == [
        ("missing-field", "/paths/~1a/get/parameters/0"),
        ("missing-field", "/paths/~1a/get/parameters/0"),
        ("bad-type", "/paths/~1a/get/parameters/0/required"),
    ]
    assert [e.message.split(",")[0] for e in errors[:2]] == [
        "the parameter has no 'name'",
        "the parameter has no 'in'",
    ]


def test_openapi_3_1_needs_no_paths_and_no_responses(tmp_path: Path) -> None:
    api, diagnostics = _build(
        tmp_path,
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get: {}\n",
    )
    assert [op.python_name for op in api.operations] == ["get_a"]
    assert not diagnostics.items


def test_yaml_number_as_version_is_accepted_as_text(tmp_path: Path) -> None:
    api, diagnostics = _build(
        tmp_path, "openapi: 3.0.3\ninfo: {title: T, version: 1.5}\npaths: {}\n"
    )
    assert api.version == "1.5"
    assert not diagnostics.items


@pytest.mark.parametrize(
    ("schema", "pointer", "message"),
    [
        ("{type: [string, strng]}", "type/1", "unknown schema type 'strng'"),
        (
            "{type: 5}",
            "type",
            "'type' must be a type name such as 'string', found a number (5)",
        ),
        ("{type: string, format: {a: 1}}", "format", "'format' must be"),
        (
            "{type: object, additionalProperties: 3}",
            "additionalProperties",
            "'additionalProperties' must be a schema or a boolean",
        ),
        (
            "{type: array, items: [a, b]}",
            "items",
            "'items' must be a schema, found a list",
        ),
        (
            "{allOf: {a: 1}}",
            "allOf",
            "'allOf' must be a list of schemas, found a mapping",
        ),
        ("{enum: a}", "enum", "'enum' must be a list of values"),
        (
            "{required: [1], properties: {a: {}}}",
            "required/0",
            "'required' lists property names, found a number (1)",
        ),
        (
            "{properties: {a: 5}}",
            "properties/a",
            "a schema must be a mapping, found a number (5)",
        ),
        (
            "{nullable: 'yes', type: string}",
            "nullable",
            "'nullable' must be true or false",
        ),
    ],
)
def test_schema_keyword_of_the_wrong_type_is_an_error(
    tmp_path: Path, schema: str, pointer: str, message: str
) -> None:
    error = _build_error(tmp_path, _spec_with_schemas(f"Sample: {schema}\n"))
    assert error.code in ("bad-type", "unknown-type")
    assert error.location.pointer == f"/components/schemas/Sample/{pointer}"
    assert error.message.startswith(message)


def test_boolean_schemas_are_any_without_a_diagnostic(tmp_path: Path) -> None:
    text = _spec_with_schemas("Sample: {properties: {a: true, b: {items: false}}}\n")
    api, diagnostics = _build(tmp_path, text)
    assert _field(_model(api, "Sample"), "a").type == ANY
    assert not diagnostics.items


def test_a_fault_shared_by_many_refs_is_reported_once(tmp_path: Path) -> None:
    text = _spec_with_schemas("""\
        Sample:
          properties:
            a: {$ref: '#/components/schemas/Odd'}
            b: {$ref: '#/components/schemas/Odd'}
            c: {type: array, items: {$ref: '#/components/schemas/Odd'}}
        Odd: {type: strng}
        """)
    (error,) = _build_errors(tmp_path, text)
    assert error.location.pointer == "/components/schemas/Odd/type"


def test_array_that_contains_itself_is_a_ref_cycle(tmp_path: Path) -> None:
    text = _spec_with_schemas("""\
        Sample: {type: array, items: {$ref: '#/components/schemas/Sample'}}
        """)
    error = _build_error(tmp_path, text)
    assert error.code == "ref-cycle"
    assert error.location.pointer == "/components/schemas/Sample/items/$ref"
    assert error.message.startswith("schema 'Sample' contains itself through this $ref")


def test_model_that_contains_itself_is_no_cycle(tmp_path: Path) -> None:
    text = _spec_with_schemas("""\
        Sample:
          properties:
            children: {type: array, items: {$ref: '#/components/schemas/Sample'}}
        """)
    api, diagnostics = _build(tmp_path, text)
    assert not diagnostics.items
    children = _field(_model(api, "Sample"), "children").type
    assert children == ir.TypeRef(
        ir.Kind.LIST, item=ir.TypeRef(ir.Kind.MODEL, "Sample")
    )


# -- operations -------------------------------------------------------------


_OPERATIONS = """\
paths:
  /pets/{petId}:
    get:
      operationId: getPetById
      summary: Find a pet
      responses: {}
    put:
      summary: Replace the pet
      responses: {}
    delete:
      responses: {}
    patch:
      operationId: '---'
      summary: '!!!'
      responses: {}
  /other:
    get:
      operationId: get-pet-by-id
      responses: {}
    post:
      operationId: GetPetByID
      responses: {}
"""


def test_operation_name_comes_from_operation_id_then_summary_then_path(
    tmp_path: Path,
) -> None:
    api, _ = _build(tmp_path, HEAD + _OPERATIONS)
    names = {(op.method, op.path): op.python_name for op in api.operations}
    assert names[("GET", "/pets/{petId}")] == "get_pet_by_id"
    assert names[("PUT", "/pets/{petId}")] == "replace_the_pet"
    assert names[("DELETE", "/pets/{petId}")] == "delete_pets_pet_id"
    assert names[("PATCH", "/pets/{petId}")] == "patch_pets_pet_id"


def test_operation_name_collisions_get_numbered(tmp_path: Path) -> None:
    api, _ = _build(tmp_path, HEAD + _OPERATIONS)
    names = {(op.method, op.path): op.python_name for op in api.operations}
    assert names[("GET", "/other")] == "get_pet_by_id_2"
    assert names[("POST", "/other")] == "get_pet_by_id_3"


def test_operations_keep_spec_order_and_record_their_pointer(tmp_path: Path) -> None:
    api, _ = _build(tmp_path, HEAD + _OPERATIONS)
    assert [(op.method, op.path) for op in api.operations] == [
        ("GET", "/pets/{petId}"),
        ("PUT", "/pets/{petId}"),
        ("DELETE", "/pets/{petId}"),
        ("PATCH", "/pets/{petId}"),
        ("GET", "/other"),
        ("POST", "/other"),
    ]
    assert api.operations[0].pointer == "/paths/~1pets~1{petId}/get"


def test_first_tag_becomes_the_module(tmp_path: Path) -> None:
    api, _ = _build(
        tmp_path,
        _with_head("""\
        paths:
          /a:
            get: {operationId: a, tags: [Pet Store, other], responses: {}}
            put: {operationId: b, tags: [pet-store], responses: {}}
            post: {operationId: c, responses: {}}
            delete: {operationId: d, tags: [Models], responses: {}}
            patch: {operationId: e, tags: [list], responses: {}}
        """),
    )
    modules = {op.python_name: op.module for op in api.operations}
    assert modules == {
        "a": "pet_store",
        "b": "pet_store_2",
        "c": "default",
        "d": "models_2",
        "e": "list_",
    }


_PARAMETERS = """\
paths:
  /pets/{petId}:
    parameters:
      - {name: petId, in: path, schema: {type: integer, format: int32}}
      - {name: verbose, in: query, schema: {type: boolean}}
      - $ref: '#/components/parameters/Trace'
    get:
      operationId: getPet
      parameters:
        - name: verbose
          in: query
          required: true
          description: Say more.
          schema: {type: string}
        - {name: session, in: cookie, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
        - {name: client, in: query, schema: {type: string}}
      responses: {}
    delete:
      operationId: deletePet
      responses: {}
components:
  parameters:
    Trace: {name: X-Trace-ID, in: header, schema: {type: string}}
"""


def test_path_level_parameters_are_merged_with_operation_level(
    tmp_path: Path,
) -> None:
    api, _ = _build(tmp_path, HEAD + _PARAMETERS)
    get, delete = api.operations
    assert [(p.json_name, p.location) for p in get.parameters] == [
        ("petId", "path"),
        ("verbose", "query"),
        ("X-Trace-ID", "header"),
        ("limit", "query"),
        ("client", "query"),
    ]
    assert [p.json_name for p in delete.parameters] == [
        "petId",
        "verbose",
        "X-Trace-ID",
    ]


def test_operation_level_parameter_overrides_path_level(tmp_path: Path) -> None:
    api, _ = _build(tmp_path, HEAD + _PARAMETERS)
    get, delete = api.operations
    verbose = next(p for p in get.parameters if p.json_name == "verbose")
    assert (verbose.type, verbose.required, verbose.description) == (
        STR,
        True,
        "Say more.",
    )
    path_verbose = next(p for p in delete.parameters if p.json_name == "verbose")
    assert (path_verbose.type, path_verbose.required) == (
        ir.TypeRef(ir.Kind.BOOL),
        False,
    )


def test_parameter_names_are_python_names(tmp_path: Path) -> None:
    api, _ = _build(tmp_path, HEAD + _PARAMETERS)
    names = {p.json_name: p.python_name for p in api.operations[0].parameters}
    assert names["petId"] == "pet_id"
    assert names["X-Trace-ID"] == "x_trace_id"
    assert names["client"] == "client_"


def test_path_parameters_are_always_required(tmp_path: Path) -> None:
    api, _ = _build(tmp_path, HEAD + _PARAMETERS)
    pet_id = api.operations[0].parameters[0]
    assert (pet_id.json_name, pet_id.required, pet_id.type) == ("petId", True, INT)


def test_cookie_parameter_is_warned_and_left_out(tmp_path: Path) -> None:
    text = HEAD + _PARAMETERS
    api, diagnostics = _build(tmp_path, text)
    assert "session" not in {p.json_name for p in api.operations[0].parameters}
    (warning,) = diagnostics.items
    assert warning.code == "unsupported-parameter"
    assert "'session'" in warning.message
    assert warning.location.pointer == "/paths/~1pets~1{petId}/get/parameters/1/in"
    assert warning.location.line == _line_of(text, "in: cookie")


# -- models -----------------------------------------------------------------


def test_inline_object_body_becomes_a_model_named_after_the_operation(
    tmp_path: Path,
) -> None:
    api, _ = _build(
        tmp_path,
        _with_head("""\
        paths:
          /notes:
            post:
              operationId: addNote
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        text: {type: string}
              responses: {}
        """),
    )
    assert api.operations[0].body is not None
    assert api.operations[0].body.type == ir.TypeRef(ir.Kind.MODEL, "AddNoteBody")
    assert [model.name for model in api.models] == ["AddNoteBody"]


def test_model_names_avoid_reserved_and_repeated_names(tmp_path: Path) -> None:
    api, _ = _build(
        tmp_path,
        _spec_with_schemas("""\
            Sample:
              properties:
                a: {$ref: '#/components/schemas/Client'}
                b: {$ref: '#/components/schemas/client'}
                c: {$ref: '#/components/schemas/sample'}
            Client:
              properties: {x: {type: string}}
            client:
              properties: {x: {type: string}}
            sample:
              properties: {x: {type: string}}
            """),
    )
    types = {f.json_name: f.type.model for f in _model(api, "Sample").fields}
    assert types == {"a": "Client_2", "b": "Client_3", "c": "Sample_2"}


def test_self_referencing_model_is_built_once(tmp_path: Path) -> None:
    api, _ = _build(
        tmp_path,
        _spec_with_schemas("""\
            Sample:
              type: object
              properties:
                children: {type: array, items: {$ref: '#/components/schemas/Sample'}}
            """),
    )
    (model,) = api.models
    assert model.fields[0].type == ir.TypeRef(
        ir.Kind.LIST, item=ir.TypeRef(ir.Kind.MODEL, "Sample")
    )


def test_field_names_avoid_generated_members(tmp_path: Path) -> None:
    api, _ = _build(
        tmp_path,
        _spec_with_schemas("""\
            Sample:
              properties:
                to_dict: {type: string}
                toDict: {type: string}
                class: {type: string}
            """),
    )
    names = [f.python_name for f in _model(api, "Sample").fields]
    assert names == ["to_dict_", "to_dict__2", "class_"]


# -- the project's spec -----------------------------------------------------


def test_project_spec_builds_one_operation_without_warnings() -> None:
    diagnostics = Diagnostics()
    api = build_api(
        load_spec(SPEC), package="impersonatecart_client", diagnostics=diagnostics
    )
    assert not diagnostics.items
    (operation,) = api.operations
    assert operation.python_name == "impersonate_cart"
    assert operation.method == "POST"
    assert operation.path == "/commerce/customer/authtickets/impersonatecart"
    assert operation.module == "storefront_auth_ticket"
    (parameter,) = operation.parameters
    assert (parameter.json_name, parameter.python_name, parameter.location) == (
        "responseFields",
        "response_fields",
        "query",
    )
    assert parameter.type == STR
    assert not parameter.required


def test_project_spec_customer_account_includes_account_base_fields() -> None:
    api = build_api(
        load_spec(SPEC), package="impersonatecart_client", diagnostics=Diagnostics()
    )
    names = {model.name for model in api.models}
    assert {
        "AccountBase",
        "CustomerAccount",
        "CustomerAuthTicket",
        "CartAuthTicketRequest",
    } <= names
    base = [f.json_name for f in _model(api, "AccountBase").fields]
    account = [f.json_name for f in _model(api, "CustomerAccount").fields]
    assert base
    assert account[: len(base)] == base
    assert len(account) > len(base)
    ticket = _model(api, "CustomerAuthTicket")
    assert _field(ticket, "requires2FA").python_name == "requires_2fa"
    assert _field(ticket, "accessTokenExpiration").type == ir.TypeRef(ir.Kind.DATETIME)


UNUSED_SCHEMAS = """
    openapi: 3.0.3
    info: {title: T, version: '1'}
    paths:
      /pets:
        get:
          operationId: listPets
          tags: [pets]
          responses:
            '200':
              description: ok
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Pet'}
      /owners:
        get:
          operationId: listOwners
          tags: [owners]
          responses:
            '200':
              description: ok
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Owner'}
    components:
      schemas:
        Pet:
          type: object
          properties:
            name: {type: string}
        Owner:
          type: object
          properties:
            name: {type: string}
        Unused:
          type: object
          properties:
            kind: {$ref: '#/components/schemas/Kind'}
        Kind: {type: string, enum: [a, b]}
        Alias: {type: string}
"""


def test_schemas_no_operation_uses_are_generated_too(tmp_path: Path) -> None:
    api, diagnostics = _build(tmp_path, UNUSED_SCHEMAS)
    assert [m.name for m in api.models] == ["Owner", "Pet", "Unused"]
    assert [e.name for e in api.enums] == ["Kind"]
    assert not diagnostics.items


def test_a_selection_keeps_only_the_schemas_its_operations_use(
    tmp_path: Path,
) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(textwrap.dedent(UNUSED_SCHEMAS), encoding="utf-8")
    api = build_api(
        load_spec(path), package="pkg", diagnostics=Diagnostics(), include=("tag:pets",)
    )
    assert [m.name for m in api.models] == ["Pet"]
    assert api.enums == ()


def test_faults_of_schemas_no_operation_uses_are_reported(tmp_path: Path) -> None:
    text = UNUSED_SCHEMAS.replace("Alias: {type: string}", "Alias: {type: strng}")
    error = _build_error(tmp_path, text)
    assert error.code == "unknown-type"
    assert (error.location.line, error.location.pointer) == (
        40,
        "/components/schemas/Alias/type",
    )
