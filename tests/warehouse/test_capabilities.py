"""The engine capabilities stages use instead of asking which engine they run on.

Each test runs on DuckDB and on Spark (``@pytest.mark.engines``): the same call must give the
same observable result, whatever the engine does underneath.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from atr.warehouse import DuckDBWarehouse, Warehouse, quote_ident, sql_literal

ROWS = pa.table(
    {
        "dataset": ["a", "a", "b", "b"],
        "partner_code": ["1", "1", "1", "2"],
        "v": pa.array([1, 2, 3, 4], pa.int64()),
    }
)


@pytest.mark.engines
def test_hash64_blocks_equal_values_together_in_a_materialised_cte(warehouse: Warehouse) -> None:
    warehouse.write_arrow("t", ROWS)
    hashed = warehouse.dialect.hash64(["dataset", "partner_code"])
    cte = warehouse.dialect.cte("h", f"SELECT dataset, partner_code, {hashed} AS k FROM t")
    rows = warehouse.rows(f"WITH {cte} SELECT dataset, partner_code, k FROM h ORDER BY dataset, partner_code")
    keys = {(r["dataset"], r["partner_code"]): r["k"] for r in rows}
    assert len(rows) == 4 and len(keys) == 3  # equal inputs, equal keys; different inputs, different keys
    assert all(isinstance(k, int) for k in keys.values())
    assert max(abs(k) for k in keys.values()) > 2**32  # 64 bits: Spark's hash() would be 32


@pytest.mark.engines
def test_quoting_helpers_round_trip(warehouse: Warehouse) -> None:
    odd_name, odd_value = 'odd "name"', "O'Brien; DROP TABLE t"
    result = warehouse.query(f"SELECT {sql_literal(odd_value)} AS {quote_ident(odd_name)}")
    assert result.column_names == [odd_name]
    assert result.column(0).to_pylist() == [odd_value]


@pytest.mark.engines
def test_drop_prefixed_drops_only_the_prefixed_tables_and_views(warehouse: Warehouse) -> None:
    warehouse.write_arrow("work__a", ROWS)
    warehouse.execute("CREATE TEMP TABLE work__b AS SELECT 1 AS x")
    warehouse.execute("CREATE VIEW work__c AS SELECT * FROM work__a")
    warehouse.write_arrow("keep", ROWS)
    warehouse.drop_prefixed("work__")
    assert [t for t in warehouse.list_tables() if t != "atr_meta"] == ["keep"]


@pytest.mark.engines
def test_staging_area_reads_files_and_adopt_replaces_whole_partitions(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    warehouse.write_arrow("t", ROWS)
    warehouse.write_arrow("ref_codes", pa.table({"code": ["x", "y"]}))
    extract = tmp_path / "extract.csv"
    extract.write_text("dataset,partner_code,v\na,1,10\nc,1,30\n", encoding="utf-8")
    with warehouse.staging_area(["ref_codes"]) as area:
        assert area.count("ref_codes") == 2  # the reference the checks need is there
        area.execute("CREATE TABLE IF NOT EXISTS t (dataset VARCHAR, partner_code VARCHAR, v BIGINT)")
        for d, p in (("a", "1"), ("c", "1")):
            area.execute("DELETE FROM t WHERE dataset = ? AND partner_code = ?", [d, p])
        area.execute(  # DuckDB's file reader, in file order: what ingest's checks rely on
            f"INSERT INTO t SELECT dataset, partner_code, CAST(v AS BIGINT) FROM read_csv({sql_literal(str(extract))}, "
            "header = true, all_varchar = true)"
        )
        warehouse.adopt_partitions(area, ["t"], [("a", "1"), ("c", "1")])
    rows = warehouse.rows("SELECT dataset, partner_code, v FROM t ORDER BY dataset, partner_code, v")
    assert [(r["dataset"], r["partner_code"], r["v"]) for r in rows] == [
        ("a", "1", 10),  # replaced: both old rows of (a, 1) gone
        ("b", "1", 3),  # other partitions untouched
        ("b", "2", 4),
        ("c", "1", 30),  # a new partition added
    ]


def test_duckdb_memory_limit_is_set(tmp_path: Path) -> None:
    with DuckDBWarehouse(tmp_path / "atr.duckdb") as wh:
        wh.limit_memory(1.5)
        assert wh.scalar("SELECT current_setting('memory_limit')") == "1.3 GiB"
