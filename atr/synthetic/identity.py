"""The ``person`` table each partner would send: true identity as of its last record, plus noise.

Every person a partner recorded gets one row (two when the partner registered them twice),
with a partner-local ``person_id``. The identity is taken on the date of the person's latest
record there (so surnames before a marriage and addresses since left appear naturally), then
the partner's ``NoiseProfile`` is applied. The mapping from each raw ``person_id`` back to the
true person is returned for the truth tables.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa

from atr.synthetic import names
from atr.synthetic.contract import PERSON
from atr.synthetic.demography import ETHNICITY_CODES, NHS_ETHNIC_LETTER
from atr.synthetic.identifiers import corrupt_nhs_check_digit, corrupt_upn_check_letters, temporary_upns
from atr.synthetic.noise import PROFILES
from atr.synthetic.timeline import IntervalIndex

PERSON_COLUMNS = PERSON
"""The contract's person table, in its order (declared once, in :mod:`atr.synthetic.contract`)."""
DUPLICATE_ROW_SHARE = 0.4
CHUNK_ROWS = 400_000  # records of a duplicated person that point at the second id
_ID_PRIME = 7_368_787  # coprime with every id space below, so ids are a permutation


@dataclass
class IdentitySource:
    """What the identity builder reads: true people, identifiers and address spells."""

    people: pd.DataFrame  # person, female, dob, eth, forename, middle_name, surname, previous_surname, birth_surname, surname_changed
    nhs: npt.NDArray[np.str_]  # per person
    upn: npt.NDArray[np.str_]  # per person, "" if none
    pnc: npt.NDArray[np.str_]  # per person, "" if none
    person_address: pd.DataFrame  # person, address, start, end
    addresses: pd.DataFrame  # address_id, postcode, uprn, address_line_1, town

    def __post_init__(self) -> None:
        self._spells = IntervalIndex.from_frame(self.person_address, "person", "address")
        # converted once: per-partner calls index these instead of re-converting whole columns
        p, a = self.people, self.addresses
        self.columns = {
            c: p[c].to_numpy(dtype=object)
            for c in ("forename", "middle_name", "surname", "previous_surname", "birth_surname")
        }
        self.dob = p["dob"].to_numpy()
        self.female = p["female"].to_numpy()
        self.eth = p["eth"].to_numpy()
        self.changed = p["surname_changed"].to_numpy()
        self.address_columns = {
            c: a[c].to_numpy(dtype=object) for c in ("postcode", "uprn", "address_line_1", "town")
        }

    def release_lookups(self) -> None:
        """Free the per-partner look-up arrays (truth writing needs only the raw tables)."""
        self.columns = {}
        self.address_columns = {}

    def address_on(self, person: npt.NDArray[np.int64], day: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        found = self._spells.lookup(person, day)
        before = self._spells.lookup(person, day - 1)  # a spell ending on the day itself
        return np.where(found >= 0, found, before)


def make_ids(dataset: str, partner: str, n: int, salt: int) -> npt.NDArray[np.str_]:
    """``n`` distinct partner-local person ids in the style of the partner's system."""
    i = np.arange(n, dtype=np.int64)
    space = {
        "csc": 9_000_000,
        "lac": 9_000_000,
        "probation": 900_000,
        "substance": 900_000,
        "youth_justice": 900_000,
    }.get(dataset, 90_000_000)
    number = (i * _ID_PRIME + salt * 7919) % space + space // 9
    text = number.astype(str)
    if dataset in ("csc", "lac"):
        return text
    prefix = {
        "school": "S",
        "police": "N",
        "substance": "C",
        "probation": "X",
        "housing": "H",
        "youth_justice": "YJ",
        "gp_registration": "G",
        "programme": "P",
    }.get(dataset, partner)
    return np.char.add(prefix, text)


def _typo(values: npt.NDArray[np.object_], rng: np.random.Generator) -> list[str]:
    out = []
    for name, r in zip(values.tolist(), rng.integers(0, 1_000_000, values.size).tolist(), strict=True):
        if len(name) < 3:
            out.append(name)
            continue
        at = 1 + r % (len(name) - 2)
        kind = (r // 1000) % 3
        if kind == 0:
            out.append(name[:at] + name[at + 1] + name[at] + name[at + 2 :])
        elif kind == 1:
            out.append(name[:at] + name[at + 1 :])
        else:
            out.append(name[:at] + name[at] + name[at:])
    return out


def _maybe(rng: np.random.Generator, n: int, rate: float) -> npt.NDArray[np.bool_]:
    return rng.random(n) < rate


def build_person_table(
    dataset: str,
    partner: str,
    refs: pd.DataFrame,
    src: IdentitySource,
    rng: np.random.Generator,
    fixed_ids: pd.Series | None = None,
) -> tuple[pa.Table, pd.DataFrame]:
    """The person table and the mapping (person_id, person, duplicate) for one partner.

    ``refs`` has ``person`` and ``day`` (a record date); ``fixed_ids`` reuses ids (lac uses csc's).
    """
    prof = PROFILES[dataset]
    latest = refs.groupby("person")["day"].max()
    person = latest.index.to_numpy().astype(np.int64)
    day = latest.to_numpy().astype(np.int64)
    dup = _maybe(rng, person.size, prof.duplicate)
    person = np.concatenate([person, person[dup]])
    day = np.concatenate([day, day[dup]])
    is_dup = np.concatenate([np.zeros(latest.size, bool), np.ones(int(dup.sum()), bool)])
    n = person.size
    salt = int(rng.integers(0, 1_000_000))
    ids = make_ids(dataset, partner, n, salt)
    if fixed_ids is not None:
        known = fixed_ids.reindex(person).to_numpy()
        use = ~is_dup & pd.notna(known)
        ids = np.where(use, known.astype(str), ids)
    chunks = [
        _identity_rows(
            dataset, person[a : a + CHUNK_ROWS], day[a : a + CHUNK_ROWS], ids[a : a + CHUNK_ROWS], src, rng
        )
        for a in range(0, max(n, 1), CHUNK_ROWS)
    ]  # in slices, so a 2.4-million-row GP extract never holds every temporary column at once
    table = pa.concat_tables(chunks)
    mapping = pd.DataFrame({"person_id": ids.astype(str), "person": person, "duplicate": is_dup})
    order = np.argsort(ids.astype(str), kind="stable")  # row order must not reveal households
    return table.take(pa.array(order)), mapping


def _identity_rows(
    dataset: str,
    person: npt.NDArray[np.int64],
    day: npt.NDArray[np.int64],
    ids: npt.NDArray[np.str_],
    src: IdentitySource,
    rng: np.random.Generator,
) -> pa.Table:
    """Person rows for one slice of a partner's people (true identity on ``day``, then noise)."""
    prof = PROFILES[dataset]
    n = person.size
    dob = src.dob[person]
    age = (day - dob) // 365.25
    child = age < 18
    female = src.female[person]

    forename = src.columns["forename"][person]
    forename = forename.copy()
    nick = np.flatnonzero(_maybe(rng, n, prof.nickname) & ~child)
    forename[nick] = names.nicknames_for(forename[nick])
    changed = src.changed[person]
    surname = np.where(
        day >= changed, src.columns["surname"][person], src.columns["previous_surname"][person]
    )
    birth = src.columns["birth_surname"][person]
    old = _maybe(rng, n, prof.old_surname) & (birth != surname)
    surname, former = np.where(old, birth, surname), np.where(old, surname, birth)
    typo = _maybe(rng, n, prof.typo)
    on_surname = typo & (rng.random(n) < 0.4)
    at = np.flatnonzero(typo & ~on_surname)
    forename[at] = _typo(forename[at], rng)
    at = np.flatnonzero(on_surname)
    surname[at] = _typo(surname[at], rng)
    at = np.flatnonzero(_maybe(rng, n, prof.upper_case_surname))
    surname[at] = [v.upper() for v in surname[at].tolist()]
    former = np.where((former != surname) & _maybe(rng, n, prof.former_surname), former, "")
    middle = np.where(_maybe(rng, n, prof.middle_names), src.columns["middle_name"][person], "")

    dob_out = dob.astype("datetime64[D]")
    swap = _maybe(rng, n, prof.transposed_dob)
    years = dob_out.astype("datetime64[Y]")
    month = (dob_out.astype("datetime64[M]") - years).astype(int) + 1
    day_of = (dob_out - dob_out.astype("datetime64[M]")).astype(int) + 1
    swap &= (day_of <= 12) & (day_of != month)
    swapped = years + (day_of - 1).astype("timedelta64[M]") + (month - 1).astype("timedelta64[D]")
    dob_out = np.where(swap, swapped.astype("datetime64[D]"), dob_out)
    forename_only = child & _maybe(rng, n, prof.child_forename_only)
    dob_missing = _maybe(rng, n, prof.missing_dob) | forename_only
    surname = np.where(forename_only, "", surname)
    middle = np.where(forename_only, "", middle)

    address = src.address_on(person, day)
    moved_from = src.address_on(person, day - int(2 * 365.25))
    stale = _maybe(rng, n, prof.old_address) & (moved_from >= 0) & (moved_from != address)
    address = np.where(stale, moved_from, address)
    a = src.address_columns
    has_address = address >= 0
    safe = np.maximum(address, 0)
    postcode = np.where(has_address, a["postcode"][safe], "").astype(object)
    fmt = _maybe(rng, n, prof.postcode_format) & has_address
    lower = fmt & (rng.random(n) < 0.5)
    postcode[np.flatnonzero(lower)] = [v.lower() for v in postcode[lower].tolist()]
    postcode[np.flatnonzero(fmt & ~lower)] = [v.replace(" ", "") for v in postcode[fmt & ~lower].tolist()]
    postcode = np.where(_maybe(rng, n, prof.missing_postcode), "", postcode)
    line = _maybe(rng, n, prof.address) & has_address

    nhs = np.where(_maybe(rng, n, prof.nhs_number), src.nhs[person], "").astype(object)
    bad = np.flatnonzero((nhs != "") & _maybe(rng, n, prof.invalid_nhs))
    nhs[bad] = corrupt_nhs_check_digit(nhs[bad].astype(str))
    spaced = np.flatnonzero((nhs != "") & _maybe(rng, n, prof.nhs_spaces))
    nhs[spaced] = [f"{v[:3]} {v[3:6]} {v[6:]}" for v in nhs[spaced].tolist()]
    upn = np.where(_maybe(rng, n, prof.upn) & (src.upn[person] != ""), src.upn[person], "").astype(object)
    temp = np.flatnonzero((upn != "") & _maybe(rng, n, prof.temporary_upn))
    upn[temp] = temporary_upns(
        upn[temp].astype(str), np.array(list("ABCDEFGHJKLMNPQRTUVWXYZ"))[rng.integers(0, 23, temp.size)]
    )
    wrong = np.flatnonzero((upn != "") & _maybe(rng, n, prof.invalid_upn))
    wrong = np.setdiff1d(wrong, temp)
    upn[wrong] = corrupt_upn_check_letters(upn[wrong].astype(str))
    pnc = np.where(_maybe(rng, n, prof.pnc_id), src.pnc[person], "")
    eth = src.eth[person]
    ethnicity = np.array(ETHNICITY_CODES)[eth] if prof.ethnicity_scheme == "dfe" else NHS_ETHNIC_LETTER[eth]
    ethnicity = np.where(_maybe(rng, n, prof.missing_ethnicity), "", ethnicity)
    sex = np.where(_maybe(rng, n, prof.unknown_sex), "U", np.where(female, "F", "M"))

    def text(values: npt.NDArray[np.generic], keep: npt.NDArray[np.bool_] | None = None) -> pa.Array:
        values = np.asarray(values, dtype=object)
        empty = values == ""
        mask = empty if keep is None else (~keep | empty)
        return pa.array(np.where(mask, np.array([None], dtype=object), values), type=pa.string())

    return pa.table(
        {
            "person_id": pa.array(ids.astype(str)),
            "nhs_number": text(nhs),
            "upn": text(upn),
            "la_child_id": text(np.where(child & (dataset in ("csc", "lac")), ids, "")),
            "pnc_id": text(pnc),
            "forename": text(forename),
            "middle_names": text(middle),
            "surname": text(surname),
            "former_surname": text(former),
            "date_of_birth": pa.array(dob_out.astype("datetime64[D]"), type=pa.date32(), mask=dob_missing),
            "sex": text(sex),
            "ethnicity_code": text(ethnicity),
            "postcode": text(postcode),
            "uprn": text(
                np.where(has_address, a["uprn"][safe], ""),
                line & _maybe(rng, n, prof.uprn / max(prof.address, 1e-9)),
            ),
            "address_line_1": text(np.where(has_address, a["address_line_1"][safe], ""), line),
            "town": text(np.where(has_address, a["town"][safe], ""), line),
        }
    )


def raw_ids(
    mapping: pd.DataFrame, person: npt.NDArray[np.int64], rng: np.random.Generator
) -> npt.NDArray[np.str_]:
    """The partner's person_id for each record about ``person`` (some point at a duplicate)."""
    primary = mapping[~mapping["duplicate"]].set_index("person")["person_id"]
    second = mapping[mapping["duplicate"]].set_index("person")["person_id"]
    ids = primary.reindex(person).to_numpy()
    alt = second.reindex(person).to_numpy()
    use_alt = pd.notna(alt) & (rng.random(person.size) < DUPLICATE_ROW_SHARE)
    chosen: npt.NDArray[np.str_] = np.where(use_alt, alt, ids).astype(str)
    return chosen
