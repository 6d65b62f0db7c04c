"""The snapshot has the shape `reports.snapshot_types` declares, so a field renamed on one
side fails here rather than printing nothing in a PDF; and snapshots stored by earlier
versions of the portal still render."""

import json
import types
import typing
from pathlib import Path

import pytest
from django.utils import timezone
from django.utils.html import escape

from reports import rendering
from reports.models import Report
from reports.snapshot import build_snapshot
from reports.snapshot_types import ScorecardRowDict, SnapshotDict
from tests.reports.helpers import make_report

DATA = Path(__file__).parent / "data"


def shape_problems(value, expected, where: str = "snapshot") -> list[str]:
    """Where `value` differs from the type `expected` (a TypedDict, list, dict, union or a
    plain type), as readable lines."""
    origin = typing.get_origin(expected)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(expected)
        if any(not shape_problems(value, option, where) for option in options):
            return []
        return [f"{where}: {value!r:.60} is none of {options}"]
    if expected is type(None):
        return [] if value is None else [f"{where}: {value!r:.60} is not None"]
    if typing.is_typeddict(expected):
        if not isinstance(value, dict):
            return [f"{where}: not a dict"]
        fields = typing.get_type_hints(expected)
        problems = [
            f"{where}.{key}: not a field of {expected.__name__}"
            for key in value.keys() - fields.keys()
        ]
        problems += [f"{where}.{key}: missing" for key in expected.__required_keys__ - value.keys()]
        for key in value.keys() & fields.keys():
            problems += shape_problems(value[key], fields[key], f"{where}.{key}")
        return problems
    if origin is list:
        if not isinstance(value, list):
            return [f"{where}: not a list"]
        (item,) = typing.get_args(expected)
        return [
            p
            for n, element in enumerate(value)
            for p in shape_problems(element, item, f"{where}[{n}]")
        ]
    if origin is dict:
        if not isinstance(value, dict):
            return [f"{where}: not a dict"]
        _key_type, item = typing.get_args(expected)
        return [
            p
            for key, element in value.items()
            for p in shape_problems(element, item, f"{where}[{key!r}]")
        ]
    if expected is int and isinstance(value, bool):
        return [f"{where}: {value!r} is a bool, not an int"]
    return (
        []
        if isinstance(value, expected)
        else [f"{where}: {value!r:.60} is not {expected.__name__}"]
    )


@pytest.mark.parametrize(
    ("kind", "audience"),
    [
        (Report.Kind.BOARD_PACK, Report.Audience.BOARD),
        (Report.Kind.ANNUAL, Report.Audience.PUBLIC),
        (Report.Kind.YOUNG_PEOPLE, Report.Audience.PUBLIC),
    ],
)
def test_every_kind_of_snapshot_has_the_declared_shape(board_data, kind, audience):
    snapshot = build_snapshot(make_report(kind=kind, audience=audience), as_of=timezone.now())

    assert shape_problems(snapshot, SnapshotDict) == []
    assert snapshot["scorecard"]["rows"], "the demo has KPIs"


def test_a_renamed_field_is_caught():
    row = json.loads((DATA / "snapshot_v1_board_pack.json").read_text())["scorecard"]["rows"][0]
    row["rag_colour"] = row.pop("rag")

    assert shape_problems(row, ScorecardRowDict, "row") == [
        "row.rag_colour: not a field of ScorecardRowDict",
        "row.rag: missing",
    ]


@pytest.mark.parametrize("kind", ["board_pack", "young_people"])
def test_a_snapshot_stored_by_an_earlier_version_still_renders(kind):
    # Stored by the portal before the snapshot was typed (trimmed to a few rows of each part).
    stored = json.loads((DATA / f"snapshot_v1_{kind}.json").read_text())

    assert shape_problems(stored, SnapshotDict) == []
    html = rendering.render_html(stored)
    assert escape(stored["report"]["title"]) in html
    for row in stored["scorecard"]["rows"]:
        if row["code"] in stored["scorecard"]["exception_codes"] and kind == "board_pack":
            assert escape(row["title"]) in html
    for row in stored.get("headlines", []):
        assert escape(row["title"]) in html
        assert rendering.in_plain_words(row) in html


def test_plain_words_read_the_rating_and_direction_as_enums():
    row = {"rag": "amber", "direction": "improved"}

    assert rendering.in_plain_words(row) == "Nearly there, and better than before"
    with pytest.raises(ValueError, match="orange"):
        rendering.in_plain_words({"rag": "orange", "direction": None})
