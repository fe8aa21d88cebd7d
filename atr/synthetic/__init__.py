"""The synthetic stage."""
