"""The parameter and field types of the criteria API: years and periods, codes, values as
text, numbers or booleans, and the query and path parameters with their descriptions."""

from __future__ import annotations

import math
import re
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Path, Query
from pydantic import BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from smartrural.core.textcheck import free_text_type

FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_VALUES = 1000  # a set has well under a hundred indicators
MAX_VALUE_CHARS = 200  # IndicatorValue.value
YEAR_PATTERN = r"^(20[0-9]{2}|2100)$"
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR, examples=[2023])]
CriteriaSetCode = Annotated[str, Field(max_length=40, examples=["QD318-XA"])]
UnitCode = Annotated[str, Field(max_length=10, examples=["29479"])]
Comment = free_text_type()


def _period(value: Any) -> Any:
    # One check for "2023" and 2023: a union would report each alternative's failure apart.
    if isinstance(value, str) and re.fullmatch(YEAR_PATTERN, value):
        return int(value)
    number = not isinstance(value, bool) and isinstance(value, int | float)
    if number and FIRST_YEAR <= value <= LAST_YEAR and value == int(value):
        return int(value)
    raise PydanticCustomError(
        "period", "{reason}", {"reason": _("must be a year from 2000 to 2100, e.g. 2023")}
    )


Period = Annotated[
    int,
    BeforeValidator(_period),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": YEAR_PATTERN},
                {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
            ]
        }
    ),
]


def _value_text(value: Any) -> Any:
    # Text, a number or a boolean, as the text the indicator's parser reads.
    if value is None:
        return None
    if isinstance(value, str):
        if len(value) > MAX_VALUE_CHARS:
            raise PydanticCustomError(
                "string_too_long", "{reason}", {"reason": _("must be at most 200 characters long")}
            )
        return value
    if isinstance(value, bool | int) or (isinstance(value, float) and math.isfinite(value)):
        return str(value)
    raise PydanticCustomError(
        "value_type", "{reason}", {"reason": _("must be text, a number, true or false")}
    )


DataValue = Annotated[
    str | None,
    BeforeValidator(_value_text),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "maxLength": MAX_VALUE_CHARS, "examples": ["85,2"]},
                {"type": "number"},
                {"type": "boolean"},
                {"type": "null"},
            ]
        }
    ),
]

CRITERIA_SET = Query(..., description="Code of the criteria set, e.g. QD318-XA.")
PERIOD = Query(..., description="The year, e.g. 2023.")
ORG_UNIT = Query(..., description="GSO code of the unit, as it was on 1 July of the year.")
YEAR = Query(..., description="The year, e.g. 2023.")
PARENT = Query(..., description="GSO code of the parent unit, as it was on 1 July of the year.")
CODE = Path(..., description="GSO code of the unit.", examples=["29479"])
