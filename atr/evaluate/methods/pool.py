"""A comparison pool capped per exact-matching stratum, drawn by a seeded hash.

At full scale a programme's pool is hundreds of thousands of young people for some fifteen
thousand participants, and every specification tried fits a score and searches neighbours over
all of them. Matching is exact on the strata (district and age band), so only a stratum's own
pool can serve its participants, and beyond some tens of candidates per participant more of
them barely changes who is nearest. ``cap_pool`` keeps, in each stratum, at most
``per_participant`` × (its participants) of its non-participants: those whose hash of the
person key and ``seed`` ranks lowest, a simple random sample of the stratum's pool that reruns
repeat. A stratum with no participants keeps none (no one there could be matched).

Only the matching uses the capped pool: the balance before matching and the naive comparison
still use everyone, so they keep their meaning. The score fitted on the capped pool differs
from the full pool's by a constant within a stratum where the district is in the score (the
log of the stratum's sampling fraction), which moves no one within the stratum's caliper
search relative to another.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

POOL_PER_PARTICIPANT = 20
"""Candidates kept per participant in each exact stratum (see the module)."""


def cap_pool(
    frame: pd.DataFrame,
    *,
    per_participant: int = POOL_PER_PARTICIPANT,
    strata: Sequence[str],
    treatment: str = "participant",
    key: str = "person_key",
    seed: int = 0,
) -> pd.Index:
    """The labels of every participant and of the non-participants kept (see the module)."""
    if per_participant < 1:
        raise ValueError("per_participant must be at least 1")
    treated = frame[treatment].astype(bool)
    stratum = (
        frame[list(strata)].astype("string").fillna("(missing)").groupby(list(strata), sort=True).ngroup()
        if strata
        else pd.Series(0, index=frame.index)
    )
    participants = treated.groupby(stratum).transform("sum")
    draw = pd.util.hash_pandas_object(frame[key].astype("string") + f"|{int(seed)}", index=False).to_numpy(
        np.uint64
    )
    rank = pd.Series(draw, index=frame.index)[~treated].groupby(stratum[~treated]).rank(method="first")
    kept = rank.index[rank.to_numpy() <= (per_participant * participants[~treated]).to_numpy()]
    return frame.index[treated].append(kept)
