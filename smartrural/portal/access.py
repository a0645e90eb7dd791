"""Who edits which portal: the unit scope of everywhere else, applied to the Wagtail admin.

Wagtail checks its own permissions (a group per portal: ``services.sync``); these functions
keep each officer's groups in line with their units and answer 404, before Wagtail does, for a
page, image or document of a portal outside their scope (Wagtail itself would answer 403 or
redirect, and that would tell the page exists).

Residents' comments on a plan are the officers' of the plan's portal: a plan belongs to the unit
of each portal home above it (``PortalHome.objects.ancestor_of``; a former commune's portal
moved under its successor's is also its successor's), ``comments_for_user`` lists those in the
officer's scope and ``access_comment_for_user`` is the one gate to a comment (404 outside the
scope, 403 to act read-only).
"""

from __future__ import annotations

import re
from typing import Literal

from django.contrib.auth.models import Group
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, Page

from smartrural.accounts.access import (
    Scope,
    Visitor,
    require_official,
    require_writer,
    scope_for_user,
)
from smartrural.accounts.models import User

from .models import PlanComment, PortalHome
from .services.sync import EDITORS_GROUP

GROUP_PREFIX = "Cổng "
# The admin URLs that name one object: /cms/pages/<id>/…, /cms/pages/add/<app>/<model>/<parent
# id>/, /cms/images/<id>/…, /cms/documents/edit/<id>/ (Wagtail's own routes).
_PAGE_URL = re.compile(r"^/cms/pages/(?:add/\w+/\w+/)?(\d+)/")
_IMAGE_URL = re.compile(r"^/cms/images/(?:multiple/)?(\d+)/")
_DOCUMENT_URL = re.compile(r"^/cms/documents/(?:edit|delete|usage)/(\d+)/")


def may_edit_portals(user: User) -> bool:
    return user.is_active and user.can_write and not user.is_resident


def portals_in_scope(scope: Scope) -> list[PortalHome]:
    """The portals whose unit is in ``scope``; the province office's is the province root
    (which holds every other)."""
    if scope.everything:
        return list(PortalHome.objects.filter(depth=2))
    return list(PortalHome.objects.filter(scope.unit_q("unit__")).select_related("unit"))


def sync_editor_groups(user: User) -> None:
    """Put ``user`` in the editors' group and their portals' groups, out of any other portal's;
    writes only when something changed (one read otherwise)."""
    wanted_names = {EDITORS_GROUP} | {
        f"{GROUP_PREFIX}{portal.unit.code} – {portal.pk}"
        for portal in portals_in_scope(scope_for_user(user))
    }
    current = {group.name: group for group in user.groups.all()}
    portal_names = {name for name in current if name.startswith(GROUP_PREFIX)}
    if portal_names | ({EDITORS_GROUP} & set(current)) == wanted_names:
        return
    stale = [current[name] for name in portal_names - wanted_names]
    if stale:
        user.groups.remove(*stale)
    user.groups.add(*Group.objects.filter(name__in=wanted_names - set(current)))


def page_in_scope(page: Page, scope: Scope) -> bool:
    homes = PortalHome.objects.ancestor_of(page, inclusive=True).select_related("unit")
    return any(scope.contains(home.unit) for home in homes)


def _collection_in_scope(collection: Collection, scope: Scope) -> bool:
    if scope.everything:
        return True
    # A portal's collection is named after it ("… (29479)"): its unit's code.
    code = collection.name.rsplit("(", 1)[-1].rstrip(")")
    homes = PortalHome.objects.filter(unit__code=code).select_related("unit")
    return any(scope.contains(home.unit) for home in homes)


def check_admin_object(path: str, user: User) -> None:
    """404 when ``path`` names a page, image or document outside ``user``'s portals."""
    scope = scope_for_user(user)
    if scope.everything:
        return
    not_found = Http404(_("No such page in your portals."))
    if match := _PAGE_URL.match(path):
        page = Page.objects.filter(pk=int(match[1])).first()
        if page is None or not page_in_scope(page, scope):
            raise not_found
    elif match := _IMAGE_URL.match(path):
        image = Image.objects.filter(pk=int(match[1])).select_related("collection").first()
        if image is None or not _collection_in_scope(image.collection, scope):
            raise not_found
    elif match := _DOCUMENT_URL.match(path):
        document = Document.objects.filter(pk=int(match[1])).select_related("collection").first()
        if document is None or not _collection_in_scope(document.collection, scope):
            raise not_found


CommentAction = Literal["read", "act"]


def comments_for_user(user: Visitor) -> QuerySet[PlanComment]:
    """The comments on the plans of the portals in ``user``'s scope (none for the public)."""
    scope = scope_for_user(user)
    if scope.everything:
        return PlanComment.objects.all()
    if not scope.paths:
        return PlanComment.objects.none()
    # A plan under a portal in scope: the page path starts with the portal's.
    under = Q(pk__in=[])
    for home in portals_in_scope(scope):
        under |= Q(plan__path__startswith=home.path)
    return PlanComment.objects.filter(under)


def access_comment_for_user(
    user: Visitor, pk: int, *, action: CommentAction = "read"
) -> PlanComment:
    """The comment ``pk`` if its plan belongs to a portal in ``user``'s scope (else 404);
    ``act`` (publish, reject, answer) needs a writer (else 403)."""
    require_official(user)
    comment = PlanComment.objects.select_related("plan", "answered_by").filter(pk=pk).first()
    if comment is None or not page_in_scope(comment.plan, scope_for_user(user)):
        raise Http404(_("No comment #%(pk)s on the plans of your units.") % {"pk": pk})
    if action == "act":
        require_writer(user)
    return comment
