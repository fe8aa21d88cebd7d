"""Who was where, when: vectorised look-ups in interval tables (membership, address history).

Hand-written because pandas has no vectorised "which interval holds this date" join for
millions of keys; this one sorts once and uses ``searchsorted`` (O(n log n), no Python loop).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

IntArray = npt.NDArray[np.int64]
_SHIFT = 200_000  # days: makes dates from 1400 to 2500 positive
_BASE = 1_000_000


class IntervalIndex:
    """Intervals ``[start, end)`` of a value per key; keys' intervals must not overlap."""

    def __init__(self, key: IntArray, value: IntArray, start: IntArray, end: IntArray) -> None:
        composite = key.astype(np.int64) * _BASE + (start.astype(np.int64) + _SHIFT)
        order = np.argsort(composite, kind="stable")
        self._composite = composite[order]
        self._key = key[order].astype(np.int64)
        self._value = value[order].astype(np.int64)
        self._end = end[order].astype(np.int64)
        self._position = order

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, key: str, value: str) -> IntervalIndex:
        return cls(
            frame[key].to_numpy(), frame[value].to_numpy(), frame["start"].to_numpy(), frame["end"].to_numpy()
        )

    def lookup(self, key: IntArray, day: IntArray, missing: int = -1) -> IntArray:
        """The value whose interval holds ``day`` for each key, else ``missing``."""
        probe = key.astype(np.int64) * _BASE + (day.astype(np.int64) + _SHIFT)
        at = np.searchsorted(self._composite, probe, side="right") - 1
        safe = np.maximum(at, 0)
        ok = (at >= 0) & (self._key[safe] == key) & (day < self._end[safe])
        return np.where(ok, self._value[safe], missing)

    def row(self, key: IntArray, day: IntArray) -> IntArray:
        """The row number (in the original frame) of the interval holding ``day``, else -1."""
        probe = key.astype(np.int64) * _BASE + (day.astype(np.int64) + _SHIFT)
        at = np.searchsorted(self._composite, probe, side="right") - 1
        safe = np.maximum(at, 0)
        ok = (at >= 0) & (self._key[safe] == key) & (day < self._end[safe])
        return np.where(ok, self._position[safe], -1)
