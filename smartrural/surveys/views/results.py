"""A survey's results: the page (figures, charts, rules), the same figures as .xlsx and .pdf,
and the raw answers streamed as CSV. Anonymous throughout: no household appears, and text
answers are only counted on the page (they may name people); the raw export, for officers,
carries them.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.accounts.actor import ActorRequest
from smartrural.core.exports import XLSX, Table, TableCell, tables_pdf, tables_xlsx
from smartrural.geo.models import AdministrativeUnit, Level

from ..access import access_survey_for_user
from ..answers_export import answer_rows, csv_lines, xlsx_file
from ..charts import bar_chart
from ..forms.results import ResultsFilterForm
from ..models import SampleFrame, Survey
from ..results import AreaResult, Share, SurveyResults, percent, survey_results
from .common import crumbs

READ = ["GET", "HEAD"]


def _areas(survey: Survey) -> tuple[list[AdministrativeUnit], list[AdministrativeUnit]]:
    """The communes (a district survey) and hamlets of the survey's frames."""
    hamlets = [
        f.hamlet
        for f in SampleFrame.objects.filter(survey=survey)
        .select_related("hamlet__parent")
        .order_by("hamlet__parent__code", "hamlet__code")
    ]
    communes: dict[int, AdministrativeUnit] = {}
    if survey.unit.level == Level.DISTRICT:
        for hamlet in hamlets:
            if hamlet.parent is not None:
                communes.setdefault(hamlet.parent.pk, hamlet.parent)
    return list(communes.values()), hamlets


def _results(request: ActorRequest, pk: int) -> tuple[ResultsFilterForm, SurveyResults, str]:
    survey = access_survey_for_user(request.user, pk)
    communes, hamlets = _areas(survey)
    form = ResultsFilterForm(request.GET or None, communes=communes, hamlets=hamlets)
    area = form.chosen()
    names = {u.pk: u.name for u in [*communes, *hamlets]}
    return form, survey_results(survey, unit_id=area), names.get(area, "") if area else ""


def _share_cells(share: Share) -> list[TableCell]:
    return [
        share.satisfied,
        share.total,
        percent(share.percent),
        percent(share.low),
        percent(share.high),
    ]


def _share_header() -> list[str]:
    return [
        _("Satisfied"),
        _("Scale answers"),
        _("Share satisfied (%)"),
        _("95% CI from (%)"),
        _("95% CI to (%)"),
    ]


def _area_rows(areas: list[AreaResult]) -> list[list[TableCell]]:
    return [
        [
            a.name,
            a.households,
            a.sampled,
            a.answered,
            percent(a.coverage),
            *_share_cells(a.overall),
        ]
        for a in areas
    ]


def _area_header(first: str) -> list[str]:
    return [
        first,
        _("Households on record"),
        _("Households drawn"),
        _("Households answered"),
        _("Coverage (%)"),
        *_share_header(),
    ]


def _title(results: SurveyResults, area: str) -> str:
    survey = results.survey
    title = _("Results of %(title)s (%(unit)s, %(year)s)") % {
        "title": survey.title,
        "unit": survey.unit.name,
        "year": survey.year,
    }
    return f"{title} — {area}" if area else title


def _tables(results: SurveyResults) -> list[Table]:
    yes, no = _("met"), _("not met")
    tables = [
        Table(
            _("Rules"),
            [_("Rule"), _("Result"), _("Reason")],
            [[r.label, yes if r.met else no, r.reason] for r in results.rules],
        ),
        Table(
            _("Overall"),
            [_("Figure"), *_share_header()],
            [[_("Satisfied overall (all scale answers)"), *_share_cells(results.overall)]],
        ),
        Table(
            _("Contents"),
            [_("Content"), _("Name"), *_share_header()],
            [[c.number, c.name, *_share_cells(c.share)] for c in results.contents],
        ),
    ]
    rows: list[list[TableCell]] = []
    for q in results.questions:
        if not q.choices:
            rows.append([q.name, q.label, _("(answers not listed)"), q.answered, ""])
        for c in q.choices:
            rows.append([q.name, q.label, c.label, c.count, percent(c.share_of(q.answered))])
    tables.append(
        Table(
            _("Questions"),
            [_("Question"), _("Text"), _("Answer"), _("Count"), _("Share of answers (%)")],
            rows,
        )
    )
    if results.communes:
        tables.append(
            Table(_("Communes"), _area_header(_("Commune")), _area_rows(results.communes))
        )
    tables.append(Table(_("Hamlets"), _area_header(_("Hamlet")), _area_rows(results.hamlets)))
    return tables


@login_required
@require_http_methods(READ)
def results(request: ActorRequest, pk: int) -> HttpResponse:
    form, data, area = _results(request, pk)
    survey = data.survey
    content_chart = bar_chart(
        [(_("Content %(n)s") % {"n": c.number}, c.share) for c in data.contents],
        minimum=survey.content_min,
    )
    places = data.communes or data.hamlets
    area_chart = bar_chart([(a.name, a.overall) for a in places], minimum=survey.overall_min)
    context = {
        "survey": survey,
        "crumbs": crumbs(survey),
        "data": data,
        "form": form,
        "area": area,
        "title": _title(data, area),
        "content_chart": content_chart,
        "area_chart": area_chart,
        "query": request.GET.urlencode(),
    }
    status = 422 if form.is_bound and not form.is_valid() else 200
    return render(request, "surveys/results/results.html", context, status=status)


def _filename(survey: Survey, ext: str) -> str:
    return f"khao-sat-{survey.pk}-{survey.year}-ket-qua.{ext}"


@login_required
@require_http_methods(READ)
def results_xlsx(request: ActorRequest, pk: int) -> HttpResponse:
    _form, data, area = _results(request, pk)
    response = HttpResponse(tables_xlsx(_title(data, area), _tables(data)), XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(data.survey, "xlsx")}"'
    return response


@login_required
@require_http_methods(READ)
def results_pdf(request: ActorRequest, pk: int) -> HttpResponse:
    _form, data, area = _results(request, pk)
    response = HttpResponse(
        tables_pdf(_title(data, area), _tables(data)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(data.survey, "pdf")}"'
    return response


@login_required
@require_http_methods(READ)
def answers_csv(request: ActorRequest, pk: int) -> StreamingHttpResponse:
    """Every response as a row, streamed (250,000 answers in flat memory)."""
    survey = access_survey_for_user(request.user, pk)
    response = StreamingHttpResponse(
        csv_lines(answer_rows(survey)), content_type="text/csv; charset=utf-8"
    )
    name = f"khao-sat-{survey.pk}-{survey.year}-tra-loi.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(READ)
def answers_xlsx(request: ActorRequest, pk: int) -> FileResponse:
    """Every response as a row of a workbook, written row by row to a temporary file."""
    survey = access_survey_for_user(request.user, pk)
    return FileResponse(
        xlsx_file(answer_rows(survey)),
        as_attachment=True,
        filename=f"khao-sat-{survey.pk}-{survey.year}-tra-loi.xlsx",
        content_type=XLSX,
    )
