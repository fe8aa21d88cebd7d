"""DuckDB-dialect statements turned into what the Spark warehouse must do.

sqlglot parses each statement (``read="duckdb"``) and writes its query parts in Spark's dialect;
this module decides what each statement means for a warehouse whose tables are Parquet folders:
a query to run, a table to (re)write from a query, a view to record, a catalogue change. Writes
to an existing table (``INSERT``, ``DELETE``, ``UPDATE``) become one query that produces the
table's new contents, so the engine can write it as a new version and swap it in.

Parameters (``?``) are bound here, as escaped literals in the syntax tree, so they work in every
statement the same way whatever Spark supports natively.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import sqlglot
from sqlglot import exp

from atr.warehouse.sql import quote_ident

Action = Literal[
    "query",
    "noop",
    "create_table",
    "create_empty",
    "create_view",
    "drop",
    "rename",
    "insert",
    "delete",
    "update",
]


class UnsupportedStatement(NotImplementedError):
    """A DuckDB statement the Spark engine cannot carry out (see docs/spark.md)."""

    def __init__(self, statement: exp.Expr, why: str) -> None:
        super().__init__(f"not supported on the Spark engine ({why}): {statement.sql('duckdb')[:120]}")


def spark_ddl_type(kind: exp.DataType) -> str:
    """A DuckDB column type in Spark DDL (``VARCHAR`` → ``STRING``, ``INTEGER[]`` → ``ARRAY<INT>``)."""
    return kind.sql(dialect="spark")


def bind_parameters(sql: str, params: Sequence[Any] | None) -> list[exp.Expr]:
    """Parse ``sql`` (DuckDB dialect) and replace each ``?``, in order, by its value as a literal."""
    statements = [s for s in sqlglot.parse(sql, read="duckdb") if s is not None]
    holes = [h for s in statements for h in s.find_all(exp.Placeholder, bfs=False)]
    values = list(params or [])
    if len(holes) != len(values):
        raise ValueError(f"{len(holes)} parameter marker(s) but {len(values)} value(s) given")
    for hole, value in zip(holes, values, strict=True):
        hole.replace(exp.convert(value))
    return [s.transform(_sorted_distinct_string_agg) for s in statements]


def _sorted_distinct_string_agg(node: exp.Expr) -> exp.Expr:
    """``string_agg(DISTINCT x, sep ORDER BY x)`` as Spark can run it.

    sqlglot writes it as ``LISTAGG(DISTINCT x) WITHIN GROUP (ORDER BY x)``, which Spark 4 fails
    to plan (a ClassCastException). The sorted set of distinct values joined is the same thing;
    NULL for a group with no values, as on DuckDB.
    """
    if not isinstance(node, exp.GroupConcat) or not isinstance(node.this, exp.Order):
        return node
    inner, order = node.this.this, node.this.expressions
    if not isinstance(inner, exp.Distinct) or len(inner.expressions) != 1 or len(order) != 1:
        return node
    value = inner.expressions[0]
    if order[0].this != value or order[0].args.get("desc"):
        return node
    separator = node.args.get("separator") or exp.Literal.string(",")
    joined = exp.func(
        "array_join",
        exp.func("array_sort", exp.func("collect_set", value.copy())),
        separator.copy(),
    )
    none = exp.EQ(this=exp.Count(this=value.copy()), expression=exp.Literal.number(0))
    return exp.If(this=none, true=exp.Null(), false=joined)


@dataclass
class SparkPlan:
    """What one statement asks of the warehouse; ``sql`` is always in Spark's dialect."""

    action: Action
    name: str = ""
    sql: str = ""
    replace: bool = False
    if_not_exists: bool = False
    if_exists: bool = False
    temporary: bool = False
    columns: list[tuple[str, str]] = field(default_factory=list)
    new_name: str = ""
    statement: exp.Expr | None = None

    def rewrite(self, schema: Any, columns_of: Callable[[str], list[str]]) -> str:
        """The Spark query giving the table's new contents after a DELETE or UPDATE, or, for an
        INSERT, the new rows alone (cast to the table's types, so they can join its files).

        ``schema`` is the table's Spark ``StructType``; ``columns_of`` names a query's output
        columns (needed to line an INSERT's values up with the table's columns).
        """
        assert self.statement is not None
        types = {f.name: f.dataType.simpleString() for f in schema.fields}
        table = quote_ident(self.name, "`")
        if self.action == "delete":
            where = self.statement.args.get("where")
            keep = "FALSE" if where is None else f"NOT COALESCE(({where.this.sql('spark')}), FALSE)"
            return f"SELECT * FROM {table} WHERE {keep}"
        if self.action == "update":
            where = self.statement.args.get("where")
            condition = None if where is None else f"COALESCE(({where.this.sql('spark')}), FALSE)"
            assigned = {
                eq.this.name.casefold(): eq.expression.sql("spark") for eq in self.statement.expressions
            }
            unknown = set(assigned) - {c.casefold() for c in types}
            if unknown:
                raise ValueError(f"UPDATE {self.name}: no column(s) {', '.join(sorted(unknown))}")
            items = []
            for column, spark_type in types.items():
                value = assigned.get(column.casefold())
                if value is None:
                    items.append(quote_ident(column, "`"))
                    continue
                new = f"CAST(({value}) AS {spark_type})"
                expr = (
                    new
                    if condition is None
                    else f"CASE WHEN {condition} THEN {new} ELSE {quote_ident(column, '`')} END"
                )
                items.append(f"{expr} AS {quote_ident(column, '`')}")
            return f"SELECT {', '.join(items)} FROM {table}"
        # insert
        source = self.statement.expression.sql("spark")
        produced = columns_of(source)
        if self.columns:
            named = [c for c, _ in self.columns]
            if len(named) != len(produced):
                raise ValueError(f"INSERT INTO {self.name}: {len(produced)} values for {len(named)} columns")
            mapping = dict(zip((c.casefold() for c in named), produced, strict=True))
        elif self.statement.args.get("by_name"):
            mapping = {c.casefold(): c for c in produced}
            unknown = set(mapping) - {c.casefold() for c in types}
            if unknown:
                raise ValueError(
                    f"INSERT INTO {self.name} BY NAME: no column(s) {', '.join(sorted(unknown))}"
                )
        else:
            if len(produced) != len(types):
                raise ValueError(f"INSERT INTO {self.name}: {len(produced)} values for {len(types)} columns")
            mapping = dict(zip((c.casefold() for c in types), produced, strict=True))
        items = []
        for column, spark_type in types.items():
            origin = mapping.get(column.casefold())
            value = "NULL" if origin is None else f"_new.{quote_ident(origin, '`')}"
            items.append(f"CAST({value} AS {spark_type}) AS {quote_ident(column, '`')}")
        return f"SELECT {', '.join(items)} FROM ({source}) AS _new"


def plan_statement(statement: exp.Expr) -> SparkPlan:
    """Decide what a parsed DuckDB statement means for the Spark warehouse."""
    if isinstance(statement, (exp.Query, exp.Values)):
        return SparkPlan("query", sql=statement.sql(dialect="spark"))
    if isinstance(statement, exp.Create):
        return _plan_create(statement)
    if isinstance(statement, exp.Insert):
        if (
            statement.args.get("conflict")
            or statement.args.get("alternative")
            or statement.args.get("overwrite")
        ):
            raise UnsupportedStatement(statement, "INSERT OR REPLACE / ON CONFLICT / OVERWRITE")
        target = statement.this
        columns = []
        if isinstance(target, exp.Schema):
            columns = [(c.name, "") for c in target.expressions]
            target = target.this
        return SparkPlan("insert", name=target.name, columns=columns, statement=statement)
    if isinstance(statement, exp.Delete):
        if statement.args.get("using"):
            raise UnsupportedStatement(statement, "DELETE … USING")
        return SparkPlan("delete", name=statement.this.name, statement=statement)
    if isinstance(statement, exp.Update):
        if statement.args.get("from_") or statement.args.get("from"):
            raise UnsupportedStatement(statement, "UPDATE … FROM")
        return SparkPlan("update", name=statement.this.name, statement=statement)
    if isinstance(statement, exp.Drop) and (statement.kind or "").upper() in ("TABLE", "VIEW"):
        tables = statement.args.get("tables") or [statement.this]
        if len(tables) != 1:
            raise UnsupportedStatement(statement, "one table per DROP")
        return SparkPlan("drop", name=tables[0].name, if_exists=bool(statement.args.get("exists")))
    if isinstance(statement, exp.Alter):
        actions = statement.args.get("actions") or []
        if len(actions) == 1 and isinstance(actions[0], exp.AlterRename):
            return SparkPlan("rename", name=statement.this.name, new_name=actions[0].this.name)
        raise UnsupportedStatement(statement, "only ALTER TABLE … RENAME TO")
    if isinstance(statement, exp.Transaction | exp.Commit | exp.Rollback):
        raise UnsupportedStatement(statement, "use Warehouse.transaction()")
    raise UnsupportedStatement(statement, f"{statement.key.upper()} statements")


def _plan_create(statement: exp.Create) -> SparkPlan:
    kind = (statement.kind or "").upper()
    replace = bool(statement.args.get("replace"))
    exists = bool(statement.args.get("exists"))
    properties = statement.args.get("properties")
    temporary = bool(properties and any(isinstance(p, exp.TemporaryProperty) for p in properties.expressions))
    if kind == "INDEX":
        return SparkPlan("noop")  # an index only speeds DuckDB up; Spark has none
    if kind == "VIEW":
        return SparkPlan(
            "create_view", name=statement.this.name, sql=statement.expression.sql("spark"), replace=replace
        )
    if kind != "TABLE":
        raise UnsupportedStatement(statement, f"CREATE {kind}")
    target = statement.this
    plan = SparkPlan("create_table", replace=replace, if_not_exists=exists, temporary=temporary)
    if isinstance(target, exp.Schema):
        plan.name = target.this.name
        if statement.expression is None:
            plan.action = "create_empty"
            plan.columns = [
                (c.name, spark_ddl_type(c.args["kind"]))
                for c in target.expressions
                if isinstance(c, exp.ColumnDef)
            ]
            return plan
    else:
        plan.name = target.name
    if statement.expression is None:
        raise UnsupportedStatement(statement, "CREATE TABLE without columns or a query")
    plan.sql = statement.expression.sql(dialect="spark")
    return plan
