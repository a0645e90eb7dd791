"""The statuses of an indicator's result (``engine.IndicatorResult.status``), in a module of
their own so the engine and the explanations both read them without importing each other."""

from __future__ import annotations

MET = "met"
NOT_MET = "not_met"
MISSING = "missing"
NOT_APPLICABLE = "not_applicable"
NO_THRESHOLD = "no_threshold"
INVALID = "invalid"
