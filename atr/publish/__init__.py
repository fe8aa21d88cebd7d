"""The publish stage: the static dashboard and the annual needs assessment.

Face: ``load_published(WarehouseSource(warehouse) | FolderSource(folder))`` → ``PublishedData``
(only the tables publish may read); ``write_site(data, out, name=…)`` → ``SiteSummary`` and
``write_report(data, place, out, name=…)`` → ``ReportSummary``. The commands are
``atr publish`` and ``atr report`` (docs/publish.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from atr.publish.dataset import PublishedData, load_published
    from atr.publish.report import ReportSummary, check_report_target, write_report
    from atr.publish.site import SiteSummary, check_site_target, write_site
    from atr.publish.sources import FolderSource, WarehouseSource
else:
    from atr.lazy import lazy_face

    __getattr__ = lazy_face(
        __name__,
        {
            "PublishedData": "atr.publish.dataset",
            "load_published": "atr.publish.dataset",
            "ReportSummary": "atr.publish.report",
            "check_report_target": "atr.publish.report",
            "write_report": "atr.publish.report",
            "SiteSummary": "atr.publish.site",
            "check_site_target": "atr.publish.site",
            "write_site": "atr.publish.site",
            "FolderSource": "atr.publish.sources",
            "WarehouseSource": "atr.publish.sources",
        },
    )

__all__ = [
    "FolderSource",
    "PublishedData",
    "ReportSummary",
    "SiteSummary",
    "WarehouseSource",
    "check_report_target",
    "check_site_target",
    "load_published",
    "write_report",
    "write_site",
]
