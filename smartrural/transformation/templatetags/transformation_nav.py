"""``{% transformation_nav %}``: the sub-navigation of the digital transformation pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

register = template.Library()

SECTIONS = (
    ("transformation:dashboard", _("Overview")),
    ("transformation:work-records", _("Work records")),
    ("transformation:official-list", _("Officials")),
    ("transformation:training-list", _("Trainings")),
    ("transformation:team-list", _("Technology teams")),
    ("transformation:offering-list", _("Digital services")),
    ("transformation:pilot-list", _("Smart pilots")),
)


@register.inclusion_tag("transformation/_nav.html", takes_context=True)
def transformation_nav(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    current = getattr(request, "path", "")
    links = []
    for name, label in SECTIONS:
        url = reverse(name)
        # the overview is the section root: it is current only on itself
        active = current == url or (name != SECTIONS[0][0] and current.startswith(url))
        links.append({"url": url, "label": label, "active": active})
    return {"links": links}
