"""The bodies of ``POST /work-records``: one record or a list in, the stored figure or the
batch's result out."""

from __future__ import annotations

from typing import Annotated, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, StrictStr, TypeAdapter

from smartrural.core.api import JSON_INTEGER, publish_schema
from smartrural.core.etag import FieldConflictOut

from ..models import Source

MAX_COUNT = 10_000_000  # as the entry form
MAX_RECORDS = 50_000
Count = Annotated[int, Field(ge=0, le=MAX_COUNT), JSON_INTEGER]


class WorkRecordIn(Schema):
    model_config = ConfigDict(extra="forbid")

    unit: Annotated[StrictStr, Field(max_length=10, examples=["29479"])]
    month: Annotated[
        StrictStr,
        Field(pattern=r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$", examples=["2023-05"]),
    ]
    total: Count = Field(examples=[120])
    online: Count = Field(examples=[40])
    source: Literal[Source.API, Source.ENTERED, Source.IMPORTED] = Source.API
    version: Annotated[int, Field(ge=0, le=2_147_483_647), JSON_INTEGER] | None = Field(
        None,
        description="The version of the stored figure this one was made from (`version` of an "
        "earlier reply; 0: none was stored). Optional: without it the figure is written over "
        "whatever is stored.",
    )


class WorkRecordOut(Schema):
    unit: str
    month: str
    total: int
    online: int
    source: str
    version: int


class RowConflictOut(Schema):
    row: int
    unit: str
    message: str
    fields: list[FieldConflictOut] | None = Field(
        None, description="A figure changed since it was read: per field, stored now and sent."
    )
    current_version: int | None = Field(
        None, description="A figure changed since it was read: its version now (0: none)."
    )


class BatchOut(Schema):
    status: str
    imported: int
    updated: int
    conflicts: list[RowConflictOut]


RECORDS: TypeAdapter[WorkRecordIn | list[WorkRecordIn]] = TypeAdapter(
    WorkRecordIn | Annotated[list[WorkRecordIn], Field(max_length=MAX_RECORDS)]
)
publish_schema(WorkRecordIn)
BODY_DOC = {
    "requestBody": {
        "content": {
            "application/json": {
                "schema": {
                    "oneOf": [
                        {"$ref": "#/components/schemas/WorkRecordIn"},
                        {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/WorkRecordIn"},
                            "maxItems": MAX_RECORDS,
                        },
                    ]
                }
            }
        },
        "required": True,
    }
}
