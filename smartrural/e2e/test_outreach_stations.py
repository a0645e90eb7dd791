"""An officer of Ngãi Xuyên sets up the commune radio in Chromium: a station, a loudspeaker
cluster whose device token is shown once (not again on reload); a simulated cluster uses that
token against the live server over HTTP, and the station page shows it working with its last
contact; once the token is revoked on the page the cluster gets 401. On 02/12/2026 and on
01/06/2023 (the pages show the day's date and the clock's times)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from smartrural.outreach.fakes.station import SimulatedCluster
from smartrural.outreach.models import Cluster, Heartbeat, Station
from smartrural.testing import Personas

from .helpers import PageProblems, assert_accessible, log_in, use_english
from .outreach_support import SCRIPT, assert_shown_as_text, check_pages, flash

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
WORK = "/outreach/work"
STATION = "Đài truyền thanh xã Ngãi Xuyên"
CLUSTER = "Cụm loa ấp Chợ " + SCRIPT


def test_a_cluster_gets_its_token_once_reports_and_is_cut_off_when_revoked(
    live_server: Any, page: Any, personas: Personas, on_both_dates: dt.date
) -> None:
    base = live_server.url
    problems = PageProblems(page)
    day = on_both_dates.strftime("%d/%m/%Y")
    use_english(page, base)
    log_in(page, base, personas.commune_a.username, language="en")

    page.goto(f"{base}{WORK}/stations/add/")
    page.locator("#id_unit").select_option(str(personas.commune_a_unit.pk))
    page.locator("#id_name").fill(STATION)
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    expect(flash(page)).to_contain_text(f"Radio station “{STATION}” added.")
    (station,) = Station.objects.all()
    assert station.unit_id == personas.commune_a_unit.pk
    assert page.url.endswith(f"/stations/{station.pk}/")

    page.get_by_role("link", name="Add a loudspeaker cluster").click()
    page.locator("#id_name").fill(CLUSTER)
    page.locator("#id_hamlet").select_option(str(personas.hamlet_a_unit.pk))
    page.locator("#id_speakers").fill("6")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    token = page.locator("#device-token").inner_text().strip()
    (cluster,) = Cluster.objects.all()
    assert (cluster.name, cluster.speakers, cluster.hamlet_id) == (
        CLUSTER,
        6,
        personas.hamlet_a_unit.pk,
    )
    assert len(token) >= 32 and token.startswith(cluster.token_prefix)
    assert token not in str(cluster.token_hash)  # only its hash is kept
    assert_shown_as_text(page, CLUSTER)
    assert_accessible(page)

    # Shown once: reloading the page (the browser sends the form again) neither shows it
    # again nor adds a twin cluster.
    page.reload()
    page.wait_for_load_state()
    expect(page.locator("#id_name_error, .errorlist").first).to_contain_text(
        "This station already has a loudspeaker cluster named"
    )
    assert token not in page.content()
    assert Cluster.objects.count() == 1
    page.goto(f"{base}{WORK}/stations/{station.pk}/")
    assert token not in page.content()
    row = page.locator("#clusters tbody tr", has_text="Cụm loa ấp Chợ")
    expect(row).to_contain_text("No contact")
    expect(row).to_contain_text("never")

    # The device polls with the token over HTTP, and its heartbeat shows on the page.
    with SimulatedCluster(base, token) as device:
        assert device.next() == []
        assert device.heartbeat()["status"] == "ok"
        assert Heartbeat.objects.filter(cluster=cluster).count() == 1
    page.reload()
    row = page.locator("#clusters tbody tr", has_text="Cụm loa ấp Chợ")
    expect(row).to_contain_text("Working")
    expect(row).to_contain_text(day)  # the last contact, on the clock's day
    assert_shown_as_text(page, CLUSTER)
    assert_accessible(page)

    # A new token: shown once (a reload issues no third one); the old one stops working.
    row.get_by_role("button", name="New token").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("A new token was issued")
    new_token = page.locator("#device-token").inner_text().strip()
    assert new_token != token
    page.reload()
    page.wait_for_load_state()
    expect(flash(page)).to_contain_text("changed after the page was opened")
    assert new_token not in page.content()
    cluster.refresh_from_db()
    assert new_token.startswith(cluster.token_prefix)
    assert refused_status(base, token) == 401
    with SimulatedCluster(base, new_token) as device:
        assert device.next() == []

        # Revoked on the page: the device is refused from then on.
        page.goto(f"{base}{WORK}/stations/{station.pk}/")
        row = page.locator("#clusters tbody tr", has_text="Cụm loa ấp Chợ")
        row.get_by_role("button", name="Revoke token").click()
        page.wait_for_load_state()
        expect(flash(page)).to_contain_text("is revoked: the cluster can no longer fetch")
        expect(page.locator("#clusters tbody tr", has_text="Cụm loa ấp Chợ")).to_contain_text(
            "Token revoked"
        )
        cluster.refresh_from_db()
        assert cluster.token_revoked_at is not None
    assert refused_status(base, new_token) == 401

    # The station's programme is the clock's day.
    page.get_by_role("link", name="Programme").first.click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text(f"Programme of {STATION} on {day}")
    assert_accessible(page)
    check_pages(problems, 422)


def refused_status(base: str, token: str) -> int:
    """The status a simulated cluster polling with ``token`` is answered with."""
    with SimulatedCluster(base, token) as device, pytest.raises(httpx.HTTPStatusError) as refused:
        device.next()
    return refused.value.response.status_code
