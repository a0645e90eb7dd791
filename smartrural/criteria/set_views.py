"""Pages of criteria sets: the list, one set with its thresholds and versions, and the
province office's variant work (derive a variant, set a threshold, import a set file)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from smartrural.accounts.access import require_province_office
from smartrural.core.errors import ValidationFailed
from smartrural.core.textcheck import FreeTextField, NameField
from smartrural.geo.models import Region

from .models import CriteriaSet
from .selectors import current_definition
from .services import criteria_set_derive, criteria_set_import, criteria_set_override_threshold
from .setfile import SetFileInvalid, parse_set_file

MAX_SET_FILE_BYTES = 1024 * 1024


def require_set_office(user: Any) -> None:
    """Criteria sets are the province's: only its coordination office changes them."""
    require_province_office(user, _("Only the province coordination office changes criteria sets."))


def _set_or_404(code: str) -> CriteriaSet:
    criteria_set = CriteriaSet.objects.select_related("base").filter(code=code).first()
    if criteria_set is None:
        raise Http404(_("No criteria set has code %(code)s.") % {"code": code})
    return criteria_set


class DeriveForm(forms.Form):
    code = forms.SlugField(
        label=gettext_lazy("Code of the provincial variant"),
        max_length=40,
        help_text=gettext_lazy("e.g. TV-QD318-XA-2023"),
    )
    name = NameField(label=gettext_lazy("Name"), max_length=300)


class ThresholdForm(forms.Form):
    indicator_code = forms.CharField(label=gettext_lazy("Indicator"), max_length=20)
    value = forms.CharField(
        label=gettext_lazy("Threshold"),
        max_length=100,
        help_text=gettext_lazy("A number (decimal comma or point) or Đạt."),
    )
    region = forms.ChoiceField(
        label=gettext_lazy("Region"),
        required=False,
        choices=[("", gettext_lazy("All regions")), *Region.choices],
    )
    commune_group = forms.TypedChoiceField(
        label=gettext_lazy("Commune group"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", gettext_lazy("All groups")), (1, "1"), (2, "2"), (3, "3")],
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"), required=False, min_value=2000, max_value=2100
    )
    note = FreeTextField(label=gettext_lazy("Legal basis or reason"), max_length=300)

    def clean_value(self) -> Decimal | str:
        text: str = self.cleaned_data["value"].strip()
        try:
            return Decimal(text.replace(",", "."))
        except InvalidOperation:
            return text


class SetFileForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Set file (YAML)"))
    note = FreeTextField(label=gettext_lazy("Note"), max_length=300, required=False)


def _user(request: HttpRequest) -> Any:
    return request.user


@login_required
def set_list(request: HttpRequest) -> HttpResponse:
    sets = CriteriaSet.objects.select_related("base").prefetch_related("versions")
    rows = [(s, max((v.number for v in s.versions.all()), default=None)) for s in sets]
    context = {
        "rows": rows,
        "can_edit": _user(request).sees_everything,
        "file_form": SetFileForm(),
    }
    return render(request, "criteria/sets_list.html", context)


@login_required
def set_detail(request: HttpRequest, code: str) -> HttpResponse:
    criteria_set = _set_or_404(code)
    versions = criteria_set.versions.select_related("created_by").order_by("-number")
    definition = current_definition(criteria_set) if versions else None
    requires = definition.requires if definition else None
    context = {
        "set": criteria_set,
        "definition": definition,
        "required_set": CriteriaSet.objects.filter(code=requires).first() if requires else None,
        "versions": versions,
        "can_edit": _user(request).sees_everything,
        "derive_form": DeriveForm(),
        "threshold_form": ThresholdForm(),
    }
    return render(request, "criteria/sets_detail.html", context)


def _form_errors(form: forms.Form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@login_required
@require_http_methods(["POST"])
def set_derive(request: HttpRequest, code: str) -> HttpResponse:
    require_set_office(request.user)
    base = _set_or_404(code)
    form = DeriveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("criteria_sets:detail", code=base.code)
    try:
        version = criteria_set_derive(
            base=base,
            code=form.cleaned_data["code"],
            name=form.cleaned_data["name"],
            by=_user(request),
        )
    except ValidationFailed as exc:
        messages.error(request, exc.message)
        return redirect("criteria_sets:detail", code=base.code)
    messages.success(request, _("Variant %(code)s created.") % {"code": version.criteria_set.code})
    return redirect("criteria_sets:detail", code=version.criteria_set.code)


@login_required
@require_http_methods(["POST"])
def set_threshold(request: HttpRequest, code: str) -> HttpResponse:
    require_set_office(request.user)
    criteria_set = _set_or_404(code)
    form = ThresholdForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            version = criteria_set_override_threshold(
                criteria_set=criteria_set,
                indicator_code=data["indicator_code"].strip(),
                value=data["value"],
                region=data["region"] or None,
                commune_group=data["commune_group"],
                year=data["year"],
                by=_user(request),
                note=data["note"],
            )
        except ValidationFailed as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Version %(n)s saved.") % {"n": version.number})
    else:
        messages.error(request, _form_errors(form))
    return redirect("criteria_sets:detail", code=criteria_set.code)


@login_required
@require_http_methods(["POST"])
def set_import(request: HttpRequest) -> HttpResponse:
    require_set_office(request.user)
    form = SetFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("criteria_sets:list")
    upload = form.cleaned_data["file"]
    if upload.size > MAX_SET_FILE_BYTES:
        messages.error(request, _("A set file is at most 1 MB."))
        return redirect("criteria_sets:list")
    try:
        text = upload.read().decode("utf-8")
        definition = parse_set_file(text)
        version = criteria_set_import(
            definition=definition,
            by=_user(request),
            note=form.cleaned_data["note"],
        )
    except UnicodeDecodeError:
        messages.error(request, _("The file is not UTF-8 text."))
        return redirect("criteria_sets:list")
    except SetFileInvalid as exc:
        context = {"problems": exc.problems, "file_name": upload.name}
        return render(request, "criteria/sets_problems.html", context, status=422)
    except ValidationFailed as exc:
        messages.error(request, exc.message)
        return redirect("criteria_sets:list")
    messages.success(
        request,
        _("%(code)s: version %(n)s.") % {"code": version.criteria_set.code, "n": version.number},
    )
    return redirect("criteria_sets:detail", code=version.criteria_set.code)
