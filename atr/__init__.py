"""ATR Observatory: connected data for a trauma-informed city region.

The package is laid out as the stages of the flow, one sub-package each::

    reference ─┐
               ├─> ingest ─> link ─> derive ─> indicators ─> publish
    synthetic ─┘

``atr.cli`` is the command line; ``atr.warehouse`` is the only code that talks to an engine;
``atr.project`` reads the project file that ties a run together.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
