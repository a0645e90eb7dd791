"""The demo province: Trà Vinh 2023 units, demo hamlets and one account per persona.

Everything here is idempotent: running the demo twice reuses the database and adds nothing.
Demo accounts are flagged ``is_demo`` and can log in only while the demo mode is on.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from smartrural.accounts.models import Role, UnitAssignment, User
from smartrural.criteria.sets import load_national_sets
from smartrural.geo.models import AdministrativeUnit, Level
from smartrural.geo.reference import generate_demo_hamlets, load_reference_units
from smartrural.recognition.demo import load_demo_status
from smartrural.transformation.demo import load_demo as load_transformation_demo

DEMO_PASSWORD = "nongthonmoi-2023"  # noqa: S105 - printed on purpose, demo mode only
DEMO_SEED = 2023
DEMO_DATE_ISO = "2023-06-01"
DEMO_COMMUNES = ("29479", "29482", "29488")  # Ngãi Xuyên, Kim Sơn, Hàm Giang (Trà Cú)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    unit_codes: tuple[str, ...]
    description: str


def demo_accounts() -> list[DemoAccount]:
    import datetime as dt

    on = dt.date.fromisoformat(DEMO_DATE_ISO)
    units = AdministrativeUnit.objects.valid_on(on)
    accounts = [DemoAccount("vpdp", Role.PROVINCE_OFFICE, (), "Văn phòng Điều phối NTM tỉnh")]
    for district in units.filter(level=Level.DISTRICT).order_by("code"):
        accounts.append(
            DemoAccount(
                f"huyen-{district.code}", Role.DISTRICT_OFFICER, (district.code,), district.name
            )
        )
    names = dict(units.filter(code__in=DEMO_COMMUNES).values_list("code", "name"))
    for code in DEMO_COMMUNES:
        accounts.append(
            DemoAccount(f"xa-{code}", Role.COMMUNE_OFFICER, (code,), names.get(code, code))
        )
    accounts.append(DemoAccount("viewer", Role.VIEWER, ("84",), "Xem toàn tỉnh (chỉ đọc)"))
    accounts.append(DemoAccount("resident", Role.RESIDENT, ("29479",), "Người dân xã Ngãi Xuyên"))
    return accounts


@transaction.atomic
def ensure_demo_accounts() -> list[DemoAccount]:
    import datetime as dt

    on = dt.date.fromisoformat(DEMO_DATE_ISO)
    accounts = demo_accounts()
    for account in accounts:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User(username=account.username, role=account.role, is_demo=True)
            user.first_name = account.description
            user.email = f"{account.username}@demo.smartrural.invalid"
            user.set_password(DEMO_PASSWORD)
            user.save()
        units = AdministrativeUnit.objects.valid_on(on).filter(code__in=account.unit_codes)
        for unit in units:
            UnitAssignment.objects.get_or_create(user=user, unit=unit)
    return accounts


def real_accounts_exist() -> bool:
    """Whether the database belongs to a real installation (accounts not made by the demo)."""
    return User.objects.filter(is_demo=False).exists()


def load_demo() -> list[DemoAccount]:
    load_reference_units()
    generate_demo_hamlets(seed=DEMO_SEED)
    load_national_sets()
    accounts = ensure_demo_accounts()
    load_demo_status()
    load_transformation_demo()
    return accounts
