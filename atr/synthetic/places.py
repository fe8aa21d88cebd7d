"""Where synthetic people live and go: postcodes, addresses, schools and GP practices per LSOA.

Postcodes are made per LSOA independently of ``--scale`` (30 per LSOA, area letters by district:
LS Leeds, BD Bradford, HX Calderdale, HD Kirklees, WF Wakefield), so the postcode directory is
the same at every scale and every address's postcode is in it. Everything here is invented;
only the LSOAs (and their deprivation and populations) come from the reference geography.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa

from atr.package_data import data_yaml
from atr.reference import DFE_LA_CODES, DISTRICTS
from atr.synthetic.identifiers import inward_codes

POSTCODES_PER_LSOA = 30
DISTRICT_CODES: tuple[str, ...] = tuple(DISTRICTS)  # index 0..4, Bradford … Wakefield
LA_CODE_OF: dict[str, str] = {ons: la for la, ons in DFE_LA_CODES.items()}
POSTCODE_AREA = {
    "E08000032": ("BD", 24),
    "E08000033": ("HX", 7),
    "E08000034": ("HD", 9),
    "E08000035": ("LS", 29),
    "E08000036": ("WF", 17),
}
_PLACES = data_yaml("atr.synthetic", "places.yaml")  # invented towns and street names
TOWNS: dict[str, tuple[str, ...]] = {code: tuple(towns) for code, towns in _PLACES["towns"].items()}
STREETS: tuple[str, ...] = tuple(_PLACES["streets"])


@dataclass
class Geography:
    """The reference LSOAs as arrays, with district index and a standardised deprivation score."""

    lsoa_code: npt.NDArray[np.str_]
    msoa_code: npt.NDArray[np.str_]
    district: npt.NDArray[np.int64]  # index into DISTRICT_CODES
    imd_decile: npt.NDArray[np.int64]
    depz: npt.NDArray[np.float64]  # IMD score standardised over West Yorkshire (higher = more deprived)
    pop_total: npt.NDArray[np.float64]
    pop_0_15: npt.NDArray[np.float64]
    pop_16_59: npt.NDArray[np.float64]
    pop_60_plus: npt.NDArray[np.float64]
    postcodes: npt.NDArray[np.str_] = field(init=False)  # (n_lsoa, POSTCODES_PER_LSOA)

    @classmethod
    def from_table(cls, table: pa.Table) -> Geography:
        df = table.to_pandas().sort_values("lsoa11_code").reset_index(drop=True)
        score = df["imd_score"].to_numpy(float)
        geo = cls(
            lsoa_code=df["lsoa11_code"].to_numpy(str),
            msoa_code=df["msoa11_code"].to_numpy(str),
            district=df["lad19_code"].map({c: i for i, c in enumerate(DISTRICT_CODES)}).to_numpy(np.int64),
            imd_decile=df["imd_decile"].to_numpy(np.int64),
            depz=(score - score.mean()) / score.std(),
            pop_total=df["pop_total"].to_numpy(float),
            pop_0_15=df["pop_aged_0_15"].to_numpy(float),
            pop_16_59=df["pop_aged_16_59"].to_numpy(float),
            pop_60_plus=df["pop_aged_60_plus"].to_numpy(float),
        )
        geo.postcodes = geo._make_postcodes()
        return geo

    @property
    def n(self) -> int:
        return int(self.lsoa_code.size)

    def _make_postcodes(self) -> npt.NDArray[np.str_]:
        out = np.empty((self.n, POSTCODES_PER_LSOA), dtype=object)
        for d, code in enumerate(DISTRICT_CODES):
            area, districts = POSTCODE_AREA[code]
            rows = np.flatnonzero(self.district == d)
            msoas = pd.factorize(self.msoa_code[rows], sort=True)[0]
            outward = msoas % districts + 1
            for o in np.unique(outward):
                lsoa_rows = rows[outward == o]
                idx = np.arange(lsoa_rows.size * POSTCODES_PER_LSOA).reshape(lsoa_rows.size, -1)
                inward = inward_codes(idx.ravel()).reshape(idx.shape)
                out[lsoa_rows] = np.char.add(f"{area}{o} ", inward.astype(str))
        return out  # object array: addresses share these postcode strings

    def postcode_directory(self) -> pa.Table:
        """The synthetic postcode → LSOA directory (``wy_postcode_lsoa.csv``)."""
        return pa.table(
            {
                "postcode": self.postcodes.ravel(),
                "lsoa11_code": np.repeat(self.lsoa_code, POSTCODES_PER_LSOA),
            }
        )

    def district_weights(self, district: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        rows = np.flatnonzero(self.district == district)
        weights = self.pop_total[rows]
        return rows, weights / weights.sum()


class AddressBook:
    """Every address the simulation uses; address ids are row numbers, so ids are stable."""

    def __init__(self, geo: Geography, rng: np.random.Generator) -> None:
        self.geo = geo
        self.rng = rng
        self._chunks: list[npt.NDArray[np.int64]] = []
        self.count = 0

    def new(self, lsoa: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Create one new address in each given LSOA; returns their address ids."""
        ids = np.arange(self.count, self.count + lsoa.size, dtype=np.int64)
        self._chunks.append(lsoa.astype(np.int64))
        self.count += lsoa.size
        return ids

    def lsoa_of(self, ids: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """The LSOA index of each address id."""
        return np.concatenate(self._chunks)[ids]

    def new_nearby(self, lsoa: npt.NDArray[np.int64], local_share: float = 0.7) -> npt.NDArray[np.int64]:
        """A new address, usually (``local_share``) in the same MSOA, else anywhere in the district.

        Most moves are short, so neighbourhoods keep their deprivation mix over the years."""
        msoa = pd.factorize(self.geo.msoa_code, sort=True)[0]
        out = self.geo.district[lsoa].astype(np.int64)
        target = np.empty(lsoa.size, dtype=np.int64)
        local = self.rng.random(lsoa.size) < local_share
        order = np.argsort(msoa, kind="stable")
        starts = np.searchsorted(msoa[order], msoa[lsoa])
        sizes = np.bincount(msoa)[msoa[lsoa]]
        target[local] = order[starts[local] + self.rng.integers(0, sizes[local])]
        far = np.flatnonzero(~local)
        if far.size:
            chosen = self.new_in_district(out[far])
            near = self.new(target[local])
            ids = np.empty(lsoa.size, dtype=np.int64)
            ids[far], ids[local] = chosen, near
            return ids
        return self.new(target)

    def new_in_district(self, districts: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """A new address in a population-weighted random LSOA of each given district."""
        lsoa = np.empty(districts.size, dtype=np.int64)
        for d in np.unique(districts):
            rows, weights = self.geo.district_weights(int(d))
            at = np.flatnonzero(districts == d)
            lsoa[at] = rows[self.rng.choice(rows.size, size=at.size, p=weights)]
        return self.new(lsoa)

    def table(self) -> pd.DataFrame:
        """address_id, lsoa (index), postcode, uprn, address_line_1, town."""
        lsoa = np.concatenate(self._chunks) if self._chunks else np.empty(0, np.int64)
        n = lsoa.size
        rng = self.rng
        postcode = self.geo.postcodes[lsoa, rng.integers(0, POSTCODES_PER_LSOA, size=n)]
        uprn = (10_000_000_000 + np.arange(n, dtype=np.int64) * 17 + rng.integers(0, 17, size=n)).astype(str)
        number = rng.integers(1, 180, size=n).astype(str)
        street = np.array(STREETS)[rng.integers(0, len(STREETS), size=n)]
        district = self.geo.district[lsoa]
        town = np.empty(n, dtype=object)
        for d, code in enumerate(DISTRICT_CODES):
            at = np.flatnonzero(district == d)
            towns = np.array(TOWNS[code])
            town[at] = towns[rng.integers(0, towns.size, size=at.size)]
        return pd.DataFrame(
            {
                "address_id": np.arange(n, dtype=np.int64),
                "lsoa": lsoa,
                "postcode": postcode,
                "uprn": uprn,
                "address_line_1": np.char.add(np.char.add(number, " "), street),
                "town": town.astype(str),
            }
        )


@dataclass
class Institutions:
    """Schools (primary per MSOA, secondary per five MSOAs) and GP practices (one per MSOA)."""

    school_urn_primary: npt.NDArray[np.int64]  # per LSOA
    school_urn_secondary: npt.NDArray[np.int64]  # per LSOA
    school_estab: dict[int, int]  # URN -> 4-digit DfE establishment number
    practice: npt.NDArray[np.str_]  # per LSOA

    @classmethod
    def build(cls, geo: Geography) -> Institutions:
        msoa_index = pd.factorize(geo.msoa_code, sort=True)[0]
        primary = 100_000 + msoa_index * 3
        estab: dict[int, int] = {}
        secondary = np.empty(geo.n, dtype=np.int64)
        practice = np.empty(geo.n, dtype=object)
        for d in range(len(DISTRICT_CODES)):
            rows = np.flatnonzero(geo.district == d)
            local = pd.factorize(geo.msoa_code[rows], sort=True)[0]
            secondary[rows] = 140_000 + d * 1000 + local // 5
            practice[rows] = [f"B8{d}{m:03d}" for m in local.tolist()]
            for urn, m in zip(primary[rows].tolist(), local.tolist(), strict=True):
                estab[urn] = 2000 + m
            for urn, m in zip(secondary[rows].tolist(), (local // 5).tolist(), strict=True):
                estab[urn] = 4000 + m
        return cls(primary, secondary, estab, practice.astype(str))
