"""Template pages: "Check" shows each channel's count and the limits broken without saving, a
save over a limit is refused with its message, the preview renders every channel with example
values (escaped), the list is scoped with a bounded number of queries."""

from __future__ import annotations

from typing import Any

import pytest

from smartrural.testing import Personas

from ..models import Template
from . import factories

pytestmark = pytest.mark.django_db

BASE = "/outreach/work/templates/"


def client(personas: Personas, user: Any = None) -> Any:
    c = personas.client(user or personas.commune_a)
    c.cookies["django_language"] = "en"
    return c


def texts(personas: Personas, **kw: Any) -> dict[str, Any]:
    return {
        "unit": str(personas.commune_a_unit.pk),
        "name": "Lịch tiêm chủng",
        "topic": "health",
        "subject": "Thông báo {{ ten_ap }}",
        "body": "Kính gửi {{ ten }}: lịch tiêm chủng tháng này.",
        "active": "on",
        "action": "save",
        **kw,
    }


class TemplatePageTests:
    def test_check_shows_the_counts_and_saves_nothing(self, personas: Personas) -> None:
        response = client(personas).post(
            BASE + "add/", texts(personas, action="check", zns_template_id="1", zns_text="x" * 401)
        )
        assert response.status_code == 200
        counts = {c.channel: c for c in response.context["counts"]}
        assert counts["sms"].segments.encoding == "UCS-2"
        assert counts["sms_unaccented"].segments.encoding == "GSM-7"
        assert counts["zns"].over
        page = response.content.decode()
        assert "401" in page and "at most 400" in page
        assert not Template.objects.exists()

    def test_a_zns_text_over_400_is_refused_and_400_saved(self, personas: Personas) -> None:
        c = client(personas)
        refused = c.post(BASE + "add/", texts(personas, zns_template_id="1", zns_text="x" * 401))
        assert refused.status_code == 422 and not Template.objects.exists()
        assert "at most 400" in refused.content.decode()
        saved = c.post(BASE + "add/", texts(personas, zns_template_id="1", zns_text="x" * 400))
        assert saved.status_code == 302 and Template.objects.count() == 1

    def test_a_malformed_placeholder_is_refused(self, personas: Personas) -> None:
        response = client(personas).post(BASE + "add/", texts(personas, body="Kính gửi {{ 1x }}"))
        assert response.status_code == 422
        assert "is not a placeholder" in response.content.decode()

    def test_an_edit_on_an_old_version_is_a_conflict(self, personas: Personas) -> None:
        t = factories.template(personas.commune_a_unit)
        c = client(personas)
        assert c.post(f"{BASE}{t.pk}/", texts(personas, name="Một", version="1")).status_code == 302
        assert c.post(f"{BASE}{t.pk}/", texts(personas, name="Hai", version="1")).status_code == 409
        assert Template.objects.get().name == "Một"
        assert "Một" in c.get(f"{BASE}{t.pk}/history/").content.decode()

    def test_preview_renders_each_channel_with_escaped_values(self, personas: Personas) -> None:
        t = factories.template(personas.commune_a_unit)
        response = client(personas).get(
            f"{BASE}{t.pk}/preview/", {"noi_dung": "<script>alert(1)</script>", "xa": "Ngãi Xuyên"}
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "Kính gửi Nguyễn Văn An (Ấp Chợ)" in page
        channels = [p["channel"] for p in response.context["previews"]]
        assert len(channels) == 5

    def test_the_list_is_scoped_with_few_queries(
        self, personas: Personas, django_assert_max_num_queries: Any
    ) -> None:
        for n in range(20):
            factories.template(personas.commune_a_unit, name=f"Mẫu {n}")
        c = client(personas)
        c.get(BASE)
        with django_assert_max_num_queries(10):
            assert len(c.get(BASE).context["page"].object_list) == 20
        assert len(client(personas, personas.commune_b).get(BASE).context["page"].object_list) == 0
