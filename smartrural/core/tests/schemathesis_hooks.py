"""Constraints of the API that an OpenAPI schema cannot state, taught to schemathesis.

JSON Schema has no way to relate two parameters; the operation descriptions state these rules
and the API refuses requests breaking them with 422. Only what the schema cannot express goes
here: every other refusal must follow from the published schema.
"""

from __future__ import annotations

from typing import Any

import schemathesis


def _operation_path(ctx: Any) -> str:
    operation = getattr(ctx, "operation", None)
    return str(getattr(operation, "path", ""))


@schemathesis.hook
def filter_query(ctx: Any, query: Any) -> bool:
    """``/transformation/kpis``: ``month_from`` is not after ``month_to``."""
    if not _operation_path(ctx).endswith("/transformation/kpis") or not isinstance(query, dict):
        return True
    first, last = query.get("month_from", 1), query.get("month_to", 12)
    if isinstance(first, int) and isinstance(last, int) and not isinstance(first, bool):
        return bool(first <= last)
    return True
