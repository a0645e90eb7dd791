"""A survey's results: what its anonymous answers say, per question, per NTM content, per hamlet
and commune, and whether the survey meets its rules.

Figures (every share also as its 95% Wilson interval, ``stats.wilson``):

- **Per question**: the answers to each choice, and how many responses answered the question
  (a multiple-choice question counts a response once, however many boxes it ticked); for a
  number or text question only how many answered — text answers are never listed here (they may
  name people), only counted.
- **Share satisfied of a content**: the satisfaction-scale answers of that content's questions
  whose choice counts as satisfied, over all scale answers of those questions.
- **Overall**: pooled over every satisfaction-scale answer of the survey (with or without a
  content): satisfied scale answers / scale answers. Its limits: a content asked by three
  questions weighs three times one asked once, and the answers of one household are not
  independent, so the interval of the overall share is somewhat narrower than a household-level
  interval would be. It is the figure the MTTQ's paper tally gives (all "satisfied" ticks over
  all ticks), which is why it is used.
- **Per hamlet and per commune**: the same shares over the answers of the area. A district
  survey groups its hamlets by commune: the hamlet's parent (a unit never changes parent; the
  hamlets are those of the survey's first day, as drawn).
- **Coverage**: households that answered / households on record in the sample frames, and
  answered / drawn.
- **Rules**: ``overall_min`` (overall share), ``content_min`` (each content; for a district, in
  every commune on each content), ``coverage_min`` (answered / households on record). A value
  exactly at the threshold meets it; shares are compared exactly (counts × 100 against the
  threshold × total), never after rounding.

Cost: a fixed handful of queries whatever the size — the questions and their choices, one
grouped count of answers over (question, choice, hamlet) (index ``surveys_answer_tally``), one
grouped distinct count for multiple-choice questions if any, the frames with their hamlets, and
one grouped count of answered members. No loop over households or answers in Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _

from smartrural.core.numbers import format_number
from smartrural.geo.models import AdministrativeUnit, Level

from .models import Answer, Question, QuestionKind, SampleFrame, SampleMember, Survey
from .stats import Interval, wilson

HUNDRED = Decimal(100)


def percent(value: float | Decimal | None, decimals: int = 1) -> str:
    """``value`` (a percentage) with one decimal in the active language's style ("85,2" in
    Vietnamese, ``core.numbers``); "—" for None."""
    return format_number(value, decimals) or "—"


def threshold(value: Decimal) -> str:
    """A rule's threshold without useless decimals: "80", "72,5"."""
    return format_number(value, "-2") or "—"


@dataclass(frozen=True)
class Share:
    """``satisfied`` of ``total`` scale answers, with its interval."""

    satisfied: int
    total: int

    @property
    def interval(self) -> Interval:
        return wilson(self.satisfied, self.total)

    @property
    def percent(self) -> float | None:
        share = self.interval.share
        return None if share is None else share * 100

    @property
    def low(self) -> float | None:
        low = self.interval.low
        return None if low is None else low * 100

    @property
    def high(self) -> float | None:
        high = self.interval.high
        return None if high is None else high * 100

    def at_least(self, minimum: Decimal) -> bool:
        """Exactly: satisfied / total ≥ minimum %, with nothing counted never meeting it."""
        return self.total > 0 and Decimal(self.satisfied) * HUNDRED >= minimum * self.total

    def text(self) -> str:
        """ "85,2% (95% CI: 80,1–89,3%)", or "—" when nothing is counted."""
        if self.total == 0:
            return "—"
        return _("%(share)s%% (95%% CI: %(low)s–%(high)s%%)") % {
            "share": percent(self.percent),
            "low": percent(self.low),
            "high": percent(self.high),
        }

    def __add__(self, other: Share) -> Share:
        return Share(self.satisfied + other.satisfied, self.total + other.total)


NO_SHARE = Share(0, 0)


@dataclass(frozen=True)
class ChoiceCount:
    choice_id: int
    label: str
    count: int
    satisfied: bool

    def share_of(self, answered: int) -> float | None:
        return None if answered == 0 else self.count * 100 / answered


@dataclass(frozen=True)
class QuestionResult:
    question_id: int
    position: int
    name: str
    label: str
    kind: str
    content: int | None
    answered: int
    choices: list[ChoiceCount]
    share: Share | None  # scale questions only

    @property
    def is_text(self) -> bool:
        return self.kind == QuestionKind.TEXT

    @property
    def choice_rows(self) -> list[tuple[str, int, str]]:
        """Each choice's label, count and share of the responses answering ("42,0")."""
        return [(c.label, c.count, percent(c.share_of(self.answered))) for c in self.choices]


@dataclass(frozen=True)
class ContentResult:
    number: int
    name: str
    share: Share


@dataclass(frozen=True)
class AreaResult:
    """A hamlet's or a commune's figures."""

    unit_id: int
    name: str
    households: int
    sampled: int
    answered: int
    overall: Share
    contents: dict[int, Share]

    @property
    def coverage(self) -> float | None:
        return None if not self.households else self.answered * 100 / self.households

    @property
    def content_list(self) -> list[Share]:
        return list(self.contents.values())


@dataclass(frozen=True)
class RuleResult:
    code: str
    label: str
    met: bool
    reason: str  # empty when met


@dataclass
class SurveyResults:
    survey: Survey
    is_district: bool
    hamlet_ids: list[int]  # the area the figures are about (all the survey's hamlets: no filter)
    questions: list[QuestionResult]
    contents: list[ContentResult]
    overall: Share
    hamlets: list[AreaResult]
    communes: list[AreaResult]
    households: int
    sampled: int
    answered: int
    rules: list[RuleResult] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return all(rule.met for rule in self.rules)

    @property
    def reasons(self) -> list[str]:
        return [rule.reason for rule in self.rules if not rule.met]

    @property
    def has_answers(self) -> bool:
        return self.answered > 0 or any(q.answered for q in self.questions)

    @property
    def coverage(self) -> float | None:
        return None if not self.households else self.answered * 100 / self.households

    @property
    def coverage_of_sample(self) -> float | None:
        return None if not self.sampled else self.answered * 100 / self.sampled

    @property
    def coverage_text(self) -> str:
        return percent(self.coverage)

    @property
    def coverage_of_sample_text(self) -> str:
        return percent(self.coverage_of_sample)

    @property
    def text_answers(self) -> int:
        return sum(q.answered for q in self.questions if q.is_text)


def content_names(survey: Survey) -> dict[int, str]:
    """The criterion names of the survey's criteria set, by number (empty without a set)."""
    if survey.criteria_set is None:
        return {}
    from smartrural.criteria.versions import compiled, current_version  # local: heavy, optional

    version = current_version(survey.criteria_set)
    if version is None:
        return {}
    return {c.number: c.name for c in compiled(version).definition.criteria}


def _sum(shares: Iterable[Share]) -> Share:
    total = NO_SHARE
    for share in shares:
        total = total + share
    return total


def survey_results(survey: Survey, *, unit_id: int | None = None) -> SurveyResults:
    """The results of ``survey`` (see the module's text); ``unit_id``: only the answers of that
    hamlet or commune of the survey (the rules are always those of the whole survey)."""
    questions = list(survey.questions.prefetch_related("choices"))
    frames = list(
        SampleFrame.objects.filter(survey=survey)
        .select_related("hamlet__parent")
        .order_by("hamlet__parent__code", "hamlet__code")
    )
    # (question, choice, hamlet) → answers: one grouped query over the tally index.
    tally: dict[tuple[int, int | None, int], int] = {
        (row["question_id"], row["choice_id"], row["hamlet_id"]): row["n"]
        for row in Answer.objects.filter(survey=survey)
        .values("question_id", "choice_id", "hamlet_id")
        .annotate(n=Count("id"))
        .order_by()
    }
    multiple = [q.pk for q in questions if q.kind == QuestionKind.MULTIPLE]
    # A multiple-choice question is answered once per response, whatever it ticked.
    responding: dict[tuple[int, int], int] = {}
    if multiple:
        responding = {
            (row["question_id"], row["hamlet_id"]): row["n"]
            for row in Answer.objects.filter(survey=survey, question_id__in=multiple)
            .values("question_id", "hamlet_id")
            .annotate(n=Count("response_id", distinct=True))
            .order_by()
        }
    answered_by_hamlet = {
        row["hamlet_id"]: row["n"]
        for row in SampleMember.objects.filter(survey=survey, answered_on__isnull=False)
        .values("hamlet_id")
        .annotate(n=Count("id"))
        .order_by()
    }
    is_district = survey.unit.level == Level.DISTRICT
    names = content_names(survey) if any(q.content for q in questions) else {}

    hamlet_units: dict[int, AdministrativeUnit | None] = {f.hamlet_id: f.hamlet for f in frames}
    # Answers from a hamlet without a frame (should not happen) still count in the totals.
    for *_ignored, hamlet_id in tally:
        hamlet_units.setdefault(hamlet_id, None)
    frame_of = {f.hamlet_id: f for f in frames}
    all_hamlets = list(hamlet_units)
    commune_of = {
        pk: (unit.parent_id if unit is not None and unit.parent_id else pk)
        for pk, unit in hamlet_units.items()
    }
    if unit_id is None:
        selected = set(all_hamlets)
    else:
        selected = {pk for pk in all_hamlets if pk == unit_id or commune_of[pk] == unit_id}

    satisfied_choices = {
        choice.pk
        for q in questions
        if q.kind == QuestionKind.SCALE
        for choice in q.choices.all()
        if choice.satisfied
    }
    scale_content = {q.pk: q.content for q in questions if q.kind == QuestionKind.SCALE}
    # hamlet → content (None: no content) → share
    by_hamlet: dict[int, dict[int | None, Share]] = defaultdict(dict)
    for (question_id, choice_id, hamlet_id), n in tally.items():
        if question_id not in scale_content or choice_id is None:
            continue
        content = scale_content[question_id]
        add = Share(n if choice_id in satisfied_choices else 0, n)
        by_hamlet[hamlet_id][content] = by_hamlet[hamlet_id].get(content, NO_SHARE) + add

    contents_asked = sorted({c for c in scale_content.values() if c is not None})

    def area(unit_pk: int, name: str, hamlets: list[int]) -> AreaResult:
        return AreaResult(
            unit_id=unit_pk,
            name=name,
            households=sum(frame_of[h].households for h in hamlets if h in frame_of),
            sampled=sum(frame_of[h].sampled for h in hamlets if h in frame_of),
            answered=sum(answered_by_hamlet.get(h, 0) for h in hamlets),
            overall=_sum(s for h in hamlets for s in by_hamlet.get(h, {}).values()),
            contents={
                c: _sum(by_hamlet.get(h, {}).get(c, NO_SHARE) for h in hamlets)
                for c in contents_asked
            },
        )

    hamlet_results = [
        area(pk, unit.name if unit is not None else str(pk), [pk])
        for pk, unit in hamlet_units.items()
        if pk in selected
    ]
    communes: dict[int, list[int]] = defaultdict(list)
    for pk in all_hamlets:
        communes[commune_of[pk]].append(pk)
    commune_names = {
        unit.parent.pk: unit.parent.name
        for unit in hamlet_units.values()
        if unit is not None and unit.parent is not None
    }
    all_communes = [area(pk, commune_names.get(pk, str(pk)), hs) for pk, hs in communes.items()]
    commune_results = [c for c in all_communes if set(communes[c.unit_id]) & selected]

    whole = area(survey.unit_id, survey.unit.name, all_hamlets)
    shown = whole if unit_id is None else area(unit_id, "", sorted(selected))

    per_question: dict[int, dict[int | None, int]] = defaultdict(lambda: defaultdict(int))
    for (question_id, choice_id, hamlet_id), n in tally.items():
        if hamlet_id in selected:
            per_question[question_id][choice_id] += n
    question_results = [_question(q, per_question[q.pk], responding, selected) for q in questions]
    content_results = [
        ContentResult(number=c, name=names.get(c, ""), share=shown.contents[c])
        for c in contents_asked
    ]
    results = SurveyResults(
        survey=survey,
        is_district=is_district,
        hamlet_ids=sorted(selected),
        questions=question_results,
        contents=content_results,
        overall=shown.overall,
        hamlets=hamlet_results,
        communes=commune_results if is_district else [],
        households=shown.households,
        sampled=shown.sampled,
        answered=shown.answered,
    )
    results.rules = _rules(survey, whole, all_communes if is_district else [], contents_asked)
    return results


def _question(
    question: Question,
    counts: dict[int | None, int],
    responding: dict[tuple[int, int], int],
    hamlets: set[int],
) -> QuestionResult:
    choices = [
        ChoiceCount(c.pk, c.label, counts.get(c.pk, 0), c.satisfied) for c in question.choices.all()
    ]
    if question.kind == QuestionKind.MULTIPLE:
        answered = sum(n for (q, h), n in responding.items() if q == question.pk and h in hamlets)
    else:
        answered = sum(counts.values())
    share = None
    if question.kind == QuestionKind.SCALE:
        share = Share(sum(c.count for c in choices if c.satisfied), sum(c.count for c in choices))
    return QuestionResult(
        question_id=question.pk,
        position=question.position,
        name=question.name,
        label=question.label,
        kind=question.kind,
        content=question.content,
        answered=answered,
        choices=choices,
        share=share,
    )


def _rules(
    survey: Survey, whole: AreaResult, communes: list[AreaResult], contents: list[int]
) -> list[RuleResult]:
    rules: list[RuleResult] = []
    minimum = survey.overall_min
    reason = ""
    if not whole.overall.at_least(minimum):
        reason = (
            _("No satisfaction answer yet.")
            if whole.overall.total == 0
            else _("Satisfied overall %(share)s%% < %(min)s%%.")
            % {"share": percent(whole.overall.percent), "min": threshold(minimum)}
        )
    rules.append(
        RuleResult(
            "overall_min",
            _("Satisfied overall, at least %(min)s%%") % {"min": threshold(minimum)},
            not reason,
            reason,
        )
    )

    minimum = survey.content_min
    failures: list[str] = []
    areas = communes or [whole]
    for content in contents:
        for place in areas:
            share = place.contents[content]
            if share.at_least(minimum):
                continue
            figure = percent(share.percent) + "%" if share.total else _("no answer")
            if communes:
                failures.append(
                    _("%(commune)s, content %(content)s: %(share)s < %(min)s%%")
                    % {
                        "commune": place.name,
                        "content": content,
                        "share": figure,
                        "min": threshold(minimum),
                    }
                )
            else:
                failures.append(
                    _("content %(content)s: %(share)s < %(min)s%%")
                    % {"content": content, "share": figure, "min": threshold(minimum)}
                )
    if not contents:
        failures.append(_("no question is about an NTM content"))
    label = (
        _("In every commune, satisfied on each content, at least %(min)s%%")
        if communes
        else _("Satisfied on each content, at least %(min)s%%")
    ) % {"min": threshold(minimum)}
    rules.append(RuleResult("content_min", label, not failures, "; ".join(failures)))

    minimum = survey.coverage_min
    covered = whole.households > 0 and Decimal(whole.answered) * HUNDRED >= (
        minimum * whole.households
    )
    reason = (
        ""
        if covered
        else _("%(answered)s of %(households)s households answered (%(share)s%% < %(min)s%%).")
        % {
            "answered": whole.answered,
            "households": whole.households,
            "share": percent(whole.coverage),
            "min": threshold(minimum),
        }
    )
    rules.append(
        RuleResult(
            "coverage_min",
            _("Households answering, at least %(min)s%%") % {"min": threshold(minimum)},
            covered,
            reason,
        )
    )
    return rules
