"""The provision step: need against provision, from a service directory (Open Referral UK).

Reads a directory as an Open Referral UK feed (contract §6.4), places its services on the
reference geography, compares provision with derive's modelled and recorded need per ward and
kind of need, and turns a declared budget or number of places into an allocation by
proportionate universalism (docs/provision.md).

Face: ``run_provision(warehouse, settings, disclosure)`` → ``ProvisionResult``;
``ProvisionSettings`` is the project file's ``[provision]`` section; ``PROVISION_TABLES`` names
the tables publish may read. The command is ``atr provision``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from atr.provision.settings import AllocationSettings, ProvisionSettings

if TYPE_CHECKING:
    from atr.provision.oruk import is_live as is_live_feed
    from atr.provision.run import ProvisionResult, run_provision
    from atr.provision.tables import PUBLISHED as PROVISION_TABLES
else:
    from atr.lazy import lazy_face

    __getattr__ = lazy_face(
        __name__,
        {
            "is_live_feed": "atr.provision.oruk:is_live",
            "ProvisionResult": "atr.provision.run",
            "run_provision": "atr.provision.run",
            "PROVISION_TABLES": "atr.provision.tables:PUBLISHED",
        },
    )

__all__ = [
    "PROVISION_TABLES",
    "AllocationSettings",
    "ProvisionResult",
    "ProvisionSettings",
    "is_live_feed",
    "run_provision",
]
