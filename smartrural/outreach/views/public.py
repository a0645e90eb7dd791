"""Residents' outreach pages: leaving with one click (the link in every e-mail and notice).

``GET`` shows what leaving means and a button; ``POST`` leaves. Mail clients that support
RFC 8058 POST ``List-Unsubscribe=One-Click`` to the same address without a CSRF token, so the
view takes a POST whose only proof is the link's secret (the token: 256 random bits). Nothing
about the subscriber (their name, number, hamlet) is shown: anyone holding a forwarded link
sees only that a subscription exists.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..models import Subscriber, UnsubscribeReason
from ..services.subscribers import subscriber_unsubscribe


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "same-origin"
    return response


@csrf_exempt  # RFC 8058: the one-click POST comes from the mail provider, with the secret only
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = Subscriber.objects.filter(token=token).first()
    if subscriber is None:
        raise Http404
    if request.method == "POST":
        subscriber_unsubscribe(subscriber=subscriber, reason=UnsubscribeReason.LINK)
        return _private(render(request, "outreach/public/unsubscribed.html"))
    template = (
        "outreach/public/unsubscribed.html"
        if subscriber.unsubscribed_at
        else "outreach/public/unsubscribe.html"
    )
    return _private(render(request, template))
