"""Indicator values (DHIS2 ``dataValueSets`` shape), evaluations and summaries, under /api/v1.

Criteria data is not open data: every operation but the summary needs a login or a Bearer token
and is scoped to the caller's units (outside, and for residents: 404; read-only roles writing:
403). The summary's counts are the published figures, readable without a token. Parameters and
bodies are checked against the published schema (422 with every failed check); a well-formed
request that does not fit the stored data (a set without a version, a conflicting value) is 409.

One module a resource (``values``: data value sets; ``evaluation``: a unit's evaluation and the
summary), their schemas and parameter types apart. Each operation names its ``operation_id``:
the published ids stay those of the single module this package was.
"""

from __future__ import annotations

from ninja import Router

from . import evaluation, values

router = Router(tags=["criteria"])
router.add_router("", values.router)
router.add_router("", evaluation.router)
