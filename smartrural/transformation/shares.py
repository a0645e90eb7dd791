"""A share of units covered, as the programme's pages and figures show it: a percentage with
one decimal, rounded half up, and none of nothing."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


class Share:
    """Mixed into a dataclass with ``covered`` and ``total``: its ``percent``."""

    covered: int
    total: int

    @property
    def percent(self) -> Decimal | None:
        if not self.total:
            return None
        share = Decimal(100 * self.covered) / Decimal(self.total)
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
