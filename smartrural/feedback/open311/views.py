"""Open311 GeoReport v2: discovery, services, service definitions, service requests, tokens.

Reading is public (the published reports, as the public pages show them); ``POST requests``
needs an application's ``api_key``, in the body or the query string (401 when missing, unknown
or deactivated: the API's rule for a caller without credentials). Every answer is JSON or XML as
the URL's extension asks, errors too (``[{"code", "description"}]``).
GET answers carry ``Access-Control-Allow-Origin: *`` (public data, no cookies), so web apps may
read them; the POST does not (a key does not belong in a browser) and is CSRF-exempt (no
cookies are used: the key authenticates it).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from smartrural.core.dates import today
from smartrural.core.errors import DomainError

from .. import tracking
from ..models import Category, Channel, Report
from ..services import Contact, report_submit
from . import lookups, serialise
from .filters import select
from .formats import Format, Open311Error, render, render_error
from .intake import RequestForm, attributes, form_errors, place_for
from .keys import client_for_key, note_use
from .writes import writer_turn

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-12-03T00:00:00+07:00"  # when the service list's shape last changed

View = Callable[..., HttpResponse]


def open311(*methods: str) -> Callable[[View], View]:
    """Answer ``methods`` only, and any refusal in the request's format."""

    def wrap(view: View) -> View:
        @wraps(view)
        def inner(request: HttpRequest, *args: Any, fmt: Format, **kwargs: Any) -> HttpResponse:
            try:
                if request.method not in methods:
                    message = _("Method %(method)s is not allowed here.")
                    raise Open311Error(405, message % {"method": request.method})
                response = view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as error:
                response = render_error(fmt, error)
                if error.status == 405:
                    response["Allow"] = ", ".join(methods)
            if request.method == "GET":
                response["Access-Control-Allow-Origin"] = "*"
            return response

        return inner

    return wrap


@open311("GET")
def discovery(request: HttpRequest, *, fmt: Format) -> HttpResponse:
    base = request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": fmt}))
    return render(
        fmt,
        "discovery",
        {
            "changeset": CHANGESET,
            "contact": _("The provincial New Rural Development Coordination Office"),
            "key_service": _("Ask the provincial office for an api_key to post reports."),
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": base.rsplit("/", 1)[0],
                    "changeset": CHANGESET,
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        },
    )


@open311("GET")
def services(request: HttpRequest, *, fmt: Format) -> HttpResponse:
    categories = list(Category.objects.filter(active=True).select_related("parent"))
    parents = {c.parent_id for c in categories if c.parent_id}
    leaves = [c for c in categories if c.pk not in parents]
    items = [serialise.service(c, c.parent.name if c.parent else "") for c in leaves]
    return render(fmt, "services", items)


def _category(code: str, *, missing: int = 404, cached: bool = False) -> Category:
    """The active leaf category ``code``; else ``missing`` (404 for a URL, 400 for a
    parameter). ``cached``: as known to this process a few seconds ago (``lookups``)."""
    category = lookups.leaf_category(code, cached=cached)
    if category is None:
        raise Open311Error(
            missing, _("No service with service_code “%(code)s”.") % {"code": code[:50]}
        )
    return category


@open311("GET")
def service(request: HttpRequest, *, code: str, fmt: Format) -> HttpResponse:
    return render(fmt, "service_definition", serialise.service_definition(_category(code)))


@csrf_exempt
@open311("GET", "POST")
def requests(request: HttpRequest, *, fmt: Format) -> HttpResponse:
    if request.method == "POST":
        return _post(request, fmt)
    reports = select(serialise.public_reports(), request.GET)
    return render(fmt, "service_requests", serialise.service_requests(reports))


def _post(request: HttpRequest, fmt: Format) -> HttpResponse:
    # In the form body as the specification shows it, or in the query string as published
    # clients send it (Code for America's open311: ``requests.json?api_key=…``).
    key = request.POST.get("api_key", "") or request.GET.get("api_key", "")
    if not key:
        raise Open311Error(401, _("api_key is required."))
    client = client_for_key(key)
    if client is None:
        raise Open311Error(401, _("This api_key is not valid."))
    form = RequestForm(request.POST)
    if not form.is_valid():
        raise form_errors(form)
    data = form.cleaned_data
    category = _category(data["service_code"], missing=400, cached=True)
    answers = attributes(category, request.POST)
    day = today()
    place = place_for(data, day)
    name = f"{data['first_name']} {data['last_name']}".strip()
    try:
        with writer_turn():
            submitted = report_submit(
                category=category,
                description=data["description"],
                place=place.unit,
                channel=Channel.OPEN311,
                contact=Contact(
                    name=name, phone=data["phone"], email=data["email"], hide_name=True
                ),
                latitude=data["lat"],
                longitude=data["long"],
                address=data["address_string"],
                answers=answers,
                client_hash=tracking.keyed_hash(f"open311:{client.pk}"),
                where=lookups.route_of(place.unit, category, day),
            )
    except DomainError as exc:
        message = f"{exc.field}: {exc.message}" if exc.field else exc.message
        raise Open311Error(400, message) from None
    note_use(client)
    return render(
        fmt,
        "service_requests",
        [
            {
                "service_request_id": str(submitted.report.pk),
                "service_notice": _notice(submitted.report, by_position=place.by_position),
                "account_id": None,
                "token": tracking.display(submitted.tracking_code),
            }
        ],
    )


def _notice(report: Report, *, by_position: bool) -> str:
    day = report.deadline.strftime("%d/%m/%Y")
    unit = report.responsible_unit.name
    if by_position:
        return _(
            "Received. A position does not tell the commune (units have no boundaries here): "
            "%(unit)s reads it and sends it to the commune concerned. Answer due by %(day)s."
        ) % {"unit": unit, "day": day}
    return _("Received. %(unit)s handles it; answer due by %(day)s.") % {"unit": unit, "day": day}


def _report(pk: str) -> Report:
    report = None
    if pk.isascii() and pk.isdigit() and len(pk) <= 18:
        report = serialise.public_reports().filter(pk=int(pk)).first()
    if report is None:
        raise Open311Error(404, _("No service request %(id)s.") % {"id": pk[:30]})
    return report


@open311("GET")
def service_request(request: HttpRequest, *, pk: str, fmt: Format) -> HttpResponse:
    return render(fmt, "service_requests", serialise.service_requests([_report(pk)]))


@open311("GET")
def token(request: HttpRequest, *, token: str, fmt: Format) -> HttpResponse:
    code = tracking.normalise(token)
    found = None
    if code is not None:
        found = (
            Report.objects.filter(tracking_hash=tracking.code_hash(code), hidden=False)
            .values_list("pk", flat=True)
            .first()
        )
    if found is None:
        raise Open311Error(404, _("No service request with this token."))
    return render(fmt, "service_requests", [{"service_request_id": str(found), "token": token}])
