"""``atr synth --check DIR``: measure a generated folder against the calibration targets.

Service rates are measured from the *extracts* (as ingest would see them), de-duplicated to true
people through ``truth/person_record``; prevalences that no service sees (the toxic trio, severe
and multiple disadvantage) from the truth. 31 March rates are averaged over the six census
dates 2020-2025. A value is *within* tolerance when it is within the target's relative tolerance
or within three standard errors of sampling (binomial, or delta method for ratios), whichever is
wider, so small test scales are judged fairly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from atr.errors import InputFileError
from atr.synthetic import targets as t
from atr.synthetic.partners import DISTRICT_NAMES
from atr.synthetic.places import DISTRICT_CODES

NUMERIC = ("gravity_score", "children_living_with_client")
CENSUS_DATES = [pd.Timestamp(date(2020 + y, 3, 31)) for y in range(6)]


@dataclass(frozen=True)
class CheckRow:
    key: str
    label: str
    target: float
    unit: str
    source: str
    simulated: float
    tolerance: float

    @property
    def within(self) -> bool:
        return bool(math.isfinite(self.simulated) and abs(self.simulated - self.target) <= self.tolerance)


def _row(
    target: t.Target,
    value: float,
    standard_error: float = 0.0,
    key: str | None = None,
    label: str | None = None,
) -> CheckRow:
    tolerance = max(target.relative_tolerance * target.value, 3 * standard_error)
    return CheckRow(
        key or target.key, label or target.label, target.value, target.unit, target.source, value, tolerance
    )


def _read(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise InputFileError(path, "file not found (was this dataset generated?)")
    header = path.open(encoding="utf-8").readline().strip().replace('"', "").split(",")
    options = pacsv.ConvertOptions(
        column_types={
            c: "string"
            for c in header
            if not (c.endswith("_date") or c.startswith("sessions") or c in NUMERIC)
        }
    )
    return pacsv.read_csv(path, convert_options=options).to_pandas(date_as_object=False)


def _table(out: Path, dataset: str, table: str) -> pd.DataFrame:
    """One table of a dataset across all partners, with ``true_person_id`` where it has person_id."""
    folder = out / "extract" / dataset
    if not folder.is_dir():
        raise InputFileError(folder, "dataset folder not found (was it generated?)")
    frames = [
        _read(p / f"{table}.csv").assign(partner_code=p.name)
        for p in sorted(folder.iterdir())
        if (p / "manifest.json").is_file()
    ]
    frame = pd.concat(frames, ignore_index=True)
    if "person_id" in frame.columns:
        records = pq.read_table(out / "truth" / "person_record.parquet").to_pandas()
        records = records[records["dataset"] == dataset][["partner_code", "person_id", "true_person_id"]]
        frame = frame.merge(records, on=["partner_code", "person_id"], how="left")
    return frame


def _binomial_se(p: float, n: float) -> float:
    return math.sqrt(max(p * (1 - p), 0.0) / n) if n > 0 else math.inf


def _census_rate(
    frame: pd.DataFrame, start: str, end: str, children: dict[pd.Timestamp, set[str]]
) -> tuple[float, float]:
    """Mean count per 10,000 children open on the census dates, and its standard error."""
    counts, totals = 0, 0
    for day in CENSUS_DATES:
        open_ = frame[(frame[start] <= day) & (frame[end].isna() | (frame[end] > day))]
        counts += len(set(open_["true_person_id"].dropna()) & children[day])
        totals += len(children[day])
    p = counts / totals
    return p * 10_000, _binomial_se(p, totals / len(CENSUS_DATES)) * 10_000


def run_check(out: Path) -> list[CheckRow]:
    """Every calibration row for the folder ``out`` (written by ``atr synth``)."""
    truth = out / "truth"
    if not (truth / "child_year.parquet").is_file():
        raise InputFileError(truth / "child_year.parquet", "not found: is this an `atr synth` output folder?")
    child_year = pq.read_table(truth / "child_year.parquet").to_pandas()
    person = pq.read_table(
        truth / "person.parquet", columns=["true_person_id", "date_of_birth", "born_in_period"]
    ).to_pandas()
    dob = pd.to_datetime(person["date_of_birth"])
    children = {
        d: set(person["true_person_id"][(dob <= d) & (dob > d - pd.DateOffset(years=18))])
        for d in CENSUS_DATES
    }
    scale = (
        float(pd.read_json(out / "truth" / "run.json", typ="series")["scale"])
        if (truth / "run.json").is_file()
        else 1.0
    )
    rows: list[CheckRow] = []
    at_start = float((~person["born_in_period"]).sum())
    rows.append(_row(t.POPULATION_TOTAL, at_start / scale, 0.0))

    for code, rates in t.TOXIC_TRIO.items():
        c = child_year[child_year["lad19_code"] == code]
        k = c["hh_da"].astype(int) + c["hh_mh"].astype(int) + c["hh_sm"].astype(int)
        name = DISTRICT_NAMES[DISTRICT_CODES.index(code)]
        for measure, value, share in (
            ("any", rates.any, (k >= 1).mean()),
            ("2+", rates.two_plus, (k >= 2).mean()),
            ("all three", rates.all_three, (k == 3).mean()),
        ):
            target = t.Target(
                f"toxic_trio_{measure}_{name.lower()}",
                f"{name}: children 0-17 living with toxic trio, {measure} (narrow)",
                value,
                "%",
                t.CCO_SOURCE,
                0.15,
            )
            rows.append(_row(target, 100 * share, 100 * _binomial_se(value / 100, len(c) / 6)))

    for d in ("csc", "lac"):
        if not (out / "extract" / d).is_dir():
            return rows + _other_rows(out, child_year)
    episodes = _table(out, "csc", "episode")
    rows.append(_row(t.CIN_PER_10K, *_census_rate(episodes, "referral_date", "closure_date", children)))
    plans = _table(out, "csc", "cp_plan")
    rows.append(_row(t.CPP_PER_10K, *_census_rate(plans, "start_date", "end_date", children)))
    leeds = set(child_year.loc[child_year["lad19_code"] == "E08000035", "true_person_id"])
    rows.append(
        _row(
            t.LEEDS_CPP_PER_10K,
            *_census_rate(
                plans[plans["partner_code"] == "383"],
                "start_date",
                "end_date",
                {d: c & leeds for d, c in children.items()},
            ),
        )
    )
    care = _table(out, "lac", "episode")
    rows.append(_row(t.CLA_PER_10K, *_census_rate(care, "start_date", "end_date", children)))
    rows.extend(_deprivation_rows(plans, care, child_year))
    return rows + _other_rows(out, child_year)


def _open_on_census(frame: pd.DataFrame, start: str, end: str, child_year: pd.DataFrame) -> pd.DataFrame:
    """(true_person_id, imd_decile, lad19_code) of each child open on each census date."""
    parts = []
    for y, day in enumerate(CENSUS_DATES):
        open_ = frame[(frame[start] <= day) & (frame[end].isna() | (frame[end] > day))]
        fy = f"{2019 + y}/{(20 + y) % 100:02d}"
        cy = child_year[child_year["financial_year"] == fy][["true_person_id", "imd_decile", "lad19_code"]]
        parts.append(cy[cy["true_person_id"].isin(set(open_["true_person_id"].dropna()))].assign(year=y))
    return pd.concat(parts, ignore_index=True)


def _deprivation_rows(plans: pd.DataFrame, care: pd.DataFrame, child_year: pd.DataFrame) -> list[CheckRow]:
    leeds_plans = _open_on_census(plans[plans["partner_code"] == "383"], "start_date", "end_date", child_year)
    leeds_plans = leeds_plans[leeds_plans["lad19_code"] == "E08000035"]
    share = float((leeds_plans["imd_decile"] == 1).mean()) if len(leeds_plans) else math.nan
    rows = [_row(t.LEEDS_CPP_DECILE1_SHARE, 100 * share, 100 * _binomial_se(share, len(leeds_plans) / 6))]
    in_care = _open_on_census(care, "start_date", "end_date", child_year)
    counts = in_care["imd_decile"].value_counts()
    kids = child_year["imd_decile"].value_counts()
    a, b = float(counts.get(1, 0)), float(counts.get(10, 0))
    ratio = (a / kids.get(1, 1)) / (b / kids.get(10, 1)) if a and b else math.nan
    rows.append(
        _row(t.CLA_DEPRIVATION_RATIO, ratio, ratio * math.sqrt(1 / a + 1 / b) if a and b else math.inf)
    )
    return rows


def _other_rows(out: Path, child_year: pd.DataFrame) -> list[CheckRow]:
    rows: list[CheckRow] = []
    extract = out / "extract"
    if (extract / "police").is_dir():
        occ = _table(out, "police", "occurrence")
        inv = _table(out, "police", "involvement")
        da = occ[occ["da_flag"].astype(str).str.lower() == "true"]
        present = set(inv.loc[inv["role"] == "child_present", "occurrence_id"])
        share = float(da["record_id"].isin(present).mean())
        rows.append(_row(t.DA_CHILD_PRESENT_SHARE, 100 * share, 100 * _binomial_se(share, len(da))))
    md = pq.read_table(out / "truth" / "multiple_disadvantage_summary.parquet").to_pandas()
    adults, two, three = md["adults"].sum(), md["hard_edges_two_plus"].sum(), md["hard_edges_all_three"].sum()
    rows.append(_row(t.SMD_TWO_PLUS, 100 * two / adults, 100 * _binomial_se(two / adults, adults / 6)))
    rows.append(_row(t.SMD_ALL_THREE_RATIO, 100 * three / two, 100 * _binomial_se(three / two, two / 6)))
    if (extract / "school").is_dir():
        rows.extend(_school_rows(out))
    if (extract / "youth_justice").is_dir():
        yj = _table(out, "youth_justice", "outcome")
        fy = yj[
            (yj["offence_date"] >= pd.Timestamp("2023-04-01"))
            & (yj["offence_date"] <= pd.Timestamp("2024-03-31"))
            & (yj["is_first_time_entrant"].astype(str).str.lower() == "true")
        ]
        cohort = child_year[(child_year["financial_year"] == "2023/24") & (child_year["age"] >= 10)]
        n = fy["true_person_id"].nunique()
        rows.append(
            _row(
                t.FTE_RATE_2324,
                n / len(cohort) * 100_000,
                _binomial_se(n / len(cohort), len(cohort)) * 100_000,
            )
        )
    return rows


def _school_rows(out: Path) -> list[CheckRow]:
    att = _table(out, "school", "attendance")
    year = att[att["academic_year"] == "2023/24"]
    sessions = year.groupby("true_person_id")[
        ["sessions_possible", "sessions_authorised_absence", "sessions_unauthorised_absence"]
    ].sum()
    rate = (sessions["sessions_authorised_absence"] + sessions["sessions_unauthorised_absence"]) / sessions[
        "sessions_possible"
    ]
    pa_share = float((rate >= 0.1).mean())
    rows = [_row(t.PERSISTENT_ABSENCE_2324, 100 * pa_share, 100 * _binomial_se(pa_share, len(rate)))]
    exc = _table(out, "school", "exclusion")
    susp = exc[
        (exc["category"] == "SUSP")
        & (exc["start_date"] >= pd.Timestamp("2022-09-01"))
        & (exc["start_date"] <= pd.Timestamp("2023-08-31"))
    ]
    enrol = _table(out, "school", "enrolment")
    pupils = enrol.loc[enrol["academic_year"] == "2022/23", "true_person_id"].nunique()
    per_100 = 100 * len(susp) / pupils
    rows.append(_row(t.SUSPENSION_RATE_2223, per_100, 100 * math.sqrt(len(susp) * 3) / pupils))
    return rows


def summarise(rows: list[CheckRow]) -> tuple[int, int]:
    return sum(r.within for r in rows), len(rows)


def format_value(value: float) -> str:
    if not np.isfinite(value):
        return "n/a"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.2f}"
