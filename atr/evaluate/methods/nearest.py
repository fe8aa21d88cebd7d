"""Nearest neighbours within a caliper on the score: on the score itself, or on the covariates'
Mahalanobis distance (Rubin & Thomas 2000: "Mahalanobis matching within propensity calipers").

Nearest-on-score alone balances the covariates only on average over many samples: where the
participants' covariate patterns are rare among non-participants (high adversity *and* a prior
suspension, say), the nearest score belongs to someone different in every covariate, and at the
sizes of a programme evaluation that leaves a systematic imbalance in the prior outcomes, which
a difference-in-differences turns into bias. Choosing, among the comparisons within the caliper,
the one nearest on the covariates themselves keeps the score's protection (nobody outside the
caliper) and matches like with like.

The search is plain numpy over a sorted score: each participant's candidates are the ``window``
comparisons either side of its score (the nearest on the score, so every candidate within the
caliper is seen unless more than ``window`` lie on one side), masked to the caliper.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
WINDOW = 128
"""Candidates looked at either side of a participant's score."""
CHUNK = 1024
"""Participants handled at once (bounds memory: CHUNK × 2·WINDOW × covariates floats)."""


@dataclass(frozen=True)
class Neighbours:
    """For each chosen pair: the participant's row, the comparison's row (positions in the
    arrays given), the distance on the score and the distance used to choose."""

    case: IntArray
    comparison: IntArray
    score_distance: FloatArray
    distance: FloatArray


def whiten(matrix: FloatArray, treated: NDArray[np.bool_]) -> FloatArray:
    """Coordinates in which Euclidean distance is the Mahalanobis distance under the pooled
    within-group covariance (a singular direction, such as a level nobody has, is left out)."""
    if matrix.shape[1] == 0:
        return matrix
    columns = matrix.shape[1]
    scatter = np.zeros((columns, columns))
    for part in (matrix[treated], matrix[~treated]):
        if len(part) > 1:
            scatter += np.cov(part, rowvar=False, ddof=1).reshape(columns, columns) * (len(part) - 1)
    covariance = scatter / max(len(matrix) - 2, 1)
    values, vectors = np.linalg.eigh(covariance)
    keep = values > values.max() * 1e-9 if values.max() > 0 else np.zeros(len(values), dtype=bool)
    return np.asarray(matrix @ (vectors[:, keep] / np.sqrt(values[keep])), dtype=np.float64)


def nearest_within_caliper(
    case_score: FloatArray,
    pool_score: FloatArray,
    *,
    caliper: float,
    neighbours: int,
    case_points: FloatArray | None = None,
    pool_points: FloatArray | None = None,
    window: int = WINDOW,
) -> Neighbours:
    """Up to ``neighbours`` comparisons per participant within ``caliper`` on the score, nearest
    on the points (whitened covariates) when given, else on the score. Ties go to the lower score."""
    order = np.argsort(pool_score, kind="stable")
    sorted_score = pool_score[order]
    sorted_points = pool_points[order] if pool_points is not None else None
    size = len(sorted_score)
    width = min(2 * window, size)
    take = min(neighbours, width)
    found: list[tuple[IntArray, IntArray, FloatArray, FloatArray]] = []
    for start in range(0, len(case_score), CHUNK):
        score = case_score[start : start + CHUNK]
        low = np.clip(np.searchsorted(sorted_score, score) - window, 0, size - width)
        candidates = low[:, None] + np.arange(width)
        gap = np.abs(sorted_score[candidates] - score[:, None])
        if sorted_points is None or case_points is None:
            distance = gap
        else:
            offset = sorted_points[candidates] - case_points[start : start + CHUNK][:, None, :]
            distance = np.sqrt(np.einsum("ijk,ijk->ij", offset, offset))
        distance = np.where(gap <= caliper, distance, np.inf)
        best = np.argsort(distance, axis=1, kind="stable")[:, :take]
        chosen = np.take_along_axis(distance, best, axis=1)
        rows, cols = np.nonzero(np.isfinite(chosen))
        positions = np.take_along_axis(candidates, best, axis=1)[rows, cols]
        found.append(
            (
                (rows + start).astype(np.int64),
                order[positions].astype(np.int64),
                np.take_along_axis(gap, best, axis=1)[rows, cols],
                chosen[rows, cols],
            )
        )
    if not found:
        empty_int, empty_float = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        return Neighbours(empty_int, empty_int, empty_float, empty_float)
    case, comparison, score_distance, distance = (np.concatenate(parts) for parts in zip(*found, strict=True))
    return Neighbours(case, comparison, score_distance, distance)
