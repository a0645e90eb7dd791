"""A refused request is logged as one line (method, path, user id, reason), not a traceback."""

from __future__ import annotations

import logging
import sys
from typing import Any

from django.core.exceptions import PermissionDenied

from smartrural.core.logfilters import PermissionDeniedOneLine
from smartrural.testing import Personas


def _request_records(caplog: Any) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "django.request"]


class ForbiddenLogTests:
    def test_a_403_page_is_one_line_with_method_path_user_and_reason(
        self, personas: Personas, caplog: Any
    ) -> None:
        caplog.set_level(logging.WARNING, logger="django.request")
        url = f"/units/{personas.commune_a_unit.code}/hamlets/add/?as_of=2023-06-01"
        response = personas.client(personas.viewer_a).get(url)
        assert response.status_code == 403
        [record] = _request_records(caplog)
        assert record.levelno == logging.WARNING
        assert record.exc_info is None
        message = record.getMessage()
        prefix = f"Forbidden (403): GET /units/29479/hamlets/add/ user={personas.viewer_a.pk} "
        assert message.startswith(prefix), message
        reason = message.removeprefix(prefix + "reason=")
        assert reason not in {"", "-"} and reason in response.content.decode()
        assert "\n" not in message
        assert "Traceback" not in caplog.text

    def test_other_request_warnings_are_unchanged(self, personas: Personas, caplog: Any) -> None:
        caplog.set_level(logging.WARNING, logger="django.request")
        assert personas.client(personas.viewer_a).get("/khong-co-trang-nay/").status_code == 404
        [record] = _request_records(caplog)
        assert record.getMessage() == "Not Found: /khong-co-trang-nay/"

    def test_an_error_keeps_its_traceback(self) -> None:
        try:
            raise ValueError("broken")
        except ValueError:
            record = logging.LogRecord(
                "django.request",
                logging.ERROR,
                __file__,
                1,
                "Internal Server Error: %s",
                ("/x/",),
                sys.exc_info(),
            )
        record.status_code = 500
        assert PermissionDeniedOneLine().filter(record)
        assert record.exc_info is not None
        assert record.getMessage() == "Internal Server Error: /x/"

    def test_a_refusal_without_a_request_or_reason_still_reads(self) -> None:
        try:
            raise PermissionDenied
        except PermissionDenied:
            record = logging.LogRecord(
                "django.request",
                logging.WARNING,
                __file__,
                1,
                "Forbidden: %s",
                ("/x/",),
                sys.exc_info(),
            )
        record.status_code = 403
        assert PermissionDeniedOneLine().filter(record)
        assert record.getMessage() == "Forbidden (403): - - user=- reason=-"
        assert record.exc_info is None
