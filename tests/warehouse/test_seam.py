"""No stage asks which engine it runs on: what differs is asked of the warehouse.

Read from the source (``ast``), so a new ``if engine == …`` in any stage fails here before it
can make one engine's run differ from the other's. Stage SQL is DuckDB's dialect by design (the
Spark engine transpiles it); what is forbidden is choosing SQL or behaviour per engine.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ATR = Path(__file__).resolve().parents[2] / "atr"
STAGES = ("ingest", "link", "derive", "indicators", "publish", "truth")
ENGINE_MODULES = ("duckdb", "pyspark", "atr.warehouse.duckdb_engine", "atr.warehouse.spark_engine")
ENGINE_NAMES = {"DuckDBWarehouse", "SparkWarehouse", "DUCKDB", "SPARK", "temporary_staging"}
ENGINE_INTERNALS = {"engine_name", "con", "spark"}  # warehouse attributes a stage must not read
ENGINE_WORDS = {"duckdb", "spark"}
# SQL that only one engine understands, which the dialect or a warehouse method now spells.
ENGINE_SQL = (
    "MATERIALIZED",
    "xxhash64",
    "memory_limit",
    "preserve_insertion_order",
    "duckdb_tables(",
    "duckdb_views(",
    "information_schema",
)


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            found.add(id(first.value))
    return found


def engine_branches(source: str, name: str = "<source>") -> list[str]:
    """Every place in ``source`` that depends on which engine runs it."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    problems = []

    def say(node: ast.AST, what: str) -> None:
        problems.append(f"{name}:{getattr(node, 'lineno', '?')}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in ENGINE_MODULES or alias.name in ENGINE_MODULES:
                    say(node, f"imports {alias.name}")
        elif isinstance(node, ast.ImportFrom):
            if node.module in ENGINE_MODULES or (node.module or "").split(".")[0] in ENGINE_MODULES:
                say(node, f"imports from {node.module}")
            for alias in node.names:
                if alias.name in ENGINE_NAMES:
                    say(node, f"imports {alias.name}")
        elif isinstance(node, ast.Name) and node.id in ENGINE_NAMES:
            say(node, f"uses {node.id}")
        elif isinstance(node, ast.Attribute):
            if node.attr in ENGINE_INTERNALS or node.attr in ENGINE_NAMES:
                say(node, f"reads .{node.attr}")
            if node.attr == "name" and isinstance(node.value, ast.Attribute) and node.value.attr == "dialect":
                say(node, "reads .dialect.name")
        elif isinstance(node, ast.Compare):
            for side in (node.left, *node.comparators):
                if isinstance(side, ast.Constant) and str(side.value).casefold() in ENGINE_WORDS:
                    say(node, f"compares with '{side.value}'")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            for word in ENGINE_SQL:
                if word.casefold() in node.value.casefold():
                    say(node, f"engine-only SQL '{word}'")
    return problems


def stage_sources() -> list[Path]:
    return sorted(p for stage in STAGES if (ATR / stage).is_dir() for p in (ATR / stage).rglob("*.py"))


def test_no_stage_branches_on_the_engine() -> None:
    sources = stage_sources()
    assert len(sources) > 50, "the stage packages were not found"
    problems = [
        p
        for path in sources
        for p in engine_branches(path.read_text(encoding="utf-8"), str(path.relative_to(ATR)))
    ]
    assert problems == []


@pytest.mark.parametrize(
    "snippet",
    [
        "if wh.engine_name == 'duckdb':\n    pass",
        "fn = 'hash' if engine == 'duckdb' else 'xxhash64'",
        "from atr.warehouse.spark_engine import SparkWarehouse",
        "import duckdb",
        "ok = isinstance(wh, DuckDBWarehouse)",
        "wh.execute(\"SET memory_limit = '4GB'\")",
        "sql = f'WITH h AS MATERIALIZED ({body}) SELECT 1'",
        "wh.con.execute('SELECT 1')",
        "if wh.dialect.name != 'spark':\n    pass",
    ],
)
def test_the_check_sees_each_kind_of_engine_branch(snippet: str) -> None:
    assert engine_branches(snippet)


def test_the_check_allows_the_capabilities_and_docstrings() -> None:
    allowed = '''
def f(wh):
    """DuckDB plans MATERIALIZED CTEs once; Spark has no such hint."""
    wh.limit_memory(4.0)
    wh.drop_prefixed("__splink__")
    with wh.staging_area(("ref_postcode",)) as area:
        wh.adopt_partitions(area, ["t"], [("a", "1")])
    return f"WITH {wh.dialect.cte('h', 'SELECT 1')} SELECT {wh.dialect.hash64(['a'])} FROM h"
'''
    assert engine_branches(allowed) == []
