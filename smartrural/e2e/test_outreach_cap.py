"""An officer of Ngãi Xuyên imports a warning agency's CAP alert in Chromium: the preview says
what it becomes, confirmed it is a published emergency bulletin and a campaign to the residents
of its area; a file failing the CAP 1.2 schema is refused with the line and the reason, nothing
written; the emergency bulletin's CAP export downloads and passes the OASIS schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from smartrural.outreach import cap
from smartrural.outreach.models import (
    Bulletin,
    BulletinStatus,
    Campaign,
    CapAlert,
    Priority,
    Topic,
)
from smartrural.outreach.tests import factories
from smartrural.outreach.tests.station_support import station as make_station
from smartrural.testing import Personas

from .helpers import PageProblems, assert_accessible, log_in, use_english
from .outreach_support import check_pages, flash

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
DATA = Path(__file__).parents[1] / "outreach" / "tests" / "data"
WORK = "/outreach/work"


def test_a_cap_alert_imported_on_the_page_plays_is_sent_and_exports_back(
    live_server: Any, page: Any, personas: Personas, tmp_path: Path
) -> None:
    base = live_server.url
    problems = PageProblems(page)
    make_station(personas.commune_a_unit, "Đài truyền thanh xã Ngãi Xuyên")
    factories.subscriber(
        personas.hamlet_a_unit, phone="84912345678", channels="sms", topics=(Topic.WEATHER,)
    )
    use_english(page, base)
    log_in(page, base, personas.commune_a.username, language="en")

    # A file failing the schema: the line and the reason, nothing written.
    page.goto(f"{base}{WORK}/cap/import/")
    page.get_by_label("CAP 1.2 file (XML)").set_input_files(DATA / "cap_invalid.xml")
    page.get_by_role("button", name="Read the file").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("The file does not follow the CAP 1.2 schema")
    assert not CapAlert.objects.exists() and not Bulletin.objects.exists()
    assert not Campaign.objects.exists()
    assert_accessible(page)

    # The alert: previewed, then imported.
    page.get_by_label("CAP 1.2 file (XML)").set_input_files(DATA / "cap_alert.xml")
    page.get_by_role("button", name="Read the file").click()
    page.wait_for_load_state()
    preview = page.locator("#preview")
    expect(preview).to_be_visible()
    expect(page.locator("#preview-zones")).to_contain_text("Ngãi Xuyên")
    title = page.locator("#preview-title").inner_text().strip()
    assert not CapAlert.objects.exists()  # the preview writes nothing
    assert_accessible(page)
    page.get_by_role("button", name="Import this alert").click()
    page.wait_for_load_state()
    expect(flash(page)).to_contain_text(f"Alert imported: bulletin “{title}” is published.")
    (alert,) = CapAlert.objects.all()
    bulletin = alert.bulletin
    assert bulletin is not None
    assert (bulletin.title, bulletin.priority, bulletin.status) == (
        title,
        Priority.EMERGENCY,
        BulletinStatus.PUBLISHED,
    )
    expect(page.locator("#priority")).to_have_text("Emergency")
    expect(page.locator("audio[controls]")).to_have_count(1)
    campaign = alert.campaign
    assert campaign is not None and campaign.unit_id == personas.commune_a_unit.pk

    # The campaign is on the campaigns' page; the bulletin on the bulletins' page.
    page.goto(f"{base}{WORK}/campaigns/")
    expect(page.get_by_role("link", name=campaign.title)).to_be_visible()
    page.goto(f"{base}{WORK}/bulletins/")
    expect(page.get_by_role("link", name=title)).to_be_visible()

    # Exported back as CAP 1.2: a download that passes the OASIS schema.
    page.get_by_role("link", name=title).click()
    page.wait_for_load_state()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CAP 1.2 file (.xml)").click()
    saved = tmp_path / "export.xml"
    download_info.value.save_as(saved)
    xml_bytes = saved.read_bytes()
    root = cap.validate(xml_bytes)  # raises CapError on any schema problem
    assert root.tag == "{urn:oasis:names:tc:emergency:cap:1.2}alert"
    exported = cap.parse_alert(xml_bytes)
    assert exported.title == title
    assert exported.priority == Priority.EMERGENCY
    assert exported.identifier == cap.cap_identifier(bulletin)
    check_pages(problems, 422, 400)
