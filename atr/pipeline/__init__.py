"""The pipeline: every stage in order, as ``atr run`` (a project file) and ``atr demo``.

Face: ``run_context(ProjectContext, force=…, from_stage=…)`` → ``RunSummary`` runs a loaded
project (``run_project(path)`` loads and prints; ``run_config(config)`` takes a configuration
built in code); ``run_demo(out, …)`` generates synthetic West Yorkshire and runs it;
``STAGE_ORDER`` names the stages. The settings are the project file (``atr.project``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from atr.pipeline.demo import DEMO_SCALE, run_demo, synthetic_project
    from atr.pipeline.run import (
        RunSummary,
        StageOutcome,
        print_run_summary,
        run_config,
        run_context,
        run_project,
    )
    from atr.pipeline.stages import STAGE_ORDER
else:
    from atr.lazy import lazy_face

    __getattr__ = lazy_face(
        __name__,
        {
            "DEMO_SCALE": "atr.pipeline.demo",
            "run_demo": "atr.pipeline.demo",
            "synthetic_project": "atr.pipeline.demo",
            "RunSummary": "atr.pipeline.run",
            "StageOutcome": "atr.pipeline.run",
            "print_run_summary": "atr.pipeline.run",
            "run_config": "atr.pipeline.run",
            "run_context": "atr.pipeline.run",
            "run_project": "atr.pipeline.run",
            "STAGE_ORDER": "atr.pipeline.stages",
        },
    )

__all__ = [
    "DEMO_SCALE",
    "STAGE_ORDER",
    "RunSummary",
    "StageOutcome",
    "print_run_summary",
    "run_config",
    "run_context",
    "run_demo",
    "run_project",
    "synthetic_project",
]
