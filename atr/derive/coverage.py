"""Multiple disadvantage estimated from domain-specific lists, correcting each for its coverage.

The four adult services each see one domain: probation sees offending, treatment services see
substance misuse, and so on. Someone with two domains appears on both lists only if both services
happened to see them that year, so the number seen by two or more services undercounts multiple
disadvantage by the product of the services' coverages. This estimator undoes that:

1. **Coverage of each list** is estimated by capture-recapture against an independent second
   list of the same domain: homelessness services record each applicant's support needs (mental
   health, drug or alcohol dependency, offending) whether or not the specialist service knows the
   person. Among applicants with a recorded need, the share the specialist service also saw that
   year is the coverage ``p_k`` (the two-list Lincoln-Petersen estimate, which is the log-linear
   independence model's maximum-likelihood answer). Homelessness has no second list, so its
   coverage is an external assumption (:class:`AssumedCoverage`: the settings
   ``homelessness_coverage`` and ``homelessness_coverage_se``).
2. **Inclusion-exclusion.** With ``n_S`` the number seen by every list in a set ``S`` and
   services seeing people independently given their domains, ``n_S / Π_{k∈S} p_k`` estimates the
   number whose domains include ``S``; the number with two or more domains is
   ``Σ_{|S|=2} N_S − 2·Σ_{|S|=3} N_S + 3·N_{all four}``.
3. **Interval**: a bootstrap over people (the coverages re-estimated in each resample), done on
   the counts of each capture-and-need pattern, which is the same thing and far cheaper. An
   assumed coverage with a standard error is drawn afresh in each resample from a beta
   distribution with that mean and SD (the usual prior for a proportion), so its uncertainty
   carries into the interval the way the estimated coverages' does.

Assumptions: coverage among homeless applicants is the same as among everyone with the domain;
services see people independently of each other once their domains are given; a housing
support need means the same condition as the list it checks (if housing officers recorded only
severe mental illness while the trust also takes milder problems, the milder referrals would be
divided by the severe coverage and the estimate inflated); the assumed homelessness coverage is
right within its standard error (at 1, the default, every combination with homelessness is a
lower bound). Hand-written: a few NumPy lines with no library equivalent.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

# Lists in a fixed order; the second-list (housing need) column for each, if any.
LISTS: tuple[str, ...] = ("homelessness", "offending", "substance_misuse", "mental_health")


@dataclass(frozen=True)
class AssumedCoverage:
    """A list's coverage taken from outside the lists: a central value and its standard error.

    With ``se`` 0 the value is used as it stands; otherwise each bootstrap resample draws it from
    the beta distribution with mean ``value`` and SD ``se`` (which needs ``se² < value·(1-value)``).
    """

    value: float
    se: float = 0.0

    def __post_init__(self) -> None:
        if not 0.0 < self.value <= 1.0:
            raise ValueError(f"an assumed coverage must be in (0, 1], not {self.value}")
        if self.se < 0 or (self.se > 0 and self.se**2 >= self.value * (1 - self.value)):
            raise ValueError(
                f"standard error {self.se} is impossible for a coverage of {self.value} "
                "(it must be 0, or below sqrt(value * (1 - value)))"
            )

    def draw(self, rng: np.random.Generator) -> float:
        """One value for a bootstrap resample."""
        if self.se == 0:
            return self.value
        # method of moments: mean m, variance v -> a + b = m(1-m)/v - 1
        total = self.value * (1 - self.value) / self.se**2 - 1
        return float(rng.beta(self.value * total, (1 - self.value) * total))


@dataclass(frozen=True)
class CoverageEstimate:
    observed_two_or_more: int
    estimate: float
    lower: float
    upper: float
    coverage: dict[str, float]


def _coverage(captured: np.ndarray, need: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Per list: weighted share of people with a recorded need whom the list also captured."""
    with np.errstate(invalid="ignore", divide="ignore"):
        seen = (weights[:, None] * (captured & need)).sum(axis=0)
        total = (weights[:, None] * need).sum(axis=0)
        result: np.ndarray = seen / total
    return result


def _two_or_more(captured: np.ndarray, coverage: np.ndarray, weights: np.ndarray) -> float:
    estimate = 0.0
    for size, sign in ((2, 1.0), (3, -2.0), (4, 3.0)):
        for subset in itertools.combinations(range(captured.shape[1]), size):
            seen = float(weights @ captured[:, list(subset)].all(axis=1))
            estimate += sign * seen / float(np.prod(coverage[list(subset)]))
    return estimate


def estimate_two_or_more(
    captured: np.ndarray,
    need: np.ndarray,
    *,
    fixed_coverage: dict[int, AssumedCoverage | float],
    bootstrap: int,
    seed: int,
    min_need: int = 20,
) -> CoverageEstimate | None:
    """Adults with 2+ domains from capture flags (people × lists) and second-list need flags.

    ``need[:, k]`` marks people with a recorded need for list ``k``'s domain on the second list;
    lists in ``fixed_coverage`` take that coverage instead (a float is taken as certain; an
    :class:`AssumedCoverage` with a standard error is redrawn in every resample). None when a list's coverage rests on
    fewer than ``min_need`` people or is zero.
    """
    observed_two_or_more = int((captured.astype(bool).sum(axis=1) >= 2).sum())
    # Everything depends on people only through their (captures, needs) pattern: at most 256
    # distinct rows, weighted by how many people share each, which makes the bootstrap cheap.
    patterns, counts = np.unique(np.hstack([captured, need]).astype(bool), axis=0, return_counts=True)
    k = captured.shape[1]
    captured, need = patterns[:, :k], patterns[:, k:]
    ones = counts.astype(float)

    assumed = {
        index: value if isinstance(value, AssumedCoverage) else AssumedCoverage(float(value))
        for index, value in fixed_coverage.items()
    }

    def coverage_of(weights: np.ndarray, draw: np.random.Generator | None = None) -> np.ndarray:
        cov = _coverage(captured, need, weights)
        for index, value in assumed.items():
            cov[index] = value.value if draw is None else value.draw(draw)
        return cov

    free = [k for k in range(captured.shape[1]) if k not in fixed_coverage]
    if any(float(ones @ need[:, k]) < min_need for k in free):
        return None
    coverage = coverage_of(ones)
    if not np.all(coverage > 0):
        return None
    estimate = _two_or_more(captured, coverage, ones)
    rng = np.random.default_rng(seed)
    draws = []
    n = int(counts.sum())
    for _ in range(bootstrap):
        weights = rng.multinomial(n, counts / n).astype(float)
        cov = coverage_of(weights, rng)
        if np.all(cov > 0):
            draws.append(_two_or_more(captured, cov, weights))
    finite = [d for d in draws if math.isfinite(d)]
    lower, upper = (float(v) for v in np.percentile(finite, [2.5, 97.5])) if finite else (math.nan, math.nan)
    return CoverageEstimate(
        observed_two_or_more=observed_two_or_more,
        estimate=estimate,
        lower=lower,
        upper=upper,
        coverage={
            LISTS[k] if k < len(LISTS) else str(k): float(coverage[k]) for k in range(captured.shape[1])
        },
    )
