"""The reference stage: geography, deprivation and populations, real or labelled synthetic.

Face: ``resolve_reference_source(folder)`` → ``ReferenceSource`` (which data a run uses);
``load_reference(warehouse, source, postcode_directory)`` → ``ReferenceSummary``;
``download_reference(…)`` fills the cache; the layout constants (``DISTRICTS``,
``REGION_CODE``, …) name West Yorkshire for the other stages. Commands: ``atr reference …``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from atr.reference.layout import (
    AREA_NOT_KNOWN_CODE,
    AREA_NOT_KNOWN_NAME,
    DFE_LA_CODES,
    DISTRICTS,
    POSTCODE_FILE,
    REGION_CODE,
    REGION_NAME,
)
from atr.reference.sources import ReferenceSource, resolve_reference_source

if TYPE_CHECKING:
    from atr.reference.download import DownloadResult, download_reference
    from atr.reference.geography import read_geography
    from atr.reference.loader import ReferenceSummary, load_reference, summarise_reference
else:
    from atr.lazy import lazy_face

    __getattr__ = lazy_face(
        __name__,
        {
            "DownloadResult": "atr.reference.download",
            "download_reference": "atr.reference.download",
            "read_geography": "atr.reference.geography",
            "ReferenceSummary": "atr.reference.loader",
            "load_reference": "atr.reference.loader",
            "summarise_reference": "atr.reference.loader",
        },
    )

__all__ = [
    "AREA_NOT_KNOWN_CODE",
    "AREA_NOT_KNOWN_NAME",
    "DFE_LA_CODES",
    "DISTRICTS",
    "POSTCODE_FILE",
    "REGION_CODE",
    "REGION_NAME",
    "DownloadResult",
    "ReferenceSource",
    "ReferenceSummary",
    "download_reference",
    "load_reference",
    "read_geography",
    "resolve_reference_source",
    "summarise_reference",
]
