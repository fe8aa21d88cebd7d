"""England's public-health indicator statistics, in one import.

The methods OHID uses for Fingertips (PHEindicatormethods 2.1.0 and the Fingertips comparison
and trend rules), specified in ``shared/design/research/indicator-statistics.md``. Each
function returns an object with ``.value``, ``.lower`` and ``.upper``; ``confidence`` accepts
0.95 and 0.998 (or 95 and 99.8). The code lives in small modules by method:

* :mod:`~atr.indicators.intervals`: ``proportion`` (Wilson), ``rate`` (exact < 10, Byar's),
  ``mean`` (Student's t);
* :mod:`~atr.indicators.dsr`: ``dsr`` (Dobson, not calculated below 10 events) and the
  European Standard Population 2013;
* :mod:`~atr.indicators.inequality`: ``sii`` (slope and relative index of inequality);
* :mod:`~atr.indicators.funnel`: ``funnel_limits`` and ``funnel_significance``;
* :mod:`~atr.indicators.trend`: ``trend`` (χ² for trend over the last five points, 99.8%);
* :mod:`~atr.indicators.comparison`: ``compare`` with a benchmark, honouring polarity.
"""

from __future__ import annotations

from atr.indicators.comparison import (
    Comparison,
    Polarity,
    compare,
    compare_estimate,
    compare_two_levels,
)
from atr.indicators.dsr import (
    StandardPopulation,
    dsr,
    dsr_repeat_events,
    european_standard_population,
)
from atr.indicators.estimate import STANDARD_LEVELS, Estimate, normalise_confidence, z_value
from atr.indicators.funnel import FunnelLimits, funnel_limits, funnel_significance
from atr.indicators.inequality import SIIResult, sii, sii_levels
from atr.indicators.intervals import (
    byars_limits,
    exact_poisson_limits,
    mean,
    proportion,
    rate,
    wilson_limits,
)
from atr.indicators.trend import TrendResult, trend

__all__ = [
    "STANDARD_LEVELS",
    "Comparison",
    "Estimate",
    "FunnelLimits",
    "Polarity",
    "SIIResult",
    "StandardPopulation",
    "TrendResult",
    "byars_limits",
    "compare",
    "compare_estimate",
    "compare_two_levels",
    "dsr",
    "dsr_repeat_events",
    "european_standard_population",
    "exact_poisson_limits",
    "funnel_limits",
    "funnel_significance",
    "mean",
    "normalise_confidence",
    "proportion",
    "rate",
    "sii",
    "sii_levels",
    "trend",
    "wilson_limits",
    "z_value",
]
