"""The indicators stage."""
