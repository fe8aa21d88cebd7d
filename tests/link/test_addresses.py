"""House number and street from the first address line; the address comparison's levels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from splink import DuckDBAPI, Linker, SettingsCreator

from atr.link.comparisons import _address
from atr.link.prepare import PreparedInput, prepare_input
from atr.warehouse import open_warehouse

from .records import identity_row, write_identity

LINES = {
    "12a high street": ("12a", "high street"),
    "flat 3, 45 park road": ("45", "park road"),
    "flat 3 45 park road": ("45", "park road"),  # as ingest normalises it: punctuation removed
    "12 apple street": ("12", "apple street"),  # the "a" of "apple" is no house-number suffix
    "2-4 mill lane": ("4", "mill lane"),
    "the old mill 7 station road": ("7", "station road"),
    "Unit 5B, Brook Street": ("5b", "brook street"),
    "297": ("297", None),
    "flat 3": ("3", None),
    "rose cottage mill lane": (None, "rose cottage mill lane"),
    "": (None, None),
    "21 la perouse street": ("21", "la perouse street"),
    "123 la perouse street": ("123", "la perouse street"),
    "21 la perouse st reet": ("21", "la perouse st reet"),
}


def test_house_number_and_street_are_split_in_prepared_records(tmp_path: Path) -> None:
    rows = [identity_row("d", "p", str(i), address_line_1=line) for i, line in enumerate(LINES)]
    rows.append(identity_row("d", "p", "none", address_line_1=None))
    with open_warehouse(tmp_path / "atr.duckdb") as wh:
        write_identity(wh, rows)
        prepared = prepare_input(wh)
        got = {
            r["person_id"]: (r["house_number"], r["address_street"])
            for r in wh.rows("SELECT person_id, house_number, address_street FROM link__input")
        }
    assert got == {str(i): parts for i, parts in enumerate(LINES.values())} | {"none": (None, None)}
    assert prepared.completeness["house_number"] == sum(1 for n, _ in LINES.values() if n)


def _address_level(left: dict[str, Any], right: dict[str, Any]) -> str:
    """The label of the address level Splink puts this pair of records in."""
    prepared = PreparedInput(
        records=2, records_by_dataset={}, missing_columns=[], completeness={"postcode": 2}
    )
    base = {"uprn": None, "postcode_sector": None, "postcode_outward": None, "town": "leeds"}
    records = [{**base, "record_key": 1, **left}, {**base, "record_key": 2, **right}]
    for record in records:  # what prepare.py derives, written out by hand
        number, street = LINES.get(record["address_line_1"] or "", (None, None))
        record.update(house_number=number, address_street=street)
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_key",
        comparisons=[_address(prepared)],
    )
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(pa.Table.from_pylist(records)), settings, log_level=None)
    gamma = linker.inference.score_pair(records[0], records[1]).as_record_list()[0]["gamma_address"]
    levels = linker.misc.save_model_to_json()["comparisons"][0]["comparison_levels"]
    labels = [level["label_for_charts"] for level in levels if not level.get("is_null_level")]
    return str(labels[len(labels) - 1 - gamma])


@pytest.mark.parametrize(
    ("left", "right", "level"),
    [
        # Jaro-Winkler over the whole lines is 0.95: without the house number these were one house.
        (
            {"postcode": "LS6 1AB", "address_line_1": "21 la perouse street"},
            {"postcode": "LS6 1AB", "address_line_1": "123 la perouse street"},
            "Same postcode, other house number or street",
        ),
        (
            {"postcode": "LS6 1AB", "address_line_1": "21 la perouse street"},
            {"postcode": "LS6 1AB", "address_line_1": "21 la perouse st reet"},
            "Same postcode and house",
        ),
        (
            {"postcode": "LS6 1AB", "address_line_1": "297"},
            {"postcode": "LS6 1AB", "address_line_1": "flat 3"},
            "Same postcode",
        ),
        (
            {"postcode": "LS6 1AB", "address_line_1": "21 la perouse street"},
            {"postcode": "LS6 1AB", "address_line_1": None},
            "Same postcode",
        ),
        (
            {"postcode": "LS6 1AB", "address_line_1": "flat 3"},
            {"postcode": "LS6 1AB", "address_line_1": "flat 3"},
            "Same postcode, one line incomplete but agreeing",
        ),
        (
            {"postcode": "LS6 1AB", "address_line_1": "rose cottage mill lane"},
            {"postcode": "LS6 1AB", "address_line_1": "rose cottage mill lane"},
            "Same postcode and house",
        ),
        (
            {"postcode": "LS6 1AB", "address_line_1": "21 la perouse street"},
            {"postcode": "LS6 1BA", "address_line_1": "21 la perouse street"},
            "Same house, postcode one edit apart or same town",
        ),
        (
            {"postcode": "LS6 1AB", "address_line_1": "21 la perouse street"},
            {"postcode": "LS6 1BA", "address_line_1": "123 la perouse street"},
            "Same street, postcode one edit apart or same town",
        ),
        (
            {"postcode": "LS6 1AB", "address_line_1": "21 la perouse street", "town": "otley"},
            {"postcode": "BD1 1AA", "address_line_1": "21 la perouse street"},
            "Same house elsewhere",
        ),
        (
            {"postcode": "LS6 1AB", "address_line_1": "21 la perouse street", "town": "otley"},
            {"postcode": "BD1 1AA", "address_line_1": "123 la perouse street"},
            "All other comparisons",
        ),
    ],
)
def test_address_levels_tell_a_house_from_its_neighbours(
    left: dict[str, Any], right: dict[str, Any], level: str
) -> None:
    assert _address_level(left, right) == level
