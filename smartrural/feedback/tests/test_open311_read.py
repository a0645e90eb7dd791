"""Open311 reads through HTTP, in JSON and XML: discovery, services, a service's definition,
the published reports (filters, the 90-day window, the 1,000 cap) and one report, tokens, and
the error documents. Hidden reports and private data never come out."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from django.test import Client

from smartrural.feedback.models import Report
from smartrural.feedback.services import report_note, report_reply
from smartrural.testing import IN_2023, TODAY, Clock, Personas, clock_at

from .factories import file_report, today_units

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"


def get_json(path: str, expect: int = 200, **params: Any) -> Any:
    response = Client().get(f"{BASE}/{path}.json", params)
    assert response.status_code == expect, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def get_xml(path: str, expect: int = 200, **params: Any) -> ET.Element:
    response = Client().get(f"{BASE}/{path}.xml", params)
    assert response.status_code == expect, response.content
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return ET.fromstring(response.content)  # noqa: S314 - our own server's answer


def ids(found: list[dict[str, Any]]) -> list[int]:
    return [int(r["service_request_id"]) for r in found]


class DiscoveryTests:
    def test_it_lists_the_v2_endpoint_in_both_formats(self, db: None) -> None:
        doc = get_json("discovery")
        endpoint = doc["endpoints"][0]
        assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
        assert endpoint["url"] == "http://testserver/open311/v2"
        assert endpoint["formats"] == ["text/xml", "application/json"]
        root = get_xml("discovery")
        assert root.tag == "discovery"
        formats = root.findall("endpoints/endpoint/formats/format")
        assert [f.text for f in formats] == ["text/xml", "application/json"]


class ServiceListTests:
    def test_it_lists_active_leaf_categories_with_their_group(self, db: None) -> None:
        services = {s["service_code"]: s for s in get_json("services")}
        assert "ha-tang" not in services  # a group, not a service
        road = services["giao-thong"]
        assert road["service_name"] == "Đường giao thông, cầu, cống"
        assert road["group"] == "Hạ tầng"
        assert road["type"] == "realtime" and road["metadata"] is False
        assert "sạt" in road["keywords"]
        assert services["thuy-loi"]["metadata"] is True
        assert services["moi-truong"]["group"] == ""

    def test_an_inactive_category_is_not_offered(self, db: None) -> None:
        from smartrural.feedback.models import Category

        Category.objects.filter(code="dien").update(active=False)
        assert "dien" not in {s["service_code"] for s in get_json("services")}
        get_json("services/dien", expect=404)

    def test_xml_has_one_service_element_each(self, db: None) -> None:
        root = get_xml("services")
        assert root.tag == "services"
        road = next(s for s in root.findall("service") if s.findtext("service_code") == "dien")
        assert road.findtext("metadata") == "false" and road.findtext("group") == "Hạ tầng"


class ServiceDefinitionTests:
    def test_it_gives_the_attributes_with_their_values(self, db: None) -> None:
        doc = get_json("services/moi-truong")
        assert doc["service_code"] == "moi-truong"
        (attr,) = doc["attributes"]
        assert attr["code"] == "loai-o-nhiem" and attr["datatype"] == "singlevaluelist"
        assert attr["required"] is True and attr["variable"] is True and attr["order"] == 1
        assert {"key": "rac", "name": "Rác thải"} in attr["values"]
        root = get_xml("services/moi-truong")
        assert root.tag == "service_definition"
        keys = [v.findtext("key") for v in root.findall("attributes/attribute/values/value")]
        assert keys == ["rac", "nuoc", "khong-khi", "tieng-on"]

    def test_an_unknown_or_group_code_is_404_in_the_error_format(self, db: None) -> None:
        assert get_json("services/khong-co", expect=404)[0]["code"] == 404
        errors = get_xml("services/ha-tang", expect=404)
        assert errors.tag == "errors"
        assert errors.findtext("error/code") == "404"
        assert "ha-tang" in (errors.findtext("error/description") or "")


class RequestListTests:
    def test_a_report_reads_as_the_spec_says_and_without_private_data(
        self, personas: Personas
    ) -> None:
        with clock_at(TODAY):
            units = today_units(personas)
            report = file_report(units.hamlet_a_unit, on=TODAY).report
            (found,) = get_json("requests")
        assert found == {
            "service_request_id": str(report.pk),
            "status": "open",
            "status_notes": "",
            "service_name": "Đường giao thông, cầu, cống",
            "service_code": "giao-thong",
            "description": "Đường liên ấp bị sạt lở một đoạn khoảng 20 m.",
            "agency_responsible": "Xã Trà Cú",
            "service_notice": "",
            "requested_datetime": "2026-12-02T09:00:00+07:00",
            "updated_datetime": "2026-12-02T09:00:00+07:00",
            "expected_datetime": "2026-12-16T23:59:59+07:00",
            "address": "Ấp Chợ",
            "address_id": "2946101",
            "zipcode": "",
            "lat": None,
            "long": None,
            "media_url": "",
        }

    def test_the_xml_list_has_the_same_fields(self, personas: Personas) -> None:
        with clock_at(TODAY):
            units = today_units(personas)
            report = file_report(units.hamlet_a_unit, on=TODAY).report
            root = get_xml("requests")
        assert root.tag == "service_requests"
        (item,) = root.findall("request")
        assert item.findtext("service_request_id") == str(report.pk)
        assert item.findtext("status") == "open"
        assert item.findtext("requested_datetime") == "2026-12-02T09:00:00+07:00"
        assert item.find("lat") is not None and item.findtext("lat") == ""

    def test_hidden_reports_names_phones_and_notes_never_appear(self, personas: Personas) -> None:
        with clock_at(TODAY):
            units = today_units(personas)
            shown = file_report(units.hamlet_a_unit, on=TODAY).report
            hidden = file_report(units.hamlet_a_unit, on=TODAY).report
            Report.objects.filter(pk=hidden.pk).update(hidden=True)
            report_note(report=shown, internal_text="Ông An là người quen", by=personas.commune_a)
            body = Client().get(f"{BASE}/requests.json").content.decode()
            xml = Client().get(f"{BASE}/requests.xml").content.decode()
            get_json(f"requests/{hidden.pk}", expect=404)
        assert ids(json.loads(body)) == [shown.pk]
        for text in (body, xml):
            for private in ("Nguyễn Văn An", "0912345678", "người quen", "vpdp", "xa-"):
                assert private not in text

    def test_status_notes_is_the_latest_public_reply_and_a_moderated_text(
        self, personas: Personas, clock: Clock
    ) -> None:
        clock.set(TODAY)
        units = today_units(personas)
        report = file_report(units.hamlet_a_unit, on=TODAY).report
        report_reply(
            report=report, public_text="Đã cử cán bộ xuống kiểm tra.", by=personas.commune_a
        )
        (found,) = get_json("requests")
        assert found["status_notes"] == "Đã cử cán bộ xuống kiểm tra."
        Report.objects.filter(pk=report.pk).update(public_description="Đường bị sạt lở.")
        report.events.update(public_text_hidden=True)
        (found,) = get_json("requests")
        assert found["status_notes"] == "" and found["description"] == "Đường bị sạt lở."

    def test_by_default_it_lists_the_last_90_days(self, personas: Personas, clock: Clock) -> None:
        clock.set(TODAY)
        units = today_units(personas)
        day_90 = file_report(units.hamlet_a_unit, on=TODAY - dt.timedelta(days=90)).report
        file_report(units.hamlet_a_unit, on=TODAY - dt.timedelta(days=91))
        clock.set(TODAY)
        # 09:00 ninety days ago is inside [now - 90 days, now] while the clock reads 09:00+.
        assert ids(get_json("requests")) == [day_90.pk]

    def test_a_start_date_alone_gives_90_days_from_it(self, personas: Personas) -> None:
        old = file_report(personas.hamlet_a_unit, on=IN_2023).report
        file_report(personas.hamlet_a_unit, on=IN_2023 + dt.timedelta(days=91))
        found = get_json("requests", start_date="2023-06-01T00:00:00+07:00")
        assert ids(found) == [old.pk]
        assert ids(get_json("requests", start_date="2023-06-01")) == [old.pk]

    def test_the_window_is_exact_at_its_ends(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit, on=IN_2023).report  # 02:00Z
        at = "2023-06-01T02:00:00Z"
        assert ids(get_json("requests", start_date=at, end_date=at)) == [report.pk]
        after = "2023-06-01T02:00:01Z"
        assert get_json("requests", start_date=after, end_date="2023-06-02T00:00:00Z") == []

    def test_a_window_longer_than_90_days_or_backwards_is_400(self, db: None) -> None:
        ninety = get_json(
            "requests", start_date="2023-01-01T00:00:00Z", end_date="2023-04-01T00:00:00Z"
        )
        assert ninety == []
        errors = get_json(
            "requests",
            expect=400,
            start_date="2023-01-01T00:00:00Z",
            end_date="2023-04-01T00:00:01Z",
        )
        assert "90" in errors[0]["description"]
        get_json("requests", expect=400, start_date="2023-02-01", end_date="2023-01-01")

    @pytest.mark.parametrize("value", ["hôm qua", "2023-13-01", "2023-06-01T25:00", "1e9"])
    def test_a_date_that_is_not_iso_8601_is_400_naming_the_parameter(
        self, db: None, value: str
    ) -> None:
        errors = get_json("requests", expect=400, end_date=value)
        assert errors[0]["code"] == 400 and "end_date" in errors[0]["description"]
        xml = get_xml("requests", expect=400, start_date=value)
        assert "start_date" in (xml.findtext("error/description") or "")

    def test_status_and_service_code_filters_take_comma_lists(
        self, personas: Personas, clock: Clock
    ) -> None:
        clock.set(TODAY)
        units = today_units(personas)
        road = file_report(units.hamlet_a_unit, on=TODAY).report
        power = file_report(units.hamlet_a_unit, on=TODAY, category_code="dien").report
        security = file_report(units.hamlet_a_unit, on=TODAY, category_code="an-ninh").report
        Report.objects.filter(pk=security.pk).update(status="resolved")
        clock.set(TODAY)
        assert set(ids(get_json("requests", service_code="giao-thong,dien"))) == {road.pk, power.pk}
        assert ids(get_json("requests", status="closed")) == [security.pk]
        assert len(get_json("requests", status="open,closed")) == 3
        assert ids(get_json("requests", status="open", service_code="an-ninh")) == []
        assert (
            "khong-co"
            in get_json("requests", expect=400, service_code="dien,khong-co")[0]["description"]
        )
        assert len(get_json("requests", jurisdiction_id="vinhlong")) == 3  # ignored
        get_json("requests", expect=400, status="pending")

    def test_service_request_ids_override_the_window(self, personas: Personas) -> None:
        a = file_report(personas.hamlet_a_unit, on=IN_2023).report
        b = file_report(personas.hamlet_a_unit, on=IN_2023).report
        found = get_json("requests", service_request_id=f"{a.pk}, {b.pk},999999", status="closed")
        assert sorted(ids(found)) == sorted([a.pk, b.pk])
        get_json("requests", expect=400, service_request_id="1,abc")

    def test_it_returns_at_most_1000_reports_newest_first(self, personas: Personas) -> None:
        first = file_report(personas.hamlet_a_unit, on=IN_2023).report
        row: dict[str, Any] = dict(Report.objects.filter(pk=first.pk).values().get())
        del row["id"]
        Report.objects.bulk_create(
            [Report(**{**row, "tracking_hash": f"h{i}"}) for i in range(1000)]
        )
        found = get_json("requests", start_date="2023-05-01", end_date="2023-07-01")
        assert len(found) == 1000
        assert first.pk not in ids(found)  # the oldest (lowest id, same time) is the one left


class OneRequestTests:
    def test_it_reads_one_report_in_json_and_xml_in_2023_too(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit, on=IN_2023).report
        (found,) = get_json(f"requests/{report.pk}")
        assert found["agency_responsible"] == "Xã Ngãi Xuyên"
        assert found["expected_datetime"] == "2023-06-15T23:59:59+07:00"
        root = get_xml(f"requests/{report.pk}")
        assert root.findtext("request/service_request_id") == str(report.pk)

    @pytest.mark.parametrize("pk", ["999999", "abc", "1" * 30, "-1"])
    def test_an_unknown_id_is_404(self, db: None, pk: str) -> None:
        assert get_json(f"requests/{pk}", expect=404)[0]["code"] == 404


class TokenTests:
    def test_a_token_gives_its_request_id(self, personas: Personas) -> None:
        done = file_report(personas.hamlet_a_unit, on=IN_2023)
        token = done.tracking_code.lower()
        (found,) = get_json(f"tokens/{token}")
        assert found == {"service_request_id": str(done.report.pk), "token": token}
        root = get_xml(f"tokens/{token}")
        assert root.findtext("request/service_request_id") == str(done.report.pk)

    def test_an_unknown_token_or_a_hidden_report_is_404(self, personas: Personas) -> None:
        done = file_report(personas.hamlet_a_unit, on=IN_2023)
        get_json("tokens/ABCD-EFGH-JK", expect=404)
        get_json("tokens/x", expect=404)
        Report.objects.filter(pk=done.report.pk).update(hidden=True)
        get_json(f"tokens/{done.tracking_code}", expect=404)


class ProtocolTests:
    def test_reads_allow_any_origin(self, db: None) -> None:
        assert Client().get(f"{BASE}/services.json")["Access-Control-Allow-Origin"] == "*"

    def test_a_wrong_method_is_405_in_the_error_format(self, db: None) -> None:
        response = Client().post(f"{BASE}/services.xml")
        assert response.status_code == 405 and response["Allow"] == "GET"
        root = ET.fromstring(response.content)  # noqa: S314 - our own server's answer
        assert root.findtext("error/code") == "405"


class QueryCountTests:
    def test_the_list_takes_two_queries_whatever_its_length(
        self, personas: Personas, django_assert_num_queries: Any
    ) -> None:
        for _ in range(5):
            done = file_report(personas.hamlet_a_unit, on=IN_2023).report
            report_reply(report=done, public_text="Đã tiếp nhận.", by=personas.commune_a)
        with django_assert_num_queries(2):  # the reports (with their relations), their events
            found = get_json("requests", start_date="2023-05-01", end_date="2023-07-01")
        assert len(found) == 5 and {r["status_notes"] for r in found} == {"Đã tiếp nhận."}
