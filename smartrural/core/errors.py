"""Domain errors: raised by services, turned into 409/422 and a readable message at the edge."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the operation. ``message`` is for the user (translated)."""

    status_code = 422

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationFailed(DomainError):
    status_code = 422


class Conflict(DomainError):
    status_code = 409


class Forbidden(DomainError):
    """Refused to this user; on a form page the form is shown again with the reason (403)."""

    status_code = 403
