"""A campaign's texts compiled once per channel: only the per-subscriber placeholders are
filled per message."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from smartrural.core.errors import ValidationFailed
from smartrural.core.text import fold_keep_case

from ...models import (
    Channel,
    Template,
)
from ...rendering import PLACEHOLDER, placeholders
from .rules import PER_SUBSCRIBER, template_placeholders


@dataclass
class _Text:
    """A text with the campaign's values filled in, split around per-subscriber placeholders:
    ``parts`` alternates literal text and a placeholder name."""

    parts: list[str]
    fold: bool = False

    def fill(self, person: dict[str, str]) -> str:
        out = []
        for index, part in enumerate(self.parts):
            if index % 2:
                value = person[part]
                out.append(fold_keep_case(value) if self.fold else value)
            else:
                out.append(part)
        return "".join(out)


def _compile(text: str, values: dict[str, str], *, fold: bool = False) -> _Text:
    pieces = PLACEHOLDER.split(text)
    parts: list[str] = [pieces[0]]
    for index in range(1, len(pieces), 2):
        name, literal = pieces[index], pieces[index + 1]
        if name in PER_SUBSCRIBER:
            parts.extend([name, literal])
        else:
            parts[-1] += str(values[name]) + literal
    if fold:
        parts = [fold_keep_case(p) if i % 2 == 0 else p for i, p in enumerate(parts)]
    return _Text(parts=parts, fold=fold)


@dataclass
class CompiledChannel:
    """What ``rendering.render(template, channel, values)`` gives, precomputed for a campaign:
    only the per-subscriber placeholders are filled per message."""

    subject: _Text
    body: _Text
    template_ref: str = ""
    param_names: list[str] = field(default_factory=list)
    shared: dict[str, str] = field(default_factory=dict)

    def render(self, person: dict[str, str]) -> tuple[str, str, dict[str, str]]:
        params = {
            name: person[name] if name in PER_SUBSCRIBER else self.shared[name]
            for name in self.param_names
        }
        return self.subject.fill(person), self.body.fill(person), params


def compile_channel(template: Template, channel: str, values: dict[str, str]) -> CompiledChannel:
    """Mirrors ``rendering.render`` (tested against it)."""
    shared = {k: str(v) for k, v in values.items() if k not in PER_SUBSCRIBER}
    missing = [
        n for n in template_placeholders(template) if n not in shared and n not in PER_SUBSCRIBER
    ]
    if missing:
        raise ValidationFailed(
            _("No value for the placeholder {{ %(name)s }}.") % {"name": missing[0]}
        )
    empty = _Text(parts=[""])
    if channel == Channel.ZNS:
        return CompiledChannel(
            subject=empty,
            body=_compile(template.zns_text, shared),
            template_ref=template.zns_template_id,
            param_names=placeholders(template.zns_text),
            shared=shared,
        )
    if channel == Channel.SMS:
        return CompiledChannel(
            subject=empty,
            body=_compile(template.sms_body or template.body, shared, fold=template.sms_unaccented),
        )
    if channel == Channel.EMAIL:
        return CompiledChannel(
            subject=_compile(template.subject or template.name, shared),
            body=_compile(template.body, shared),
        )
    return CompiledChannel(subject=empty, body=_compile(template.body, shared))
