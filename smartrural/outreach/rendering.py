"""Placeholders in message templates: ``{{ name }}`` filled with values, per channel.

One small syntax for every channel (a letter, then letters, digits or "_"), checked when a template
is saved (``placeholders``) and filled when a message is written (``render``): a placeholder
without a value is an error, never an empty gap in a notice. Values are plain text: e-mail bodies
go out as plain text, so no escaping is needed; SMS text is folded to ASCII when the template (or
the gateway) asks for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from smartrural.core.errors import ValidationFailed
from smartrural.core.text import fold_keep_case

from .models import Channel, Subscriber, Template

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}")
# Anything else between double braces is a mistyped placeholder.
BRACES = re.compile(r"\{\{.*?\}\}", re.S)


def placeholders(text: str) -> list[str]:
    """The placeholder names in ``text``, in order of first use; ValidationFailed for "{{ 1x }}"."""
    bad = [m.group(0) for m in BRACES.finditer(text) if not PLACEHOLDER.fullmatch(m.group(0))]
    if bad:
        raise ValidationFailed(
            _("“%(text)s” is not a placeholder: use {{ name }} (letters, digits and _).")
            % {"text": bad[0][:40]}
        )
    names: list[str] = []
    for match in PLACEHOLDER.finditer(text):
        if match.group(1) not in names:
            names.append(match.group(1))
    return names


def fill(text: str, values: dict[str, Any]) -> str:
    missing = [name for name in placeholders(text) if name not in values]
    if missing:
        raise ValidationFailed(
            _("No value for the placeholder {{ %(name)s }}.") % {"name": missing[0]}
        )
    return PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), text)


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    template_ref: str = ""
    params: dict[str, str] = field(default_factory=dict)


def render(template: Template, channel: str, values: dict[str, Any]) -> Rendered:
    """The message ``template`` becomes on ``channel`` with ``values``."""
    if channel == Channel.ZNS:
        if not template.zns_template_id:
            raise ValidationFailed(
                _("The template “%(name)s” has no approved ZNS template.") % {"name": template}
            )
        names = placeholders(template.zns_text)
        missing = [name for name in names if name not in values]
        if missing:
            raise ValidationFailed(
                _("No value for the placeholder {{ %(name)s }}.") % {"name": missing[0]}
            )
        return Rendered(
            subject="",
            body=fill(template.zns_text, values),
            template_ref=template.zns_template_id,
            params={name: str(values[name]) for name in names},
        )
    if channel == Channel.SMS:
        body = fill(template.sms_body or template.body, values)
        return Rendered(subject="", body=fold_keep_case(body) if template.sms_unaccented else body)
    if channel == Channel.EMAIL:
        subject = fill(template.subject or template.name, values)
        return Rendered(subject=subject, body=fill(template.body, values))
    return Rendered(subject="", body=fill(template.body, values))


def subscriber_values(subscriber: Subscriber) -> dict[str, str]:
    """The placeholders every notice may use about its reader: {{ ten }} (their name, or "bà
    con" — the customary address to residents), {{ ten_ap }} (their hamlet)."""
    return {"ten": subscriber.name or "bà con", "ten_ap": subscriber.hamlet.name}
