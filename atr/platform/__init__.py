"""The network platform (issue 15): the live Django application beside the batch pipeline.

This package must stay cheap to import without Django: Django modules live in sub-packages and
modules that only ``atr serve`` / ``atr web …`` import.
"""

from __future__ import annotations

__all__: list[str] = []
