"""Pages of the essential digital services: the offerings (list, form, page, end, history,
evidence) and the catalogue kept by the province office, one module a page family."""

from __future__ import annotations

from .catalogue import catalogue_load, service_catalogue
from .catalogue_entries import service_create, service_edit
from .catalogue_state import service_deactivate, service_history, service_reactivate
from .common import FORM, PAGE_SIZE, READ
from .offering import offering_detail, offering_evidence, offering_history
from .offering_end import offering_end
from .offering_form import offering_create, offering_edit
from .offerings import offering_list

__all__ = [
    "FORM",
    "PAGE_SIZE",
    "READ",
    "catalogue_load",
    "offering_create",
    "offering_detail",
    "offering_edit",
    "offering_end",
    "offering_evidence",
    "offering_history",
    "offering_list",
    "service_catalogue",
    "service_create",
    "service_deactivate",
    "service_edit",
    "service_history",
    "service_reactivate",
]
