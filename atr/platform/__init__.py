"""The network platform (issue 15): the live application and its data out to the observatory.

This package must stay cheap to import without Django: the batch pipeline imports
:mod:`atr.platform.export_format` (the ``network`` extract writer) on machines and in
processes that never start the web application. Django modules live in sub-packages and are
imported only by ``atr serve`` / ``atr web …``.
"""

from __future__ import annotations

from atr.platform.directory.taxonomy import SERVICE_KINDS, TAXONOMY_ID, TAXONOMY_NAME, ServiceKind
from atr.platform.export_format import (
    EventReachRow,
    EventRow,
    MemberCountRow,
    NetworkExport,
    OrganisationRow,
    PledgerKind,
    PledgeRow,
    PledgeType,
    SelfAssessmentRow,
    TrainingCoverageRow,
    WellbeingRow,
    write_network_extract,
)
from atr.platform.web_settings import WebSettings
from atr.platform.workforce.item_bank import ASSESSMENT_SECTIONS
from atr.platform.workforce.levels import TRAINING_UPTAKE

__all__ = [
    "ASSESSMENT_SECTIONS",
    "SERVICE_KINDS",
    "TAXONOMY_ID",
    "TAXONOMY_NAME",
    "TRAINING_UPTAKE",
    "EventReachRow",
    "EventRow",
    "MemberCountRow",
    "NetworkExport",
    "OrganisationRow",
    "PledgeRow",
    "PledgeType",
    "PledgerKind",
    "SelfAssessmentRow",
    "ServiceKind",
    "TrainingCoverageRow",
    "WebSettings",
    "WellbeingRow",
    "write_network_extract",
]
