"""The replies of the evaluation and summary operations."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field


class IndicatorOut(Schema):
    code: str
    name: str
    value: str | None
    unit: str
    threshold: str | None
    comparator: str
    status: str
    met: bool | None
    explanation: str
    provenance: str
    placeholder: bool


class CriterionOut(Schema):
    number: int
    name: str
    group: str
    met: bool
    minMet: int | None
    indicators: list[IndicatorOut]


class EvaluationOut(Schema):
    unit: str
    unitName: str
    criteriaSet: str
    setVersion: int
    year: int
    level: str | None = Field(
        description="The level reached when every criterion and every condition is met "
        "(a thị xã or thành phố meeting the district set: `town_completed`), else null."
    )
    criteriaMet: int = Field(description="Criteria met, conditions not counted (9/9 huyện).")
    criteriaTotal: int
    criteria: list[CriterionOut]
    conditions: list[CriterionOut] = Field(
        description="The recognition conditions checked beside the criteria (QĐ 320 for a "
        "district: all communes NTM, ≥ 10% advanced, townships civilised, satisfaction); "
        "empty for sets without conditions."
    )
    missing: list[str]


class CountsOut(Schema):
    code: str
    name: str
    total: int
    meetingAll: int
    notMeeting: int
    recognised: dict[str, int]
    meetingNotRecognised: int


class HeatOut(Schema):
    number: int
    name: str
    met: int
    share: float


class SummaryOut(Schema):
    criteriaSet: str
    setVersion: int | None
    year: int
    asOf: str
    parent: dict[str, str]
    total: int
    meetingAll: int
    notMeeting: int
    recognised: dict[str, int]
    meetingNotRecognised: int
    dossiersInProgress: dict[str, int] | None = Field(
        description="Dossiers of the year by stage: for callers whose units include `parent`; "
        "null for everyone else."
    )
    children: list[CountsOut]
    criteria: list[HeatOut]
