"""The JSON form of a ``SetDefinition`` stored in ``CriteriaSetVersion.definition``: an exact
round trip (Decimal thresholds as strings, never floats; dates ISO)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..definition import (
    COUNT,
    CRITERION,
    NUMBER,
    PERCENT,
    Criterion,
    Indicator,
    SetDefinition,
    Threshold,
)

JSON_FORMAT = 1
NUMERIC_TYPES = (PERCENT, NUMBER, COUNT)
PASS_VALUE = "Đạt"  # noqa: S105 - the pass/fail threshold, not a password


def _value_to_json(value: Decimal | str | tuple[str, ...]) -> str | list[str]:
    if isinstance(value, tuple):
        return list(value)
    return str(value)


def _value_from_json(value: Any, value_type: str) -> Decimal | str | tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    if value_type in NUMERIC_TYPES:
        return Decimal(str(value))
    return str(value)


def threshold_to_json(t: Threshold) -> dict[str, Any]:
    return {
        "value": _value_to_json(t.value),
        "region": t.region,
        "commune_group": t.commune_group,
        "year": t.year,
        "provenance": t.provenance,
        "source": t.source,
        "placeholder": t.placeholder,
    }


def threshold_from_json(data: dict[str, Any], value_type: str) -> Threshold:
    return Threshold(
        value=_value_from_json(data["value"], value_type),
        region=data.get("region"),
        commune_group=data.get("commune_group"),
        year=data.get("year"),
        provenance=data["provenance"],
        source=data.get("source", ""),
        placeholder=bool(data.get("placeholder", False)),
    )


def indicator_to_json(i: Indicator) -> dict[str, Any]:
    return {
        "code": i.code,
        "name": i.name,
        "value_type": i.value_type,
        "comparator": i.comparator,
        "unit": i.unit,
        "choices": list(i.choices),
        "applies_to_wards": i.applies_to_wards,
        "provenance": i.provenance,
        "source": i.source,
        "derived": i.derived,
        "thresholds": [threshold_to_json(t) for t in i.thresholds],
    }


def indicator_from_json(data: dict[str, Any]) -> Indicator:
    value_type = data["value_type"]
    return Indicator(
        code=data["code"],
        name=data["name"],
        value_type=value_type,
        comparator=data["comparator"],
        thresholds=tuple(threshold_from_json(t, value_type) for t in data["thresholds"]),
        unit=data.get("unit", ""),
        choices=tuple(data.get("choices", ())),
        applies_to_wards=bool(data.get("applies_to_wards", True)),
        provenance=data["provenance"],
        source=data.get("source", ""),
        derived=data.get("derived", ""),
    )


def definition_to_json(defn: SetDefinition) -> dict[str, Any]:
    """The JSON stored in ``CriteriaSetVersion.definition`` (exact inverse of ``from_json``)."""
    return {
        "format": JSON_FORMAT,
        "code": defn.code,
        "name": defn.name,
        "legal_basis": defn.legal_basis,
        "legal_date": defn.legal_date.isoformat() if defn.legal_date else None,
        "unit_level": defn.unit_level,
        "valid_from_year": defn.valid_from_year,
        "valid_to_year": defn.valid_to_year,
        "awards": defn.awards,
        "requires": defn.requires,
        "base": defn.base,
        "base_version": defn.base_version,
        "notes": defn.notes,
        "extra": defn.extra,
        "criteria": [
            {
                "number": c.number,
                "name": c.name,
                "group": c.group,
                "min_met": c.min_met,
                # Only when not the default: versions stored before kinds existed stay equal.
                **({"kind": c.kind} if c.kind != CRITERION else {}),
                "indicators": [indicator_to_json(i) for i in c.indicators],
            }
            for c in defn.criteria
        ],
    }


def definition_from_json(data: dict[str, Any]) -> SetDefinition:
    legal_date = data.get("legal_date")
    return SetDefinition(
        code=data["code"],
        name=data["name"],
        legal_basis=data.get("legal_basis", ""),
        legal_date=dt.date.fromisoformat(legal_date) if legal_date else None,
        unit_level=data["unit_level"],
        valid_from_year=data["valid_from_year"],
        valid_to_year=data["valid_to_year"],
        awards=data["awards"],
        requires=data.get("requires"),
        base=data.get("base"),
        base_version=data.get("base_version"),
        notes=data.get("notes", ""),
        extra=dict(data.get("extra") or {}),
        criteria=tuple(
            Criterion(
                number=c["number"],
                name=c["name"],
                group=c["group"],
                min_met=c.get("min_met"),
                indicators=tuple(indicator_from_json(i) for i in c["indicators"]),
                kind=c.get("kind", CRITERION),
            )
            for c in data["criteria"]
        ),
    )
