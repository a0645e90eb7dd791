"""Logging filters wired in ``config/settings/base.py`` (``LOGGING``)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied


class PermissionDeniedOneLine(logging.Filter):
    """A refused request (403 from ``PermissionDenied``) as one line, not a traceback.

    Django logs it through ``django.request`` as a warning carrying the exception, so every
    read-only officer pressing a button they may not use printed a stack trace. A refusal is an
    expected answer: the line says what was refused and why (method, path, user id, reason).
    Other records pass unchanged.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        exception = record.exc_info[1] if record.exc_info else None
        if getattr(record, "status_code", None) != 403 or not isinstance(
            exception, PermissionDenied
        ):
            return True
        request: Any = getattr(record, "request", None)
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else "-"
        reason = " ".join(str(exception).split()) or "-"
        record.msg = "Forbidden (403): %s %s user=%s reason=%s"
        record.args = (
            getattr(request, "method", "-"),
            getattr(request, "path", "-"),
            user_id,
            reason,
        )
        record.exc_info = None
        record.exc_text = None
        return True
