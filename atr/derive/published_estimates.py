"""The Children's Commissioner's published toxic-trio estimates for each local authority.

Source: Children's Commissioner for England, local "toxic trio" estimates (Clarke 2019, spatial
microsimulation of the Adult Psychiatric Morbidity Survey 2014), files
``toxicTrio_la_data_rate.csv`` / ``toxicTrio_la_data_count.csv`` from the public repository
``childrenscommissioner/riskmaps2019``. Credit: "Children's Commissioner for England".

The files are not shipped with ATR Observatory: they carry no licence statement of their own,
so the product reads them from a folder the user names. Where to look, in order: the explicit
folder (``[derive] published_estimates_dir`` or ``--estimates``), ``$ATR_PUBLISHED_ESTIMATES_DIR``,
then ``<reference folder>/../external/childrens_commissioner`` (the layout of the project's
shared data). Without them the run still completes and says the modelled tables are empty.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

from atr.errors import InputFileError
from atr.reference import DISTRICTS
from atr.warehouse import Warehouse

ENV_VAR = "ATR_PUBLISHED_ESTIMATES_DIR"
RATE_FILE = "toxicTrio_la_data_rate.csv"
CITATION = (
    "Children's Commissioner for England (2019), estimates of the prevalence of the 'toxic trio' "
    "in each local authority (spatial microsimulation of APMS 2014); riskmaps2019 data files"
)

# Measure id → a phrase that identifies its column in the published header (lower case).
MEASURES: dict[str, str] = {
    "domestic_abuse_narrow": "experienced domestic abuse in last year",
    "domestic_abuse_broad": "has ever experienced domestic abuse",
    "mental_health_broad": "moderate or higher mental ill-health",
    "mental_health_narrow": "severe mental ill-health",
    "substance_misuse_broad": "reports any substance misuse",
    "substance_misuse_narrow": "alcohol or drug dependency",
    "any_broad": "any of the 'toxic trio' issues (broad",
    "any_narrow": "any of the 'toxic trio' issues (narrow",
    "exactly_two_broad": "2 of 3 'toxic trio' issues (broad",
    "exactly_two_narrow": "2 of 3 'toxic trio' issues (narrow",
    "two_or_more_broad": "2 or more of the toxic trio issues (broad",
    "two_or_more_narrow": "2 or more of the toxic trio issues (narrow",
    "all_three_broad": "all 3 of the 'toxic trio' issues (broad",
    "all_three_narrow": "all 3 of the 'toxic trio' issues (narrow",
}


@dataclass(frozen=True)
class PublishedEstimates:
    """Percentages of children aged 0-17 per district (``lad19_code``) and measure."""

    source: Path
    rates: dict[str, dict[str, float]]

    def rate(self, lad19_code: str, measure: str) -> float:
        """The published percentage (e.g. 19.97 for Leeds, any, narrow)."""
        return self.rates[lad19_code][measure]


def find_estimates_dir(warehouse: Warehouse, explicit: Path | None) -> Path | None:
    """The folder holding the published files, or None when there is none to be found."""
    if explicit is not None:
        if not (explicit / RATE_FILE).is_file():
            raise InputFileError(explicit / RATE_FILE, "published toxic-trio estimates not found")
        return explicit
    env = os.environ.get(ENV_VAR)
    if env:
        folder = Path(env)
        if not (folder / RATE_FILE).is_file():
            raise InputFileError(
                folder / RATE_FILE, f"published toxic-trio estimates not found (from ${ENV_VAR})"
            )
        return folder
    if "ref_source" in warehouse.list_tables():
        reference = warehouse.scalar("SELECT path FROM ref_source LIMIT 1")
        if reference:
            guess = Path(reference).parent / "external" / "childrens_commissioner"
            if (guess / RATE_FILE).is_file():
                return guess
    return None


def _number(text: str, path: Path, row: int, field: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputFileError(path, f"'{text}' is not a number", row=row, field=field) from None
    if not 0.0 <= value <= 100.0:
        raise InputFileError(path, f"{value} is not a percentage between 0 and 100", row=row, field=field)
    return value


def read_toxic_trio_estimates(folder: Path) -> PublishedEstimates:
    """Read the rate file; keep the West Yorkshire districts; check every value."""
    path = folder / RATE_FILE
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(path, f"cannot be read: {exc}") from exc
    if not rows:
        raise InputFileError(path, "is empty")
    header = [h.strip() for h in rows[0]]
    if "LA" not in header:
        raise InputFileError(path, "has no 'LA' column", row=1)
    columns: dict[str, int] = {}
    for measure, phrase in MEASURES.items():
        found = [i for i, h in enumerate(header) if phrase in h.lower()]
        if len(found) != 1:
            raise InputFileError(
                path, f"expected one column containing '{phrase}', found {len(found)}", row=1
            )
        columns[measure] = found[0]
    by_name = {name.lower(): code for code, name in DISTRICTS.items()}
    rates: dict[str, dict[str, float]] = {}
    la_index = header.index("LA")
    for number, row in enumerate(rows[1:], start=2):
        if not row or len(row) <= la_index:
            continue
        code = by_name.get(row[la_index].strip().lower())
        if code is None:
            continue
        if len(row) < len(header):
            raise InputFileError(path, f"has {len(row)} fields, the header has {len(header)}", row=number)
        rates[code] = {m: _number(row[i].strip(), path, number, header[i]) for m, i in columns.items()}
    absent = sorted(set(DISTRICTS) - set(rates))
    if absent:
        names = ", ".join(DISTRICTS[c] for c in absent)
        raise InputFileError(path, f"has no row for {names}", field="LA")
    return PublishedEstimates(path, rates)
