from __future__ import annotations

from .open311 import admin as open311_admin  # noqa: F401 - registers the Open311 applications
