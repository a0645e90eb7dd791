"""Every Excel upload of the product against spreadsheet bombs: the criteria template upload,
the work-records upload and the officials import (no API operation takes a workbook).

Each bomb is a few tens of KB (see ``core/tests/bombs.py``); posted as an officer who may
upload there, it is refused with 422 and the limit beside the file field, in under 5 s, and the
worker's peak memory grows by less than 150 MB.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from smartrural.core.tests import bombs
from smartrural.criteria.models import IndicatorValue
from smartrural.criteria.tests.factories import stored_set
from smartrural.testing import Personas
from smartrural.transformation.models import Official, WorkRecordStat

pytestmark = pytest.mark.django_db

CELLS = "Tệp có hơn 200.000 ô: vui lòng chia thành các tệp nhỏ hơn và tải lên lần lượt từng tệp."
INFLATED = "Tệp giải nén ra hơn 20,0\xa0MB"


@dataclass(frozen=True)
class Upload:
    url: str
    persona: str
    fields: dict[str, str]


UPLOADS = {
    "criteria": Upload("/criteria/T-XA/2023/29479/upload/", "commune_a", {}),
    "work-records": Upload("/transformation/work-records/upload/", "district", {}),
    "officials": Upload("/transformation/officials/import/", "district", {"as_of": "01/06/2023"}),
}
MESSAGES = {
    "million-cells": CELLS,
    "huge-dimension": CELLS,
    "lying-dimension": CELLS,
    "inflated": INFLATED,
}
FILES = {name: make() for name, make in bombs.BOMBS.items()}


def _status(field: str) -> int:
    """A size from /proc/self/status, in bytes."""
    match = re.search(rf"^{field}:\s+(\d+) kB$", Path("/proc/self/status").read_text(), re.M)
    assert match is not None
    return int(match.group(1)) * 1024


def reset_peak_memory() -> int:
    """Set the peak resident size to the current one (Linux); return the current one."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status("VmRSS")


def peak_memory() -> int:
    return _status("VmHWM")


def post(personas: Personas, upload: Upload, data: bytes) -> Any:
    client = personas.client(getattr(personas, upload.persona))
    body = {**upload.fields, "file": SimpleUploadedFile("bao-cao.xlsx", data)}
    return client.post(upload.url, body)


@pytest.mark.parametrize("bomb", list(bombs.BOMBS))
@pytest.mark.parametrize("page", list(UPLOADS))
def test_a_spreadsheet_bomb_is_refused_quickly_in_little_memory(
    personas: Personas, page: str, bomb: str
) -> None:
    stored_set()
    data = FILES[bomb]
    assert len(data) < 100_000
    upload = UPLOADS[page]
    # Memory: the growth of this process's peak resident set size (Linux's VmHWM, reset first
    # through /proc/self/clear_refs) over its size before the request; it counts C allocations
    # (zlib, expat) too and does not slow the request down. The reader's own peak, in a fresh
    # process where no earlier test left memory to reuse, is in core/tests/test_spreadsheets.py.
    before = reset_peak_memory()
    start = time.monotonic()
    response = post(personas, upload, data)
    elapsed = time.monotonic() - start
    grew = peak_memory() - before
    assert response.status_code == 422
    errors = response.context["form"].errors["file"]
    assert any(e.startswith(MESSAGES[bomb]) for e in errors), errors
    assert MESSAGES[bomb] in response.content.decode()
    assert elapsed < 5, f"{elapsed:.1f} s"
    assert grew < 150 * 1024 * 1024, f"{grew / 1e6:.0f} MB"
    assert not IndicatorValue.objects.exists()
    assert not WorkRecordStat.objects.exists()
    assert not Official.objects.exists()


@pytest.mark.parametrize("page", list(UPLOADS))
def test_a_workbook_at_the_cell_limit_is_read_and_one_cell_more_is_refused(
    personas: Personas, page: str, settings: Any
) -> None:
    """With the limit at 100 cells: 100 cells are read (and refused for what they hold, not
    for their number), 101 are refused for their number."""
    stored_set()
    settings.SPREADSHEET_MAX_CELLS = 100
    upload = UPLOADS[page]
    at_limit = post(personas, upload, bombs.workbook(rows=10, columns=10, dimension=None))
    assert at_limit.status_code == 422
    assert "Tệp có hơn" not in at_limit.content.decode()
    over = post(personas, upload, bombs.workbook(rows=101, columns=1, dimension=None))
    assert over.status_code == 422
    assert "Tệp có hơn 100 ô" in " ".join(over.context["form"].errors["file"])
