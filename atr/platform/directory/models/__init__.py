"""The directory's tables. One module per part; Django finds them through this package."""

from __future__ import annotations

from atr.platform.directory.models.locations import Accessibility, Location, Postcode, ServiceAtLocation
from atr.platform.directory.models.review import Proposal
from atr.platform.directory.models.services import (
    STALE_AFTER,
    Contact,
    CostOption,
    Funding,
    Language,
    Organization,
    Phone,
    Review,
    Schedule,
    Service,
    ServiceArea,
    ServiceAttribute,
)
from atr.platform.directory.models.taxonomy import Taxonomy, TaxonomyTerm

__all__ = [
    "STALE_AFTER",
    "Accessibility",
    "Contact",
    "CostOption",
    "Funding",
    "Language",
    "Location",
    "Organization",
    "Phone",
    "Postcode",
    "Proposal",
    "Review",
    "Schedule",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "ServiceAttribute",
    "Taxonomy",
    "TaxonomyTerm",
]
