"""The partners that send each dataset, and how one partner's records become contract tables.

Councils (DfE codes 380-384) send social care, looked-after, school, housing and youth justice
extracts; West Yorkshire Police (force 13) one police extract; three mental-health trusts by
district (TAD Bradford District Care, RXG South West Yorkshire Partnership for Calderdale,
Kirklees and Wakefield, RGD Leeds and York Partnership); one treatment provider per district
(codes ``SM380`` … ``SM384``, invented: providers change with each contract); the regional
probation service (``YHP``, a local code); the ICB (``QWO``) the GP registration spine.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa

from atr.synthetic.contract import PERSON_REFERENCES, TABLES
from atr.synthetic.demography import END
from atr.synthetic.identity import IdentitySource, build_person_table, raw_ids

LA_CODES = ("380", "381", "382", "383", "384")  # by district index (Bradford … Wakefield)
LA_NAMES = {
    "380": "City of Bradford Metropolitan District Council",
    "381": "Calderdale Metropolitan Borough Council",
    "382": "Kirklees Council",
    "383": "Leeds City Council",
    "384": "Wakefield Council",
}
DISTRICT_NAMES = ("Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield")
MH_TRUSTS = ("TAD", "RXG", "RXG", "RGD", "RXG")
CHARITY = "1190412"  # the synthetic mentoring charity's number (programme dataset)
PARTNER_NAMES = {
    "13": "West Yorkshire Police",
    CHARITY: "Mentoring West Yorkshire (synthetic charity)",
    "TAD": "Bradford District Care NHS Foundation Trust",
    "RXG": "South West Yorkshire Partnership NHS Foundation Trust",
    "RGD": "Leeds and York Partnership NHS Foundation Trust",
    "YHP": "Probation Service, Yorkshire and the Humber region",
    "QWO": "NHS West Yorkshire Integrated Care Board",
    **LA_NAMES,
    **{
        f"SM{code}": f"Substance misuse treatment service, {DISTRICT_NAMES[i]} (synthetic)"
        for i, code in enumerate(LA_CODES)
    },
}


def partner_codes(dataset: str, district: npt.NDArray[np.int64]) -> npt.NDArray[np.str_]:
    """The partner code that records an event in each district for a dataset."""
    district = np.asarray(district, dtype=np.int64)
    fixed = {"police": "13", "probation": "YHP", "gp_registration": "QWO"}
    codes: npt.NDArray[np.str_]
    if dataset == "mental_health":
        codes = np.array(MH_TRUSTS)[district]
    elif dataset == "substance":
        codes = np.char.add("SM", np.array(LA_CODES)[district])
    elif dataset in fixed:
        codes = np.full(district.size, fixed[dataset])
    else:
        codes = np.array(LA_CODES)[district]
    return codes


@dataclass
class PartnerExtract:
    """One partner's records: who it knows (person, day) and its tables with true person numbers."""

    dataset: str
    partner_code: str
    refs: pd.DataFrame
    tables: dict[str, pd.DataFrame]

    @property
    def partner_name(self) -> str:
        return PARTNER_NAMES[self.partner_code]


def record_ids(prefix: str, n: int) -> npt.NDArray[np.str_]:
    ids: npt.NDArray[np.str_] = np.char.add(prefix, np.char.zfill(np.arange(1, n + 1).astype(str), 7))
    return ids


def _arrow_column(name: str, values: npt.NDArray[np.generic]) -> pa.Array:
    if name.endswith("_date"):
        days = np.asarray(values, dtype=np.int64)
        missing = (days < 0) | (days > END)
        return pa.array(np.where(missing, 0, days).astype("datetime64[D]"), type=pa.date32(), mask=missing)
    if values.dtype == bool:
        return pa.array(values, type=pa.bool_())
    if np.issubdtype(values.dtype, np.integer):
        return pa.array(values, type=pa.int64())
    text = values.astype(str)
    return pa.array(text, type=pa.string(), mask=(text == "") | (text == "nan"))


def finalize(
    extract: PartnerExtract,
    source: IdentitySource,
    rng: np.random.Generator,
    fixed_ids: pd.Series | None = None,
) -> tuple[dict[str, pa.Table], pd.DataFrame]:
    """Contract tables (``person`` first) and the raw-id → true-person mapping of one partner."""
    person, mapping = build_person_table(
        extract.dataset, extract.partner_code, extract.refs, source, rng, fixed_ids
    )
    out = {"person": person}
    for name, frame in extract.tables.items():
        columns = TABLES[extract.dataset][name]
        for column in PERSON_REFERENCES.get(
            (extract.dataset, name), ("person_id",) if "person_id" in columns else ()
        ):
            frame[column] = raw_ids(mapping, frame[column].to_numpy().astype(np.int64), rng)
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise ValueError(f"{extract.dataset}.{name}: builder did not make {missing}")
        out[name] = pa.table({c: _arrow_column(c, frame[c].to_numpy()) for c in columns})
    return out, mapping
