"""Allow ``python -m atr``."""

from atr.cli import main

main()
