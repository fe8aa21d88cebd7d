"""A few headline figures from the derive tables, for the terminal and the run log."""

from __future__ import annotations

from decimal import Decimal

from atr.reference import REGION_CODE
from atr.warehouse import Warehouse


def _fmt(value: object, suffix: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, Decimal):  # DuckDB sums come back as DECIMAL
        value = int(value)
    if isinstance(value, float):
        return f"{value:,.0f}{suffix}"
    return f"{value:,}{suffix}" if isinstance(value, int) else f"{value}{suffix}"


def headline_rows(warehouse: Warehouse) -> list[tuple[str, str]]:
    """(label, value) pairs for the latest financial year in ``child_year``."""
    latest = warehouse.scalar("SELECT max(financial_year) FROM child_year")
    if latest is None:
        return [("Children aged 0-17 (linked records)", "0")]
    child = warehouse.rows(
        """
        SELECT count(*) AS children,
               sum(CASE WHEN observable_ace_count >= 1 THEN 1 ELSE 0 END) AS ace1,
               sum(CASE WHEN observable_ace_count >= 4 THEN 1 ELSE 0 END) AS ace4,
               sum(CASE WHEN toxic_trio_domains >= 1 THEN 1 ELSE 0 END) AS trio_any,
               sum(CASE WHEN toxic_trio_any2 THEN 1 ELSE 0 END) AS trio2,
               sum(CASE WHEN toxic_trio_window THEN 1 ELSE 0 END) AS trio3,
               sum(CASE WHEN toxic_trio_window_ab THEN 1 ELSE 0 END) AS trio3_ab
        FROM child_year WHERE financial_year = ?
        """,
        [latest],
    )[0]
    adults = warehouse.scalar(
        "SELECT sum(CASE WHEN domain_count >= 2 THEN 1 ELSE 0 END) FROM adult_year WHERE financial_year = ?",
        [latest],
    )
    modelled = warehouse.scalar(
        "SELECT estimate FROM modelled_toxic_trio WHERE area_code = ? AND measure = 'any_narrow'",
        [REGION_CODE],
    )
    crc = warehouse.rows(
        "SELECT estimate, lower, upper FROM capture_recapture WHERE area_type = 'region' AND period = ? "
        "AND population = 'multiple_disadvantage' AND estimator = 'coverage_adjusted'",
        [latest],
    )
    rows = [
        ("Financial year", str(latest)),
        ("Children aged 0-17 (linked records)", _fmt(child["children"])),
        ("… with 1+ observable ACE categories (of 8 observable)", _fmt(child["ace1"])),
        ("… with 4+ observable ACE categories (of 8 observable)", _fmt(child["ace4"])),
        ("… with any toxic-trio domain recorded", _fmt(child["trio_any"])),
        ("… toxic trio, any two domains", _fmt(child["trio2"])),
        (
            "… toxic trio, all three within the window (A/B evidence only)",
            f"{_fmt(child['trio3'])} ({_fmt(child['trio3_ab'])})",
        ),
        ("Modelled: children living with any toxic-trio issue (narrow)", _fmt(modelled)),
        ("Adults with 2+ domains of multiple disadvantage (recorded)", _fmt(adults)),
    ]
    if crc:
        c = crc[0]
        rows.append(
            (
                "… estimated by capture-recapture (95% interval)",
                f"{_fmt(c['estimate'])} ({_fmt(c['lower'])}–{_fmt(c['upper'])})",
            )
        )
    return rows
