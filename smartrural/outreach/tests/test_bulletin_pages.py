"""The officers' bulletin and CAP pages through the test client: making a bulletin from text or
a recording, the player, publishing and withdrawing, the CAP import (preview, confirm, at once)
and the CAP file download."""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from lxml import etree

from smartrural.testing import Personas

from .. import cap
from ..models import Bulletin, BulletinStatus, CapAlert, Priority
from . import bulletin_factories as f
from .test_bulletins import PDF
from .test_cap import read

pytestmark = pytest.mark.django_db


def client(p: Personas, user: Any) -> Client:
    c = p.client(user)
    c.cookies["django_language"] = "en"
    return c


WINDOW = {"plays_from": "01/12/2026 08:00", "expires_at": "31/12/2099 08:00"}


class BulletinPageTests:
    def test_an_officer_makes_a_spoken_bulletin_and_hears_it(self, personas: Personas) -> None:
        c = client(personas, personas.commune_a)
        page = c.get("/outreach/work/bulletins/new/text/")
        assert page.status_code == 200
        response = c.post(
            "/outreach/work/bulletins/new/text/",
            {
                "unit": personas.commune_a_unit.pk,
                "title": "Lịch cắt điện",
                "text": "Ngày mai cắt điện từ bảy giờ đến mười một giờ.",
                "priority": "1",
                **WINDOW,
            },
        )
        assert response.status_code == 302, response.content[:500]
        bulletin = Bulletin.objects.get()
        assert bulletin.priority == Priority.PRIORITY
        detail = c.get(response["Location"])
        assert b"<audio controls" in detail.content
        audio = c.get(f"/outreach/work/bulletins/{bulletin.pk}/audio.mp3")
        assert audio.status_code == 200
        assert audio["Content-Type"] == "audio/mpeg"
        assert audio.getvalue()[:3] in (b"ID3", b"\xff\xfb", b"\xff\xf3")
        # Someone of another commune neither sees it nor hears it.
        other = client(personas, personas.commune_b)
        assert other.get(f"/outreach/work/bulletins/{bulletin.pk}/audio.mp3").status_code == 404

    def test_a_renamed_pdf_is_refused_on_the_page(self, personas: Personas) -> None:
        c = client(personas, personas.commune_a)
        response = c.post(
            "/outreach/work/bulletins/new/upload/",
            {
                "unit": personas.commune_a_unit.pk,
                "title": "Ghi âm",
                "audio": SimpleUploadedFile("ban-tin.mp3", PDF, "audio/mpeg"),
                "priority": "0",
                **WINDOW,
            },
        )
        assert response.status_code == 422
        assert "“ban-tin.mp3” is a PDF file, not a sound recording" in response.content.decode()
        assert not Bulletin.objects.exists()

    def test_publish_and_withdraw_are_buttons_of_the_page(self, personas: Personas) -> None:
        station = f.station(personas.commune_a_unit)
        other = f.station(personas.commune_b_unit, "Đài xã Kim Sơn")
        bulletin = f.recorded(personas.commune_a_unit, personas.commune_a, seconds=0.5)
        c = client(personas, personas.commune_a)
        detail = c.get(f"/outreach/work/bulletins/{bulletin.pk}/").content.decode()
        assert 'id="publish"' in detail
        assert "Đài xã Kim Sơn" not in detail  # only the officer's own stations are offered
        refused = c.post(
            f"/outreach/work/bulletins/{bulletin.pk}/publish/",
            {"version": bulletin.version, "stations": [other.pk]},
        )
        assert refused.status_code == 422  # not a choice of the form
        done = c.post(
            f"/outreach/work/bulletins/{bulletin.pk}/publish/",
            {"version": bulletin.version, "stations": [station.pk]},
        )
        assert done.status_code == 302
        bulletin.refresh_from_db()
        assert bulletin.status == BulletinStatus.PUBLISHED
        assert (
            c.post(
                f"/outreach/work/bulletins/{bulletin.pk}/withdraw/", {"version": bulletin.version}
            ).status_code
            == 302
        )
        bulletin.refresh_from_db()
        assert bulletin.status == BulletinStatus.WITHDRAWN

    def test_the_list_filters_and_counts_its_queries(
        self, personas: Personas, django_assert_max_num_queries: Any
    ) -> None:
        for _ in range(3):
            f.recorded(personas.commune_a_unit, personas.commune_a, seconds=0.5)
        f.recorded(personas.commune_b_unit, personas.commune_b, seconds=0.5)
        c = client(personas, personas.commune_a)
        c.get("/outreach/work/bulletins/")
        with django_assert_max_num_queries(12):
            page = c.get("/outreach/work/bulletins/?priority=0&status=draft")
        assert page.content.decode().count("Lịch tiêm chủng") == 3
        assert (
            "Lịch tiêm chủng"
            not in c.get("/outreach/work/bulletins/?status=published").content.decode()
        )


class CapPageTests:
    def test_preview_then_confirm_imports_the_alert(self, personas: Personas) -> None:
        f.station(personas.commune_a_unit)
        c = client(personas, personas.commune_a)
        preview = c.post(
            "/outreach/work/cap/import/",
            {"file": SimpleUploadedFile("a.xml", read("cap_alert.xml"))},
        )
        assert preview.status_code == 200
        html = preview.content.decode()
        assert "Độ mặn trên sông Hậu vượt 4 phần nghìn" in html
        assert "Xã Ngãi Xuyên" in html
        assert not CapAlert.objects.exists()  # a preview writes nothing
        xml = re.search(r'name="xml" value="([^"]+)"', html)
        assert xml is not None
        assert base64.b64decode(xml.group(1)) == read("cap_alert.xml")
        done = c.post("/outreach/work/cap/import/confirm/", {"xml": xml.group(1)})
        assert done.status_code == 302
        alert = CapAlert.objects.get()
        assert done["Location"] == f"/outreach/work/bulletins/{alert.bulletin_id}/"
        listing = c.get("/outreach/work/cap/").content.decode()
        assert "KTTV-NB-2026-0412" in listing

    def test_a_file_failing_the_schema_is_shown_with_its_error(self, personas: Personas) -> None:
        c = client(personas, personas.commune_a)
        response = c.post(
            "/outreach/work/cap/import/",
            {"file": SimpleUploadedFile("x.xml", read("cap_invalid.xml")), "direct": "on"},
        )
        assert response.status_code == 422
        assert "does not follow the CAP 1.2 schema (line 7)" in response.content.decode()
        assert not CapAlert.objects.exists()

    def test_the_emergency_bulletin_downloads_as_cap(self, personas: Personas) -> None:
        f.station(personas.commune_a_unit)
        bulletin = f.published(personas.commune_a_unit, personas.commune_a)
        c = client(personas, personas.viewer_a)
        assert 'cap.xml"' in c.get(f"/outreach/work/bulletins/{bulletin.pk}/").content.decode()
        response = c.get(f"/outreach/work/bulletins/{bulletin.pk}/cap.xml")
        assert response.status_code == 200
        assert (
            response["Content-Disposition"]
            == f'attachment; filename="bulletin-{bulletin.pk}.cap.xml"'
        )
        assert cap.schema().validate(etree.fromstring(response.content))


def test_a_commune_reads_the_province_bulletin_on_its_station_and_cannot_change_it(
    personas: Personas,
) -> None:
    """The province's emergency sent to the commune's station is on the commune's pages, read
    only; another commune, and the province's drafts, stay out of sight."""
    station = f.station(personas.commune_a_unit)
    sent = f.recorded(personas.province_unit, personas.province)
    sent = f.services.bulletin_publish(
        bulletin=sent, version=None, stations=[station], by=personas.province
    )
    draft = f.recorded(personas.province_unit, personas.province)
    a = client(personas, personas.commune_a)
    listed = a.get("/outreach/work/bulletins/").content.decode()
    assert f"/outreach/work/bulletins/{sent.pk}/" in listed
    assert f"/outreach/work/bulletins/{draft.pk}/" not in listed
    detail = a.get(f"/outreach/work/bulletins/{sent.pk}/")
    assert detail.status_code == 200
    assert f"/bulletins/{sent.pk}/withdraw/" not in detail.content.decode()
    assert a.get(f"/outreach/work/bulletins/{draft.pk}/").status_code == 404
    withdraw = a.post(f"/outreach/work/bulletins/{sent.pk}/withdraw/", {"version": sent.version})
    assert withdraw.status_code == 403
    sent.refresh_from_db()
    assert sent.status == BulletinStatus.PUBLISHED
    b = client(personas, personas.commune_b)
    assert b.get(f"/outreach/work/bulletins/{sent.pk}/").status_code == 404
    assert (
        f"/outreach/work/bulletins/{sent.pk}/"
        not in b.get("/outreach/work/bulletins/").content.decode()
    )
    # A zone above the commune (the province) reaches every commune under it.
    everywhere = f.published(personas.province_unit, personas.province)
    assert b.get(f"/outreach/work/bulletins/{everywhere.pk}/").status_code == 200
