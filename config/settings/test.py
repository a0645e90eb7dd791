"""Test settings: fast hashing, immediate tasks, plain static files, in-memory mail."""

from __future__ import annotations

import os

os.environ.setdefault("SMARTRURAL_TESTING", "true")

from .base import *  # noqa: F403
from .base import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Wagtail's search index serves the editors' admin search only (the portals' search reads each
# page's folded ``search_text``): not kept up to date in tests, as in Wagtail's own test suite.
WAGTAILSEARCH_BACKENDS["default"]["AUTO_UPDATE"] = False  # noqa: F405
SCHEDULER_ENABLED = False
# Outreach sends to memory in tests; a test of a real adapter points it at a fake server.
from smartrural.outreach.channels.memory import MEMORY_ADAPTERS  # noqa: E402

OUTREACH_ADAPTERS = MEMORY_ADAPTERS
OUTREACH_RATES = {}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
LOGGING = {
    **LOGGING,  # noqa: F405
    "loggers": {
        "axes": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "django.request": {"level": "ERROR", "filters": ["forbidden"]},
    },
}
