"""Writes of essential digital services: the catalogue (province office only; the standard one
shipped in ``data/catalogue.yaml``) and which district or commune offers which service, since
when and until when, with evidence. Services take values their forms already checked
(``forms.ServiceForm``, ``OfferingForm``; the shipped catalogue goes through ``ServiceForm``
too); they check the catalogue, the periods against today and each other, and the evidence file.

A unit offers a service on day D when ``since <= D`` and (``until`` is empty or ``until >= D``)
and the service is active in the catalogue (``selectors.offered_on_q``). Two offerings of the
same service by the same unit may not overlap, so a unit never offers a service twice at once."""

from __future__ import annotations

from .catalogue import service_create, service_set_active, service_update
from .offerings import OFFERING_LEVELS, offering_create, offering_end, offering_update
from .standard import CATALOGUE_FILE, catalogue_load_standard, load_catalogue, read_catalogue

__all__ = [
    "CATALOGUE_FILE",
    "OFFERING_LEVELS",
    "catalogue_load_standard",
    "load_catalogue",
    "offering_create",
    "offering_end",
    "offering_update",
    "read_catalogue",
    "service_create",
    "service_set_active",
    "service_update",
]
