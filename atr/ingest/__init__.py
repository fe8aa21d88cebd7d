"""The ingest stage: partner extracts checked against the contract, pseudonymised and loaded.

Face: ``run_ingest(warehouse, extract_dir, key, datasets=…)`` → ``IngestResult``;
``IngestSettings`` is the project file's ``[ingest]`` section; ``write_reports`` writes the
JSON and HTML report beside the warehouse; ``CONTRACT_VERSION`` is the data contract's version. The command is ``atr ingest`` (docs/ingest.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from atr.ingest.settings import IngestSettings

if TYPE_CHECKING:
    from atr.ingest.contract_model import CURRENT_VERSION as CONTRACT_VERSION
    from atr.ingest.contract_model import Column, Contract, load_contract
    from atr.ingest.keys import key_fingerprint
    from atr.ingest.optout import OptOut, load_opt_out
    from atr.ingest.policy import LoadPolicy
    from atr.ingest.report import IngestResult, print_summary
    from atr.ingest.report_html import report_paths, write_reports
    from atr.ingest.runner import run_ingest
else:
    from atr.lazy import lazy_face

    __getattr__ = lazy_face(
        __name__,
        {
            "CONTRACT_VERSION": "atr.ingest.contract_model:CURRENT_VERSION",
            "Column": "atr.ingest.contract_model",
            "Contract": "atr.ingest.contract_model",
            "load_contract": "atr.ingest.contract_model",
            "OptOut": "atr.ingest.optout",
            "load_opt_out": "atr.ingest.optout",
            "IngestResult": "atr.ingest.report",
            "print_summary": "atr.ingest.report",
            "report_paths": "atr.ingest.report_html",
            "write_reports": "atr.ingest.report_html",
            "key_fingerprint": "atr.ingest.keys",
            "LoadPolicy": "atr.ingest.policy",
            "run_ingest": "atr.ingest.runner",
        },
    )

__all__ = [
    "CONTRACT_VERSION",
    "Column",
    "Contract",
    "IngestResult",
    "IngestSettings",
    "LoadPolicy",
    "OptOut",
    "key_fingerprint",
    "load_contract",
    "load_opt_out",
    "print_summary",
    "report_paths",
    "run_ingest",
    "write_reports",
]
