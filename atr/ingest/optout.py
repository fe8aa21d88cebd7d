"""The project's opt-out list: NHS numbers whose records from covered datasets are never linked.

Why at linkage: the national data opt-out (and any local objection register) is a list of NHS
numbers whose health and care records must not be used for planning or research. Ingest keeps
every record (row accounting stays exact and a partner's batch stays whole), and the identity
store holds each record's keyed NHS number hash; linkage leaves out every record of a *covered*
dataset (``[opt_out] datasets``) whose hash is on the list. A record left out belongs to no
person, so derive, indicators and publish never count it, and the list can change between runs
without re-ingesting. Datasets not marked covered (e.g. police, whose processing rests on
another legal basis) are not affected: the project decides, in ``atr.toml``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from atr.errors import ConfigError, InputFileError
from atr.identity import OptOutSettings
from atr.ingest.checkdigits import clean_nhs_number, nhs_number_problem
from atr.ingest.contract_model import load_contract
from atr.pseudonymise import PseudonymisationKey


def read_nhs_numbers(path: Path) -> list[str]:
    """The list's NHS numbers, cleaned; a line that is not a valid NHS number is an error naming it."""
    if not path.is_file():
        raise InputFileError(
            path, "opt-out list not found", hint="fix [opt_out] nhs_numbers_file in atr.toml"
        )
    numbers: list[str] = []
    for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        problem = nhs_number_problem(text)
        if problem is not None:
            raise InputFileError(
                path,
                f"not a valid NHS number ({problem})",
                row=line_number,
                hint="one NHS number a line; '#' starts a comment",
            )
        cleaned = clean_nhs_number(text)
        assert cleaned is not None
        numbers.append(cleaned)
    return numbers


@dataclass
class OptOut:
    """The hashed list and the datasets it covers; counts what it removed."""

    hashes: pa.Array
    datasets: pa.Array
    listed: int
    removed_by_dataset: Counter[str] = field(default_factory=Counter)

    def remove(self, rows: pa.RecordBatch | pa.Table) -> pa.Array:
        """True for rows of a covered dataset whose NHS number hash is on the list."""
        covered = pc.is_in(rows.column("dataset"), value_set=self.datasets)
        listed = pc.is_in(rows.column("nhs_number_hash"), value_set=self.hashes)
        mask = pc.fill_null(pc.and_(covered, listed), False)
        if pc.any(mask).as_py():
            datasets = pc.filter(rows.column("dataset"), mask).to_pylist()
            self.removed_by_dataset.update(str(d) for d in datasets)
        return mask

    def summary(self) -> dict[str, object]:
        return {
            "listed_nhs_numbers": self.listed,
            "covered_datasets": sorted(self.datasets.to_pylist()),
            "records_excluded": sum(self.removed_by_dataset.values()),
            "records_excluded_by_dataset": dict(sorted(self.removed_by_dataset.items())),
        }


def load_opt_out(settings: OptOutSettings, key: PseudonymisationKey) -> OptOut | None:
    """The opt-out to apply, or None when the project sets no list."""
    if settings.nhs_numbers_file is None:
        return None
    known = load_contract().datasets
    if unknown := sorted(set(settings.datasets) - set(known)):
        raise ConfigError(
            f"[opt_out] datasets: unknown dataset(s) {', '.join(unknown)}", hint=f"known: {', '.join(known)}"
        )
    if not settings.datasets:
        raise ConfigError(
            "[opt_out] datasets is empty, so the opt-out list would exclude nothing",
            hint="name the datasets the opt-out covers, e.g. datasets = ['gp_registration', 'mental_health']",
        )
    numbers = sorted(set(read_nhs_numbers(settings.nhs_numbers_file)))
    return OptOut(
        hashes=pa.array([key.identifier("nhs", n) for n in numbers], pa.string()),
        datasets=pa.array(sorted(set(settings.datasets)), pa.string()),
        listed=len(numbers),
    )
