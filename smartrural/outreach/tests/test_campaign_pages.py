"""The officers' campaign pages through the test client: list, create, detail, preview, actions."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from smartrural.testing import Personas

from ..models import Campaign, CampaignStatus, Message
from ..services.campaigns import campaign_enqueue, campaign_submit
from . import factories
from .campaign_factories import campaign as make_campaign
from .campaign_factories import commune_template, second_province_officer
from .endpoints_campaigns import body

pytestmark = pytest.mark.django_db
BASE = "/outreach/work/campaigns/"


def client_for(personas: Personas, user: Any) -> Client:
    client = personas.client(user)
    client.cookies["django_language"] = "en"
    return client


def test_the_list_counts_campaigns_per_status_in_few_queries(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    for n in range(6):
        made = make_campaign(personas, title=f"Thông báo số {n}")
        if n % 2:
            campaign_submit(campaign=made, version=made.version, user=personas.commune_a)
    make_campaign(
        personas,
        unit=personas.district_unit,
        user=personas.district,
        template=factories.template(personas.district_unit),
        title="Của huyện",
    )
    client = client_for(personas, personas.commune_a)
    client.get(BASE)  # warm the session and the user
    with django_assert_max_num_queries(8):
        response = client.get(BASE)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('href="/outreach/work/campaigns/') >= 6
    assert '<span data-status="draft">3</span>' in page
    assert '<span data-status="scheduled">3</span>' in page
    assert "Của huyện" not in page  # the district's campaign is outside commune A
    filtered = client.get(BASE, {"status": "scheduled"}).content.decode()
    assert "Thông báo số 1" in filtered and "Thông báo số 0" not in filtered


def test_a_campaign_is_written_through_the_form(personas: Personas) -> None:
    template = commune_template(personas)
    client = client_for(personas, personas.commune_a)
    form = client.get(f"{BASE}new/", {"template": str(template.pk), "as_of": "01/06/2023"})
    page = form.content.decode()
    assert "noi_dung =" in page and "Ấp Chợ" in page
    data = body(template.pk, personas.hamlet_a_unit.pk, unit=personas.commune_a_unit.pk)
    response = client.post(f"{BASE}new/", data)
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}{campaign.pk}/"
    assert campaign.values == {
        "xa": "Xã Ngãi Xuyên",
        "noi_dung": "Tiêm chủng ngày 10/06 tại trạm y tế.",
    }
    assert (campaign.channels, campaign.status) == ("sms,email", CampaignStatus.DRAFT)
    assert list(campaign.audience_units.all()) == [personas.hamlet_a_unit]


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"values": "xa = Xã Ngãi Xuyên"}, "No value for the placeholder {{ noi_dung }}"),
        ({"values": "xa Ngãi Xuyên"}, "Line 1: write it as name = value."),
        ({"channels": []}, "This field is required."),
        ({"send_at": "01/01/2020 08:00"}, "The sending time is in the past."),
        ({"audience_as_of": "31/13/2023"}, "Write the date as dd/mm/yyyy."),
    ],
)
def test_bad_input_is_shown_on_the_form_and_nothing_is_written(
    personas: Personas, changes: dict[str, Any], words: str
) -> None:
    template = commune_template(personas)
    data = {**body(template.pk, personas.hamlet_a_unit.pk, unit=personas.commune_a_unit.pk)}
    data.update(changes)
    response = client_for(personas, personas.commune_a).post(f"{BASE}new/", data)
    assert response.status_code == 422
    assert words in response.content.decode()
    assert not Campaign.objects.exists()


def test_the_detail_page_shows_audience_and_deliveries(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    hamlet = personas.hamlet_a_unit
    factories.subscriber(hamlet, phone="84912000001", channels="sms")
    factories.subscriber(hamlet, email="a@example.vn", channels="email,sms")
    factories.subscriber(hamlet, channels="sms")
    campaign = make_campaign(personas, channels=["sms", "email"])
    client = client_for(personas, personas.commune_a)
    page = client.get(f"{BASE}{campaign.pk}/").content.decode()
    assert '<td id="unreachable">1</td>' in page
    assert "No message written yet." in page
    assert "Submit for sending" in page
    campaign_submit(campaign=campaign, version=campaign.version, user=personas.commune_a)
    campaign_enqueue(campaign=campaign)
    client.get(f"{BASE}{campaign.pk}/")
    with django_assert_max_num_queries(12):
        response = client.get(f"{BASE}{campaign.pk}/")
    page = response.content.decode()
    assert 'id="deliveries"' in page
    assert Message.objects.filter(campaign=campaign).count() == 2
    assert "Submit for sending" not in page and "Cancel the campaign" in page


def test_the_preview_renders_each_channel_for_an_example_subscriber(personas: Personas) -> None:
    factories.subscriber(
        personas.hamlet_a_unit, phone="84912000001", name="<b>Tư</b>", channels="sms"
    )
    campaign = make_campaign(personas, channels=["zns", "email"])
    page = client_for(personas, personas.commune_a).get(f"{BASE}{campaign.pk}/preview/")
    text = page.content.decode()
    assert "Kính gửi &lt;b&gt;Tư&lt;/b&gt;, xã thông báo: Cắt điện" in text
    assert "<b>Tư</b>" not in text
    assert "Thông báo của Xã Ngãi Xuyên" in text  # the e-mail subject


def test_the_author_of_a_province_wide_notice_cannot_approve_it(personas: Personas) -> None:
    campaign = make_campaign(
        personas,
        unit=personas.province_unit,
        user=personas.province,
        template=factories.template(personas.province_unit),
        audience_units=[personas.province_unit],
    )
    client = client_for(personas, personas.province)
    client.post(f"{BASE}{campaign.pk}/submit/", {"version": campaign.version})
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.AWAITING_APPROVAL
    page = client.get(f"{BASE}{campaign.pk}/").content.decode()
    assert "a second officer of the province office approves it" in page
    assert ">Approve<" not in page  # no button for its author
    refused = client.post(f"{BASE}{campaign.pk}/approve/", {"version": campaign.version})
    assert refused.status_code == 403
    assert "not by its author" in refused.content.decode()
    second = client_for(personas, second_province_officer())
    assert ">Approve<" in second.get(f"{BASE}{campaign.pk}/").content.decode()
    done = second.post(f"{BASE}{campaign.pk}/approve/", {"version": campaign.version})
    assert done.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SCHEDULED


def test_actions_are_post_only(personas: Personas) -> None:
    campaign = make_campaign(personas)
    client = client_for(personas, personas.commune_a)
    for action in ("submit", "approve", "cancel"):
        assert client.get(f"{BASE}{campaign.pk}/{action}/").status_code == 405
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT


def test_a_stale_edit_is_a_conflict(personas: Personas) -> None:
    campaign = make_campaign(personas)
    client = client_for(personas, personas.commune_a)
    data = body(campaign.template_id, personas.hamlet_a_unit.pk, version=str(campaign.version))
    assert client.post(f"{BASE}{campaign.pk}/edit/", data).status_code == 302
    stale = {**data, "title": "Một tiêu đề khác"}
    response = client.post(f"{BASE}{campaign.pk}/edit/", stale)
    assert response.status_code == 409
    campaign.refresh_from_db()
    assert campaign.title == "Lịch tiêm chủng tháng 6"
