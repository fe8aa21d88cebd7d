"""The ``network`` app: organisations, members, groups, pledges and events of the ATR Network."""
