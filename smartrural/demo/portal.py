"""The demo portals (``data/portal.yaml``): made from the units by the portals' own sync, as
production's nightly job makes them, then written by their editors through Wagtail's revisions,
each page published on its day.

- The day the portals open, ``portal_sync_units`` makes the province's and every commune's
  portal (units valid that day); the day of the 2025 reorganisation, at the nightly job's hour,
  it makes the successor communes' portals and moves each merged commune's portal under its
  successor's. After each sync, every new portal home gets the People's Committee's address and
  office hours (``contact``) from its editor.
- Each portal of ``portals`` then gets its own contact and introduction, its "Giới thiệu"
  section's text and sub-pages, and its news, each an event on its day, by the unit's demo
  officer (the province office for the units without one), with photos drawn at build time
  (``portal_images``) uploaded to the portal's collection.
- ``hooks``: page types other branches add (tourism spots, public documents, the commune plan),
  each built by its ``build_<kind>`` function once its model exists, skipped until then.

Every write goes through a service: ``portal.services.portal_sync_units``,
``portal.services.pages.portal_page_publish``, ``portal_page_revise``, ``portal_image_add``,
``portal_document_add``. Pages and photos already there (same address, same title) are left
as they are, so a step run twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page

from smartrural.accounts.models import User
from smartrural.core.text import fold
from smartrural.geo.models import AdministrativeUnit, Level
from smartrural.portal.models import NewsCategory, NewsIndex, NewsPage, PortalHome, StandardPage
from smartrural.portal.models.base import PortalPage, ascii_slug
from smartrural.portal.selectors import portal_collection
from smartrural.portal.services import portal_sync_units
from smartrural.portal.services.pages import (
    portal_document_add,
    portal_image_add,
    portal_page_publish,
    portal_page_revise,
)

from .accounts import Actors
from .clock import at, moment
from .datafiles import day
from .errors import DemoError
from .portal_images import demo_photo
from .story import Event, Story

NIGHTLY_SYNC = (1, 30)  # portal.tasks.sync_units runs at 01:30
ABOUT_SLUG = "gioi-thieu"
PHOTO_MARK = re.compile(r"\[photo:([a-z0-9-]+)\]")


def _rich_text(text: str) -> str:
    """A body as Wagtail stores rich text: no line breaks between or inside its blocks."""
    return re.sub(r">\s+<", "><", " ".join(text.split()))


@contextmanager
def _quiet() -> Iterator[None]:
    """Wagtail logs every edit and publish, the tasks backend every task it runs: not the demo's
    output (warnings still show)."""
    loggers = [logging.getLogger(name) for name in ("wagtail", "django_tasks")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _quietly(run: Callable[[], None]) -> Callable[[], None]:
    def quiet_run() -> None:
        with _quiet():
            run()

    return quiet_run


def _revise(page: Page, changes: dict[str, Any], by: User) -> None:
    """A revision of ``page`` with ``changes``, unless it holds them already."""
    if any(getattr(page, name) != value for name, value in changes.items()):
        portal_page_revise(page=page, changes=changes, by=by)


def _in_text(name: str) -> str:
    """A unit's name inside a sentence: "Xã Phước Hưng" → "xã Phước Hưng"."""
    return name[:1].lower() + name[1:]


def portal_model(name: str) -> type[PortalPage] | None:
    """The portal page type ``name`` when the portal app has it (another branch may add it)."""
    try:
        model = apps.get_model("portal", name)
    except LookupError:
        return None
    if not issubclass(model, PortalPage):
        raise DemoError(f"portal.{name} is not a portal page type.")
    return model


class PortalStory(Story):
    data_file = "portal.yaml"

    def __init__(self, actors: Actors) -> None:
        super().__init__(actors)
        self._photos: dict[tuple[int, str], Image] = {}

    def story(self) -> list[Event]:
        return [(when, label, _quietly(run)) for when, label, run in self._steps()]

    def _steps(self) -> list[Event]:
        out: list[Event] = [
            (day(self.spec["opened"]), "portals opened", self._sync(day(self.spec["opened"]))),
            (
                day(self.spec["reorganised"]),
                "portals after the reorganisation",
                self._sync(day(self.spec["reorganised"])),
            ),
        ]
        for entry in self.spec["portals"]:
            on, code = day(entry["since"]), entry["unit"]
            out.append((on, f"portal {code} contact", self._home(entry)))
            about = entry.get("about")
            if about:
                out.append((on, f"portal {code} about", self._about(entry, about)))
            for item in entry.get("news", []):
                when = day(item.get("published", item["date"]))
                out.append((when, f"portal {code} news {item['title']}", self._news(entry, item)))
        for kind, hook in self.spec.get("hooks", {}).items():
            builder = HOOK_BUILDERS[kind]
            for item in hook["pages"]:
                when = day(item["published"])
                out.append(
                    (
                        when,
                        f"portal {kind} {item['fields'].get('title') or item['page']}",
                        self._hook(hook["model"], builder, item),
                    )
                )
        return out

    # The portals' own sync, as the nightly job runs it; then every new home's contact.
    def _sync(self, when: dt.date) -> Callable[[], None]:
        def run() -> None:
            with at(moment(when, *NIGHTLY_SYNC)):
                portal_sync_units(as_of=when)
            with at(when):
                homes = PortalHome.objects.filter(former=False, address="").select_related(
                    "unit__parent"
                )
                for home in homes:
                    portal_page_revise(
                        page=home,
                        changes=self._default_contact(home.unit, when),
                        by=self.editor_of(home),
                    )

        return run

    def _default_contact(self, unit: AdministrativeUnit, when: dt.date) -> dict[str, str]:
        spec = self.spec["contact"]
        reorganised = when >= day(self.spec["reorganised"])
        parent = unit.parent
        district = parent.name if parent and parent.level == Level.DISTRICT else ""
        template = spec["address_after" if reorganised else "address_before"]
        if unit.level == Level.PROVINCE:
            address = f"Trụ sở UBND {_in_text(unit.name)}"
        else:
            address = template.format(name=_in_text(unit.name), district=_in_text(district))
        return {"address": address, "office_hours": spec["office_hours"]}

    def _portal(self, entry: dict[str, Any]) -> PortalHome:
        on = day(entry["since"])
        unit = (
            AdministrativeUnit.objects.valid_on(on)
            .filter(code=entry["unit"], level__in=[Level.PROVINCE, Level.COMMUNE])
            .first()
        )
        home = None if unit is None else PortalHome.objects.filter(unit=unit).first()
        if home is None:
            raise DemoError(f"No portal of unit {entry['unit']} on {on:%d/%m/%Y} in portal.yaml.")
        return home

    def editor_of(self, home: PortalHome) -> User:
        return self.actors.officer_for(home.unit)

    def _home(self, entry: dict[str, Any]) -> Callable[[], None]:
        def run() -> None:
            with at(day(entry["since"]), hour=10):
                home = self._portal(entry)
                changes = {"intro": entry.get("intro", "").strip(), **entry.get("contact", {})}
                _revise(home, changes, self.editor_of(home))

        return run

    def _about(self, entry: dict[str, Any], about: dict[str, Any]) -> Callable[[], None]:
        def run() -> None:
            with at(day(entry["since"]), hour=10):
                home = self._portal(entry)
                by = self.editor_of(home)
                section = StandardPage.objects.child_of(home).get(slug=ABOUT_SLUG)
                changes = {
                    "intro": about.get("intro", "").strip(),
                    "body": self._body(home, about.get("body", ""), by),
                }
                _revise(section, changes, by)
                for spec in about.get("pages", []):
                    if self._exists(section, spec["title"]):
                        continue
                    page = StandardPage(
                        title=spec["title"],
                        intro=spec.get("intro", "").strip(),
                        body=self._body(home, spec.get("body", ""), by),
                        show_in_menus=False,
                    )
                    portal_page_publish(parent=section, page=page, by=by)

        return run

    def _news(self, entry: dict[str, Any], item: dict[str, Any]) -> Callable[[], None]:
        def run() -> None:
            published = day(item.get("published", item["date"]))
            with at(published, hour=item.get("hour", 9)):
                home = self._portal(entry)
                index = NewsIndex.objects.child_of(home).get()
                if self._exists(index, item["title"]):
                    return
                by = self.editor_of(home)
                page = NewsPage(
                    title=item["title"],
                    date=day(item["date"]),
                    category=NewsCategory.objects.get(slug=item["category"]),
                    important=bool(item.get("important", False)),
                    intro=item.get("intro", "").strip(),
                    body=self._body(home, item.get("body", ""), by),
                    image=self._photo(home, item["photo"], by) if item.get("photo") else None,
                )
                portal_page_publish(parent=index, page=page, by=by)

        return run

    def _hook(
        self, model_name: str, builder: HookBuilder, item: dict[str, Any]
    ) -> Callable[[], None]:
        def run() -> None:
            model = portal_model(model_name)
            if model is None:
                return  # the page type comes with another branch: nothing to build yet
            with at(day(item["published"]), hour=10):
                home = self._portal(item["portal"])
                # A page under a section (``parent``), or the section itself (``page``).
                slug = item.get("parent") or item["page"]
                place = Page.objects.child_of(home).filter(slug=slug).first()
                if place is None:
                    raise DemoError(
                        f"No section {slug!r} in the portal of {item['portal']['unit']} for "
                        f"{model_name} (is it in portal.services.sync.DEFAULT_SECTIONS?)."
                    )
                if "parent" in item and self._exists(place, item["fields"]["title"]):
                    return
                builder(self, model, home, place.specific, item)

        return run

    @staticmethod
    def _exists(parent: Page, title: str) -> bool:
        return parent.get_children().filter(slug=ascii_slug(title)).exists()

    def _photo(self, home: PortalHome, key: str, by: User | None) -> Image:
        """The photo ``key`` in ``home``'s collection, uploaded the first time it is used
        there (the province portal's collection changes with its unit in 2025)."""
        collection = portal_collection(home)
        if collection is None:
            raise DemoError(f"The portal {home.title} has no collection.")
        cached = self._photos.get((collection.pk, key))
        if cached is not None:
            return cached
        spec = self.spec["photos"][key]
        image = Image.objects.filter(collection=collection, title=spec["title"]).first()
        if image is None:
            image = portal_image_add(
                home=home,
                title=spec["title"],
                content=demo_photo(key, spec["scene"]),
                filename=f"{key}.jpg",
                by=by,
            )
        self._photos[(collection.pk, key)] = image
        return image

    def _body(self, home: PortalHome, text: str, by: User | None) -> str:
        """``html`` with each ``[photo:key]`` made the photo in the text (full width)."""

        def embed(match: re.Match[str]) -> str:
            image = self._photo(home, match[1], by)
            return (
                f'<embed alt="{html.escape(image.title)}" embedtype="image" format="fullwidth" '
                f'id="{image.pk}"/>'
            )

        return _rich_text(PHOTO_MARK.sub(embed, text))


# A hook's builder: (story, page type, portal home, section page, item of ``hooks``).
HookBuilder = Callable[[PortalStory, type[PortalPage], PortalHome, Page, dict[str, Any]], None]


def _hook_fields(story: PortalStory, home: PortalHome, item: dict[str, Any]) -> dict[str, Any]:
    """The item's ``fields``, with its photo (``photo`` in ``photo_field``) and the rich text
    ``body`` as stored."""
    fields = dict(item["fields"])
    by = story.editor_of(home)
    if item.get("photo"):
        fields[item.get("photo_field", "image")] = story._photo(home, item["photo"], by)
    if "body" in fields:
        fields["body"] = story._body(home, fields["body"], by)
    return fields


def build_tourism_spot(
    story: PortalStory,
    model: type[PortalPage],
    home: PortalHome,
    parent: Page,
    item: dict[str, Any],
) -> None:
    """A tourism spot (a Khmer pagoda, an orchard by the river) with its photo, under the
    portal's tourism section."""
    page = model(**_hook_fields(story, home, item))
    portal_page_publish(parent=parent, page=page, by=story.editor_of(home))


def build_public_document(
    story: PortalStory,
    model: type[PortalPage],
    home: PortalHome,
    parent: Page,
    item: dict[str, Any],
) -> None:
    """A public document: its PDF (drawn here, one page naming the document) in the portal's
    collection, then the page holding it, under the portal's documents section."""
    page = model(**_hook_fields(story, home, item))
    by = story.editor_of(home)
    spec = item["file"]
    document: Document = portal_document_add(
        home=home,
        title=spec["title"],
        content=demo_pdf(spec["title"], [str(value) for value in item["fields"].values()]),
        filename=f"{ascii_slug(spec['title'])[:60]}.pdf",
        by=by,
    )
    setattr(page, item.get("file_field", "document"), document)
    portal_page_publish(parent=parent, page=page, by=by)


def build_commune_plan(
    story: PortalStory, model: type[PortalPage], home: PortalHome, plan: Page, item: dict[str, Any]
) -> None:
    """The commune's plan (quy hoạch): the section page the sync made, written by its editor."""
    _revise(plan, _hook_fields(story, home, item), story.editor_of(home))


HOOK_BUILDERS: dict[str, HookBuilder] = {
    "tourism_spots": build_tourism_spot,
    "public_documents": build_public_document,
    "commune_plans": build_commune_plan,
}


def demo_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF naming a demo document (its text without diacritics: the PDF's standard
    font has none)."""

    def escape(text: str) -> str:
        plain = fold(text).encode("ascii", "replace").decode()
        return plain.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = "BT /F1 14 Tf 60 780 Td (" + escape(title) + ") Tj"
    for line in lines:
        text += " 0 -22 Td (" + escape(line) + ") Tj"
    text += " 0 -44 Td (Van ban trinh dien - SmartRural demo) Tj ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R "
        ">> >> /Contents 4 0 R >>",
        f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def events(actors: Actors) -> list[Event]:
    return PortalStory(actors).story()
