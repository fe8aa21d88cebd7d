"""The link stage."""
