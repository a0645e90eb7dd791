"""The import of an uploaded file: its rows read here, then ``work_records_import``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from smartrural.accounts.actor import Actor
from smartrural.core.tabular import read_table

from ...models import Source
from ..services import WorkRecordRow, work_records_import
from .lines import Problem, read_lines


@dataclass
class UploadResult:
    problems: list[Problem] = field(default_factory=list)
    imported: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def work_records_upload(*, upload: Any, by: Actor) -> UploadResult:
    """Import an uploaded file through ``work_records_import``: all rows or none.

    Rows this module cannot read are still handed over (with an empty month, which the
    service always refuses), so nothing is written while any row is wrong, and the other rows
    are checked too. ``ValidationFailed`` when the file itself cannot be used.
    """
    lines = read_lines(read_table(upload))
    records = [
        line.record or WorkRecordRow(unit=line.unit, month="", total=0, online=0) for line in lines
    ]
    summary = work_records_import(rows=records, by=by, source=Source.IMPORTED)
    result = UploadResult(imported=summary.imported, updated=summary.updated)
    for line in lines:
        result.problems.extend(line.problems)
    for conflict in summary.conflicts:
        line = lines[conflict.row - 1]
        if not line.problems:
            result.problems.append(Problem(line.row, "", line.unit, conflict.message))
    result.problems.sort(key=lambda p: p.row or 0)  # stable: a row's problems in column order
    return result
