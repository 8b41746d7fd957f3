"""Benchmarks: ``python -m bench`` runs them all (``make bench``); results go to ``bench/RESULTS.md``."""
