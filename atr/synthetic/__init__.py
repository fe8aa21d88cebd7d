"""The synthetic stage: a calibrated synthetic West Yorkshire, its partner extracts and its truth.

Face: ``generate(out, scale=…, seed=…, datasets=…, reference_dir=…)`` → ``GenerationSummary``
(``parse_datasets`` reads the ``--datasets`` list); ``run_check(folder)`` → ``CheckRow``s, the
calibration table; ``HOMELESS_RECORDED`` is the world's share of homeless households the council
records (the demo's stand-in for a published coverage estimate); ``write_synthetic_network``
writes a synthetic network platform export; ``synthetic_services`` / ``planted_gaps`` /
``write_oruk_pages`` make the synthetic Open Referral UK directory with its planted gaps (see
:mod:`atr.synthetic.directory`). The command is ``atr synth``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from atr.synthetic.check import CheckRow, format_value, run_check, summarise
    from atr.synthetic.directory import (
        GAP_KINDS,
        Area,
        PlantedGap,
        areas_from_reference,
        planted_gaps,
        synthetic_services,
        write_oruk_pages,
    )
    from atr.synthetic.generator import GenerationSummary, generate, parse_datasets
    from atr.synthetic.health_housing import HOMELESS_RECORDED
    from atr.synthetic.network import write_synthetic_network
else:
    from atr.lazy import lazy_face

    __getattr__ = lazy_face(
        __name__,
        {
            "CheckRow": "atr.synthetic.check",
            "format_value": "atr.synthetic.check",
            "run_check": "atr.synthetic.check",
            "summarise": "atr.synthetic.check",
            "GenerationSummary": "atr.synthetic.generator",
            "generate": "atr.synthetic.generator",
            "parse_datasets": "atr.synthetic.generator",
            "HOMELESS_RECORDED": "atr.synthetic.health_housing",
            "write_synthetic_network": "atr.synthetic.network",
            "GAP_KINDS": "atr.synthetic.directory",
            "Area": "atr.synthetic.directory",
            "PlantedGap": "atr.synthetic.directory",
            "areas_from_reference": "atr.synthetic.directory",
            "planted_gaps": "atr.synthetic.directory",
            "synthetic_services": "atr.synthetic.directory",
            "write_oruk_pages": "atr.synthetic.directory",
        },
    )

__all__ = [
    "GAP_KINDS",
    "HOMELESS_RECORDED",
    "Area",
    "CheckRow",
    "GenerationSummary",
    "PlantedGap",
    "areas_from_reference",
    "format_value",
    "generate",
    "parse_datasets",
    "planted_gaps",
    "run_check",
    "summarise",
    "synthetic_services",
    "write_oruk_pages",
    "write_synthetic_network",
]
