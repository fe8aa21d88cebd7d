"""The evaluate stage: who the programmes reached, what changed for them, and what works.

Face: ``run_evaluate(warehouse, settings, disclosure)`` → ``EvaluateResult``;
``EvaluateSettings`` is the project file's ``[evaluate]`` section; ``load_programmes`` and
``load_cohorts`` read the programme list and the priority cohorts (``Programme``, ``Cohort``);
``FRAME_COLUMNS`` are ``evaluation_frame``'s columns, the table the statistical methods read;
``balance_plot_spec`` draws a programme's balance (the Love plot publish puts on its page).
The command is ``atr evaluate``; the tables are in ``docs/tables.md``, the method in
``docs/evaluation.md``. The statistics (matching, balance, effects, sensitivity, interrupted time
series) are pure functions over pandas frames in :mod:`atr.evaluate.methods`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from atr.evaluate.settings import EvaluateSettings

if TYPE_CHECKING:
    from atr.evaluate.cohorts import Cohort, load_cohorts
    from atr.evaluate.frame import FRAME_COLUMNS
    from atr.evaluate.methods.balance_plot import balance_plot_spec
    from atr.evaluate.programmes import Programme, load_programmes
    from atr.evaluate.run import EvaluateResult, run_evaluate
else:
    from atr.lazy import lazy_face

    __getattr__ = lazy_face(
        __name__,
        {
            "Cohort": "atr.evaluate.cohorts",
            "load_cohorts": "atr.evaluate.cohorts",
            "FRAME_COLUMNS": "atr.evaluate.frame",
            "balance_plot_spec": "atr.evaluate.methods.balance_plot",
            "Programme": "atr.evaluate.programmes",
            "load_programmes": "atr.evaluate.programmes",
            "EvaluateResult": "atr.evaluate.run",
            "run_evaluate": "atr.evaluate.run",
        },
    )

__all__ = [
    "FRAME_COLUMNS",
    "Cohort",
    "EvaluateResult",
    "EvaluateSettings",
    "Programme",
    "balance_plot_spec",
    "load_cohorts",
    "load_programmes",
    "run_evaluate",
]
