"""The same behaviour from both engines: DuckDB (default) and Spark (local mode).

Every behavioural test runs twice, once per engine. The portability tests run the same
DuckDB-dialect SQL on both and compare the answers; `test_documented_differences` pins the
constructs docs/spark.md tells stage authors to avoid, so the page is revisited if they change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from atr.warehouse import DuckDBWarehouse, Warehouse

ENGINES = ["duckdb", pytest.param("spark", marks=pytest.mark.spark)]


def open_engine(engine: str, path: Path, request: pytest.FixtureRequest, **kwargs: Any) -> Warehouse:
    if engine == "duckdb":
        return DuckDBWarehouse(path.with_suffix(".duckdb"), **kwargs)
    from atr.warehouse.spark_engine import SparkWarehouse

    return SparkWarehouse(path, spark=request.getfixturevalue("spark_session"), **kwargs)


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def wh(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Warehouse]:
    warehouse = open_engine(engine, tmp_path / "wh", request)
    yield warehouse
    warehouse.close()


PEOPLE = pa.table(
    {
        "person_id": ["p1", "p2", "p3", "p4", "p5", "p6"],
        "district": ["Leeds", "Leeds", "Bradford", None, "Bradford", "Leeds"],
        "age": pa.array([34, 7, 15, 62, None, 7], pa.int32()),
        "dob": [
            dt.date(1990, 5, 1),
            dt.date(2017, 1, 31),
            dt.date(2009, 12, 25),
            dt.date(1962, 2, 28),
            None,
            dt.date(2017, 6, 1),
        ],
        "postcode": ["LS6  1AB", "ls6 2cd", "BD1 1AA", None, "BD7   3XY", "LS6 1AB"],
        "score": [1.5, 2.25, None, 4.0, 0.5, 3.0],
    }
)


def values(table: pa.Table) -> list[tuple[Any, ...]]:
    """Rows as tuples, with numbers compared by value (engines differ in integer width,
    DECIMAL vs DOUBLE and HUGEINT sums; those are not differences a reader of a result sees)."""
    out = []
    for row in table.to_pylist():
        out.append(tuple(round(float(v), 9) if isinstance(v, (float, Decimal)) else v for v in row.values()))
    return out


def test_execute_query_rows_and_scalar(wh: Warehouse) -> None:
    wh.execute("CREATE TABLE t AS SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, NULL)) AS v(id, label)")
    result = wh.query("SELECT id, label FROM t ORDER BY id")
    assert isinstance(result, pa.Table) and result.column_names == ["id", "label"]
    assert values(result) == [(1, "a"), (2, "b"), (3, None)]
    assert wh.rows("SELECT label FROM t WHERE id = ?", [2]) == [{"label": "b"}]
    assert wh.scalar("SELECT count(*) FROM t WHERE label IS NULL") == 1
    assert wh.scalar("SELECT label FROM t WHERE id > ?", [99]) is None
    assert wh.count("t") == 3
    tricky = "O'Brien; DROP TABLE t"
    assert wh.scalar("SELECT ? AS s", [tricky]) == tricky
    with pytest.raises(Exception, match=r"(?i)already exists"):
        wh.execute("CREATE TABLE t AS SELECT 1 AS id")


def test_write_arrow_replace_and_append(wh: Warehouse) -> None:
    wh.write_arrow("people", PEOPLE)
    assert wh.count("people") == 6
    wh.write_arrow("people", pa.table({"score": [9.5], "person_id": ["p7"]}), mode="append")
    row = wh.rows("SELECT person_id, district, age, score FROM people WHERE person_id = 'p7'")
    assert row == [{"person_id": "p7", "district": None, "age": None, "score": 9.5}]
    assert wh.count("people") == 7
    wh.write_arrow("fresh", pa.table({"k": [1]}), mode="append")  # append to nothing creates
    assert wh.count("fresh") == 1
    wh.write_arrow("people", pa.table({"other": ["x", "y"]}))  # replace may change the schema
    assert wh.rows("SELECT * FROM people ORDER BY other") == [{"other": "x"}, {"other": "y"}]
    with pytest.raises(ValueError, match="unknown mode"):
        wh.write_arrow("people", PEOPLE, mode="merge")


def test_table_exists_and_list_tables(wh: Warehouse) -> None:
    assert wh.list_tables() == [] and not wh.table_exists("b_table")
    wh.write_arrow("b_table", pa.table({"x": [1, 2]}))
    wh.execute("CREATE VIEW a_view AS SELECT x * 10 AS x10 FROM b_table")
    wh.execute("CREATE TABLE c_table (k VARCHAR, n INTEGER)")
    assert wh.list_tables() == ["a_view", "b_table", "c_table"]
    assert wh.table_exists("a_view") and wh.table_exists("c_table")
    assert wh.count("c_table") == 0
    assert wh.rows("SELECT x10 FROM a_view ORDER BY 1") == [{"x10": 10}, {"x10": 20}]
    wh.execute("DROP VIEW a_view")
    wh.execute("DROP TABLE IF EXISTS never_made")
    wh.execute("DROP TABLE b_table")
    assert wh.list_tables() == ["c_table"]


def test_insert_update_delete(wh: Warehouse) -> None:
    wh.execute("CREATE TABLE t (id INTEGER, label VARCHAR, score DOUBLE)")
    wh.execute("INSERT INTO t VALUES (1, 'a', 1.5), (2, NULL, 2.5)")
    wh.execute("INSERT INTO t (id, label) VALUES (?, ?)", [3, "c"])
    wh.execute("INSERT INTO t BY NAME SELECT 4 AS id, 0.5 AS score")
    wh.execute("UPDATE t SET score = score * 2, label = 'x' WHERE id >= ?", [2])
    # A WHERE that is NULL deletes nothing (id 3's score is NULL): SQL semantics on both.
    wh.execute("DELETE FROM t WHERE score > 4")
    assert values(wh.query("SELECT id, label, score FROM t ORDER BY id")) == [
        (1, "a", 1.5),
        (3, "x", None),
        (4, "x", 1.0),
    ]
    wh.execute("ALTER TABLE t RENAME TO t2")
    assert wh.list_tables() == ["t2"] and wh.count("t2") == 3


def test_transaction_is_all_or_nothing(wh: Warehouse) -> None:
    wh.write_arrow("t", pa.table({"k": [1, 2]}))
    with pytest.raises(RuntimeError, match="killed"), wh.transaction():
        wh.write_arrow("t", pa.table({"k": [9]}))
        wh.execute("INSERT INTO t VALUES (10)")
        wh.execute("CREATE TABLE u AS SELECT 1 AS one")
        wh.set_meta("stage", "half-done")
        raise RuntimeError("killed")
    assert wh.rows("SELECT k FROM t ORDER BY k") == [{"k": 1}, {"k": 2}]
    assert not wh.table_exists("u") and wh.get_meta("stage") is None
    with wh.transaction():
        wh.execute("INSERT INTO t VALUES (3)")
        wh.execute("CREATE TABLE u AS SELECT 1 AS one")
    assert wh.count("t") == 3 and wh.table_exists("u")


def test_meta_round_trip(wh: Warehouse) -> None:
    assert wh.get_meta("missing", default="dflt") == "dflt"
    wh.set_meta("reference_is_synthetic", True)
    wh.set_meta("run", {"stages": ["reference", "ingest"], "rows": 12})
    wh.set_meta("reference_is_synthetic", False)
    assert wh.get_meta("reference_is_synthetic") is False
    assert wh.get_meta("run") == {"stages": ["reference", "ingest"], "rows": 12}
    assert wh.count("atr_meta") == 2


def test_tables_persist_across_sessions(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    with open_engine(engine, tmp_path / "wh", request) as first:
        first.write_arrow("people", PEOPLE)
        first.execute("CREATE VIEW adults AS SELECT person_id FROM people WHERE age >= 18")
        first.set_meta("contract_version", "1.0")
    with open_engine(engine, tmp_path / "wh", request) as second:
        assert second.list_tables() == ["adults", "atr_meta", "people"]
        assert second.rows("SELECT person_id FROM adults ORDER BY 1") == [
            {"person_id": "p1"},
            {"person_id": "p4"},
        ]
        assert second.get_meta("contract_version") == "1.0"


def test_temporary_tables_are_session_only(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Linkage's working tables hold identities: readable in the session, never stored."""
    with open_engine(engine, tmp_path / "wh", request) as first:
        first.write_arrow("people", PEOPLE)
        first.write_temp_arrow("link__names", PEOPLE.select(["person_id", "district"]))
        first.execute(
            "CREATE OR REPLACE TEMP TABLE link__counts AS SELECT district, count(*) AS n FROM link__names GROUP BY district"
        )
        assert first.table_exists("link__names") and first.count("link__counts") == 3
        first.drop_prefixed("link__")
        assert not first.table_exists("link__names")
        first.write_temp_arrow("link__names", PEOPLE)
    with open_engine(engine, tmp_path / "wh", request) as second:
        assert second.list_tables() == ["people"]
    stored = [p for p in tmp_path.rglob("*") if "link__" in p.name]
    assert stored == []


def test_export_parquet(wh: Warehouse, tmp_path: Path) -> None:
    wh.write_arrow("people", PEOPLE)
    out = tmp_path / "out" / "people.parquet"
    wh.export_parquet("people", out)
    assert pq.read_table(out).num_rows == 6
    wh.export_parquet("SELECT district, count(*) AS n FROM people GROUP BY ALL ORDER BY district", out)
    assert values(pq.read_table(out)) == [("Bradford", 2), ("Leeds", 3), (None, 1)]
    with pytest.raises(Exception, match=r"(?i)no_such_table|not found|cannot be found|does not exist"):
        wh.export_parquet("SELECT * FROM no_such_table", out)
    assert pq.read_table(out).num_rows == 3  # the failed export left the previous file
    assert sorted(p.name for p in out.parent.iterdir()) == ["people.parquet"]


# --- the same SQL, the same answers ----------------------------------------------------------
PORTABLE = [
    "SELECT district, count(*) AS n, sum(age) AS s, avg(score) AS m FROM people GROUP BY ALL ORDER BY ALL",
    "SELECT district FROM people ORDER BY district DESC",
    "SELECT person_id FROM people ORDER BY age, person_id",
    "SELECT person_id FROM people QUALIFY row_number() OVER (PARTITION BY district ORDER BY age DESC) = 1 ORDER BY 1",
    "SELECT * EXCLUDE (dob, score) FROM people ORDER BY person_id",
    "SELECT count(*) FILTER (WHERE age < 18) AS kids, count(DISTINCT district) AS places FROM people",
    "SELECT string_agg(person_id, ',' ORDER BY person_id) AS ids, list(person_id ORDER BY person_id) AS l FROM people",
    "SELECT district, string_agg(DISTINCT CAST(age > 17 AS VARCHAR), ';' ORDER BY CAST(age > 17 AS VARCHAR)) AS a "
    "FROM people GROUP BY district ORDER BY district",
    "SELECT string_agg(DISTINCT district, ',' ORDER BY district) AS d FROM people WHERE false",
    "SELECT regexp_replace(upper(postcode), '\\s+', ' ', 'g') AS pc, split_part(postcode, ' ', 1) AS outward "
    "FROM people ORDER BY person_id",
    "SELECT strftime(dob, '%Y-%m') AS ym, datediff('day', dob, DATE '2024-03-31') AS days, "
    "CAST(dob + INTERVAL 1 DAY AS DATE) AS next, CAST(date_trunc('month', dob) AS DATE) AS month "
    "FROM people ORDER BY person_id",
    "SELECT year(DATE '2024-03-31') - year(dob) - CASE WHEN month(DATE '2024-03-31') < month(dob) OR "
    "(month(DATE '2024-03-31') = month(dob) AND day(DATE '2024-03-31') < day(dob)) THEN 1 ELSE 0 END AS age_then "
    "FROM people ORDER BY person_id",
    "SELECT round(score, 1) AS r, CAST(ceil(age / 2.0) AS INTEGER) AS c, 7 // 2 AS d, age / 4 AS q "
    "FROM people ORDER BY person_id",
    "SELECT arg_max(person_id, age) AS oldest, median(age) AS med, stddev_samp(score) AS sd FROM people",
    "SELECT person_id, sum(age) OVER (ORDER BY person_id ROWS UNBOUNDED PRECEDING) AS run, "
    "lag(age) OVER (ORDER BY person_id) AS prev, rank() OVER (ORDER BY age DESC) AS r FROM people ORDER BY 1",
    "SELECT coalesce(district, 'unknown') AS d, CASE WHEN age >= 18 THEN 'adult' WHEN age IS NULL THEN NULL "
    "ELSE 'child' END AS band, age IS DISTINCT FROM 7 AS not7 FROM people ORDER BY person_id",
    "WITH kids AS (SELECT * FROM people WHERE age < 18) "
    "SELECT p.person_id, q.person_id AS sibling FROM kids p JOIN kids q USING (district) "
    "WHERE p.person_id < q.person_id ORDER BY 1, 2",
    "SELECT md5(person_id) AS h, sha256(person_id) AS h2, TRY_CAST('x' AS INTEGER) AS bad, "
    "age::DOUBLE / nullif(sum(age) OVER (), 0) AS share FROM people ORDER BY person_id",
    "SELECT person_id FROM people WHERE postcode ILIKE 'ls6%' AND regexp_matches(postcode, '^[A-Za-z]{2}6') ORDER BY 1",
]


@pytest.mark.spark
def test_portable_sql_gives_identical_results(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    with DuckDBWarehouse(":memory:") as duck, open_engine("spark", tmp_path / "wh", request) as spark:
        for warehouse in (duck, spark):
            warehouse.write_arrow("people", PEOPLE)
        for sql in PORTABLE:
            expected, got = duck.query(sql), spark.query(sql)
            assert got.column_names == expected.column_names, sql
            assert values(got) == values(expected), sql


@pytest.mark.spark
def test_documented_differences(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """Each rule in docs/spark.md "Rules for stage authors" that these pin still holds."""
    with DuckDBWarehouse(":memory:") as duck, open_engine("spark", tmp_path / "wh", request) as spark:
        for warehouse in (duck, spark):
            warehouse.write_arrow("people", PEOPLE)

        def both(sql: str) -> tuple[Any, Any]:
            return duck.query(sql), spark.query(sql)

        # 1. Alias every computed column: default names differ.
        d, s = both("SELECT count(*) FROM people")
        assert d.column_names != s.column_names
        # 2. regexp_replace without 'g' replaces the first match on DuckDB, every match on Spark.
        d, s = both("SELECT regexp_replace('a  b  c', '\\s+', ' ') AS x")
        assert values(d) == [("a b  c",)] and values(s) == [("a b c",)]
        # 3. date_diff('year', …) counts boundaries on DuckDB, whole years on Spark.
        d, s = both("SELECT date_diff('year', DATE '1990-05-01', DATE '2024-03-31') AS y")
        assert values(d) == [(34,)] and values(s) == [(33,)]
        # 4. Division by zero: DuckDB gives infinity/NULL, Spark (ANSI mode) fails.
        assert duck.scalar("SELECT 1 / 0 AS x") in (None, float("inf"))
        with pytest.raises(Exception, match="DIVIDE_BY_ZERO"):
            spark.query("SELECT 1 / 0 AS x")
        # 5. date + INTERVAL is a TIMESTAMP on DuckDB, a DATE on Spark (cast it).
        d, s = both("SELECT DATE '2024-01-31' + INTERVAL 1 DAY AS d")
        assert pa.types.is_timestamp(d.schema.field("d").type) and pa.types.is_date(s.schema.field("d").type)


# --- Spark-only behaviour -------------------------------------------------------------------
@pytest.mark.spark
def test_spark_warehouse_folder_rules(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    from atr.errors import UsageError
    from atr.warehouse.spark_engine import CATALOG_FILE, SparkWarehouse
    from atr.warehouse.spark_sql import UnsupportedStatement

    session = request.getfixturevalue("spark_session")
    (tmp_path / "a.duckdb").write_text("")
    with pytest.raises(UsageError, match="is a file"):
        SparkWarehouse(tmp_path / "a.duckdb", spark=session)
    with SparkWarehouse(tmp_path / "wh", spark=session) as wh:
        wh.write_arrow("t", pa.table({"k": [1]}))
        with pytest.raises(UnsupportedStatement, match=r"PRAGMA|not supported"):
            wh.execute("PRAGMA threads = 2")
        with pytest.raises(UnsupportedStatement, match=r"Warehouse\.transaction"):
            wh.execute("BEGIN TRANSACTION")
        with pytest.raises(ValueError, match="2 parameter marker"):
            wh.query("SELECT ? AS a, ? AS b", [1])
    orphan = tmp_path / "wh" / "tables" / "t" / "deadbeef0000"  # as left by a killed run
    orphan.mkdir()
    assert (tmp_path / "wh" / CATALOG_FILE).is_file()
    with SparkWarehouse(tmp_path / "wh", spark=session, read_only=True) as ro:
        assert ro.count("t") == 1
        with pytest.raises(UsageError, match="read-only"):
            ro.write_arrow("t", pa.table({"k": [2]}))
    with SparkWarehouse(tmp_path / "wh", spark=session) as wh:
        assert not orphan.exists() and wh.count("t") == 1


@pytest.mark.spark
def test_splink_api_has_the_similarity_functions(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    from atr.warehouse.spark_engine import SparkWarehouse

    with SparkWarehouse(tmp_path / "wh", spark=request.getfixturevalue("spark_session")) as wh:
        api = wh.splink_db_api()
        assert type(api).__name__ == "SparkAPI"
        # Splink's checkpoints hold identities: a private folder outside the warehouse (#14),
        # removed when the warehouse closes.
        checkpoints = wh._checkpoints
        assert checkpoints is not None and checkpoints.is_dir()
        assert not checkpoints.resolve().is_relative_to((tmp_path / "wh").resolve())
        assert oct(checkpoints.stat().st_mode & 0o777) == "0o700"
        similarity = wh.scalar("SELECT jaro_winkler('martha', 'marhta') AS j")
        assert similarity == pytest.approx(0.9611, abs=1e-4)
    assert not checkpoints.exists()


@pytest.mark.spark
def test_reference_load_agrees_across_engines(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """A real stage, unchanged, on both engines: the reference loader on the synthetic geography."""
    from atr.reference.loader import load_reference
    from atr.reference.sources import ReferenceSource
    from atr.reference.synthetic_geography import write_synthetic_reference

    source = ReferenceSource("explicit", write_synthetic_reference(tmp_path / "reference"))
    check = "SELECT area_type, count(*) AS n, count(DISTINCT lad19_code) AS districts FROM ref_area GROUP BY ALL ORDER BY 1"
    with DuckDBWarehouse(":memory:") as duck, open_engine("spark", tmp_path / "wh", request) as spark:
        expected, got = load_reference(duck, source), load_reference(spark, source)
        assert got.districts == expected.districts and got.lsoa_count == expected.lsoa_count == 1_388
        assert (got.msoa_count, got.ward_count) == (expected.msoa_count, expected.ward_count)
        assert values(spark.query(check)) == values(duck.query(check))
        assert spark.count("ref_boundary") == duck.count("ref_boundary")
