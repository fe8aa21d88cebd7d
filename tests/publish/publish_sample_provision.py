"""Need-and-provision tables for the publish tests: the synthetic directory through ``atr provision``.

The real step on the synthetic directory (atr.synthetic.directory) and whatever geography the
sample warehouse holds, so the page is built from tables of the real shape.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from atr.provision import ProvisionSettings, run_provision
from atr.reference.sources import ReferenceSource
from atr.synthetic import areas_from_reference, synthetic_services, write_oruk_pages
from atr.warehouse import Warehouse


def write_sample_provision(wh: Warehouse, source: ReferenceSource) -> None:
    with tempfile.TemporaryDirectory(prefix="atr-directory-") as folder:
        write_oruk_pages(synthetic_services(areas_from_reference(source), seed=3), Path(folder))
        run_provision(wh, ProvisionSettings(directory=folder))
