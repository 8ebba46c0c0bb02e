"""Records behave as the dataclasses they replace: construction, values, copies."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import subprocess
import sys

import pytest

from generator.records import (
    FrozenRecordError,
    as_dict,
    field,
    fields,
    record,
    replace,
)


@record(frozen=True, slots=True)
class Point:
    """A point on a grid."""

    x: int
    y: int = 0
    tags: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return self.x + self.y

    def moved(self, by: int) -> Point:
        return replace(self, x=self.x + by)


@record
class Bag:
    name: str
    items: list[Point] = field(default_factory=list)
    secret: str = field(default="", repr=False)
    size: int = 1


@dataclasses.dataclass(frozen=True, slots=True)
class PointClass:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()


def test_fields_are_taken_by_position_or_keyword_with_defaults() -> None:
    assert Point(1).y == 0
    assert Point(1, 2).y == 2
    assert Point(x=1, tags=("a",)).tags == ("a",)
    assert Point(1, 2, ("a",)) == Point(tags=("a",), y=2, x=1)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((), {}, "missing 1 required positional argument: 'x'"),
        ((1, 2, (), 4), {}, "takes from 2 to 4 positional arguments but 5"),
        ((1,), {"x": 2}, "got multiple values for argument 'x'"),
        ((1,), {"z": 2}, "got an unexpected keyword argument 'z'"),
    ],
)
def test_a_wrong_call_raises_type_error_as_a_dataclass_would(
    args: tuple[object, ...], kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(TypeError, match=message.replace("(", r"\(")):
        Point(*args, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=message.replace("(", r"\(")):
        PointClass(*args, **kwargs)  # type: ignore[arg-type]


def test_a_default_factory_gives_each_record_its_own_value() -> None:
    first, second = Bag("a"), Bag("b")
    first.items.append(Point(1))
    assert second.items == []
    assert Bag("c", [Point(2)]).items == [Point(2)]


def test_a_frozen_record_refuses_assignment_and_deletion() -> None:
    point = Point(1)
    with pytest.raises(FrozenRecordError, match="cannot assign to field 'x'"):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del point.y
    with pytest.raises(AttributeError):
        point.z = 3  # type: ignore[attr-defined]
    assert point == Point(1)


def test_a_mutable_record_takes_assignment() -> None:
    bag = Bag("a")
    bag.size = 5
    assert bag.size == 5


def test_slots_replace_the_instance_dict_only_when_asked() -> None:
    assert Point.__slots__ == ("x", "y", "tags")
    assert not hasattr(Point(1), "__dict__")
    assert vars(Bag("a")) == {"name": "a", "items": [], "secret": "", "size": 1}
    # Defaults stay class attributes on a record without slots, as with dataclasses.
    assert Bag.size == 1
    assert "items" not in Bag.__dict__


def test_records_compare_and_hash_by_value() -> None:
    assert Point(1, 2) == Point(1, 2)
    assert Point(1, 2) != Point(2, 1)
    assert Point(1).__eq__(PointClass(1)) is NotImplemented
    assert hash(Point(1, 2, ("a",))) == hash(Point(1, 2, ("a",)))
    assert len({Point(1), Point(1), Point(2)}) == 2
    assert Bag("a") == Bag("a")
    with pytest.raises(TypeError, match="unhashable"):
        hash(Bag("a"))


def test_the_repr_is_a_dataclass_repr() -> None:
    assert repr(Point(1, 2, ("a",))) == repr(PointClass(1, 2, ("a",))).replace(
        "PointClass", "Point"
    )
    assert repr(Bag("a", secret="hidden")) == "Bag(name='a', items=[], size=1)"


def test_the_repr_of_a_record_that_holds_itself_ends() -> None:
    bag = Bag("a")
    bag.name = bag  # type: ignore[assignment]
    assert repr(bag) == "Bag(name=..., items=[], size=1)"


def test_methods_properties_and_docstrings_stay() -> None:
    assert Point(1, 2).total == 3
    assert Point(1).moved(2) == Point(3)
    assert Point.__doc__ == "A point on a grid."
    assert Point.__qualname__ == "Point"
    assert Point.__match_args__ == ("x", "y", "tags")


def test_replace_returns_a_changed_copy() -> None:
    point = Point(1, 2, ("a",))
    assert replace(point, y=5) == Point(1, 5, ("a",))
    assert point == Point(1, 2, ("a",))
    bag = Bag("a", secret="s")
    copied = replace(bag)
    assert copied == bag
    assert copied is not bag
    assert copied.items is bag.items  # a shallow copy, as dataclasses.replace
    with pytest.raises(TypeError, match="unexpected keyword argument 'z'"):
        replace(point, z=1)


def test_fields_lists_names_and_defaults_in_order() -> None:
    assert [f.name for f in fields(Bag)] == ["name", "items", "secret", "size"]
    assert [f.name for f in fields(Point(1))] == ["x", "y", "tags"]
    assert fields(Bag)[1].default_factory is list
    assert fields(Bag)[2].repr is False
    assert fields(Point)[1].default == 0
    with pytest.raises(TypeError, match="not a record"):
        fields(PointClass)


def test_as_dict_converts_records_inside_containers() -> None:
    bag = Bag("a", [Point(1, tags=("t",))], secret="s")
    result = as_dict(bag)
    assert result == {
        "name": "a",
        "items": [{"x": 1, "y": 0, "tags": ("t",)}],
        "secret": "s",
        "size": 1,
    }
    assert result == dataclasses.asdict(_bag_dataclass(bag))
    assert result["items"] is not bag.items


@dataclasses.dataclass
class _PointData:
    x: int
    y: int
    tags: tuple[str, ...]


@dataclasses.dataclass
class _BagData:
    name: str
    items: list[_PointData]
    secret: str
    size: int


def _bag_dataclass(bag: Bag) -> _BagData:
    items = [_PointData(p.x, p.y, p.tags) for p in bag.items]
    return _BagData(bag.name, items, bag.secret, bag.size)


def test_a_frozen_record_with_slots_copies_and_pickles() -> None:
    point = Point(1, 2, ("a",))
    assert copy.copy(point) == point
    assert copy.deepcopy(point) == point
    assert pickle.loads(pickle.dumps(point)) == point
    bag = Bag("a", [point])
    assert pickle.loads(pickle.dumps(bag)) == bag


def test_a_field_without_default_after_one_with_a_default_is_refused() -> None:
    with pytest.raises(TypeError, match="non-default field 'b' follows"):

        @record
        class Wrong:
            a: int = 0
            b: int  # type: ignore[misc]


def test_a_mutable_default_is_refused() -> None:
    with pytest.raises(ValueError, match="default_factory"):

        @record
        class Wrong:
            a: list[int] = []  # noqa: RUF012


def test_default_and_default_factory_together_are_refused() -> None:
    with pytest.raises(ValueError, match="both"):
        field(default=1, default_factory=int)  # type: ignore[call-overload]


def test_a_record_keeps_the_methods_it_defines() -> None:
    @record(frozen=True)
    class Named:
        name: str

        def __repr__(self) -> str:
            return f"<{self.name}>"

    assert repr(Named("a")) == "<a>"
    assert hash(Named("a")) == hash(Named("a"))
    assert Named("a").__dict__ == {"name": "a"}


def test_the_generator_imports_no_dataclasses() -> None:
    script = (
        "import sys\n"
        "import generator.cli, generator.pipeline, generator.build, generator.render\n"
        "import generator.inspect, generator.write, generator.fingerprint\n"
        "print('dataclasses' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
