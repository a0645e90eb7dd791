"""The demo accounts, one per persona (``data/accounts.yaml``), made with the accounts services.

Demo accounts are flagged ``is_demo`` and can log in only while the demo mode is on. The
accounts act in the demo: the province office enters and decides, district officers inspect,
the three Trà Cú commune officers enter their communes' data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.models import User
from smartrural.accounts.services import user_create, user_set_units
from smartrural.geo.models import AdministrativeUnit, Level

from .clock import at
from .datafiles import day, read_yaml


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    unit_codes: tuple[str, ...]
    description: str
    created: dt.date
    later: tuple[dt.date, tuple[str, ...]] | None = None


def demo_password() -> str:
    return str(read_yaml("accounts.yaml")["password"])


def demo_accounts() -> list[DemoAccount]:
    spec = read_yaml("accounts.yaml")
    accounts = []
    for entry in spec["accounts"]:
        later = entry.get("later")
        accounts.append(
            DemoAccount(
                username=entry["username"],
                role=entry["role"],
                unit_codes=tuple(str(code) for code in entry["units"]),
                description=entry["description"],
                created=day(entry.get("created", spec["created"])),
                later=(day(later["since"]), tuple(str(c) for c in later["units"]))
                if later
                else None,
            )
        )
    return accounts


def _units(codes: tuple[str, ...], on: dt.date) -> list[AdministrativeUnit]:
    units = list(AdministrativeUnit.objects.valid_on(on).filter(code__in=codes))
    # A code can name a province, a district and a commune on one day only once in the demo.
    missing = set(codes) - {u.code for u in units}
    if missing:
        raise RuntimeError(f"Demo account units missing on {on}: {sorted(missing)}")
    return units


def create_account(account: DemoAccount) -> User:
    with at(account.created):
        return user_create(
            username=account.username,
            role=account.role,
            units=_units(account.unit_codes, account.created),
            email=f"{account.username}@demo.smartrural.invalid",
            first_name=account.description,
            password=demo_password(),
            is_demo=True,
        )


def move_account(account: DemoAccount) -> None:
    """Give the account its later units (from the day they apply)."""
    if account.later is None:
        return
    on, codes = account.later
    with at(on):
        user = User.objects.get(username=account.username)
        units = [u for code in codes for u in _units((code,), _valid_day(code, on))]
        user_set_units(user=user, role=account.role, units=units)


def _valid_day(code: str, on: dt.date) -> dt.date:
    """``on`` when a unit has ``code`` then, else the day before (a unit dissolved that day)."""
    if AdministrativeUnit.objects.valid_on(on).filter(code=code).exists():
        return on
    return on - dt.timedelta(days=1)


class Actors:
    """The demo users by user name, read once."""

    def __init__(self) -> None:
        self._users: dict[str, Any] = {}

    def __call__(self, username: str) -> User:
        user = self._users.get(username)
        if user is None:
            user = self._users[username] = User.objects.get(username=username)
        return user

    @property
    def office(self) -> User:
        return self("vpdp")

    def officer_for(self, unit: AdministrativeUnit) -> User:
        """The unit's own demo officer when it has one (``xa-<code>`` assigned to it), else
        the province office, which acts for the units without a demo account."""
        user = self._users.get(f"xa-{unit.code}")
        if user is None:
            user = User.objects.filter(username=f"xa-{unit.code}").first()
            if user is None:
                return self.office
            self._users[user.username] = user
        if not scope_for_user(user).contains(unit):
            return self.office
        return user

    def enterer(self, unit: AdministrativeUnit) -> User:
        """Who enters the unit's data: its own demo officer, else the officer of its district
        (while districts exist), else the province office."""
        if unit.level == Level.HAMLET and unit.parent is not None:
            return self.enterer(unit.parent)
        own = self.officer_for(unit)
        if own.pk != self.office.pk:
            return own
        district = unit if unit.level == Level.DISTRICT else unit.parent
        if district is not None and district.level == Level.DISTRICT:
            return self(f"huyen-{district.code}")
        return self.office
