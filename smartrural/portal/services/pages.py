"""Writing a portal's content outside the Wagtail admin (the demo, an import, a job), the way
an editor does in it: a page is added as a draft and its revision published, an edit is a new
revision published, a photo or a document goes into the portal's collection. Every change has
its revision and log entry with its author; publishing bumps the page cache (``caching``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.core.errors import Forbidden, ValidationFailed

from ..access import may_edit_portals, page_in_scope
from ..models import PortalHome, PortalPage
from ..models.base import ascii_slug
from ..selectors import portal_collection


def _check_editor(page: Page, by: Actor | None) -> None:
    """``by`` edits the portal ``page`` belongs to: the same gate as the admin's (write access,
    the portal's unit in their scope); Wagtail's own group permissions are then not asked again
    (an officer's groups follow their units only once they open the admin). ``None``: the
    system itself."""
    if by is None:
        return
    if not may_edit_portals(by) or not page_in_scope(page, scope_for_user(by)):
        raise Forbidden(_("You may not edit this portal."))


@transaction.atomic
def portal_page_publish(*, parent: Page, page: PortalPage, by: Actor | None) -> PortalPage:
    """Add ``page`` under ``parent`` and publish it: a draft first, then its first revision
    published by ``by`` (``first_published_at`` is now). Its address is its title without
    diacritics unless given; Wagtail checks the page type may go under ``parent`` and the address
    is free there."""
    if not page.can_create_at(parent.specific):
        raise ValidationFailed(
            _("A %(type)s cannot be added under “%(parent)s”.")
            % {"type": page._meta.verbose_name, "parent": parent.title}
        )
    _check_editor(parent, by)
    if not page.slug:
        # A draft is saved with Wagtail's own slug, which drops "đ": "dat" would be "at".
        page.slug = ascii_slug(page.title)
    page.live = False
    page.has_unpublished_changes = True
    parent.add_child(instance=page)
    revision = page.save_revision(user=by, log_action=True)
    revision.publish(user=by, skip_permission_checks=True)
    page.refresh_from_db()
    return page


@transaction.atomic
def portal_page_revise(*, page: Page, changes: Mapping[str, Any], by: Actor | None) -> PortalPage:
    """A new revision of the published ``page`` with ``changes`` (field name → value), published
    by ``by``. The revision starts from the live page."""
    _check_editor(page, by)
    live: PortalPage = page.specific_class.objects.get(pk=page.pk)
    for name, value in changes.items():
        live._meta.get_field(name)  # an unknown field is a bug of the caller: FieldDoesNotExist
        setattr(live, name, value)
    revision = live.save_revision(user=by, log_action=True)
    revision.publish(user=by, skip_permission_checks=True)
    live.refresh_from_db()
    return live


@transaction.atomic
def portal_image_add(
    *, home: PortalHome, title: str, content: bytes, filename: str, by: Actor | None
) -> Image:
    """A photo in ``home``'s collection, as the admin's upload stores it (size and hash
    recorded; the original is never served, only its re-encoded renditions)."""
    _check_editor(home, by)
    collection = portal_collection(home)
    if collection is None:
        raise ValidationFailed(_("This portal has no collection for its photos yet."))
    image = Image(
        title=title,
        collection=collection,
        uploaded_by_user=by,
        file=ImageFile(ContentFile(content), name=filename),
    )
    image._set_image_file_metadata()
    image.full_clean(exclude=["file"])
    image.save()
    return image


@transaction.atomic
def portal_document_add(
    *, home: PortalHome, title: str, content: bytes, filename: str, by: Actor | None
) -> Document:
    """A document (a PDF) in ``home``'s collection, as the admin's upload stores it."""
    _check_editor(home, by)
    collection = portal_collection(home)
    if collection is None:
        raise ValidationFailed(_("This portal has no collection for its documents yet."))
    document = Document(
        title=title,
        collection=collection,
        uploaded_by_user=by,
        file=ContentFile(content, name=filename),
    )
    document._set_document_file_metadata()
    document.full_clean(exclude=["file"])
    document.save()
    return document
