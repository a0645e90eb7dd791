"""Template services: each channel's limit refused with its own message, placeholders checked,
edits versioned with history, the unaccented SMS forced when the gateway has no Unicode."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from django.utils import translation

from smartrural.core.errors import ValidationFailed
from smartrural.core.versioning import EditConflict
from smartrural.testing import Personas

from ..models import Channel, Template, Topic
from ..rendering import render
from ..services.templates import template_create, template_update

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


def create(p: Personas, **kw: Any) -> Template:
    values: dict[str, Any] = {
        "name": "Lịch cắt điện",
        "topic": Topic.NTM,
        "subject": "Thông báo của {{ xa }}",
        "body": "Kính gửi {{ ten }} ({{ ten_ap }}): {{ noi_dung }}",
        **kw,
    }
    return template_create(unit=p.commune_a_unit, by=p.commune_a, **values)


def refused(p: Personas, **kw: Any) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as info:
        create(p, **kw)
    assert Template.objects.count() == 0
    return info.value


class TemplateCreateTests:
    def test_a_template_within_every_limit_is_saved(self, personas: Personas) -> None:
        t = create(personas, zns_template_id="248079", zns_text="Kính gửi {{ ten }}")
        assert t.unit == personas.commune_a_unit and t.history.count() == 1

    @pytest.mark.parametrize("bad", ["{{ 1x }}", "{{ họ tên }}", "{{}}", "{{ ten }"])
    def test_a_malformed_placeholder_is_refused(self, personas: Personas, bad: str) -> None:
        error = refused(personas, body=f"Kính gửi {bad}")
        assert error.field == "body"
        assert "is not a placeholder" in error.message or "not closed" in error.message

    def test_a_zns_text_of_400_characters_is_accepted_and_401_refused(
        self, personas: Personas
    ) -> None:
        create(personas, zns_template_id="1", zns_text="x" * 400)
        Template.objects.all().delete()
        error = refused(personas, zns_template_id="1", zns_text="x" * 401)
        assert error.field == "zns_text" and "401" in error.message

    def test_a_zns_template_needs_its_id_and_its_text(self, personas: Personas) -> None:
        assert refused(personas, zns_template_id="248079").field == "zns_text"
        assert refused(personas, zns_text="Kính gửi").field == "zns_template_id"

    def test_an_email_subject_over_200_or_with_a_line_break_is_refused(
        self, personas: Personas
    ) -> None:
        assert refused(personas, subject="x" * 201).field == "subject"

    def test_a_text_over_zalo_oas_2000_is_refused(self, personas: Personas) -> None:
        error = refused(personas, body="x" * 2001, sms_body="Ngắn")
        assert error.field == "body" and "Zalo Official Account" in error.message

    def test_an_sms_over_five_parts_is_refused(self, personas: Personas) -> None:
        error = refused(personas, body="ơ" * 340)  # 6 UCS-2 parts
        assert error.field == "sms_body" and "6 SMS parts" in error.message
        create(personas, body="ơ" * 340, sms_unaccented=True)  # 340 GSM characters: 3 parts

    @override_settings(OUTREACH_SMS_UNICODE=False)
    def test_without_a_unicode_gateway_the_sms_is_unaccented(self, personas: Personas) -> None:
        t = create(personas, sms_unaccented=False, body="Kính gửi {{ ten }}")
        assert t.sms_unaccented
        assert render(t, Channel.SMS, {"ten": "bà con"}).body == "Kinh gui ba con"


class TemplateUpdateTests:
    def test_an_edit_is_kept_in_the_history_and_checked(self, personas: Personas) -> None:
        t = create(personas)
        template_update(template=t, version=1, by=personas.commune_a, body="Mới: {{ ten }}")
        t.refresh_from_db()
        assert (t.body, t.version, t.history.count()) == ("Mới: {{ ten }}", 2, 2)
        with pytest.raises(ValidationFailed):
            template_update(template=t, version=2, by=personas.commune_a, subject="a\nb")
        assert Template.objects.get(pk=t.pk).subject == "Thông báo của {{ xa }}"

    def test_an_edit_on_an_old_version_is_a_conflict(self, personas: Personas) -> None:
        t = create(personas)
        template_update(template=t, version=1, by=personas.commune_a, name="Một")
        with pytest.raises(EditConflict):
            template_update(
                template=Template.objects.get(pk=t.pk), version=1, by=personas.commune_a, name="Hai"
            )
        assert Template.objects.get(pk=t.pk).name == "Một"


class RenderTests:
    def test_a_placeholder_without_a_value_is_refused_when_rendering(
        self, personas: Personas
    ) -> None:
        t = create(personas)
        with pytest.raises(ValidationFailed) as info:
            render(t, Channel.EMAIL, {"ten": "An", "ten_ap": "Ấp Chợ", "xa": "Ngãi Xuyên"})
        assert "noi_dung" in info.value.message
