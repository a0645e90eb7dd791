"""The sample: per hamlet of the survey's unit, ``sample_share`` of its active households drawn
at random from a seeded generator, so the same survey and households always give the same
sample; each household drawn gets a one-time code."""

from __future__ import annotations

import math
import random
import secrets
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartrural.accounts.models import User
from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.geo.models import AdministrativeUnit, Level
from smartrural.geo.selectors import descendants

from ..models import Household, SampleFrame, SampleMember, Survey, SurveyStatus

# Codes are read off paper and typed on phones: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def sample_size(households: int, share: Decimal) -> int:
    """Households to draw from ``households`` for ``share`` percent (rounded up: 70% of 10 is
    7, of 11 is 8)."""
    return min(households, math.ceil(households * share / Decimal(100)))


def survey_hamlets(survey: Survey) -> list[AdministrativeUnit]:
    """The hamlets of the survey's unit on the survey's first day."""
    return list(
        descendants(unit=survey.unit, as_of=survey.opens_on)
        .filter(level=Level.HAMLET)
        .order_by("code")
    )


def draw(household_ids: list[int], *, seed: int, hamlet_code: str, share: Decimal) -> list[int]:
    """The households drawn from one hamlet: the same inputs always give the same ids."""
    ordered = sorted(household_ids)
    rng = random.Random(f"{seed}:{hamlet_code}")
    return sorted(rng.sample(ordered, sample_size(len(ordered), share)))


@transaction.atomic
def sample_draw(*, survey: Survey, by: User | None) -> int:
    """Draw (or draw again) the survey's sample; the number of households drawn. Refused once
    a household has answered, and for a unit with no households on record."""
    if survey.status == SurveyStatus.CLOSED:
        raise Conflict(_("A closed survey's sample is kept as it was."))
    if survey.members.filter(answered_on__isnull=False).exists():
        raise Conflict(_("Households have already answered; the sample is kept."))
    hamlets = survey_hamlets(survey)
    by_hamlet: dict[int, list[int]] = {hamlet.pk: [] for hamlet in hamlets}
    for pk, hamlet_id in Household.objects.filter(hamlet_id__in=by_hamlet, active=True).values_list(
        "pk", "hamlet_id"
    ):
        by_hamlet[hamlet_id].append(pk)
    if not any(by_hamlet.values()):
        raise ValidationFailed(
            _("No households are on record in the hamlets of %(unit)s; import them first.")
            % {"unit": survey.unit.name}
        )
    survey.members.all().delete()
    survey.frames.all().delete()
    frames: list[SampleFrame] = []
    members: list[SampleMember] = []
    for hamlet in hamlets:
        ids = by_hamlet[hamlet.pk]
        drawn = draw(
            ids, seed=survey.sample_seed, hamlet_code=hamlet.code, share=survey.sample_share
        )
        frames.append(
            SampleFrame(survey=survey, hamlet=hamlet, households=len(ids), sampled=len(drawn))
        )
        members.extend(
            SampleMember(survey=survey, household_id=pk, hamlet=hamlet, code=new_code())
            for pk in drawn
        )
    SampleFrame.objects.bulk_create(frames)
    SampleMember.objects.bulk_create(members, batch_size=1000)
    survey.sampled_at = timezone.now()
    survey.save(update_fields=["sampled_at"])
    return len(members)
