"""Governance records generated from the project file: data flow, datasets and fields, ATRS record.

Face: ``write_governance(config, out, warehouse=None)`` writes them as Markdown and HTML (and,
given the warehouse, as the published ``governance_record`` table that ``atr publish`` links from
the methods page); ``GovernanceSettings`` is the project file's ``[governance]`` section (defined in
``atr.project``: the records read the whole project file, so the file's model cannot depend on
this package). The
command is ``atr governance`` (docs/privacy.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from atr.project import GovernanceSettings

if TYPE_CHECKING:
    from atr.governance.records import GovernanceDocument
    from atr.governance.write import GOVERNANCE_TABLE, all_documents, write_governance
else:
    from atr.lazy import lazy_face

    __getattr__ = lazy_face(
        __name__,
        {
            "GovernanceDocument": "atr.governance.records",
            "all_documents": "atr.governance.write",
            "GOVERNANCE_TABLE": "atr.governance.write",
            "write_governance": "atr.governance.write",
        },
    )

__all__ = [
    "GOVERNANCE_TABLE",
    "GovernanceDocument",
    "GovernanceSettings",
    "all_documents",
    "write_governance",
]
