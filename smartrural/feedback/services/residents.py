"""What residents do on a report without an account: "me too"."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from ..models import Report, Supporter


@transaction.atomic
def report_support(*, report: Report, who_hash: str) -> bool:
    """One "me too" from the person ``who_hash`` stands for (a keyed hash of their account,
    phone or address): True when it was counted, False when they had already supported it.
    The counter moves with an F expression, so concurrent supporters are all counted."""
    try:
        with transaction.atomic():
            Supporter.objects.create(report=report, who_hash=who_hash)
    except IntegrityError:
        return False
    Report.objects.filter(pk=report.pk).update(supporters=F("supporters") + 1)
    report.refresh_from_db(fields=["supporters"])
    return True
