"""Importing a set file (YAML): every problem listed at once, or a new version."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.accounts.actor import ActorRequest
from smartrural.core.errors import ValidationFailed

from ..forms.sets import SetFileForm
from ..services import criteria_set_import
from ..setfile import SetFileInvalid, parse_set_file
from .common import form_errors, require_set_office

MAX_SET_FILE_BYTES = 1024 * 1024


@login_required
@require_http_methods(["POST"])
def set_import(request: ActorRequest) -> HttpResponse:
    user = request.user
    require_set_office(user)
    form = SetFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors(form))
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
            by=user,
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
