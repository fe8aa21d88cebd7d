"""The derive stage: adverse experiences with their evidence, the toxic trio, multiple
disadvantage, protective-factor proxies, outcomes and modelled prevalence.

Face: ``run_derive(warehouse, settings, link_settings, periods, estimates_dir)`` →
``DeriveResult``; ``DeriveSettings`` is the project file's ``[derive]`` section;
``CATEGORY_NAMES`` and ``ADULT_DOMAINS`` name the columns of ``child_year`` and ``adult_year``.
The command is ``atr derive``; the tables are described in ``docs/derive.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from atr.derive.settings import DeriveSettings

if TYPE_CHECKING:
    from atr.derive.adult_year import DOMAINS as ADULT_DOMAINS
    from atr.derive.categories import CATEGORY_NAMES
    from atr.derive.run import DeriveResult, run_derive
    from atr.derive.summary import headline_rows
else:
    from atr.lazy import lazy_face

    __getattr__ = lazy_face(
        __name__,
        {
            "ADULT_DOMAINS": "atr.derive.adult_year:DOMAINS",
            "CATEGORY_NAMES": "atr.derive.categories",
            "DeriveResult": "atr.derive.run",
            "run_derive": "atr.derive.run",
            "headline_rows": "atr.derive.summary",
        },
    )


__all__ = ["ADULT_DOMAINS", "CATEGORY_NAMES", "DeriveResult", "DeriveSettings", "headline_rows", "run_derive"]
