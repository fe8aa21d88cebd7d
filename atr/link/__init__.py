"""The link stage: ingested identity records into people (entities) and households.

Face: ``run_link(warehouse, settings, out_dir, identities=…, opt_out=…)`` → ``LinkOutputs``
(identities come from the encrypted identity store, ``atr.identity``; ``require_identity_store``
says what to do when it is missing); ``LinkSettings`` is the
project file's ``[link]`` section; a ``LinkJudge`` (``atr.truth.link_judge`` on synthetic data)
measures the finished run through ``LinkedRecords``. The command is ``atr link`` (docs/link.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from atr.link.settings import LinkSettings

if TYPE_CHECKING:
    from atr.link.judging import LinkedRecords, LinkJudge
    from atr.link.run import LinkOutputs, report_dir_for, require_identity_store, run_link
else:
    from atr.lazy import lazy_face

    __getattr__ = lazy_face(
        __name__,
        {
            "LinkedRecords": "atr.link.judging",
            "LinkJudge": "atr.link.judging",
            "LinkOutputs": "atr.link.run",
            "report_dir_for": "atr.link.run",
            "require_identity_store": "atr.link.run",
            "run_link": "atr.link.run",
        },
    )

__all__ = [
    "LinkJudge",
    "LinkOutputs",
    "LinkSettings",
    "LinkedRecords",
    "report_dir_for",
    "require_identity_store",
    "run_link",
]
