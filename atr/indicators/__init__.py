"""The indicators stage: KPIs from the derived tables with England's public-health statistics.

``stats`` holds the methods (Wilson, exact/Byar's, Dobson DSR, Student's t, SII, funnel limits,
trend test, benchmark comparison); ``catalogue`` the declarative YAML indicators; ``engine``
runs them (``aggregate`` → ``calculate`` → ``enrich``) and ``disclosure`` makes the result safe
to publish. See docs/indicators.md.

Face: ``run_indicators(warehouse, out_dir, catalogue=…, settings=…, periods=…)`` →
``IndicatorRun``; ``DisclosureSettings`` is the project file's ``[disclosure]`` section;
``load_catalogue(folder)`` reads a catalogue folder (``catalogue_dir()`` is the built-in one);
``NATIONAL_EQUIVALENTS`` and ``NOT_YET_IN_TABLE`` say which indicators have a published England
figure and why some do not yet (``YORKSHIRE_AND_THE_HUMBER`` is the region's area code).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from atr.indicators.settings import DEFAULT_SII_REPETITIONS, DisclosureSettings

if TYPE_CHECKING:
    from atr.indicators.benchmarks import NATIONAL_EQUIVALENTS, NOT_YET_IN_TABLE, YORKSHIRE_AND_THE_HUMBER
    from atr.indicators.catalogue import catalogue_dir, load_catalogue
    from atr.indicators.engine import IndicatorRun, run_indicators
else:
    from atr.lazy import lazy_face

    __getattr__ = lazy_face(
        __name__,
        {
            "NATIONAL_EQUIVALENTS": "atr.indicators.benchmarks",
            "NOT_YET_IN_TABLE": "atr.indicators.benchmarks",
            "YORKSHIRE_AND_THE_HUMBER": "atr.indicators.benchmarks",
            "catalogue_dir": "atr.indicators.catalogue",
            "load_catalogue": "atr.indicators.catalogue",
            "IndicatorRun": "atr.indicators.engine",
            "run_indicators": "atr.indicators.engine",
        },
    )

__all__ = [
    "DEFAULT_SII_REPETITIONS",
    "NATIONAL_EQUIVALENTS",
    "NOT_YET_IN_TABLE",
    "YORKSHIRE_AND_THE_HUMBER",
    "DisclosureSettings",
    "IndicatorRun",
    "catalogue_dir",
    "load_catalogue",
    "run_indicators",
]
