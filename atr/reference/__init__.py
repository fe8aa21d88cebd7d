"""The reference stage."""
