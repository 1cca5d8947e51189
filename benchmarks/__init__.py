"""Benchmarks of gdprkit (not part of the test suite): see docs/performance.md."""
