"""Cohort rules count the same people on DuckDB and on Spark (the SQL is portable)."""

from __future__ import annotations

import pyarrow as pa
import pytest

from atr.evaluate.cohorts import Cohort, CohortSource, cohort_members_sql
from atr.warehouse import Warehouse

CHILD_YEAR = pa.table(
    {
        "entity_id": pa.array(["a", "a", "a", "b", "b", "c"]),
        "financial_year": pa.array(["2021/22", "2022/23", "2023/24", "2022/23", "2023/24", "2023/24"]),
        "lad19_code": pa.array(["E08000035"] * 6),
        "looked_after": pa.array([False, True, False, False, False, True]),
        "age": pa.array([10, 11, 12, 16, 17, 5], pa.int64()),
    }
)


@pytest.mark.engines
def test_a_cohort_rule_selects_the_same_rows_on_every_engine(warehouse: Warehouse) -> None:
    warehouse.write_arrow("child_year", CHILD_YEAR)
    ever = Cohort(
        code="care_experienced",
        title="Care experienced",
        rule="Looked after this year or earlier.",
        sources=(CohortSource(table="child_year", where="looked_after"),),
        ever=True,
    )
    rows = warehouse.rows(
        f"SELECT entity_id, financial_year FROM ({cohort_members_sql(ever)}) AS q ORDER BY 1, 2"
    )
    # 'a' from the year first looked after onwards; 'c' in its one year; 'b' never
    assert [(r["entity_id"], r["financial_year"]) for r in rows] == [
        ("a", "2022/23"),
        ("a", "2023/24"),
        ("c", "2023/24"),
    ]
    older = Cohort(
        code="transition",
        title="16 to 25",
        rule="Aged 16 or over.",
        sources=(CohortSource(table="child_year", where="age >= 16"),),
    )
    assert warehouse.scalar(f"SELECT count(*) FROM ({cohort_members_sql(older)}) AS q") == 2
    correlated = Cohort(  # a rule may name its table, as the SEN cohort's subquery does
        code="ever_looked_after",
        title="Ever looked after",
        rule="Any year of someone looked after in some year.",
        sources=(
            CohortSource(
                table="child_year",
                where="EXISTS (SELECT 1 FROM child_year AS other "
                "WHERE other.entity_id = child_year.entity_id AND other.looked_after)",
            ),
        ),
    )
    assert warehouse.scalar(f"SELECT count(*) FROM ({cohort_members_sql(correlated)}) AS q") == 4
