"""The network's tables. One module per part; Django finds them through this package."""

from __future__ import annotations

from atr.platform.network.models.events import Event, EventReach, Feedback, Registration
from atr.platform.network.models.organisations import District, Interest, Membership, Organisation
from atr.platform.network.models.people import Member, NetworkGroup
from atr.platform.network.models.pledges import Pledge, ProgressUpdate

__all__ = [
    "District",
    "Event",
    "EventReach",
    "Feedback",
    "Interest",
    "Member",
    "Membership",
    "NetworkGroup",
    "Organisation",
    "Pledge",
    "ProgressUpdate",
    "Registration",
]
