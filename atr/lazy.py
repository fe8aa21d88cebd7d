"""Faces that load their stage's code on first use.

Every stage package exports its face (entry point, settings, result type) in ``__all__``. The
settings are light pydantic models that the project file needs at once; the entry points pull
in Splink, statsmodels, pandas or Plotly, seconds of imports that ``atr --help``, the project
file and a web process loading ``atr.project`` should not pay for. A stage's ``__init__``
therefore imports its settings directly and names the rest here, and for type checkers
imports them under ``TYPE_CHECKING``, so mypy checks every use exactly as if eager.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_face(package: str, names: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package`` that imports ``names[attr]`` on first access.

    ``names`` maps each exported name to the module that defines it, or to ``module:name`` when
    the face renames it. The value is cached in the package, so the import happens once.
    """

    def __getattr__(name: str) -> Any:
        target = names.get(name)
        if target is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, _, original = target.partition(":")
        value = getattr(import_module(module), original or name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
