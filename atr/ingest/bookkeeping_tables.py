"""The names of ingest's own bookkeeping tables, in one module that imports nothing.

Both the commit step (which writes them) and the load policy (which reads the load in force
from them) need the names; keeping them here lets each import the names without importing the
other, which would make an import circle (commit → folder → policy → commit).
"""

from __future__ import annotations

BATCH_TABLE = "ingest_batch"
FILE_TABLE = "ingest_file"
QUARANTINE_TABLE = "ingest_quarantine"
WARNING_TABLE = "ingest_warning"

__all__ = ["BATCH_TABLE", "FILE_TABLE", "QUARANTINE_TABLE", "WARNING_TABLE"]
