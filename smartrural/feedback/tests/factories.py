"""Feedback test data: the units of today (after 07/2025) for the personas, and reports filed
on a chosen day through the service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from smartrural.accounts.access import forget_scope
from smartrural.accounts.models import UnitAssignment
from smartrural.feedback.models import Category, Channel, Report
from smartrural.feedback.services import Contact, Submitted, report_submit
from smartrural.geo.models import AdministrativeUnit
from smartrural.geo.services import unit_create
from smartrural.testing import IN_2023, Personas, clock_at

REORGANISED = dt.date(2025, 7, 1)


@dataclass
class Today:
    """The personas' units after 01/07/2025: Vĩnh Long (86) with Xã Trà Cú (29461, successor of
    Ngãi Xuyên, commune A's) and Xã Hàm Giang (29489, of Kim Sơn, commune B's)."""

    province_unit: AdministrativeUnit
    commune_a_unit: AdministrativeUnit
    commune_b_unit: AdministrativeUnit
    hamlet_a_unit: AdministrativeUnit


def today_units(p: Personas) -> Today:
    """Creates today's units and assigns the personas of communes A and B (officer, viewer,
    resident) to their successors too; the province office sees everything already."""

    def unit(code: str, name: str, kind: str, level: str, parent: Any) -> AdministrativeUnit:
        return unit_create(
            code=code,
            name=name,
            kind=kind,
            level=level,
            parent=parent,
            valid_from=REORGANISED,
            region="dbscl" if level == "province" else "",
            is_demo=level == "hamlet",
        )

    province = unit("86", "Tỉnh Vĩnh Long", "tinh", "province", None)
    tra_cu = unit("29461", "Xã Trà Cú", "xa", "commune", province)
    ham_giang = unit("29489", "Xã Hàm Giang", "xa", "commune", province)
    hamlet = unit("2946101", "Ấp Chợ", "ap", "hamlet", tra_cu)
    for user, new in (
        (p.commune_a, tra_cu),
        (p.viewer_a, tra_cu),
        (p.resident, tra_cu),
        (p.commune_b, ham_giang),
    ):
        UnitAssignment.objects.create(user=user, unit=new)
        forget_scope(user)
    return Today(province, tra_cu, ham_giang, hamlet)


def category(code: str = "giao-thong") -> Category:
    return Category.objects.get(code=code)


def file_report(
    place: AdministrativeUnit,
    *,
    on: dt.date = IN_2023,
    category_code: str = "giao-thong",
    description: str = "Đường liên ấp bị sạt lở một đoạn khoảng 20 m.",
    contact: Contact | None = None,
    **kwargs: Any,
) -> Submitted:
    """A report about ``place`` filed at 09:00 on ``on`` (Viet Nam) through ``report_submit``."""
    with clock_at(on):
        return report_submit(
            category=category(category_code),
            description=description,
            place=place,
            contact=contact or Contact(name="Nguyễn Văn An", phone="0912345678"),
            channel=kwargs.pop("channel", Channel.WEB),
            **kwargs,
        )


def reload(report: Report) -> Report:
    return Report.objects.get(pk=report.pk)
