"""Portals from the units: one home per commune-level unit valid on the day and one for the
province, with their default sections, editor group and image collection.

Idempotent (the nightly job and ``smartrural portal_sync`` run it): it creates what is missing,
moves a dissolved commune's portal under its successor's (``former``; Wagtail's redirects app
keeps the old addresses answering; with no successor on record it stays where it is, ``former``,
out of the communes' list) and never renames a portal's address (``portal_slug`` is given once;
a renamed commune keeps its slug, an editor may change it and the old one redirects).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
)

from smartrural.geo.models import KIND_PREFIX, AdministrativeUnit, Kind, Level
from smartrural.geo.selectors import all_successors

from ..models import (
    CommuneIndex,
    ContactPage,
    DocumentIndex,
    GalleryPage,
    NewsCategory,
    NewsIndex,
    PortalHome,
    ShowcasePage,
    StandardPage,
    TourismIndex,
)
from ..models.base import PortalPage, ascii_slug
from ..models.home import portal_root

# The sections every portal starts with: page type, slug, title. Other page types add theirs
# with ``add_default_section`` below (here, not in their module: models never import services).
DEFAULT_SECTIONS: list[tuple[type[PortalPage], str, str]] = [
    (NewsIndex, "tin-tuc", "Tin tức – Thông báo"),
    (StandardPage, "gioi-thieu", "Giới thiệu"),
    (ContactPage, "lien-he", "Liên hệ"),
]
DEFAULT_CATEGORIES = [
    ("tin-tuc", "Tin tức"),
    ("thong-bao", "Thông báo"),
    ("nong-thon-moi", "Nông thôn mới"),
    ("su-kien", "Sự kiện"),
]
COMMUNES_SLUG = "xa"
EDITORS_GROUP = "Biên tập cổng thông tin"  # may open the Wagtail admin
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)


# Slugs of the default sections only commune portals get (not the province's).
COMMUNE_SECTIONS: set[str] = set()


def add_default_section(
    model: type[PortalPage], slug: str, title: str, *, communes_only: bool = False
) -> None:
    """Every portal (``communes_only``: every commune's) gets a ``model`` page at ``slug``
    (created by the next sync)."""
    if all(existing != slug for _model, existing, _title in DEFAULT_SECTIONS):
        DEFAULT_SECTIONS.append((model, slug, title))
    if communes_only:
        COMMUNE_SECTIONS.add(slug)


add_default_section(DocumentIndex, "van-ban", "Văn bản")
add_default_section(TourismIndex, "du-lich", "Du lịch")
add_default_section(GalleryPage, "thu-vien-anh", "Thư viện ảnh")
add_default_section(ShowcasePage, "san-pham", "Sản phẩm OCOP")  # kind: products (its default)


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)


def portal_slug(unit: AdministrativeUnit) -> str:
    """The address of a unit's portal: its name without the kind and diacritics ("Xã Ngãi
    Xuyên" → "ngai-xuyen"); numbered wards keep the kind ("Phường 1" → "phuong-1")."""
    name = unit.name
    prefix = KIND_PREFIX.get(Kind(unit.kind), "")
    if prefix and name.startswith(prefix + " "):
        rest = name[len(prefix) + 1 :]
        if not rest.strip().isdigit():
            name = rest
    slug = ascii_slug(name)
    return unit.code if slug == "trang" else slug


def _unique_slug(parent: Page, slug: str, unit: AdministrativeUnit) -> str:
    taken = set(parent.get_children().values_list("slug", flat=True))
    return slug if slug not in taken else f"{slug}-{unit.code}"


def _ensure_categories() -> None:
    if not NewsCategory.objects.exists():
        NewsCategory.objects.bulk_create(
            NewsCategory(slug=slug, name=name, order=order)
            for order, (slug, name) in enumerate(DEFAULT_CATEGORIES)
        )


def _add_live(parent: Page, page: Page, *, before: Page | None = None) -> Page:
    """Add ``page`` under ``parent`` (just before its child ``before`` when given), published
    at once (no revision: nobody wrote it yet)."""
    page.live = True
    page.has_unpublished_changes = False
    if before is not None:
        return before.add_sibling(pos="left", instance=page)
    return parent.add_child(instance=page)


def _ensure_sections(home: PortalHome, *, province: bool = False) -> None:
    """The missing default sections, in the menu; the contact page stays the menu's last."""
    existing = set(home.get_children().values_list("slug", flat=True))
    for model, slug, title in DEFAULT_SECTIONS:
        if slug in existing or (province and slug in COMMUNE_SECTIONS):
            continue
        # Read each time: adding a page before the contact page renumbers its path.
        contact = None if model is ContactPage else ContactPage.objects.child_of(home).first()
        _add_live(home, model(title=title, slug=slug, show_in_menus=True), before=contact)


def _ensure_province(province: AdministrativeUnit, report: SyncReport) -> PortalHome:
    root = portal_root()
    home = PortalHome.objects.filter(depth=2).first()
    if home is None:
        # Wagtail's own "Welcome" page gives its place to the province portal.
        for page in Page.objects.filter(depth=2).exclude(content_type__model="portalhome"):
            page.delete()
        home = _add_live(root, PortalHome(title=province.name, slug="trang-chu", unit=province))
        report.created.append(province.name)
    elif home.unit_id != province.pk:
        # The province after a reorganisation (Trà Vinh → Vĩnh Long) takes the portal over.
        home.unit = province
        home.title = province.name
        home.save(update_fields=["unit", "title", "search_text", "draft_title"])
        report.updated.append(province.name)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=province.name,
        )
    elif site.root_page_id != home.pk or site.site_name != province.name:
        site.root_page = home
        site.site_name = province.name
        site.save()
    _ensure_sections(home, province=True)
    if not CommuneIndex.objects.child_of(home).exists():
        _add_live(
            home, CommuneIndex(title="Các xã, phường", slug=COMMUNES_SLUG, show_in_menus=True)
        )
    return home


def _successor_portal(unit: AdministrativeUnit) -> PortalHome | None:
    links = all_successors(unit=unit)
    for link in sorted(links, key=lambda link: (link.step, link.succession.kind != "whole")):
        portal = PortalHome.objects.filter(unit=link.unit, former=False).first()
        if portal is not None:
            return portal
    return None


def _collection_root() -> Collection:
    """Wagtail's root collection, created again if a test flushed the database."""
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def _editor_group(home: PortalHome) -> Group:
    group, created = Group.objects.get_or_create(name=f"Cổng {home.unit.code} – {home.pk}")
    if created:
        permissions = Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
        )
        GroupPagePermission.objects.bulk_create(
            GroupPagePermission(group=group, page=home, permission=permission)
            for permission in permissions
        )
        collection = _collection_root().add_child(name=f"{home.title} ({home.unit.code})")
        for app_label, codename in COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.create(
                group=group,
                collection=collection,
                permission=Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                ),
            )
    return group


def portal_group(home: PortalHome) -> Group | None:
    """The group whose members edit ``home``'s portal (None before the first sync)."""
    return Group.objects.filter(name=f"Cổng {home.unit.code} – {home.pk}").first()


def editors_group() -> Group:
    group, created = Group.objects.get_or_create(name=EDITORS_GROUP)
    if created:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
    return group


@transaction.atomic
def portal_sync_units(*, as_of: dt.date) -> SyncReport:
    """Bring the portals in line with the units valid on ``as_of`` (see the module)."""
    report = SyncReport()
    province = (
        AdministrativeUnit.objects.valid_on(as_of).filter(level=Level.PROVINCE).order_by("path")
    ).first()
    if province is None:
        return report
    _ensure_categories()
    editors_group()
    home = _ensure_province(province, report)
    _editor_group(home)
    index = CommuneIndex.objects.child_of(home).get()
    communes = (
        AdministrativeUnit.objects.valid_on(as_of)
        .filter(level=Level.COMMUNE)
        .under(province.path)
        .order_by("path")
    )
    have = {portal.unit_id: portal for portal in PortalHome.objects.filter(depth__gt=2)}
    for unit in communes:
        portal = have.get(unit.pk)
        if portal is None:
            portal = _add_live(
                index,
                PortalHome(
                    title=unit.name, slug=_unique_slug(index, portal_slug(unit), unit), unit=unit
                ),
            )
            report.created.append(unit.name)
        elif portal.title != unit.name and not portal.has_unpublished_changes:
            # A renamed commune: its title follows, its address stays.
            portal.title = portal.draft_title = unit.name
            portal.save(update_fields=["title", "draft_title", "search_text"])
            report.updated.append(unit.name)
        _ensure_sections(portal)
        _editor_group(portal)
    valid = {unit.pk for unit in communes}
    # The portals still in the communes' list (a moved one is under its successor's).
    for portal in PortalHome.objects.child_of(index).select_related("unit"):
        if portal.unit_id in valid or portal.unit.is_valid_on(as_of):
            continue
        successor = _successor_portal(portal.unit)
        if successor is None:
            # Dissolved with no successor on record: out of today's list, at its address; the
            # sync after a succession is recorded moves it.
            if not portal.former:
                portal.former = True
                portal.save(update_fields=["former"])
                report.updated.append(portal.unit.name)
            continue
        portal.former = True
        portal.save(update_fields=["former"])
        page = Page.objects.get(pk=portal.pk)
        page.move(successor, pos="last-child", user=None)
        report.moved.append(portal.unit.name)
    return report
