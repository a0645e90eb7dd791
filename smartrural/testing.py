"""Personas for tests, built once per test through our own services.

A small slice of Trà Vinh (2023): the province, Trà Cú district (849) with Ngãi Xuyên (29479,
commune A) and Kim Sơn (29482, commune B), Càng Long district (844) with Mỹ Cẩm (29269), and a
hamlet of Ngãi Xuyên. Users:

- ``province``: province coordination office (sees everything)
- ``district``: district officer of Trà Cú
- ``commune_a``: commune officer of Ngãi Xuyên
- ``viewer_a``: read-only viewer of Ngãi Xuyên
- ``commune_b``: commune officer of Kim Sơn
- ``other_district``: district officer of Càng Long
- ``resident``: resident of Ngãi Xuyên
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django import forms
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartrural.accounts.models import Role, User
from smartrural.accounts.services import user_create
from smartrural.geo.models import AdministrativeUnit
from smartrural.geo.services import unit_create

PASSWORD = "persona-password-1"  # noqa: S105 - test-only
TV_END = dt.date(2025, 6, 30)

# The two dates every page is tried on: "today" (after the 01/07/2025 reorganisation) and a day
# of 2023, the year the demo reproduces.
TODAY = dt.date(2026, 12, 2)
IN_2023 = dt.date(2023, 6, 1)
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


@contextmanager
def clock_at(day: dt.date, *, hour: int = 9) -> Iterator[time_machine.Traveller]:
    """The whole process (``date.today()``, ``timezone.now()``, the live test server's thread)
    at ``hour`` o'clock of ``day`` in Viet Nam; the clock keeps running from there."""
    with time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=LOCAL)) as t:
        yield t


class Clock:
    """Sets the process clock for the rest of a test (``clock.set(day)``)."""

    def __init__(self) -> None:
        self._stack = ExitStack()

    def set(self, day: dt.date) -> dt.date:
        self._stack.close()
        self._stack.enter_context(clock_at(day))
        return day

    def close(self) -> None:
        self._stack.close()


@dataclass
class Personas:
    province_unit: AdministrativeUnit
    district_unit: AdministrativeUnit
    commune_a_unit: AdministrativeUnit
    commune_b_unit: AdministrativeUnit
    other_district_unit: AdministrativeUnit
    other_commune_unit: AdministrativeUnit
    hamlet_a_unit: AdministrativeUnit
    province: User
    district: User
    commune_a: User
    viewer_a: User
    commune_b: User
    other_district: User
    resident: User

    def client(self, user: User | None) -> Client:
        """A test client logged in as ``user`` (anonymous for None)."""
        client = Client()
        if user is not None:
            client.force_login(user, backend="smartrural.accounts.backends.UsernameOrEmailBackend")
        return client


# The persona units (Trà Vinh before 07/2025), parents first: key, GSO code, name, kind, level,
# the parent's key.
PERSONA_UNITS = (
    ("province", "84", "Tỉnh Trà Vinh", "tinh", "province", ""),
    ("tra_cu", "849", "Huyện Trà Cú", "huyen", "district", "province"),
    ("cang_long", "844", "Huyện Càng Long", "huyen", "district", "province"),
    ("ngai_xuyen", "29479", "Xã Ngãi Xuyên", "xa", "commune", "tra_cu"),
    ("kim_son", "29482", "Xã Kim Sơn", "xa", "commune", "tra_cu"),
    ("my_cam", "29269", "Xã Mỹ Cẩm", "xa", "commune", "cang_long"),
    ("hamlet", "2947901", "Ấp Chợ", "ap", "hamlet", "ngai_xuyen"),
)


def build_personas() -> Personas:
    units: dict[str, AdministrativeUnit] = {}
    for key, code, name, kind, level, parent in PERSONA_UNITS:
        units[key] = unit_create(
            code=code,
            name=name,
            kind=kind,
            level=level,
            parent=units[parent] if parent else None,
            valid_to=TV_END,
            region="dbscl" if level == "province" else "",
            is_demo=level == "hamlet",
        )
    province, tra_cu, cang_long = units["province"], units["tra_cu"], units["cang_long"]
    ngai_xuyen, kim_son, my_cam = units["ngai_xuyen"], units["kim_son"], units["my_cam"]

    def make(username: str, role: str, units: list[AdministrativeUnit]) -> User:
        return user_create(
            username=username,
            role=role,
            units=units,
            password=PASSWORD,
            email=f"{username}@example.test",
        )

    return Personas(
        province_unit=province,
        district_unit=tra_cu,
        commune_a_unit=ngai_xuyen,
        commune_b_unit=kim_son,
        other_district_unit=cang_long,
        other_commune_unit=my_cam,
        hamlet_a_unit=units["hamlet"],
        province=make("vpdp", Role.PROVINCE_OFFICE, []),
        district=make("huyen-849", Role.DISTRICT_OFFICER, [tra_cu]),
        commune_a=make("xa-29479", Role.COMMUNE_OFFICER, [ngai_xuyen]),
        viewer_a=make("viewer-29479", Role.VIEWER, [ngai_xuyen]),
        commune_b=make("xa-29482", Role.COMMUNE_OFFICER, [kim_son]),
        other_district=make("huyen-844", Role.DISTRICT_OFFICER, [cang_long]),
        resident=make("resident", Role.RESIDENT, [ngai_xuyen]),
    )


def code_for(device: TOTPDevice, *, drift: int = 0) -> str:
    """The device's current code (``drift=1``: the next one, to avoid a replayed code)."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return str(value).zfill(device.digits)


def confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def posted_form(form: forms.Form, **typed: Any) -> dict[str, Any]:
    """What a browser posts for ``form`` as the page rendered it (every field's value, hidden
    fields included, and the hidden copy of the loaded value of fields that keep one), with
    ``typed`` entered over it: the way an officer who opened the page earlier saves it."""
    data: dict[str, Any] = {}
    for field in form:
        widget = field.field.widget
        value = field.value()
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[field.html_name] = "on"
            continue
        shown = widget.format_value(value)
        data[field.html_name] = "" if shown is None else shown
        if field.field.show_hidden_initial:
            loaded = field.field.hidden_widget().format_value(field.initial)
            data[field.html_initial_name] = "" if loaded is None else loaded
    data.update(typed)
    return data
