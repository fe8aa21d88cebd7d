"""The ``directory`` app: services on Open Referral UK (HSDS 3.0, UK profile), reviewed before public.

Its taxonomy (:mod:`atr.platform.directory.taxonomy`) is Django-free so batch code can read it.
"""
