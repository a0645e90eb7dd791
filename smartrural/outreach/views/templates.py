"""Officers' pages of message templates: the list of their units' templates, add and edit with
each channel's count (characters, SMS parts) shown after "Check", history, and a preview of
what each channel receives with example values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from smartrural.accounts.access import require_official, require_writer, scope_for_user
from smartrural.accounts.actor import ActorRequest
from smartrural.core.errors import DomainError
from smartrural.core.history import render_history
from smartrural.core.page_forms import posted, submit
from smartrural.geo.models import AdministrativeUnit, Level

from .. import limits
from ..access import access_for_user, scoped
from ..forms.templates import TemplateForm
from ..models import Channel, Template
from ..rendering import placeholders
from ..rendering import render as render_template
from ..services.templates import (
    gateway_unicode,
    template_create,
    template_problems,
    template_update,
)

PAGE_SIZE = 50
EXAMPLES = {"ten": "Nguyễn Văn An", "ten_ap": "Ấp Chợ"}
PREVIEW_CHANNELS = (Channel.SMS, Channel.ZNS, Channel.ZALO_OA, Channel.EMAIL, Channel.FACEBOOK)
MAX_EXAMPLE_CHARS = 200


def crumbs() -> list[tuple[str, str]]:
    return [
        (reverse("outreach:home"), _("Outreach")),
        (reverse("outreach:template-list"), _("Message templates")),
    ]


def units_for(user: Any) -> QuerySet[AdministrativeUnit]:
    """The units a writer may give a template to: their units and those under them down to the
    communes (a hamlet's notices use its commune's templates)."""
    return (
        AdministrativeUnit.objects.filter(scope_for_user(user).unit_q())
        .exclude(level=Level.HAMLET)
        .order_by("path")
    )


class TemplateCreateForm(TemplateForm):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit"), queryset=AdministrativeUnit.objects.none(), empty_label=None
    )
    field_order = ["unit"]

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["unit"]
        field.queryset = units


@login_required
@require_http_methods(["GET", "HEAD"])
def template_list(request: ActorRequest) -> HttpResponse:
    require_official(request.user)
    rows = (
        scoped(Template, request.user).select_related("unit").order_by("unit__path", "name", "pk")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "may_write": request.user.can_write, "crumbs": crumbs()[:1]}
    return render(request, "outreach/templates/template_list.html", context)


def _counts(form: forms.Form) -> tuple[list[limits.ChannelCount], list[tuple[str, str]]]:
    """Each channel's count of the texts typed, and the limits they break ("Check")."""
    data = form.cleaned_data
    values: dict[str, Any] = {
        name: data.get(name) or "" for name in form.fields if name != "version"
    }
    values["sms_unaccented"] = bool(data.get("sms_unaccented"))
    counts = limits.channel_counts(
        subject=values["subject"],
        body=values["body"],
        sms_body=values["sms_body"],
        sms_unaccented=values["sms_unaccented"],
        zns_text=values["zns_text"],
        gateway_unicode=gateway_unicode(),
    )
    labels = {name: str(field.label) for name, field in form.fields.items()}
    problems = [(labels.get(f, f), m) for f, m in template_problems(values)]
    return counts, problems


def _checked_or_saved(
    request: ActorRequest, form: forms.Form, save: Any, template: Template | None
) -> HttpResponse:
    counts: list[limits.ChannelCount] = []
    problems: list[tuple[str, str]] = []
    status = 200
    if request.method == "POST" and request.POST.get("action") == "check":
        if form.is_valid():
            counts, problems = _counts(form)
        else:
            status = 422
    else:
        done, status = submit(
            request,
            form,
            save,
            message=lambda t: _("Template “%(name)s” saved.") % {"name": t.name},
            then=lambda t: reverse("outreach:template-edit", args=[t.pk]),
        )
        if done is not None:
            return done
        if form.is_bound and form.is_valid():
            counts, problems = _counts(form)
    if not form.is_bound and template is not None:
        counts = limits.channel_counts(
            subject=template.subject,
            body=template.body,
            sms_body=template.sms_body,
            sms_unaccented=template.sms_unaccented,
            zns_text=template.zns_text,
            gateway_unicode=gateway_unicode(),
        )
    context = {
        "form": form,
        "template": template,
        "counts": counts,
        "problems": problems,
        "sms_max_segments": limits.SMS_MAX_SEGMENTS,
        "gateway_unicode": gateway_unicode(),
        "crumbs": crumbs(),
    }
    return render(request, "outreach/templates/template_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def template_add(request: ActorRequest) -> HttpResponse:
    require_official(request.user)
    require_writer(request.user)
    units = units_for(request.user)
    form = TemplateCreateForm(posted(request), units=units, initial={"unit": units.first()})
    return _checked_or_saved(
        request,
        form,
        lambda data: template_create(unit=data["unit"], by=request.user, **form.values()),
        None,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def template_edit(request: ActorRequest, pk: int) -> HttpResponse:
    template = access_for_user(
        Template,
        request.user,
        pk,
        action="write",
        queryset=Template.objects.select_related("unit"),
    )
    initial = {name: getattr(template, name) for name in TemplateForm.base_fields}
    form = TemplateForm(posted(request), initial={**initial, "version": template.version})
    return _checked_or_saved(
        request,
        form,
        lambda data: template_update(
            template=template, version=data["version"], by=request.user, **form.values()
        ),
        template,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def template_history(request: ActorRequest, pk: int) -> HttpResponse:
    template = access_for_user(Template, request.user, pk)
    return render_history(
        request,
        template,
        title=_("Template “%(name)s”") % {"name": template.name},
        back_url=reverse("outreach:template-list"),
        breadcrumbs=crumbs(),
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def template_preview(request: ActorRequest, pk: int) -> HttpResponse:
    """What each channel receives with example values (those typed in the form, else the
    examples); a channel the template cannot serve, or a text over its limit, says why."""
    template = access_for_user(
        Template, request.user, pk, queryset=Template.objects.select_related("unit")
    )
    names: list[str] = []
    for text in (template.subject, template.body, template.sms_body, template.zns_text):
        try:
            names += [n for n in placeholders(text) if n not in names]
        except DomainError:
            continue
    values = {
        name: (request.GET.get(name) or EXAMPLES.get(name) or f"«{name}»")[:MAX_EXAMPLE_CHARS]
        for name in names
    }
    previews = []
    for channel in PREVIEW_CHANNELS:
        try:
            rendered = render_template(template, channel, values)
        except DomainError as exc:
            previews.append({"channel": channel.label, "error": exc.message})
            continue
        sms = limits.sms_segments(rendered.body) if channel == Channel.SMS else None
        previews.append(
            {
                "channel": channel.label,
                "subject": rendered.subject,
                "body": rendered.body,
                "chars": len(rendered.body),
                "sms": sms,
                "problem": limits.rendered_problem(
                    channel, subject=rendered.subject, body=rendered.body
                ),
            }
        )
    context = {
        "template": template,
        "values": values,
        "previews": previews,
        "crumbs": crumbs(),
        "may_write": request.user.can_write,
    }
    return render(request, "outreach/templates/template_preview.html", context)
