"""The indicators stage: KPIs from the derived tables with England's public-health statistics.

``stats`` holds the methods (Wilson, exact/Byar's, Dobson DSR, Student's t, SII, funnel limits,
trend test, benchmark comparison); ``catalogue`` the declarative YAML indicators; ``engine``
runs them (``aggregate`` → ``calculate`` → ``enrich``) and ``disclosure`` makes the result safe
to publish. See docs/indicators.md.
"""
