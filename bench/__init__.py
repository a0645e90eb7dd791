"""Benchmarks: each module measures a product code path beside a naive baseline in one run.

``make bench`` (``python -m bench``) runs them all, prints one table and exits non-zero when a
figure misses its target. Run one module with ``python -m bench scope``.
"""
