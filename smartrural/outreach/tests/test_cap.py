"""CAP 1.2: an alert imported becomes a published emergency bulletin for the right stations; a
repeat is a no-op; Update replaces, Cancel withdraws; bad files (schema, DOCTYPE and entities,
out of scope, expired) are refused with nothing written; exports pass the OASIS schema and come
back through the import with their headline, expiry and areas."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone, translation
from lxml import etree

from smartrural.core.errors import DomainError, Forbidden
from smartrural.testing import Personas

from .. import cap
from ..cap import imports as cap_imports
from ..models import Bulletin, BulletinSource, BulletinStatus, CapAlert, Priority
from ..services import bulletins as services
from . import bulletin_factories as f

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def stations(personas: Personas) -> dict[str, object]:
    return {
        "a": f.station(personas.commune_a_unit, "Đài xã Ngãi Xuyên"),
        "b": f.station(personas.commune_b_unit, "Đài xã Kim Sơn"),
    }


def nothing_written() -> bool:
    return not CapAlert.objects.exists() and not Bulletin.objects.exists()


class ImportTests:
    def test_an_alert_becomes_a_published_emergency_bulletin(
        self, personas: Personas, stations: dict[str, object]
    ) -> None:
        result = cap.cap_import(xml_bytes=read("cap_alert.xml"), user=personas.commune_a)
        assert result.created
        bulletin = result.alert.bulletin
        assert bulletin is not None
        assert bulletin.source == BulletinSource.CAP
        assert bulletin.priority == Priority.EMERGENCY
        assert bulletin.status == BulletinStatus.PUBLISHED
        # The Vietnamese info, not the first (English) one.
        assert bulletin.title == "Độ mặn trên sông Hậu vượt 4 phần nghìn"
        assert "ngưng lấy nước sông" in bulletin.text
        assert bulletin.duration is not None and bulletin.duration > 5
        assert bulletin.unit == personas.commune_a_unit
        assert list(bulletin.zones.all()) == [personas.commune_a_unit]
        assert list(services.target_stations(bulletin)) == [stations["a"]]
        assert bulletin.expires_at == dt.datetime(2099, 12, 31, 11, 0, tzinfo=dt.UTC)
        alert = result.alert
        assert (alert.sender, alert.identifier) == ("canhbao@kttv-nambo.test", "KTTV-NB-2026-0412")
        assert alert.xml == read("cap_alert.xml").decode()
        assert alert.created_by == personas.commune_a

    def test_the_same_alert_again_changes_nothing(
        self, personas: Personas, stations: object
    ) -> None:
        first = cap.cap_import(xml_bytes=read("cap_alert.xml"), user=personas.commune_a)
        again = cap.cap_import(xml_bytes=read("cap_alert.xml"), user=personas.province)
        assert not again.created
        assert again.alert == first.alert
        assert Bulletin.objects.count() == 1
        assert CapAlert.objects.count() == 1

    def test_an_update_replaces_and_a_cancel_withdraws(
        self, personas: Personas, stations: object
    ) -> None:
        first = cap.cap_import(xml_bytes=read("cap_alert.xml"), user=personas.commune_a)
        update = cap.cap_import(xml_bytes=read("cap_update.xml"), user=personas.commune_a)
        old, new = first.alert.bulletin, update.alert.bulletin
        assert old is not None and new is not None
        old.refresh_from_db()
        assert old.status == BulletinStatus.WITHDRAWN
        assert new.status == BulletinStatus.PUBLISHED
        # Moderate and Expected: an alert still, but no emergency.
        assert new.priority == Priority.PRIORITY
        cancel = cap.cap_import(xml_bytes=read("cap_cancel.xml"), user=personas.commune_a)
        assert cancel.created
        assert cancel.alert.bulletin == old
        assert CapAlert.objects.count() == 3

    def test_a_cancel_of_nothing_received_is_refused(self, personas: Personas) -> None:
        with pytest.raises(DomainError, match="refers to no alert imported here"):
            cap.cap_import(xml_bytes=read("cap_cancel.xml"), user=personas.commune_a)
        assert nothing_written()

    def test_a_file_failing_the_schema_says_the_first_error(self, personas: Personas) -> None:
        with pytest.raises(cap.CapError) as caught:
            cap.cap_import(xml_bytes=read("cap_invalid.xml"), user=personas.province)
        message = caught.value.message
        assert message.startswith("The file does not follow the CAP 1.2 schema (line 7)")
        assert "msgType" in message and "Warning" in message
        assert nothing_written()

    def test_a_doctype_with_entities_is_refused_unread(self, personas: Personas) -> None:
        with pytest.raises(cap.CapError, match="declares a DOCTYPE"):
            cap.cap_import(xml_bytes=read("cap_entities.xml"), user=personas.province)
        assert nothing_written()

    def test_broken_xml_and_oversize_files_are_refused(
        self, personas: Personas, settings: object
    ) -> None:
        with pytest.raises(cap.CapError, match="not well-formed XML"):
            cap.cap_import(xml_bytes=b"<alert><oops></alert>", user=personas.province)
        settings.OUTREACH_CAP_MAX_BYTES = 100  # type: ignore[attr-defined]
        with pytest.raises(cap.CapError, match="at most 100"):
            cap.cap_import(xml_bytes=read("cap_alert.xml"), user=personas.province)
        assert nothing_written()

    def test_an_area_outside_the_officers_units_is_refused(
        self, personas: Personas, stations: object
    ) -> None:
        xml = read("cap_alert.xml").replace(b"<value>29479</value>", b"<value>29482</value>")
        with pytest.raises(Forbidden, match="Xã Kim Sơn, outside your units"):
            cap.cap_import(xml_bytes=xml, user=personas.commune_a)
        assert nothing_written()

    def test_no_gso_code_sends_to_the_officers_whole_scope(
        self, personas: Personas, stations: dict[str, object]
    ) -> None:
        xml = read("cap_alert.xml").replace(
            b"<valueName>GSO</valueName>", b"<valueName>FIPS</valueName>"
        )
        result = cap.cap_import(xml_bytes=xml, user=personas.district)
        bulletin = result.alert.bulletin
        assert bulletin is not None
        assert list(bulletin.zones.all()) == [personas.district_unit]
        assert bulletin.unit == personas.district_unit
        assert set(services.target_stations(bulletin)) == {stations["a"], stations["b"]}

    def test_test_alerts_and_expired_alerts_are_not_broadcast(
        self, personas: Personas, stations: object
    ) -> None:
        test = read("cap_alert.xml").replace(b"<status>Actual</status>", b"<status>Test</status>")
        with pytest.raises(cap.CapError, match="only Actual alerts"):
            cap.cap_import(xml_bytes=test, user=personas.commune_a)
        expired = read("cap_alert.xml").replace(b"2099-12-31T18", b"2020-12-31T18")
        with pytest.raises(cap.CapError, match="expired on 31/12/2020"):
            cap.cap_import(xml_bytes=expired, user=personas.commune_a)
        assert nothing_written()

    def test_an_alert_reaching_no_station_leaves_no_row_and_no_file(
        self, personas: Personas, settings: Any
    ) -> None:
        folder = Path(settings.MEDIA_ROOT) / "bulletins"
        before = set(folder.rglob("*.mp3")) if folder.exists() else set()
        with pytest.raises(DomainError, match="No radio station in service"):
            cap.cap_import(xml_bytes=read("cap_alert.xml"), user=personas.commune_a)
        assert nothing_written()
        after = set(folder.rglob("*.mp3")) if folder.exists() else set()
        assert after == before

    def test_a_read_only_viewer_imports_nothing(self, personas: Personas, stations: object) -> None:
        with pytest.raises(Forbidden):
            cap.cap_import(xml_bytes=read("cap_alert.xml"), user=personas.viewer_a)
        assert nothing_written()

    def test_handlers_run_in_the_import_and_their_failure_undoes_it(
        self, personas: Personas, stations: object, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        seen: list[tuple[CapAlert, cap.ParsedAlert]] = []
        monkeypatch.setattr(
            cap_imports, "ALERT_HANDLERS", [lambda alert, parsed: seen.append((alert, parsed))]
        )
        result = cap.cap_import(xml_bytes=read("cap_alert.xml"), user=personas.commune_a)
        assert seen == [(result.alert, result.plan.parsed)]

        def fail(alert: CapAlert, parsed: cap.ParsedAlert) -> None:
            raise DomainError("campaign refused")

        monkeypatch.setattr(cap_imports, "ALERT_HANDLERS", [fail])
        update = read("cap_update.xml")
        with pytest.raises(DomainError, match="campaign refused"):
            cap.cap_import(xml_bytes=update, user=personas.commune_a)
        assert CapAlert.objects.count() == 1
        assert Bulletin.objects.get().status == BulletinStatus.PUBLISHED


class ExportTests:
    def test_an_emergency_bulletin_exports_as_valid_cap(
        self, personas: Personas, stations: object
    ) -> None:
        bulletin = f.published(personas.commune_a_unit, personas.commune_a)
        xml = cap.cap_export(bulletin)
        root = etree.fromstring(xml)
        assert cap.schema().validate(root), cap.schema().error_log
        ns = {"c": cap.NS}
        assert root.findtext("c:identifier", namespaces=ns) == f"bulletin-{bulletin.pk}"
        assert root.findtext("c:sent", namespaces=ns).endswith("+07:00")
        assert root.findtext("c:info/c:language", namespaces=ns) == "vi-VN"
        assert root.findtext("c:info/c:severity", namespaces=ns) == "Severe"
        resource = root.find("c:info/c:resource", namespaces=ns)
        with bulletin.audio.open("rb") as handle:
            data = handle.read()
        import hashlib

        assert resource.findtext("c:mimeType", namespaces=ns) == "audio/mpeg"
        assert resource.findtext("c:size", namespaces=ns) == str(len(data))
        assert resource.findtext("c:digest", namespaces=ns) == hashlib.sha1(data).hexdigest()  # noqa: S324
        assert resource.findtext("c:uri", namespaces=ns).endswith(
            f"/outreach/work/bulletins/{bulletin.pk}/audio.mp3"
        )
        assert root.findtext("c:info/c:area/c:geocode/c:value", namespaces=ns) == "29479"
        assert cap.cap_export(bulletin) == xml  # stable

    def test_only_published_emergencies_are_exported(
        self, personas: Personas, stations: object
    ) -> None:
        normal = f.published(personas.commune_a_unit, personas.commune_a, priority=Priority.NORMAL)
        with pytest.raises(DomainError):
            cap.cap_export(normal)

    def test_export_then_import_keeps_headline_expiry_and_areas(
        self, personas: Personas, stations: object
    ) -> None:
        bulletin = f.published(
            personas.province_unit,
            personas.province,
            zones=[personas.commune_a_unit, personas.commune_b_unit],
        )
        bulletin.expires_at = timezone.now().replace(microsecond=0) + dt.timedelta(hours=6)
        bulletin.save()
        back = cap.cap_import(
            xml_bytes=cap.cap_export(bulletin), user=personas.province
        ).alert.bulletin
        assert back is not None and back.pk != bulletin.pk
        assert back.title == bulletin.title
        assert back.expires_at == bulletin.expires_at
        assert back.priority == Priority.EMERGENCY
        assert set(back.zones.all()) == {personas.commune_a_unit, personas.commune_b_unit}
        assert back.unit == personas.district_unit  # the smallest unit holding both communes
