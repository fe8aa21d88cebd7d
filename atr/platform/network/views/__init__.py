"""The network's pages, one module per audience (public, member, lead, team, auditor)."""
