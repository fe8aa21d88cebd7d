"""The evaluation's statistics, as pure functions over pandas frames (docs/evaluation.md, Methods).

They take plain frames and column names, never a warehouse, so the evaluation stage, the truth
checks and a notebook call the same code. ``evaluate_programme`` (:mod:`.programme`) runs them
for one programme with the stated defaults; in small modules by method:

* :mod:`~atr.evaluate.methods.propensity`: ``match_on_propensity`` (logistic score, exact strata,
  within a 0.2 SD caliper the nearest on the covariates' Mahalanobis distance, with
  replacement) → ``MatchResult``, searching with :mod:`~atr.evaluate.methods.nearest`;
* :mod:`~atr.evaluate.methods.specification`: ``match_until_balanced`` (the stated sequence of
  specifications, the first that balances every covariate, chosen on balance alone);
* :mod:`~atr.evaluate.methods.balance`: ``balance_table`` (standardised mean differences before
  and after matching) and :mod:`~atr.evaluate.methods.balance_plot`: ``balance_plot_spec``;
* :mod:`~atr.evaluate.methods.did`: ``effect_rows`` (matched difference-in-differences and the
  naive comparison, cluster-robust intervals) from ``difference_in_differences`` and
  ``post_difference``;
* :mod:`~atr.evaluate.methods.evalue`: E-values (VanderWeele & Ding 2017);
* :mod:`~atr.evaluate.methods.its`: ``comparative_its`` for school-level programmes, on the
  series ``matched_panel`` puts together.

The face loads lazily: importing it loads none of pandas, statsmodels or scikit-learn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from atr.evaluate.methods.balance import (
        BALANCE_COLUMNS,
        SMD_THRESHOLD,
        balance_table,
        standardised_mean_difference,
        worst_imbalance,
    )
    from atr.evaluate.methods.balance_plot import balance_plot_spec
    from atr.evaluate.methods.did import (
        EFFECT_COLUMNS,
        MATCHED_DID,
        NAIVE,
        SENSITIVITY_COLUMNS,
        Effect,
        difference_in_differences,
        effect_rows,
        outcome_column,
        post_difference,
    )
    from atr.evaluate.methods.evalue import (
        EValues,
        e_value,
        e_value_for_interval,
        e_values_for_risk_difference,
        risk_ratio_from_difference,
    )
    from atr.evaluate.methods.its import ITSResult, comparative_its, matched_panel
    from atr.evaluate.methods.programme import ProgrammeEvaluation, evaluate_programme
    from atr.evaluate.methods.propensity import (
        DEFAULT_CALIPER_SD,
        LINEAR,
        MAHALANOBIS,
        NO_STRATUM_MATCH,
        OUTSIDE_CALIPER,
        PROPENSITY,
        QUADRATIC,
        MatchResult,
        match_on_propensity,
        propensity_logit,
    )
    from atr.evaluate.methods.specification import (
        SPECIFICATIONS,
        BalancedMatch,
        Specification,
        match_until_balanced,
    )
else:
    from atr.lazy import lazy_face

    _MODULES = {
        "atr.evaluate.methods.balance": (
            "BALANCE_COLUMNS",
            "SMD_THRESHOLD",
            "balance_table",
            "standardised_mean_difference",
            "worst_imbalance",
        ),
        "atr.evaluate.methods.balance_plot": ("balance_plot_spec",),
        "atr.evaluate.methods.did": (
            "EFFECT_COLUMNS",
            "MATCHED_DID",
            "NAIVE",
            "SENSITIVITY_COLUMNS",
            "Effect",
            "difference_in_differences",
            "effect_rows",
            "outcome_column",
            "post_difference",
        ),
        "atr.evaluate.methods.evalue": (
            "EValues",
            "e_value",
            "e_value_for_interval",
            "e_values_for_risk_difference",
            "risk_ratio_from_difference",
        ),
        "atr.evaluate.methods.its": ("ITSResult", "comparative_its", "matched_panel"),
        "atr.evaluate.methods.programme": ("ProgrammeEvaluation", "evaluate_programme"),
        "atr.evaluate.methods.propensity": (
            "DEFAULT_CALIPER_SD",
            "LINEAR",
            "MAHALANOBIS",
            "NO_STRATUM_MATCH",
            "OUTSIDE_CALIPER",
            "PROPENSITY",
            "QUADRATIC",
            "MatchResult",
            "match_on_propensity",
            "propensity_logit",
        ),
        "atr.evaluate.methods.specification": (
            "SPECIFICATIONS",
            "BalancedMatch",
            "Specification",
            "match_until_balanced",
        ),
    }
    __getattr__ = lazy_face(__name__, {name: module for module, names in _MODULES.items() for name in names})

__all__ = [
    "BALANCE_COLUMNS",
    "DEFAULT_CALIPER_SD",
    "EFFECT_COLUMNS",
    "LINEAR",
    "MAHALANOBIS",
    "MATCHED_DID",
    "NAIVE",
    "NO_STRATUM_MATCH",
    "OUTSIDE_CALIPER",
    "PROPENSITY",
    "QUADRATIC",
    "SENSITIVITY_COLUMNS",
    "SMD_THRESHOLD",
    "SPECIFICATIONS",
    "BalancedMatch",
    "EValues",
    "Effect",
    "ITSResult",
    "MatchResult",
    "ProgrammeEvaluation",
    "Specification",
    "balance_plot_spec",
    "balance_table",
    "comparative_its",
    "difference_in_differences",
    "e_value",
    "e_value_for_interval",
    "e_values_for_risk_difference",
    "effect_rows",
    "evaluate_programme",
    "match_on_propensity",
    "match_until_balanced",
    "matched_panel",
    "outcome_column",
    "post_difference",
    "propensity_logit",
    "risk_ratio_from_difference",
    "standardised_mean_difference",
    "worst_imbalance",
]
