"""The officers' campaign pages through the test client: list, create, detail, preview, actions."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from smartrural.geo.models import AdministrativeUnit
from smartrural.geo.services import hamlet_create
from smartrural.testing import Personas

from ..models import Campaign, CampaignStatus, Message, Subscriber, Topic
from ..services.campaigns import campaign_enqueue, campaign_submit
from . import factories
from .audience_support import after_2025, many_units
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


# ---------------------------------------------------------------------------------------------
# The audience picker: one date, a tree, the lists as of the date


def test_a_province_officer_picks_among_a_thousand_units_on_a_light_page(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    units = many_units(personas)
    assert units > 950
    client = client_for(personas, personas.province)
    client.get(f"{BASE}new/?as_of=01/06/2023")
    with django_assert_max_num_queries(8):
        response = client.get(f"{BASE}new/?as_of=01/06/2023")
    page = response.content.decode()
    # Every unit once, as one checkbox; 183,012 bytes with the flat list before the tree.
    assert page.count('name="audience_units"') == units
    assert len(response.content) < 130_000
    # One date on the page: the form's own, with the button that shows the units as of it.
    assert page.count('name="audience_as_of"') == 1 and 'name="as_of"' not in page
    assert "Show the units as of this date" in page
    # The province is open, its districts and communes collapsed (a light page to lay out).
    assert page.count("<details open>") == 1
    assert page.count("<details>") == 8 + 8 * 11 + 2 + 1  # and Trà Cú, Càng Long, Ngãi Xuyên
    assert "All of Xã Ngãi Xuyên" in page
    assert '<script src="/static/outreach/audience.js"></script>' in page


def test_showing_the_units_of_another_day_keeps_what_was_typed(personas: Personas) -> None:
    template = commune_template(personas)
    new = after_2025()
    client = client_for(personas, personas.province)
    data = {
        **body(template.pk, personas.hamlet_a_unit.pk, unit=personas.province_unit.pk),
        "refresh": "1",
    }
    response = client.post(f"{BASE}new/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert not Campaign.objects.exists()
    assert "This field is required." not in page  # nothing is checked yet
    assert 'value="Lịch tiêm chủng tháng 6"' in page
    assert "noi_dung = Tiêm chủng ngày 10/06 tại trạm y tế." in page
    assert f'value="{personas.hamlet_a_unit.pk}" checked> Ấp Chợ' in page
    assert "1 unit chosen" in page
    assert "Ấp Mới" not in page  # the 2025 hamlets are not those of 01/06/2023
    # The same data as of today: the hamlets after the reorganisation, the rest as typed.
    today = client.post(f"{BASE}new/", {**data, "audience_as_of": "02/12/2026"}).content.decode()
    assert "Ấp Mới" in today and "Ấp Chợ" not in today
    assert f'value="{new["province"].pk}"' in today  # Tỉnh Vĩnh Long sends from today
    assert 'value="Lịch tiêm chủng tháng 6"' in today
    assert "0 units chosen" in today


def test_a_wrong_date_to_show_says_so_and_shows_the_day_used(personas: Personas) -> None:
    template = commune_template(personas)
    client = client_for(personas, personas.commune_a)
    data = body(template.pk, personas.hamlet_a_unit.pk, unit=personas.commune_a_unit.pk)
    page = client.post(
        f"{BASE}new/?as_of=01/06/2023", {**data, "refresh": "1", "audience_as_of": "31/02/2023"}
    ).content.decode()
    assert "Write the date as dd/mm/yyyy. The units shown are those of" in page
    assert 'value="Lịch tiêm chủng tháng 6"' in page


def test_the_picker_fetches_the_lists_as_of_a_date(personas: Personas) -> None:
    after_2025()
    client = client_for(personas, personas.province)
    old = client.get(f"{BASE}new/", {"part": "audience", "as_of": "01/06/2023"})
    assert old.status_code == 200
    text = old.content.decode()
    assert text.startswith('<div id="audience-part">')
    assert "Ấp Chợ" in text and "Ấp Mới" not in text and "<html" not in text
    assert '<select name="unit"' in text and "Huyện Trà Cú" in text
    now = client.get(f"{BASE}new/", {"part": "audience", "as_of": "2026-12-02"}).content.decode()
    assert "Ấp Mới" in now and "Ấp Chợ" not in now and "Huyện Trà Cú" not in now
    wrong = client.get(f"{BASE}new/", {"part": "audience", "as_of": "hôm qua"})
    assert wrong.status_code == 422
    assert "Write the date as dd/mm/yyyy." in wrong.content.decode()
    # A draft's page: the units under its sending unit only, no sender list.
    campaign = make_campaign(personas)
    edit = client_for(personas, personas.commune_a).get(
        f"{BASE}{campaign.pk}/edit/", {"part": "audience", "as_of": "01/06/2023"}
    )
    text = edit.content.decode()
    assert "Ấp Chợ" in text and "Kim Sơn" not in text and "<select" not in text
    assert f'value="{personas.hamlet_a_unit.pk}" checked>' in text


@pytest.mark.parametrize(
    ("who", "day", "words"),
    [
        # Kim Sơn's officer cannot choose a hamlet of Ngãi Xuyên: no choice of theirs.
        ("commune_b", "01/06/2023", "A unit chosen is not one of your hamlets and communes"),
        # Ấp Chợ did not exist on a day after the reorganisation.
        ("commune_a", "02/12/2026", "A unit chosen is not one of your hamlets and communes"),
    ],
)
def test_an_audience_outside_the_scope_or_the_day_is_refused(
    personas: Personas, who: str, day: str, words: str
) -> None:
    template = commune_template(personas)
    user = getattr(personas, who)
    unit = personas.commune_b_unit if who == "commune_b" else personas.commune_a_unit
    data = body(template.pk, personas.hamlet_a_unit.pk, unit=unit.pk, audience_as_of=day)
    response = client_for(personas, user).post(f"{BASE}new/", data)
    assert response.status_code == 422
    assert words in response.content.decode()
    assert not Campaign.objects.exists()


def test_the_estimate_of_recipients_is_what_enqueue_writes(personas: Personas) -> None:
    """The form shows no estimate; the campaign's page does, per first channel: the same
    numbers as the messages enqueue then writes, for an audience chosen as a whole commune."""
    rach_bot = hamlet_create(
        commune=personas.commune_a_unit, code="2947902", name="Ấp Rạch Bót", kind="ap"
    )
    cho = personas.hamlet_a_unit
    factories.subscriber(cho, phone="84912000001", channels="zns,sms")
    factories.subscriber(rach_bot, phone="84912000002", channels="sms,email")
    factories.subscriber(rach_bot, email="b@example.vn", channels="sms,email")
    factories.subscriber(rach_bot, channels="sms")  # no address: unreachable
    factories.subscriber(cho, phone="84912000003", topics=(Topic.HEALTH,))  # another topic
    gone = factories.subscriber(cho, phone="84912000004")
    Subscriber.objects.filter(pk=gone.pk).update(unsubscribed_at=timezone.now())
    template = commune_template(personas)
    client = client_for(personas, personas.commune_a)
    data = body(template.pk, personas.commune_a_unit.pk, unit=personas.commune_a_unit.pk)
    data["channels"] = ["zns", "sms", "email"]
    assert client.post(f"{BASE}new/", data).status_code == 302
    campaign = Campaign.objects.get()
    page = client.get(f"{BASE}{campaign.pk}/").content.decode()
    estimate = dict(re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td></tr>", page))
    assert estimate == {"Zalo ZNS (to a phone number)": "1", "SMS": "1", "E-mail": "1"}
    assert '<td id="unreachable">1</td>' in page
    campaign_submit(campaign=campaign, version=campaign.version, user=personas.commune_a)
    campaign_enqueue(campaign=campaign)
    written = Counter(Message.objects.filter(campaign=campaign).values_list("channel", flat=True))
    assert written == {"zns": 1, "sms": 1, "email": 1}
    # Once written, the page says whom it was written for: a later unsubscribe changes nothing.
    Subscriber.objects.filter(phone="84912000001").update(unsubscribed_at=timezone.now())
    page = client.get(f"{BASE}{campaign.pk}/").content.decode()
    assert 'id="unreachable"' not in page
    assert "Messages were written for 3 subscribers" in page


def test_unit_names_in_the_tree_are_text(personas: Personas) -> None:
    """Names reach the tree escaped, even one that the unit services would refuse."""
    hostile = '"><img src=x onerror=alert(1)>'
    AdministrativeUnit.objects.filter(pk=personas.hamlet_a_unit.pk).update(name=hostile)
    page = client_for(personas, personas.commune_a).get(f"{BASE}new/?as_of=01/06/2023")
    text = page.content.decode()
    assert "<img src=x" not in text
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in text
