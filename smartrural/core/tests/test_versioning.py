"""core.versioning on a real versioned model (administrative units): counting saves, checking
the version a writer loaded, and what a conflict carries."""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from smartrural.core.errors import Conflict
from smartrural.core.versioning import (
    NOT_STORED,
    EditConflict,
    check_version,
    row_conflicts,
)
from smartrural.geo.models import AdministrativeUnit
from smartrural.geo.services import unit_create, unit_update
from smartrural.testing import Personas

pytestmark = pytest.mark.django_db


def fresh(unit: AdministrativeUnit) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(pk=unit.pk)


class VersionedSaveTests:
    def test_a_new_record_starts_at_one_and_each_save_adds_exactly_one(
        self, personas: Personas
    ) -> None:
        unit = fresh(personas.commune_a_unit)
        assert unit.version == 1
        unit.name = "Xã A"
        unit.save()
        assert unit.version == fresh(unit).version == 2
        unit.save(update_fields=["name"])
        assert fresh(unit).version == 3

    def test_an_empty_update_fields_writes_nothing(self, personas: Personas) -> None:
        unit = fresh(personas.commune_a_unit)
        unit.save(update_fields=[])
        assert fresh(unit).version == 1

    def test_a_refused_save_leaves_the_version_as_it_was(
        self, personas: Personas, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def refuse(*args: object, **kwargs: object) -> None:
            raise IntegrityError("refused")

        unit = fresh(personas.commune_a_unit)
        monkeypatch.setattr(AdministrativeUnit, "save_base", refuse)
        with pytest.raises(IntegrityError):
            unit.save()
        assert unit.version == 1

    def test_a_users_last_login_is_no_edit(self, personas: Personas) -> None:
        user = personas.commune_a
        before = type(user).objects.get(pk=user.pk).version
        personas.client(user)  # logging in stores last_login
        assert type(user).objects.get(pk=user.pk).version == before


class CheckVersionTests:
    def test_the_version_loaded_passes_and_the_record_is_reloaded(self, personas: Personas) -> None:
        stale = fresh(personas.commune_a_unit)
        AdministrativeUnit.objects.filter(pk=stale.pk).update(region="", version=1)
        check_version(stale, 1, sent={"name": "Xã A"})
        assert stale.region == ""  # what is stored, not what was in memory

    def test_a_version_moved_on_is_a_conflict_per_field_with_both_values(
        self, personas: Personas
    ) -> None:
        unit = fresh(personas.commune_a_unit)
        unit.name = "Xã A"
        unit.save()
        with pytest.raises(EditConflict) as caught:
            check_version(fresh(unit), 1, sent={"name": "Xã B", "region": "dbscl"})
        conflict = caught.value
        assert conflict.status_code == 409 and isinstance(conflict, Conflict)
        assert conflict.current_version == 2
        (field,) = conflict.conflicts  # the region sent is the one stored: no conflict there
        assert (field.field, field.current, field.sent) == ("name", "Xã A", "Xã B")
        assert conflict.as_json() == {
            "detail": conflict.as_json()["detail"],
            "conflicts": [{"field": "name", "current": "Xã A", "sent": "Xã B"}],
            "current_version": 2,
        }

    def test_values_are_shown_as_readers_expect_them(self, personas: Personas) -> None:
        unit = fresh(personas.commune_a_unit)
        unit.save()
        with pytest.raises(EditConflict) as caught:
            check_version(fresh(unit), 1, sent={"region": "", "commune_group": 2})
        shown = {c.field: (c.current_display, c.sent_display) for c in caught.value.conflicts}
        assert shown["commune_group"] == ("—", "2")
        assert shown["region"][1] == "—" and shown["region"][0] != "dbscl"  # the label

    def test_the_same_values_sent_by_both_writers_are_no_conflict(self, personas: Personas) -> None:
        unit = fresh(personas.commune_a_unit)
        unit.name = "Xã A"
        unit.save()
        check_version(fresh(unit), 1, sent={"name": "Xã A"})

    def test_none_means_not_checked(self, personas: Personas) -> None:
        unit = fresh(personas.commune_a_unit)
        unit.save()
        check_version(fresh(unit), None, sent={"name": "Xã B"})

    def test_a_deleted_record_is_a_conflict(self, personas: Personas) -> None:
        hamlet = fresh(personas.hamlet_a_unit)
        AdministrativeUnit.objects.filter(pk=hamlet.pk).delete()
        with pytest.raises(Conflict):
            check_version(hamlet, 1, sent={})


class RowConflictTests:
    def test_a_record_expected_absent_but_stored_is_a_conflict(self, personas: Personas) -> None:
        unit = fresh(personas.commune_a_unit)
        found = row_conflicts(
            AdministrativeUnit, unit, NOT_STORED, sent={"name": "X"}, row="a", row_label="A"
        )
        assert [(c.field, c.current, c.sent, c.row, c.version) for c in found] == [
            ("name", "Xã Ngãi Xuyên", "X", "a", 1)
        ]

    def test_a_record_gone_since_it_was_read_is_a_conflict(self, personas: Personas) -> None:
        found = row_conflicts(
            AdministrativeUnit, None, 3, sent={"name": "X"}, row="a", row_label="A"
        )
        assert [(c.current, c.sent, c.version) for c in found] == [(None, "X", NOT_STORED)]

    def test_a_record_as_it_was_read_is_no_conflict(self, personas: Personas) -> None:
        unit = fresh(personas.commune_a_unit)
        assert not row_conflicts(
            AdministrativeUnit, unit, 1, sent={"name": "X"}, row="a", row_label="A"
        )
        assert not row_conflicts(
            AdministrativeUnit, None, NOT_STORED, sent={"name": "X"}, row="a", row_label="A"
        )


@pytest.mark.django_db(transaction=True)
def test_two_writers_at_the_same_moment_one_saves_the_other_gets_the_conflict() -> None:
    """The row lock makes the check and the write one step: on PostgreSQL both writers hold
    the same version when they start, the second waits for the first and then sees it."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database is one connection: writers cannot race")
    pk = unit_create(code="99", name="Tỉnh Thử", kind="tinh", level="province", parent=None).pk
    loaded = threading.Barrier(2)
    outcomes: list[str] = []

    def writer(name: str) -> None:
        try:
            with transaction.atomic():
                unit = AdministrativeUnit.objects.get(pk=pk)
                loaded.wait(timeout=10)
                unit_update(unit=unit, name=name, version=unit.version)
            outcomes.append("saved")
        except EditConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(name,)) for name in ("Tỉnh A", "Tỉnh B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "saved"]
    assert AdministrativeUnit.objects.get(pk=pk).version == 2
