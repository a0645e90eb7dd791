"""Endpoint matrix rows of feedback's reporting pages: public, the same for everyone. Objects are
built in 2023 (the personas' units); a builder that files a report makes a fresh one per call."""

from __future__ import annotations

from collections.abc import Callable

from smartrural.feedback import tracking
from smartrural.feedback.models import ReportPhoto
from smartrural.testing import IN_2023, Personas
from smartrural.testing_matrix import Endpoint, everyone

from .factories import file_report
from .reporting_helpers import upload


def _code(p: Personas) -> str:
    return tracking.display(file_report(p.hamlet_a_unit, on=IN_2023).tracking_code)


def _track(suffix: str = "") -> Callable[[Personas], str]:
    return lambda p: f"/feedback/track/{_code(p)}/{suffix}"


def _photo(p: Personas) -> str:
    done = file_report(p.hamlet_a_unit, on=IN_2023, photos=[upload()])
    photo = ReportPhoto.objects.get(report=done.report)
    return f"/feedback/track/{tracking.display(done.tracking_code)}/photos/{photo.pk}/"


def _me_too(p: Personas) -> str:
    return f"/feedback/new/similar/{file_report(p.hamlet_a_unit, on=IN_2023).report.pk}/me-too/"


ENDPOINTS: list[Endpoint] = [
    Endpoint("feedback:report-new", "get", lambda p: "/feedback/new/", everyone(200)),
    # An empty form: every field says what is missing.
    Endpoint("feedback:report-new", "post", lambda p: "/feedback/new/", everyone(422)),
    Endpoint("feedback:report-done", "get", lambda p: "/feedback/new/done/", everyone(200)),
    Endpoint("feedback:report-similar", "get", lambda p: "/feedback/new/similar/", everyone(200)),
    Endpoint("feedback:report-me-too", "post", _me_too, everyone(302)),
    Endpoint("feedback:track", "get", lambda p: "/feedback/track/", everyone(200)),
    Endpoint("feedback:track-detail", "get", _track(), everyone(200)),
    Endpoint("feedback:track-photo", "get", _photo, everyone(200)),
    # A report just received cannot be rated yet (409); an empty reason is 422.
    Endpoint("feedback:track-rate", "post", _track("rate/"), everyone(422)),
    Endpoint("feedback:track-reopen", "post", _track("reopen/"), everyone(422)),
]
