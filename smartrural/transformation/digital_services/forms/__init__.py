"""Forms of the essential digital service pages. They check the input (the code's shape,
names with runs of white space made one); the services check the catalogue and the periods."""

from __future__ import annotations

from .catalogue import SERVICE_CODE, ServiceForm
from .offerings import (
    FILTER_LABEL_CHARS,
    LEVEL_CHOICES,
    OfferingEndForm,
    OfferingFilterForm,
    OfferingForm,
)

__all__ = [
    "FILTER_LABEL_CHARS",
    "LEVEL_CHOICES",
    "SERVICE_CODE",
    "OfferingEndForm",
    "OfferingFilterForm",
    "OfferingForm",
    "ServiceForm",
]
