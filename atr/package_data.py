"""Read data files shipped inside the package (``atr/<stage>/data/``).

Large literal tables — names, calibration targets, download sources — are data, not code: kept
in YAML or CSV beside the module that uses them, they can be read and diffed by people who do
not read Python, and the modules stay short. They are read with :mod:`importlib.resources`, so
they work from an installed wheel (hatchling ships every file under ``atr/``) as from a checkout.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

from atr.errors import InputFileError


def data_text(package: str, name: str) -> str:
    """The text of ``<package>/data/<name>``."""
    return resources.files(package).joinpath("data", name).read_text(encoding="utf-8")


def data_yaml(package: str, name: str) -> dict[str, Any]:
    """A YAML mapping from ``<package>/data/<name>``; a file that is not one names itself."""
    data = yaml.safe_load(data_text(package, name))
    if not isinstance(data, dict):
        raise InputFileError(
            f"{package.replace('.', '/')}/data/{name}", "expected a YAML mapping at the top level"
        )
    return data


__all__ = ["data_text", "data_yaml"]
