"""The Wagtail admin (``/cms/``) behind SmartRural's gates: anonymous visitors log in on our
login page, residents get 404, read-only accounts 403; an officer's editor groups follow their
units (``access.sync_editor_groups``) and another unit's page, image or document is 404."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from smartrural.accounts.models import User

from .access import check_admin_object, may_edit_portals, sync_editor_groups

ADMIN_PREFIX = "/cms/"


class PortalAdminMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(ADMIN_PREFIX):
            return self.get_response(request)
        user = request.user
        if not isinstance(user, User) or not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if user.is_resident:
            raise Http404(_("This page is for the programme's officials, not for residents."))
        if not may_edit_portals(user):
            raise PermissionDenied(_("Your account is read-only."))
        sync_editor_groups(user)
        check_admin_object(request.path, user)
        response = self.get_response(request)
        # Wagtail's admin initialises its editors (Draftail, choosers) with inline scripts and
        # styles, and takes no nonce: allowed here, for logged-in officers' admin pages only.
        # Every other page keeps the strict policy.
        response._csp_update = {  # type: ignore[attr-defined]
            "script-src": ["'unsafe-inline'"],
            "style-src": ["'unsafe-inline'"],
        }
        return response
