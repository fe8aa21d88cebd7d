"""Tests of the network dataset: extract writer, ingest, indicators and dashboard section."""
