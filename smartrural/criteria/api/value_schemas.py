"""The bodies of the data value set operations: a set in (JSON), the import's reply, a set
out."""

from __future__ import annotations

from typing import Annotated

from ninja import Schema
from pydantic import ConfigDict, Field, StrictStr

from smartrural.core.api import JSON_INTEGER

from .fields import MAX_VALUES, Comment, DataValue, Period


class DataValueIn(Schema):
    model_config = ConfigDict(extra="forbid")

    indicator: Annotated[StrictStr, Field(max_length=20, examples=["3.1"])]
    value: DataValue = Field(description="The value as text (85,2; Đạt), a number or true/false.")
    comment: Comment | None = ""
    version: Annotated[int, Field(ge=0, le=2_147_483_647), JSON_INTEGER] | None = Field(
        None,
        description="The version of the stored value this change was made from (`version` of "
        "the GET; 0: none was stored). Optional: without it the value is written over whatever "
        "is stored.",
    )


class DataValueSetIn(Schema):
    model_config = ConfigDict(extra="forbid")

    criteriaSet: Annotated[StrictStr, Field(max_length=40, examples=["QD318-XA"])]
    period: Period = Field(description="The year, as text or a number.", examples=["2023"])
    orgUnit: Annotated[StrictStr, Field(max_length=10, examples=["29479"])]
    dataValues: list[DataValueIn] = Field(max_length=MAX_VALUES)


class ConflictOut(Schema):
    indicator: str
    value: str
    message: str
    current: str | None = Field(
        None, description="A value changed since it was read: the value stored now."
    )
    currentVersion: int | None = Field(
        None, description="A value changed since it was read: its version now (0: none)."
    )


class ImportOut(Schema):
    status: str
    imported: int
    updated: int
    ignored: int
    conflicts: list[ConflictOut]


class DataValueOut(Schema):
    orgUnit: str
    period: str
    indicator: str
    value: str
    comment: str
    status: str
    lastUpdated: str
    version: int


class DataValueSetOut(Schema):
    criteriaSet: str
    period: str
    orgUnit: str
    dataValues: list[DataValueOut]
