"""Weighted sampling without replacement, vectorised (Efraimidis-Spirakis exponential keys).

Used wherever a published count must be hit exactly (child protection plans started in a year in
a district, say) while the choice of *who* still follows each child's circumstances: the ``k``
rows with the smallest ``-log(U) / weight`` are a weighted sample without replacement.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def weighted_sample(
    rng: np.random.Generator, weights: npt.NDArray[np.float64], k: int
) -> npt.NDArray[np.int64]:
    """Indices of ``k`` rows drawn without replacement with probability ∝ ``weights``."""
    n = weights.size
    k = min(max(int(k), 0), int(np.count_nonzero(weights > 0)))
    if k == 0:
        return np.empty(0, dtype=np.int64)
    keys = -np.log(np.maximum(rng.random(n), 1e-300)) / np.maximum(weights, 1e-300)
    keys[weights <= 0] = np.inf
    chosen = np.argpartition(keys, k - 1)[:k]
    return np.sort(chosen).astype(np.int64)


def stochastic_round(rng: np.random.Generator, x: float) -> int:
    """Round up with probability equal to the fraction, so small-scale totals stay unbiased."""
    whole = int(np.floor(x))
    return whole + int(rng.random() < x - whole)
