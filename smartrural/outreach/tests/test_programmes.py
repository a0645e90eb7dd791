"""The programme rules of ``outreach.programmes`` at their boundaries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from smartrural.testing import TODAY, Personas

from ..models import BulletinStatus, Priority, ProgrammeItem
from ..programmes import programme_build, radio_slots
from .station_support import bulletin, local, station

DAY = TODAY


def titles(items: list[ProgrammeItem]) -> list[str]:
    return [item.bulletin.title for item in items if item.withdrawn_at is None]


@pytest.mark.django_db
class ProgrammeRuleTests:
    def test_a_bulletin_starting_exactly_at_a_slot_plays_in_it(self, personas: Personas) -> None:
        st = station(personas.commune_a_unit)
        bulletin(
            personas.commune_a_unit,
            title="Đúng giờ",
            plays_from=local(DAY, 11),
            expires_at=local(DAY + dt.timedelta(days=1), 0),
            stations=[st],
        )
        [item] = programme_build(station=st, day=DAY)
        assert item.starts_at == local(DAY, 11)

    def test_a_bulletin_starting_a_minute_after_a_slot_waits_for_the_next(
        self, personas: Personas
    ) -> None:
        st = station(personas.commune_a_unit)
        bulletin(
            personas.commune_a_unit,
            plays_from=local(DAY, 11, 1),
            expires_at=local(DAY + dt.timedelta(days=1), 0),
            stations=[st],
        )
        [item] = programme_build(station=st, day=DAY)
        assert item.starts_at == local(DAY, 17)

    def test_a_bulletin_expiring_exactly_at_a_slot_does_not_play_in_it(
        self, personas: Personas
    ) -> None:
        st = station(personas.commune_a_unit)
        bulletin(
            personas.commune_a_unit,
            title="Hết hạn lúc 11 giờ",
            plays_from=local(DAY, 7),
            expires_at=local(DAY, 11),
            stations=[st],
        )
        bulletin(
            personas.commune_a_unit,
            title="Hết hạn lúc 11 giờ 1 phút",
            plays_from=local(DAY, 7),
            expires_at=local(DAY, 11, 1),
            stations=[st],
        )
        items = programme_build(station=st, day=DAY)
        assert titles(items) == ["Hết hạn lúc 11 giờ 1 phút"]
        assert items[0].starts_at == local(DAY, 11)

    def test_after_the_last_slot_a_bulletin_plays_the_next_morning(
        self, personas: Personas
    ) -> None:
        st = station(personas.commune_a_unit)
        bulletin(
            personas.commune_a_unit,
            plays_from=local(DAY, 17, 30),
            expires_at=local(DAY + dt.timedelta(days=2), 0),
            stations=[st],
        )
        assert programme_build(station=st, day=DAY) == []
        [item] = programme_build(station=st, day=DAY + dt.timedelta(days=1))
        assert item.starts_at == local(DAY + dt.timedelta(days=1), 6)

    def test_priority_comes_before_normal_in_the_same_slot_and_emergency_at_once(
        self, personas: Personas
    ) -> None:
        st = station(personas.commune_a_unit)
        end = local(DAY + dt.timedelta(days=1), 0)
        unit = personas.commune_a_unit
        bulletin(unit, title="Thường 1", plays_from=local(DAY, 8), expires_at=end, stations=[st])
        bulletin(unit, title="Thường 2", plays_from=local(DAY, 9), expires_at=end, stations=[st])
        bulletin(
            unit,
            title="Ưu tiên",
            priority=Priority.PRIORITY,
            plays_from=local(DAY, 10),
            expires_at=end,
            stations=[st],
        )
        bulletin(
            unit,
            title="Khẩn cấp",
            priority=Priority.EMERGENCY,
            plays_from=local(DAY, 9, 30),
            expires_at=end,
            stations=[st],
        )
        bulletin(unit, title="Sáng", plays_from=local(DAY, 5), expires_at=end, stations=[st])
        items = programme_build(station=st, day=DAY)
        assert titles(items) == ["Sáng", "Khẩn cấp", "Ưu tiên", "Thường 1", "Thường 2"]
        assert [item.position for item in items] == [0, 1, 2, 3, 4]
        assert items[1].starts_at == local(DAY, 9, 30)
        assert {item.starts_at for item in items[2:]} == {local(DAY, 11)}

    def test_same_priority_and_start_are_ordered_by_id(self, personas: Personas) -> None:
        st = station(personas.commune_a_unit)
        end = local(DAY + dt.timedelta(days=1), 0)
        first = bulletin(personas.commune_a_unit, title="A", plays_from=local(DAY, 8),
                         expires_at=end, stations=[st])  # fmt: skip
        second = bulletin(personas.commune_a_unit, title="B", plays_from=local(DAY, 8),
                          expires_at=end, stations=[st])  # fmt: skip
        items = programme_build(station=st, day=DAY)
        assert [item.bulletin_id for item in items] == [first.pk, second.pk]

    def test_an_emergency_of_yesterday_opens_todays_first_slot(self, personas: Personas) -> None:
        st = station(personas.commune_a_unit)
        unit = personas.commune_a_unit
        end = local(DAY + dt.timedelta(days=1), 0)
        bulletin(unit, title="Thường", plays_from=local(DAY, 1), expires_at=end, stations=[st])
        bulletin(
            unit,
            title="Bão",
            priority=Priority.EMERGENCY,
            plays_from=local(DAY - dt.timedelta(days=1), 22),
            expires_at=end,
            stations=[st],
        )
        items = programme_build(station=st, day=DAY)
        assert titles(items) == ["Bão", "Thường"]
        assert items[0].starts_at == local(DAY, 6)

    def test_drafts_withdrawn_expired_and_other_stations_bulletins_never_go_out(
        self, personas: Personas
    ) -> None:
        st = station(personas.commune_a_unit)
        other = station(personas.commune_b_unit, name="Đài xã Kim Sơn")
        unit = personas.commune_a_unit
        end = local(DAY + dt.timedelta(days=1), 0)
        bulletin(unit, title="Nháp", plays_from=local(DAY, 8), expires_at=end, stations=[st],
                 status=BulletinStatus.DRAFT)  # fmt: skip
        bulletin(unit, title="Thu hồi", plays_from=local(DAY, 8), expires_at=end, stations=[st],
                 status=BulletinStatus.WITHDRAWN)  # fmt: skip
        bulletin(unit, title="Hết hạn", plays_from=local(DAY, 1), expires_at=local(DAY, 5),
                 stations=[st])  # fmt: skip
        bulletin(unit, title="Xã khác", plays_from=local(DAY, 8), expires_at=end,
                 stations=[other])  # fmt: skip
        assert programme_build(station=st, day=DAY) == []

    def test_zones_reach_every_station_under_them(self, personas: Personas) -> None:
        st_a = station(personas.commune_a_unit)
        st_b = station(personas.commune_b_unit, name="Đài xã Kim Sơn")
        end = local(DAY + dt.timedelta(days=1), 0)
        bulletin(personas.province_unit, title="Toàn tỉnh", plays_from=local(DAY, 8),
                 expires_at=end, zones=[personas.province_unit])  # fmt: skip
        bulletin(personas.commune_a_unit, title="Ngãi Xuyên", plays_from=local(DAY, 8),
                 expires_at=end, zones=[personas.commune_a_unit])  # fmt: skip
        assert titles(programme_build(station=st_a, day=DAY)) == ["Toàn tỉnh", "Ngãi Xuyên"]
        assert titles(programme_build(station=st_b, day=DAY)) == ["Toàn tỉnh"]

    def test_building_again_adds_nothing_and_a_withdrawal_is_marked(
        self, personas: Personas
    ) -> None:
        st = station(personas.commune_a_unit)
        end = local(DAY + dt.timedelta(days=1), 0)
        first = bulletin(personas.commune_a_unit, title="A", plays_from=local(DAY, 8),
                         expires_at=end, stations=[st])  # fmt: skip
        programme_build(station=st, day=DAY)
        programme_build(station=st, day=DAY)
        assert ProgrammeItem.objects.filter(station=st, day=DAY).count() == 1
        first.status = BulletinStatus.WITHDRAWN
        first.save()
        items = programme_build(station=st, day=DAY)
        assert len(items) == 1 and items[0].withdrawn_at is not None
        assert ProgrammeItem.objects.get().withdrawn_at is not None

    def test_a_station_out_of_service_has_no_programme(self, personas: Personas) -> None:
        st = station(personas.commune_a_unit)
        st.active = False
        st.save()
        bulletin(personas.commune_a_unit, plays_from=local(DAY, 8),
                 expires_at=local(DAY, 23), stations=[st])  # fmt: skip
        assert programme_build(station=st, day=DAY) == []


class SlotSettingTests:
    @override_settings(OUTREACH_RADIO_SLOTS="17:30, 05:45")
    def test_slots_are_read_and_sorted(self) -> None:
        assert radio_slots() == [dt.time(5, 45), dt.time(17, 30)]

    @override_settings(OUTREACH_RADIO_SLOTS="6h,11:00")
    def test_a_bad_slot_fails_loudly(self) -> None:
        with pytest.raises(ImproperlyConfigured, match="6h"):
            radio_slots()
