"""Portal pages: Wagtail's ``serve`` behind the page cache (``caching``), sitemap and the
public image renditions; the plan page's views (registered on ``PlanPage`` in
``PortalConfig.ready``): the plan with its comment form while comments are open, and a comment
posted to it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.static import serve as static_serve
from wagtail import views as wagtail_views
from wagtail.models import Site

from smartrural.core.dates import today
from smartrural.core.page_forms import submit
from smartrural.feedback.ratelimit import client_hash

from .caching import serve_cached
from .forms import PlanCommentForm
from .models import PlanComment, PlanPage
from .services.plan import CommentsClosed, plan_comment_submit

COMMENTS_ANCHOR = "#gop-y"


def serve(request: HttpRequest, path: str) -> HttpResponse:
    if path == "" and not Site.objects.exists():
        # No portal yet (before the first ``portal_sync``): the officers' home.
        return redirect("core:home")
    return serve_cached(request, lambda request: wagtail_views.serve(request, path))


def rendition(request: HttpRequest, path: str) -> FileResponse:
    """An image rendition (``/media/images/…``): public, re-encoded without metadata. Originals
    are not served."""
    response = static_serve(request, path, document_root=str(Path(settings.MEDIA_ROOT) / "images"))
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def _plan(
    request: HttpRequest, page: PlanPage, *, status: int = 200, **context: Any
) -> HttpResponse:
    response = page.render(request, context_overrides=context)
    response.status_code = status
    return response


def plan_page(request: HttpRequest, page: PlanPage) -> HttpResponse:
    """The plan; its comment form only while the plan takes comments today."""
    form = PlanCommentForm() if page.accepts_comments(today()) else None
    return _plan(request, page, form=form)


def plan_comment(request: HttpRequest, page: PlanPage) -> HttpResponse:
    """A comment posted to ``gop-y/``: stored awaiting moderation and back to the plan with a
    thank-you; the form again with what is wrong (422), too many from this address (429);
    outside the comment period or on an approved plan, the plan with why (400), nothing
    stored."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    day = today()
    if not page.accepts_comments(day):
        return _plan(request, page, status=400, form=None, refusal=page.closed_message(day))
    form = PlanCommentForm(request.POST)
    thanks = _(
        "Thank you: your comment was sent. It is published under the plan once the commune "
        "officers have read it."
    )
    back = (page.get_url(request) or "/") + COMMENTS_ANCHOR
    if form.is_bot:
        # A filled honeypot: look like success to the bot, store nothing.
        messages.success(request, thanks)
        return redirect(back)

    def send(data: dict[str, Any]) -> PlanComment:
        return plan_comment_submit(
            plan=page,
            name=data["name"],
            hamlet=data["hamlet"],
            stance=data["stance"],
            text=data["text"],
            phone=data["phone"],
            client_hash=client_hash(request),
        )

    done, status = submit(request, form, send, message=thanks, then=back)
    if done is not None:
        return done
    if status == CommentsClosed.status_code:  # the period ended while the form was filled in
        return _plan(request, page, status=status, form=None, refusal=page.closed_message(day))
    return _plan(request, page, status=status, form=form)
