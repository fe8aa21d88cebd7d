"""Names for synthetic people: common forenames and surnames by broad heritage group.

Hand-written short lists in ``data/names.yaml`` (no name-frequency package is installed, and
common names are not personal data). Names are drawn with Zipf-like weights so a few names are
very common, which is what makes real linkage hard (many John Smiths). Nicknames come from the
``nicknames`` package.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt
from nicknames import NickNamer

from atr.errors import InputFileError
from atr.package_data import data_yaml

StrArray = npt.NDArray[np.str_]

GROUPS = ("british", "european", "pakistani", "indian", "black", "chinese")


def _pools(kind: str) -> dict[str, tuple[str, ...]]:
    pools = {group: tuple(_NAMES[kind][group]) for group in GROUPS}
    odd = [f"{kind}.{g}: {n!r}" for g, names in pools.items() for n in names if not isinstance(n, str)]
    if odd:  # e.g. an unquoted name YAML reads as a boolean
        raise InputFileError("atr/synthetic/data/names.yaml", f"names must be text: {', '.join(odd)}")
    return pools


_NAMES = data_yaml("atr.synthetic", "names.yaml")
MALE: dict[str, tuple[str, ...]] = _pools("male")
FEMALE: dict[str, tuple[str, ...]] = _pools("female")
SURNAMES: dict[str, tuple[str, ...]] = _pools("surnames")


def _zipf(n: int) -> npt.NDArray[np.float64]:
    weights = (1.0 / (np.arange(n, dtype=np.float64) + 4.0)).astype(np.float64)
    return (weights / float(weights.sum())).astype(np.float64)


def draw(
    rng: np.random.Generator, pools: dict[str, tuple[str, ...]], groups: npt.NDArray[np.int64]
) -> npt.NDArray[np.object_]:
    """One name per row from the pool of its group (index into ``GROUPS``)."""
    out = np.empty(groups.size, dtype=object)
    for g, name in enumerate(GROUPS):
        rows = np.flatnonzero(groups == g)
        if rows.size:
            pool = np.array(pools[name], dtype=object)
            out[rows] = pool[rng.choice(pool.size, size=rows.size, p=_zipf(pool.size))]
    return out  # object array of shared pool strings: 8 bytes a row, not a copy of each name


def forenames(
    rng: np.random.Generator, groups: npt.NDArray[np.int64], female: npt.NDArray[np.bool_]
) -> npt.NDArray[np.object_]:
    """Forenames by heritage group and sex."""
    male_names = draw(rng, MALE, groups)
    female_names = draw(rng, FEMALE, groups)
    return np.where(female, female_names, male_names)


@lru_cache(maxsize=1)
def _nickname_table() -> dict[str, str]:
    """Forename → one familiar form (``William`` → ``Bill``), for the names in the pools."""
    namer = NickNamer()
    table: dict[str, str] = {}
    for pool in (*MALE.values(), *FEMALE.values()):
        for name in pool:
            options = sorted(n for n in namer.nicknames_of(name.lower()) if len(n) >= 3 and n != name.lower())
            if options:
                table[name] = options[0].capitalize()
    table["William"] = "Bill"  # the contract's own example
    return table


def nicknames_for(names: npt.NDArray[np.object_]) -> npt.NDArray[np.object_]:
    """The familiar form of each name where one is known, else the name unchanged."""
    table = _nickname_table()
    return np.array([table.get(n, n) for n in names.tolist()], dtype=object)


def has_nickname(names: StrArray) -> npt.NDArray[np.bool_]:
    table = _nickname_table()
    return np.array([n in table for n in names.tolist()], dtype=bool)
