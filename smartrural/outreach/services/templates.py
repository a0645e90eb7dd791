"""Message templates: a notice's wording, checked against every channel's limits when saved.

A template is refused, with the limit it breaks, when:
- a placeholder is malformed (``{{ 1x }}``, ``{{ ten``) in any of its texts;
- the e-mail subject is longer than 200 characters or has a line break;
- the text (what Zalo OA and Facebook carry, and the e-mail body) is over Zalo OA's 2,000;
- the SMS (its own text, else the text; unaccented when the template or the gateway asks) is
  over ``limits.SMS_MAX_SEGMENTS`` parts;
- the approved ZNS text is over 400 characters, or an approved ZNS template has only its id or
  only its text.
Placeholders are counted as written: the text each message becomes is checked again when it is
written (``limits.rendered_problem``).

When the SMS gateway takes no Unicode (``settings.OUTREACH_SMS_UNICODE`` false) every template is
saved with its SMS unaccented: an accented SMS could not leave.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_writer, scope_for_user
from smartrural.accounts.models import User
from smartrural.core.errors import DomainError, ValidationFailed
from smartrural.core.versioning import check_version
from smartrural.geo.models import AdministrativeUnit

from .. import limits
from ..models import Template, Topic
from ..rendering import PLACEHOLDER, placeholders

TEMPLATE_FIELDS = (
    "name",
    "topic",
    "subject",
    "body",
    "sms_body",
    "sms_unaccented",
    "zns_template_id",
    "zns_text",
    "active",
)


def gateway_unicode() -> bool:
    return bool(getattr(settings, "OUTREACH_SMS_UNICODE", True))


def template_problems(values: dict[str, Any]) -> list[tuple[str, str]]:
    """Every limit the texts in ``values`` break, as (field, message)."""
    problems: list[tuple[str, str]] = []
    for field in ("subject", "body", "sms_body", "zns_text"):
        text = values.get(field) or ""
        try:
            placeholders(text)
        except DomainError as exc:
            problems.append((field, exc.message))
            continue
        if "{{" in PLACEHOLDER.sub("", text) or "}}" in PLACEHOLDER.sub("", text):
            problems.append((field, _("A placeholder is not closed: write it as {{ name }}.")))
    subject = values.get("subject") or ""
    body = values.get("body") or ""
    checks = [
        ("subject", limits.email_subject_problem(subject)),
        ("body", limits.zalo_oa_problem(body)),
        ("body", limits.facebook_problem(body)),
        (
            "sms_body",
            limits.sms_problem(
                limits.sms_text(
                    values.get("sms_body") or body,
                    unaccented_sms=bool(values.get("sms_unaccented")),
                    gateway_unicode=gateway_unicode(),
                )
            ),
        ),
        ("zns_text", limits.zns_problem(values.get("zns_text") or "")),
    ]
    problems += [(field, message) for field, message in checks if message]
    zns_id = values.get("zns_template_id") or ""
    zns_text = values.get("zns_text") or ""
    if zns_id and not zns_text:
        problems.append(
            ("zns_text", _("Copy here the text of the ZNS template as Zalo approved it."))
        )
    if zns_text and not zns_id:
        problems.append(("zns_template_id", _("Give the id Zalo gave the approved ZNS template.")))
    if values.get("topic") and values["topic"] not in Topic.values:
        problems.append(("topic", _("Unknown topic: %(names)s.") % {"names": values["topic"]}))
    return problems


def _check(values: dict[str, Any]) -> None:
    problems = template_problems(values)
    if problems:
        field, message = problems[0]
        raise ValidationFailed(message, field=field)


def _normalised(fields: dict[str, Any]) -> dict[str, Any]:
    values = dict(fields)
    for name in ("subject", "zns_template_id"):
        if name in values:
            values[name] = (values[name] or "").strip()
    if not gateway_unicode():
        values["sms_unaccented"] = True
    return values


def _save(template: Template, by: User | None) -> Template:
    from django.core.exceptions import ValidationError

    try:
        template.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ValidationFailed(messages[0], field=None if field == "__all__" else field) from exc
    template._history_user = by  # type: ignore[attr-defined]
    template.save()
    return template


@transaction.atomic
def template_create(*, unit: AdministrativeUnit, by: User | None, **fields: Any) -> Template:
    """A template of ``unit`` (its officers, and those above, use it); refused with the first
    limit it breaks (see the module's text)."""
    unknown = set(fields) - set(TEMPLATE_FIELDS)
    if unknown:
        raise TypeError(f"template_create() got {sorted(unknown)}")
    if by is not None:
        require_writer(by)
        if not scope_for_user(by).contains(unit):
            raise ValidationFailed(
                _("%(unit)s is not in your units.") % {"unit": unit.name}, field="unit"
            )
    values = _normalised(fields)
    _check(values)
    return _save(Template(unit=unit, **values), by)


@transaction.atomic
def template_update(
    *, template: Template, version: int | None, by: User | None, **fields: Any
) -> Template:
    """Change a template's texts; ``EditConflict`` when someone changed it since ``version``."""
    unknown = set(fields) - set(TEMPLATE_FIELDS)
    if unknown:
        raise TypeError(f"template_update() got {sorted(unknown)}")
    if by is not None:
        require_writer(by)
    values = _normalised(fields)
    check_version(template, version, sent=values)
    merged = {name: getattr(template, name) for name in TEMPLATE_FIELDS} | values
    _check(merged)
    for name, value in values.items():
        setattr(template, name, value)
    return _save(template, by)
