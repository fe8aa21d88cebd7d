"""Ground truth: how far the outputs of a synthetic run are from what is known to be true.

``atr synth`` writes the truth beside its extracts (``DIR/truth``); generating it belongs to
``atr.synthetic``. Everything that *compares* outputs with it lives here, so no stage carries
code that only synthetic data can exercise. It reads the truth files and the pseudonymised or
derived tables (``person_demographics``, ``entity_membership``, ``household_link``,
``child_year``, ``adult_year``, ``capture_recapture``), pseudonymising the truth's raw partner
ids with the key ingest used; it never reads the identity zone.

Face:

- ``link_judge(truth_dir, key, sweep=…)``: passed to ``run_link(judge=…)``; precision, recall
  and F1 of people and households, and the threshold trade-off (``check_key`` first, to fail
  fast on a wrong key);
- ``compare_with_truth(warehouse, truth_dir, key)`` → ``TruthReport``: recorded, derived and true
  prevalence per category and year, and whether capture-recapture's interval holds the truth
  (``print_truth_report`` shows it);
- ``write_perfect_linkage(warehouse, truth_dir, key)`` → ``PerfectLinkage``: link's tables as a
  linkage that never errs, to check derive's rules apart from linkage;
- ``compare_programme_effects(warehouse, truth_dir)`` → ``ProgrammeTruth``: whether the
  evaluation's intervals hold each programme's true effect (``evaluation_truth_comparison``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from atr.truth.files import check_key, truth_folder
    from atr.truth.linkage import link_judge
    from atr.truth.perfect_linkage import PerfectLinkage, write_perfect_linkage
    from atr.truth.prevalence import TruthReport, compare_with_truth, print_truth_report
    from atr.truth.programme import ProgrammeTruth, compare_programme_effects
else:
    from atr.lazy import lazy_face

    __getattr__ = lazy_face(
        __name__,
        {
            "check_key": "atr.truth.files",
            "truth_folder": "atr.truth.files",
            "link_judge": "atr.truth.linkage",
            "PerfectLinkage": "atr.truth.perfect_linkage",
            "write_perfect_linkage": "atr.truth.perfect_linkage",
            "ProgrammeTruth": "atr.truth.programme",
            "compare_programme_effects": "atr.truth.programme",
            "TruthReport": "atr.truth.prevalence",
            "compare_with_truth": "atr.truth.prevalence",
            "print_truth_report": "atr.truth.prevalence",
        },
    )

__all__ = [
    "PerfectLinkage",
    "ProgrammeTruth",
    "TruthReport",
    "check_key",
    "compare_programme_effects",
    "compare_with_truth",
    "link_judge",
    "print_truth_report",
    "truth_folder",
    "write_perfect_linkage",
]
