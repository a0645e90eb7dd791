"""``POST requests``: the form-encoded parameters of the specification, checked.

``RequestForm`` checks each parameter (its errors name the parameter); ``attributes`` checks
``attribute[code]=value`` against the service's questions; ``place_for`` finds where the report
is about:

- ``address_id``: a hamlet or commune code (GSO) valid today, inside the province;
- else ``lat``+``long`` inside the province's extent, or ``address_string`` alone: the province
  itself. Units have no boundaries in SmartRural, so a position cannot be turned into a commune:
  the province office triages the report and reassigns it (the service notice says so).

``media_url`` is accepted and ignored: the server does not fetch third-party URLs (that would
let any client make it call any address) and does not publish links it cannot check.
``device_id`` and ``account_id`` are accepted and ignored (no resident account behind them).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _

from smartrural.core.textcheck import FreeTextField, NameField, OneLineTextField
from smartrural.geo.models import AdministrativeUnit
from smartrural.transformation.teams.forms.members import normalise_phone

from ..extents import position_problem
from ..models import DESCRIPTION_MAX_CHARS, Category
from . import lookups
from .formats import Open311Error

ADDRESS_MAX_CHARS = 250
ATTRIBUTE_MAX_CHARS = 1000


class PhoneField(forms.CharField):
    def to_python(self, value: Any) -> str:
        return normalise_phone(super().to_python(value))


class CoordinateField(forms.CharField):
    """A decimal degree; kept to six decimals (about 0.1 m)."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = (super().to_python(value) or "").strip()
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            raise forms.ValidationError(_("Not a number.")) from None
        if not math.isfinite(number):
            raise forms.ValidationError(_("Not a number."))
        return Decimal(f"{number:.6f}")


class RequestForm(forms.Form):
    service_code = forms.CharField(max_length=40)
    description = FreeTextField(max_length=DESCRIPTION_MAX_CHARS, label="description")
    lat = CoordinateField(required=False)
    long = CoordinateField(required=False)
    address_string = OneLineTextField(
        max_length=ADDRESS_MAX_CHARS, required=False, label="address_string"
    )
    address_id = forms.CharField(max_length=20, required=False)
    email = forms.EmailField(required=False)
    first_name = NameField(max_length=70, required=False, label="first_name")
    last_name = NameField(max_length=70, required=False, label="last_name")
    phone = PhoneField(max_length=30, required=False)
    device_id = forms.CharField(max_length=200, required=False)  # ignored
    account_id = forms.CharField(max_length=200, required=False)  # ignored
    media_url = forms.CharField(max_length=2000, required=False)  # ignored

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_lat = data.get("lat") is not None
        has_long = data.get("long") is not None
        if has_lat != has_long:
            raise forms.ValidationError(_("lat and long go together: send both or neither."))
        if not (has_lat or data.get("address_string") or data.get("address_id")):
            raise forms.ValidationError(
                _("Say where: lat and long, address_string or address_id is required.")
            )
        return data


def form_errors(form: forms.Form) -> Open311Error:
    descriptions = []
    for field, messages in form.errors.items():
        for message in messages:
            text = str(message)
            descriptions.append(text if field == "__all__" else f"{field}: {text}")
    return Open311Error(400, *descriptions)


def _coerce(spec: dict[str, Any], value: str) -> Any:
    datatype = spec.get("datatype", "string")
    if datatype == "number":
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise ValueError(_("not a number"))
        return number
    if datatype == "singlevaluelist":
        keys = {str(v["key"]) for v in spec.get("values", []) or []}
        if value not in keys:
            raise ValueError(_("not one of %(keys)s") % {"keys": ", ".join(sorted(keys))})
        return value
    field = FreeTextField(max_length=ATTRIBUTE_MAX_CHARS, label=str(spec["code"]))
    try:
        return field.clean(value)
    except forms.ValidationError as exc:
        raise ValueError(exc.messages[0]) from None


def attributes(category: Category, data: QueryDict) -> dict[str, Any]:
    """The answers ``attribute[code]=value`` to ``category``'s questions, checked."""
    specs = {str(a["code"]): a for a in category.attributes or []}
    sent = {
        key[len("attribute[") : -1]: data.get(key, "")
        for key in data
        if key.startswith("attribute[") and key.endswith("]")
    }
    problems = [
        _("attribute[%(code)s]: %(service)s asks no such question.")
        % {"code": code[:40], "service": category.code}
        for code in sent
        if code not in specs
    ]
    answers: dict[str, Any] = {}
    for code, spec in specs.items():
        value = sent.get(code, "").strip()
        if not value:
            if spec.get("required"):
                problems.append(_("attribute[%(code)s] is required.") % {"code": code})
            continue
        try:
            answers[code] = _coerce(spec, value)
        except ValueError as exc:
            problems.append(f"attribute[{code}]: {exc}")
    if problems:
        raise Open311Error(400, *problems)
    return answers


@dataclass(frozen=True)
class Place:
    unit: AdministrativeUnit
    by_position: bool  # the province, for triage


def place_for(data: dict[str, Any], day: dt.date) -> Place:
    province = lookups.province_on(day)
    if province is None:
        raise Open311Error(400, _("This server has no province to file reports in today."))
    code = data.get("address_id") or ""
    if code:
        unit = lookups.place_on(code, day, province)
        if unit is None:
            raise Open311Error(
                400,
                _("address_id: “%(code)s” is not a commune or hamlet of %(province)s today.")
                % {"code": code, "province": province.name},
            )
    else:
        unit = province
    if data.get("lat") is not None:
        problem = position_problem(province, data["lat"], data["long"])
        if problem:
            raise Open311Error(400, f"lat, long: {problem}")
    return Place(unit=unit, by_position=not code)
