"""A survey's form as an XLSForm workbook: upload one to replace a draft's questions (every
problem listed with its row, nothing changed), or download the form to share it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from smartrural.accounts.actor import ActorRequest
from smartrural.core.errors import ValidationFailed
from smartrural.core.exports import XLSX
from smartrural.core.page_forms import posted, posted_files, submit

from ..access import access_survey_for_user
from ..models import Question, Survey, SurveyStatus
from ..services.surveys import contents_of, survey_form_replace
from ..xlsform import MAX_BYTES, XlsFormInvalid, read_xlsform, write_xlsform, xlsform_file_name
from .common import crumbs


class XlsFormUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("XLSForm workbook (.xlsx)"),
        help_text=gettext_lazy(
            "A form made in KoboToolbox, ODK or Excel with the sheets “survey” and “choices”. "
            "It replaces every question of the survey."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


def _import_url(survey: Survey) -> str:
    return reverse("surveys:xlsform-import", args=[survey.pk])


@login_required
@require_http_methods(["GET", "POST"])
def xlsform_import(request: ActorRequest, pk: int) -> HttpResponse:
    survey = access_survey_for_user(request.user, pk, action="write")
    form = XlsFormUploadForm(posted(request), posted_files(request))
    problems: list[str] = []

    def replace(data: dict[str, Any]) -> tuple[str, list[Question]]:
        upload = data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationFailed(
                _("An XLSForm file is at most %(size)s MB.") % {"size": MAX_BYTES // 2**20},
                field="file",
            )
        try:
            parsed = read_xlsform(upload.read(), contents=contents_of(survey))
        except XlsFormInvalid as exc:
            problems.extend(exc.problems)
            raise ValidationFailed(
                ngettext(
                    "The workbook has %(count)s problem; nothing was imported.",
                    "The workbook has %(count)s problems; nothing was imported.",
                    len(exc.problems),
                )
                % {"count": len(exc.problems)},
                field="file",
            ) from exc
        questions = survey_form_replace(survey=survey, specs=parsed.questions, by=request.user)
        return parsed.title, questions

    done, status = submit(
        request,
        form,
        replace,
        message=lambda done: (
            ngettext(
                "%(count)s question imported from “%(title)s”.",
                "%(count)s questions imported from “%(title)s”.",
                len(done[1]),
            )
            % {"count": len(done[1]), "title": done[0]}
        ),
        then=_import_url(survey),
    )
    if done is not None:
        return done
    context = {
        "survey": survey,
        "crumbs": crumbs(survey),
        "form": form,
        "problems": problems,
        "questions": survey.questions.prefetch_related("choices").order_by("position", "pk"),
        "editable": survey.status == SurveyStatus.DRAFT,
        "max_mb": MAX_BYTES // 2**20,
    }
    return render(request, "surveys/xlsform/import.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def xlsform_export(request: ActorRequest, pk: int) -> HttpResponse:
    survey = access_survey_for_user(request.user, pk)
    response = HttpResponse(write_xlsform(survey), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{xlsform_file_name(survey)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
