"""The portals' page types (Wagtail pages) and what they hold.

One ``PortalHome`` per commune-level unit and one for the province (``services.sync``); under each,
the sections of ``services.sync.DEFAULT_SECTIONS``. Every page type inherits ``PortalPage``: an
intro, a folded search text (search without diacritics) and the portal it belongs to.
"""

from __future__ import annotations

from .base import PortalPage, PortalStamp
from .documents import DocumentIndex, DocumentKind, PublicDocument
from .gallery import GalleryImage, GalleryPage
from .home import CommuneIndex, PortalHome
from .news import NewsCategory, NewsIndex, NewsPage
from .pages import ContactPage, StandardPage
from .plan import (
    CommentPeriod,
    CommentStatus,
    PlanComment,
    PlanDocument,
    PlanMapImage,
    PlanPage,
    PlanStatus,
)
from .showcase import ShowcaseKind, ShowcasePage
from .tourism import TourismEvent, TourismIndex, TourismSpot

__all__ = [
    "CommentPeriod",
    "CommentStatus",
    "CommuneIndex",
    "ContactPage",
    "DocumentIndex",
    "DocumentKind",
    "GalleryImage",
    "GalleryPage",
    "NewsCategory",
    "NewsIndex",
    "NewsPage",
    "PlanComment",
    "PlanDocument",
    "PlanMapImage",
    "PlanPage",
    "PlanStatus",
    "PortalHome",
    "PortalPage",
    "PortalStamp",
    "PublicDocument",
    "ShowcaseKind",
    "ShowcasePage",
    "StandardPage",
    "TourismEvent",
    "TourismIndex",
    "TourismSpot",
]
