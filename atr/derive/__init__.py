"""The derive stage: adverse experiences with their evidence, the toxic trio, multiple
disadvantage, protective-factor proxies, outcomes and modelled prevalence.

Python API: ``atr.derive.run.run_derive(warehouse, settings, link_settings, periods)``; the
command is ``atr derive`` (``atr/derive/cli.py``); the tables are described in ``docs/derive.md``.
"""
