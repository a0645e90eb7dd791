"""Officers' pages of subscribers: the list of their hamlets' subscribers (filtered, searched by
name without diacritics or by phone), add, edit, unsubscribe, take back on a new consent,
history, and the Excel/CSV import with its template."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.access import require_official, require_writer, scope_for_user
from smartrural.accounts.actor import ActorRequest
from smartrural.accounts.reference import day_reference, held_until, note_reference
from smartrural.core.errors import DomainError
from smartrural.core.history import render_history
from smartrural.core.page_forms import act, import_submit, posted, submit
from smartrural.core.tabular import read_table
from smartrural.core.text import fold
from smartrural.geo.models import AdministrativeUnit, Level

from ..access import access_for_user, scoped
from ..forms.subscribers import (
    ImportForm,
    ResubscribeForm,
    SubscriberFilterForm,
    SubscriberForm,
    UnsubscribeForm,
    channel_initial,
)
from ..models import Channel, Subscriber, Topic, channels_label, topic_bit, topics_label
from ..phones import phone_display
from ..services.subscribers import (
    subscriber_create,
    subscriber_resubscribe,
    subscriber_unsubscribe_by_officer,
    subscriber_update,
)
from ..services.subscribers_import import (
    subscriber_rows,
    subscribers_import,
    template_bytes,
)

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_NOT_DIGITS = re.compile(r"\D")


def list_url(**params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse("outreach:subscriber-list") + (f"?{query}" if query else "")


def crumbs() -> list[tuple[str, str]]:
    return [(reverse("outreach:home"), _("Outreach")), (list_url(), _("Subscribers"))]


def hamlets_for_user(request: ActorRequest) -> QuerySet[AdministrativeUnit]:
    """The reader's hamlets on the last day (not after today) some hamlet of theirs is valid."""
    reference = note_reference(
        request,
        day_reference(
            user=request.user,
            asked=None,
            data=AdministrativeUnit.objects.filter(level=Level.HAMLET),
            field=held_until("valid_to"),
            unit_field="",
        ),
    )
    return (
        AdministrativeUnit.objects.valid_on(reference.as_of)
        .filter(level=Level.HAMLET)
        .filter(scope_for_user(request.user).unit_q())
        .select_related("parent")
        .order_by("path")
    )


def search(qs: QuerySet[Subscriber], text: str) -> QuerySet[Subscriber]:
    """By name without diacritics, or by (a part of) the phone as residents write it."""
    text = text.strip()
    if not text:
        return qs
    q = Q(search_name__contains=fold(text))
    digits = _NOT_DIGITS.sub("", text)
    if len(digits) >= 3:
        if digits.startswith("0"):
            digits = "84" + digits[1:]
        q |= Q(phone__contains=digits)
    return qs.filter(q)


def filter_subscribers(qs: QuerySet[Subscriber], data: dict[str, Any]) -> QuerySet[Subscriber]:
    if data.get("hamlet") is not None:
        qs = qs.filter(hamlet=data["hamlet"])
    qs = search(qs, data.get("q") or "")
    if data.get("topic"):
        bit = topic_bit(data["topic"])
        qs = qs.annotate(topic_bits=F("topics").bitand(bit)).filter(topic_bits=bit)
    if data.get("channel"):
        channel = data["channel"]
        qs = qs.filter(
            Q(channels=channel)
            | Q(channels__startswith=f"{channel},")
            | Q(channels__endswith=f",{channel}")
            | Q(channels__contains=f",{channel},")
        )
    if data.get("active") == "yes":
        qs = qs.filter(unsubscribed_at=None)
    elif data.get("active") == "no":
        qs = qs.exclude(unsubscribed_at=None)
    return qs


def _labels(subscriber: Subscriber) -> dict[str, Any]:
    return {
        "subscriber": subscriber,
        "phone": phone_display(subscriber.phone),
        "topics": [Topic(t).label for t in subscriber.topic_list],
        "channels": [Channel(c).label for c in subscriber.channel_list],
    }


@login_required
@require_http_methods(["GET", "HEAD"])
def subscriber_list(request: ActorRequest) -> HttpResponse:
    require_official(request.user)
    hamlets = hamlets_for_user(request)
    form = SubscriberFilterForm(request.GET or None, hamlets=hamlets)
    form.is_valid()  # a wrong filter is shown with its error; the others still apply
    data = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if k not in form.errors}
    rows = filter_subscribers(scoped(Subscriber, request.user), data).select_related(
        "hamlet", "hamlet__parent"
    )
    page = Paginator(rows.order_by("hamlet__path", "search_name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page": page,
        "rows": [_labels(s) for s in page.object_list],
        "may_write": request.user.can_write,
        "crumbs": crumbs()[:1],
    }
    return render(request, "outreach/subscribers/subscriber_list.html", context)


def _values(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "hamlet": data["hamlet"],
        "name": data.get("name") or "",
        "phone": data.get("phone") or "",
        "email": data.get("email") or "",
        "zalo_user_id": data.get("zalo_user_id") or "",
        "topics": data.get("topics") or [],
        "channels": data.get("channels") or [],
        "consent_on": data.get("consent_on"),
        "consent_source": data.get("consent_source") or "",
    }


def _form_page(
    request: ActorRequest,
    form: forms.Form,
    *,
    subscriber: Subscriber | None,
    status: int,
    other: forms.Form | None = None,
) -> HttpResponse:
    context = {
        "form": form,
        "subscriber": subscriber,
        "details": _labels(subscriber) if subscriber is not None else None,
        "other": other,
        "crumbs": crumbs(),
    }
    return render(request, "outreach/subscribers/subscriber_form.html", context, status=status)


def _saved(subscriber: Subscriber) -> str:
    return _("Subscriber #%(pk)s saved.") % {"pk": subscriber.pk}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def subscriber_add(request: ActorRequest) -> HttpResponse:
    require_official(request.user)
    require_writer(request.user)
    hamlets = hamlets_for_user(request)
    initial = {"consent_on": timezone.localdate()}
    form = SubscriberForm(posted(request), hamlets=hamlets, initial=initial)
    done, status = submit(
        request,
        form,
        lambda data: subscriber_create(**_values(data), by=request.user),
        message=_saved,
        then=lambda s: reverse("outreach:subscriber-edit", args=[s.pk]),
    )
    if done is not None:
        return done
    return _form_page(request, form, subscriber=None, status=status)


def _initial(subscriber: Subscriber) -> dict[str, Any]:
    return {
        "hamlet": subscriber.hamlet_id,
        "name": subscriber.name,
        "phone": phone_display(subscriber.phone),
        "email": subscriber.email,
        "zalo_user_id": subscriber.zalo_user_id,
        "topics": subscriber.topic_list,
        "consent_on": timezone.localdate(subscriber.consent_at),
        "consent_source": subscriber.consent_source,
        "version": subscriber.version,
        **channel_initial(subscriber.channel_list),
    }


def _side_form(subscriber: Subscriber, data: Any = None) -> forms.Form:
    """The form under the data: unsubscribe, or come back on a new consent."""
    initial = {"version": subscriber.version}
    if subscriber.active:
        return UnsubscribeForm(data, initial=initial)
    return ResubscribeForm(data, initial={**initial, "consent_on": timezone.localdate()})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def subscriber_edit(request: ActorRequest, pk: int) -> HttpResponse:
    queryset = Subscriber.objects.select_related("hamlet", "hamlet__parent")
    subscriber = access_for_user(Subscriber, request.user, pk, action="write", queryset=queryset)
    form = SubscriberForm(
        posted(request), hamlets=hamlets_for_user(request), initial=_initial(subscriber)
    )
    done, status = submit(
        request,
        form,
        lambda data: subscriber_update(
            subscriber=subscriber, version=data["version"], by=request.user, **_values(data)
        ),
        message=_saved,
        then=lambda s: reverse("outreach:subscriber-edit", args=[s.pk]),
    )
    if done is not None:
        return done
    return _form_page(
        request, form, subscriber=subscriber, status=status, other=_side_form(subscriber)
    )


@login_required
@require_POST
def unsubscribe(request: ActorRequest, pk: int) -> HttpResponse:
    """An officer records that the resident asked to stop receiving notices."""
    subscriber = access_for_user(Subscriber, request.user, pk, action="write")
    form = UnsubscribeForm(request.POST)
    then = reverse("outreach:subscriber-edit", args=[subscriber.pk])
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
        return redirect(then)

    def refused(exc: DomainError) -> HttpResponse:
        messages.error(request, exc.message)
        return redirect(then)

    return act(
        request,
        lambda: subscriber_unsubscribe_by_officer(
            subscriber=subscriber, version=form.cleaned_data["version"], by=request.user
        ),
        message=_("Subscriber #%(pk)s unsubscribed: nothing more is sent to them.")
        % {"pk": subscriber.pk},
        then=then,
        refused=refused,
    )


@login_required
@require_http_methods(["POST"])
def resubscribe(request: ActorRequest, pk: int) -> HttpResponse:
    """Take an unsubscribed resident back, on their new consent."""
    queryset = Subscriber.objects.select_related("hamlet", "hamlet__parent")
    subscriber = access_for_user(Subscriber, request.user, pk, action="write", queryset=queryset)
    other = ResubscribeForm(request.POST)
    done, status = submit(
        request,
        other,
        lambda data: subscriber_resubscribe(
            subscriber=subscriber,
            version=data["version"],
            consent_on=data["consent_on"],
            consent_source=data["consent_source"],
            by=request.user,
        ),
        message=lambda s: _("Subscriber #%(pk)s receives notices again.") % {"pk": s.pk},
        then=lambda s: reverse("outreach:subscriber-edit", args=[s.pk]),
    )
    if done is not None:
        return done
    subscriber.refresh_from_db()
    form = SubscriberForm(None, hamlets=hamlets_for_user(request), initial=_initial(subscriber))
    return _form_page(request, form, subscriber=subscriber, status=status, other=other)


@login_required
@require_http_methods(["GET", "HEAD"])
def subscriber_history(request: ActorRequest, pk: int) -> HttpResponse:
    subscriber = access_for_user(Subscriber, request.user, pk)
    return render_history(
        request,
        subscriber,
        title=_("Subscriber #%(pk)s") % {"pk": subscriber.pk},
        back_url=list_url(hamlet=subscriber.hamlet_id),
        breadcrumbs=crumbs(),
        display={
            "phone": phone_display,
            "topics": topics_label,
            "channels": channels_label,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def subscriber_import(request: ActorRequest) -> HttpResponse:
    require_official(request.user)
    require_writer(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    done, status, errors = import_submit(
        request,
        form,
        lambda data: subscribers_import(
            rows=subscriber_rows(read_table(data["file"])),
            hamlets=list(hamlets_for_user(request)),
            by=request.user,
        ),
        message=lambda result: (
            _(
                "Import done: %(created)s subscriber(s) added, %(updated)s updated, "
                "%(unchanged)s unchanged."
            )
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        ),
        then=reverse("outreach:subscriber-list"),
    )
    if done is not None:
        return done
    context = {"form": form, "errors": errors, "crumbs": crumbs()}
    return render(request, "outreach/subscribers/subscriber_import.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def subscriber_import_template(request: ActorRequest) -> HttpResponse:
    require_official(request.user)
    require_writer(request.user)
    response = HttpResponse(template_bytes(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="nguoi-nhan-tin-mau.xlsx"'
    return response
