"""Public documents (văn bản): decisions, plans, reports and notices a commune publishes, each a
page holding its PDF and the facts a reader looks for (number, date issued, issuer, kind)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from smartrural.core.dates import MAX_YEAR, MIN_YEAR, today
from smartrural.core.text import fold

from .base import PortalPage

DOCUMENTS_PER_PAGE = 20
MAX_FILTER_WORDS = 8


class DocumentKind(models.TextChoices):
    DECISION = "decision", _("Decision")
    PLAN = "work_plan", _("Plan")  # not "plan": a word of English text the raw-code check reads
    REPORT = "report", _("Report")
    NOTICE = "notice", _("Notice")
    ACTION_PLAN = "action_plan", _("Action programme")
    OTHER = "other", _("Other")


# The kind's name in the documents' own language, added to the search words so "quyet dinh"
# finds every decision whatever its title (the labels above are shown in the reader's language).
KIND_SEARCH_WORDS = {
    DocumentKind.DECISION: "quyết định",
    DocumentKind.PLAN: "kế hoạch",
    DocumentKind.REPORT: "báo cáo",
    DocumentKind.NOTICE: "thông báo",
    DocumentKind.ACTION_PLAN: "chương trình hành động",
    DocumentKind.OTHER: "",
}


class DocumentFilterForm(forms.Form):
    """The list's filters, read from the query string (a GET form: works without JavaScript)."""

    q = forms.CharField(
        label=_("Words to look for"), required=False, max_length=100, widget=forms.SearchInput()
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *DocumentKind.choices]
    )
    year = forms.IntegerField(
        label=_("Year issued"),
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 6}),
    )

    def apply(self, documents: QuerySet[PublicDocument]) -> QuerySet[PublicDocument]:
        """``documents`` narrowed to the filters typed; a wrong one (a year of letters) is
        left out and shown with its error, the others still apply."""
        if not self.is_bound:
            return documents
        self.is_valid()
        data = self.cleaned_data
        if data.get("kind"):
            documents = documents.filter(kind=data["kind"])
        if data.get("year"):
            documents = documents.filter(date_issued__year=data["year"])
        for word in fold(data.get("q") or "").split()[:MAX_FILTER_WORDS]:
            documents = documents.filter(search_text__contains=word)
        return documents

    @property
    def active(self) -> bool:
        """Some filter applies (for the empty list's message)."""
        if not self.is_bound:
            return False
        self.is_valid()
        return any(self.cleaned_data.values())


def documents_of(index_page: DocumentIndex) -> QuerySet[PublicDocument]:
    """The published documents under ``index_page``, the newest issued first."""
    return (
        PublicDocument.objects.child_of(index_page)
        .live()
        .order_by("-date_issued", "-first_published_at", "-pk")
    )


class DocumentIndex(PortalPage):
    """A portal's public documents: the list, newest first, filtered by kind, year and words."""

    show_in_menus_default = True  # a section of the portal's menu
    parent_page_types = ["portal.PortalHome"]
    subpage_types = ["portal.PublicDocument"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("public documents")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        form = DocumentFilterForm(request.GET if request.GET else None)
        paginator = Paginator(form.apply(documents_of(self)), DOCUMENTS_PER_PAGE)
        context.update(
            {
                "form": form,
                "documents": paginator.get_page(request.GET.get("page")),
                "filtered": form.active,
            }
        )
        return context


class PublicDocument(PortalPage):
    """One document: its PDF (required), number (số ký hiệu, "125/QĐ-UBND"), date issued, issuer,
    kind and a summary."""

    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("PDF file"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.CharField(
        _("number"), max_length=60, blank=True, help_text=_("For example 125/QĐ-UBND.")
    )
    date_issued = models.DateField(_("date issued"), default=today)
    issuer = models.CharField(
        _("issued by"),
        max_length=200,
        blank=True,
        help_text=_("The body that issued it, e.g. the commune People's Committee."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    summary = models.TextField(_("summary"), blank=True, max_length=2000)

    content_panels = [
        *PortalPage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("number"),
                FieldPanel("date_issued"),
                FieldPanel("issuer"),
            ],
            heading=_("Document facts"),
        ),
        FieldPanel("document"),
        FieldPanel("summary"),
    ]
    search_fields = [
        *PortalPage.search_fields,
        index.FilterField("date_issued"),
        index.FilterField("kind"),
    ]
    parent_page_types = ["portal.DocumentIndex"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("public document")
        verbose_name_plural = _("public documents")
        indexes = [models.Index(fields=["date_issued"], name="portal_document_issued")]

    def searchable_parts(self) -> list[str]:
        return [
            *super().searchable_parts(),
            self.number,
            self.issuer,
            self.summary,
            KIND_SEARCH_WORDS.get(self.kind, ""),
        ]
