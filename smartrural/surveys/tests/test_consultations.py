"""Consultations through their services: opened on a published self-assessment (and only then)
or another subject, opinions taken in the period (both days included) within the rate limits,
bare stances counted at once, words moderated, versioned moderation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from smartrural.core.dates import today
from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.core.versioning import EditConflict
from smartrural.feedback.ratelimit import RateLimited
from smartrural.testing import Personas

from ..models import Consultation, ConsultationSubject, Opinion, OpinionStatus
from ..services.consultations import (
    ConsultationClosed,
    Counts,
    consultation_create,
    consultation_update,
    counts_of,
    opinion_answer,
    opinion_publish,
    opinion_reject,
    opinion_submit,
)
from .consultation_factories import (
    open_consultation,
    opinion,
    registered_dossier,
    self_assessed_dossier,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


class ConsultationCreateTests:
    def test_a_self_assessed_dossier_gets_its_consultation(self, personas: Personas) -> None:
        consultation = open_consultation(personas)
        assert consultation.subject == ConsultationSubject.SELF_ASSESSMENT
        assert consultation.unit == personas.commune_a_unit
        assert consultation.history.count() == 1
        assert consultation.history.get().history_user == personas.commune_a

    def test_a_dossier_not_yet_self_assessed_is_refused(self, personas: Personas) -> None:
        dossier = registered_dossier(personas)
        with pytest.raises(Conflict, match="once it is published"):
            consultation_create(
                dossier=dossier,
                title="Sớm quá",
                opens_on=today(),
                closes_on=today(),
                by=personas.commune_a,
            )
        assert not Consultation.objects.exists()

    def test_a_dossier_has_one_consultation(self, personas: Personas) -> None:
        consultation = open_consultation(personas)
        assert consultation.dossier is not None
        with pytest.raises(Conflict, match="already has"):
            consultation_create(
                dossier=consultation.dossier,
                title="Lần hai",
                opens_on=today(),
                closes_on=today(),
                by=personas.commune_a,
            )

    def test_a_period_ending_before_it_starts_is_refused(self, personas: Personas) -> None:
        with pytest.raises(ValidationFailed) as caught:
            consultation_create(
                dossier=self_assessed_dossier(personas),
                title="Ngược",
                opens_on=dt.date(2023, 3, 2),
                closes_on=dt.date(2023, 3, 1),
                by=personas.commune_a,
            )
        assert caught.value.field == "closes_on"

    def test_another_subject_needs_a_commune_or_a_district(self, personas: Personas) -> None:
        with pytest.raises(ValidationFailed):
            consultation_create(
                unit=personas.hamlet_a_unit,
                title="Ấp",
                opens_on=today(),
                closes_on=today(),
                by=personas.commune_a,
            )
        other = consultation_create(
            unit=personas.district_unit,
            title="Huyện",
            opens_on=today(),
            closes_on=today(),
            by=personas.district,
        )
        assert other.subject == ConsultationSubject.OTHER

    def test_an_update_from_a_stale_page_is_a_conflict(self, personas: Personas) -> None:
        consultation = open_consultation(personas)
        loaded = consultation.version
        consultation_update(
            consultation=consultation, version=loaded, by=personas.commune_a, title="Tên mới"
        )
        with pytest.raises(EditConflict):
            consultation_update(
                consultation=consultation, version=loaded, by=personas.commune_a, title="Khác"
            )
        consultation.refresh_from_db()
        assert consultation.title == "Tên mới"


class OpinionSubmitTests:
    def test_opinions_are_taken_on_the_first_and_last_day_only(self, personas: Personas) -> None:
        first, last = dt.date(2023, 3, 1), dt.date(2023, 3, 10)
        consultation = open_consultation(personas, opens_on=first, closes_on=last)
        opinion_submit(consultation=consultation, stance="agree", on=first)
        opinion_submit(consultation=consultation, stance="agree", on=last)
        with pytest.raises(ConsultationClosed, match="closed on 10/03/2023"):
            opinion_submit(consultation=consultation, stance="agree", on=last + dt.timedelta(1))
        with pytest.raises(ConsultationClosed, match="01/03/2023"):
            opinion_submit(consultation=consultation, stance="agree", on=first - dt.timedelta(1))
        assert consultation.opinions.count() == 2

    def test_a_bare_stance_counts_at_once_and_words_wait_for_an_officer(
        self, personas: Personas
    ) -> None:
        consultation = open_consultation(personas)
        agree = opinion(consultation, "agree")
        named = opinion(consultation, "disagree", name="Thạch Sang")
        comment = opinion(consultation, "comment")
        assert agree.status == OpinionStatus.PUBLISHED
        assert named.status == comment.status == OpinionStatus.PENDING
        assert counts_of(consultation) == Counts(agree=1, disagree=0, comment=0, pending=2)

    def test_a_comment_needs_words(self, personas: Personas) -> None:
        consultation = open_consultation(personas)
        with pytest.raises(ValidationFailed, match="Write your comment"):
            opinion_submit(consultation=consultation, stance="comment", text="  ")
        assert not Opinion.objects.exists()

    def test_an_address_sending_too_many_is_refused_and_nothing_stored(
        self, personas: Personas, settings: Any
    ) -> None:
        settings.SURVEY_OPINION_RATE_PER_HOUR = 2
        consultation = open_consultation(personas)
        for _n in range(2):
            opinion_submit(consultation=consultation, stance="agree", client_hash="a" * 64)
        with pytest.raises(RateLimited, match="at most 2 an hour"):
            opinion_submit(consultation=consultation, stance="agree", client_hash="a" * 64)
        opinion_submit(consultation=consultation, stance="agree", client_hash="b" * 64)
        assert consultation.opinions.count() == 3


class ModerationTests:
    def test_publish_reject_and_answer_change_what_is_counted(self, personas: Personas) -> None:
        consultation = open_consultation(personas)
        first = opinion(consultation)
        second = opinion(consultation, "disagree", text="Chưa đồng ý về tiêu chí 17.")
        first = opinion_publish(opinion=first, version=first.version, by=personas.commune_a)
        second = opinion_reject(
            opinion=second, version=second.version, reason="Trùng lặp", by=personas.commune_a
        )
        first = opinion_answer(
            opinion=first, version=first.version, answer="Xin cảm ơn.", by=personas.commune_a
        )
        assert counts_of(consultation) == Counts(agree=0, disagree=0, comment=1, pending=0)
        assert first.answered_by == personas.commune_a
        assert first.history.first().history_user == personas.commune_a
        with pytest.raises(Conflict, match="publish it first"):
            opinion_answer(
                opinion=second, version=second.version, answer="Không", by=personas.commune_a
            )

    def test_a_stale_version_is_a_conflict(self, personas: Personas) -> None:
        consultation = open_consultation(personas)
        pending = opinion(consultation)
        loaded = pending.version
        opinion_publish(opinion=pending, version=loaded, by=personas.commune_a)
        with pytest.raises(EditConflict):
            opinion_reject(opinion=pending, version=loaded, reason="Sai", by=personas.commune_a)
        pending.refresh_from_db()
        assert pending.status == OpinionStatus.PUBLISHED
