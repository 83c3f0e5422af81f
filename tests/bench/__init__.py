"""Benchmark scripts and the synthetic story generator they share (not collected by pytest)."""
