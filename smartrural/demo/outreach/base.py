"""The demo outreach's data file, clock helpers and the story's state (people, device tokens)
with the helpers every part of the story uses."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from smartrural.accounts.models import User
from smartrural.geo.models import AdministrativeUnit, Level
from smartrural.outreach.models import (
    Priority,
    Template,
)

from ..accounts import Actors
from ..clock import LOCAL, moment
from ..datafiles import day, read_yaml

DATA = "outreach.yaml"
# The fake providers' names (no DNS: the transport hands each request to its fake).
ZNS_HOST, OA_HOST, SMS_HOST = "zns.demo.invalid", "oa.demo.invalid", "sms.demo.invalid"
SMS_PATH = "/MainService.svc/json/SendMultipleMessage_V4_post_json/"
FAKE_KEYS = {"token": "demo-zalo-token", "api": "demo-sms-key", "secret": "demo-sms-secret"}
BRANDNAME = "UBND-XA"
PRIORITIES = {
    "normal": Priority.NORMAL,
    "priority": Priority.PRIORITY,
    "emergency": Priority.EMERGENCY,
}


def spec() -> dict[str, Any]:
    data: dict[str, Any] = read_yaml(DATA)
    return data


def radio_heard() -> list[dt.datetime]:
    """The days the radio is heard (``radio.heard``), each at its ``now``: the heartbeats and
    the plays of that day go up to it."""
    out = []
    for entry in spec()["radio"]["heard"]:
        hour, minute = (int(part) for part in str(entry["now"]).split(":"))
        out.append(moment(day(entry["day"]), hour, minute))
    return out


def _when(value: Any) -> dt.datetime:
    """``2023-03-14 07:30`` (YAML may read it as a naive datetime) in the province's time."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=LOCAL)
    return dt.datetime.fromisoformat(str(value)).replace(tzinfo=LOCAL)


def _clock(text: str, on: dt.date) -> dt.datetime:
    hour, minute = (int(part) for part in text.split(":"))
    return moment(on, hour, minute)


def phone(n: int) -> str:
    """The n-th demo subscriber's number as residents write it (0399 99x xxx)."""
    return f"{int(spec()['subscribers']['phone_block']) + n:010d}"


def e164(local: str) -> str:
    return "84" + local[1:]


@contextmanager
def quiet(*names: str) -> Iterator[None]:
    """The loggers ``names`` at WARNING while the block runs (a line per request otherwise)."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


# ---------------------------------------------------------------------------------------------
# The story


@dataclass
class Person:
    n: int
    hamlet_code: str
    name: str
    phone: str
    email: str
    channels: list[str]
    topics: list[str]
    source: str
    signed: dt.date
    pk: int | None = None


@dataclass
class _StoryBase:
    """The story's state and the helpers its parts share."""

    actors: Actors
    spec: dict[str, Any] = field(default_factory=spec)
    people: list[Person] = field(default_factory=list)
    tokens: dict[int, str] = field(default_factory=dict)  # cluster pk → device token (memory)

    # -- helpers ---------------------------------------------------------------------------

    def _unit(self, code: str, on: dt.date) -> AdministrativeUnit:
        return AdministrativeUnit.objects.valid_on(on).get(code=code)

    def _officer(self, unit: AdministrativeUnit) -> User:
        return self.actors.officer_for(unit)

    def _hamlets(self, unit: AdministrativeUnit, on: dt.date) -> list[AdministrativeUnit]:
        return list(
            AdministrativeUnit.objects.valid_on(on)
            .filter(level=Level.HAMLET, parent=unit)
            .order_by("code")
        )

    def _template(self, key: str, province: str, on: dt.date) -> Template:
        name = next(t["name"] for t in self.spec["templates"]["list"] if t["key"] == key)
        return Template.objects.get(unit=self._unit(province, on), name=name)
