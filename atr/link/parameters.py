"""Two corrections to the trained Splink parameters, both reported, both hand-written.

Splink has no option for either, so they are applied to the saved model (a plain dict) before
prediction; each returns the levels it changed so that the quality report can list them.

- ``unmix_u_probabilities``: Splink estimates u, the probability of a level among pairs that
  are *not* the same person, from a random sample of *all* pairs. A share λ of those pairs
  (the prior probability that two records match) are matches, and they fall into the level
  with probability m, so the sample measures λ·m + (1 − λ)·u, not u. Where λ is negligible
  against u (common values: same sex, same postcode district) this does not matter; for a
  level so specific that non-matches almost never reach it (the same house and street at the
  same postcode), the sampled "u" is mostly the matches the sample happened to draw, and the
  level's weight is understated by several bits. On FEBRL4 (every record has a duplicate) the
  sample's "same postcode and first line" rate was 200 times the rate among true non-matches.
  The correction subtracts the expected matches, u = (sample − λ·m) / (1 − λ), and where
  nothing is left (the sample held no more pairs at that level than the matches explain) sets
  u to half a pair of the sample: the usual estimate of a rate that was not observed.
- ``floor_m_probabilities``: every level keeps an m of at least ``m_floor`` (see its docstring).
"""

from __future__ import annotations

from typing import Any

# A level's u is corrected only when the matches explain at least this share of its sample
# rate: below it the change is under 0.15 bit of weight, smaller than the sampling noise.
MIN_CONTAMINATION = 0.1


def _label(comparison: dict[str, Any], level: dict[str, Any]) -> str:
    label = level.get("label_for_charts", level.get("sql_condition", "?"))
    return f"{comparison.get('output_column_name')}: {label}"


def unmix_u_probabilities(model: dict[str, Any], sampled_pairs: float) -> list[str]:
    """Remove the sampled matches from every learned u (see module docstring); name the levels.

    ``sampled_pairs`` is the number of random pairs Splink compared (``u_max_pairs``, or all
    pairs when there are fewer). Levels whose u was fixed by hand (the identifiers') are left
    alone, as are levels the sample never observed (Splink leaves their u unset) and levels
    with a term-frequency adjustment.
    """
    prior = float(model.get("probability_two_random_records_match") or 0.0)
    if not 0.0 < prior < 1.0 or sampled_pairs <= 0:
        return []
    unobserved = 0.5 / sampled_pairs
    changed = []
    for comparison in model.get("comparisons", []):
        for level in comparison.get("comparison_levels", []):
            # With a term-frequency adjustment the level's u cancels out of the weight of every
            # value that has a frequency, so it is left as Splink reports it.
            if (
                level.get("is_null_level")
                or level.get("fix_u_probability")
                or level.get("tf_adjustment_column")
            ):
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            if not isinstance(m, int | float) or not isinstance(u, int | float) or u <= 0:
                continue
            matches = prior * m
            if matches < MIN_CONTAMINATION * u:
                continue
            corrected = min(u, max((u - matches) / (1.0 - prior), unobserved))
            level["u_probability"] = corrected
            changed.append(f"{_label(comparison, level)} (u {u:.2g} → {corrected:.2g})")
    return changed


def floor_m_probabilities(model: dict[str, Any], floor: float) -> list[str]:
    """Give every level an m probability of at least ``floor``; name the levels changed.

    EM leaves a level untrained when no true match in its sessions fell into it (Splink then
    predicts with a default m that can even favour a match), and drives others to ~0, which
    turns one disagreeing field into a veto. Both are artefacts of what the training pairs
    happened to contain, not knowledge.
    """
    changed = []
    for comparison in model.get("comparisons", []):
        for level in comparison.get("comparison_levels", []):
            if level.get("is_null_level"):
                continue
            m = level.get("m_probability")
            if m is None or m < floor:
                level["m_probability"] = floor
                changed.append(f"{_label(comparison, level)} (m was {m if m is None else f'{m:.2g}'})")
    return changed
