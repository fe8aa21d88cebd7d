"""The indicators stage: KPIs from the derived tables with England's public-health statistics.

``stats`` holds the methods (Wilson, exact/Byar's, Dobson DSR, Student's t, SII, funnel limits,
trend test, benchmark comparison); ``catalogue`` the declarative YAML indicators; ``engine``
runs them (``aggregate`` → ``calculate`` → ``enrich``) and ``disclosure`` makes the result safe
to publish. See docs/indicators.md.

Face: ``run_indicators(warehouse, out_dir, catalogue=…, settings=…, periods=…)`` →
``IndicatorRun``; ``DisclosureSettings`` is the project file's ``[disclosure]`` section;
``load_catalogue(folder)`` reads a catalogue folder (``catalogue_dir()`` is the built-in one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from atr.indicators.settings import DEFAULT_SII_REPETITIONS, DisclosureSettings

if TYPE_CHECKING:
    from atr.indicators.catalogue import catalogue_dir, load_catalogue
    from atr.indicators.engine import IndicatorRun, run_indicators
else:
    from atr.lazy import lazy_face

    __getattr__ = lazy_face(
        __name__,
        {
            "catalogue_dir": "atr.indicators.catalogue",
            "load_catalogue": "atr.indicators.catalogue",
            "IndicatorRun": "atr.indicators.engine",
            "run_indicators": "atr.indicators.engine",
        },
    )

__all__ = [
    "DEFAULT_SII_REPETITIONS",
    "DisclosureSettings",
    "IndicatorRun",
    "catalogue_dir",
    "load_catalogue",
    "run_indicators",
]
