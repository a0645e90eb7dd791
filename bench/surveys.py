"""A district's satisfaction survey: its results from 250,000 answers, and the raw answers
export streamed with flat memory.

Data: a district with 10 communes of 10 hamlets each, 130 households per hamlet (13,000), all
drawn; a survey with one satisfaction question on each of the 19 NTM contents and a comment,
answered by 12,500 households: 12,500 responses × 20 answers = 250,000 answers (≈ 85% of the
scale answers satisfied, the comment on every response). Rows are bulk-created directly (the
services' checks are not what is measured). A second survey of the district has 2,500
responses (50,000 answers) to compare the export's memory with.

Product: ``surveys.results.survey_results`` of the district survey (every figure of the results
page: per question, per content, per hamlet and commune, coverage, the rules), a few grouped
queries. Baseline, same run: the same tallies by a per-household Python loop (each response's
answers read one response at a time, as a tally sheet would be filled). Goal: the results under
1 s (median).

Export: ``answers_export`` rows written as CSV into a sink (lines discarded) and as a workbook
(write-only, to a temporary file), peak Python memory by ``tracemalloc`` for 50,000 and 250,000
answers: flat when the peak does not grow with the answers (printed, with the time taken).
"""

from __future__ import annotations

import datetime as dt
import random
import time
import tracemalloc
import uuid
from decimal import Decimal
from typing import Any

from bench.common import Result, measure, setup_django

SEED = 1313
COMMUNES = 10
HAMLETS_PER_COMMUNE = 10
HOUSEHOLDS_PER_HAMLET = 130
RESPONSES = 12_500
SMALL_RESPONSES = 2_500
CONTENTS = 19
RUNS = 10
BASELINE_RUNS = 3
TARGET_MS = 1000.0
OPENS = dt.date(2023, 5, 1)


def _units() -> tuple[Any, list[Any]]:
    from smartrural.geo.services import unit_create

    province = unit_create(code="86", name="Tỉnh Bench", kind="tinh", level="province", parent=None)
    district = unit_create(
        code="860", name="Huyện Bench", kind="huyen", level="district", parent=province
    )
    hamlets = []
    for c in range(COMMUNES):
        commune = unit_create(
            code=f"86{c:03d}", name=f"Xã {c + 1}", kind="xa", level="commune", parent=district
        )
        for h in range(HAMLETS_PER_COMMUNE):
            hamlets.append(
                unit_create(
                    code=f"86{c:03d}{h + 1:02d}",
                    name=f"Ấp {h + 1} xã {c + 1}",
                    kind="ap",
                    level="hamlet",
                    parent=commune,
                )
            )
    return district, hamlets


def _survey(district: Any, title: str) -> Any:
    from smartrural.surveys.services.surveys import survey_create, survey_form_replace
    from smartrural.surveys.specs import QuestionSpec, scale_choices

    survey = survey_create(
        unit=district,
        year=2023,
        title=title,
        organiser="Ủy ban MTTQ Việt Nam huyện",
        opens_on=OPENS,
        closes_on=dt.date(2023, 6, 30),
        rules={"sample_share": Decimal(100)},
        by=None,
    )
    specs = [
        QuestionSpec(
            name=f"c{n}",
            label=f"Mức độ hài lòng về nội dung {n}",
            kind="scale",
            content=n,
            choices=scale_choices(),
        )
        for n in range(1, CONTENTS + 1)
    ]
    specs.append(QuestionSpec(name="y_kien", label="Ý kiến khác", kind="text", required=False))
    survey_form_replace(survey=survey, specs=specs, by=None)
    return survey


def _households(hamlets: list[Any]) -> list[tuple[int, int]]:
    from smartrural.surveys.models import Household

    Household.objects.bulk_create(
        (
            Household(hamlet=hamlet, number=str(n), head_name=f"Chủ hộ {n}", address="")
            for hamlet in hamlets
            for n in range(1, HOUSEHOLDS_PER_HAMLET + 1)
        ),
        batch_size=2000,
    )
    return list(Household.objects.order_by("pk").values_list("pk", "hamlet_id"))


def _answers(survey: Any, households: list[tuple[int, int]], responses: int) -> None:
    """Frames and members for every household, ``responses`` of them answered with one answer
    per question."""
    from smartrural.surveys.models import (
        Answer,
        Channel,
        Question,
        Response,
        SampleFrame,
        SampleMember,
    )

    rng = random.Random(f"{SEED}:{survey.pk}")
    per_hamlet: dict[int, int] = {}
    for _pk, hamlet_id in households:
        per_hamlet[hamlet_id] = per_hamlet.get(hamlet_id, 0) + 1
    SampleFrame.objects.bulk_create(
        SampleFrame(survey=survey, hamlet_id=h, households=n, sampled=n)
        for h, n in per_hamlet.items()
    )
    answered = set(rng.sample(range(len(households)), responses))
    SampleMember.objects.bulk_create(
        (
            SampleMember(
                survey=survey,
                household_id=pk,
                hamlet_id=hamlet_id,
                code=f"B{survey.pk}{i:09d}"[:16],
                answered_on=OPENS if i in answered else None,
                channel=Channel.PAPER if i in answered else "",
            )
            for i, (pk, hamlet_id) in enumerate(households)
        ),
        batch_size=2000,
    )
    questions = list(Question.objects.filter(survey=survey).prefetch_related("choices"))
    rows: list[Any] = []
    for i in sorted(answered):
        hamlet_id = households[i][1]
        response = Response(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            survey=survey,
            hamlet_id=hamlet_id,
            channel=Channel.PAPER,
            received_on=OPENS,
        )
        rows.append(response)
    Response.objects.bulk_create(rows, batch_size=2000)
    batch: list[Answer] = []
    for response in rows:
        for question in questions:
            choices = list(question.choices.all())
            if choices:
                pick = rng.random()
                choice = choices[0] if pick < 0.35 else choices[1] if pick < 0.85 else choices[2]
                answer = Answer(choice=choice)
            else:
                answer = Answer(text="Đường ấp cần sửa, đèn đường hư")
            answer.response = response
            answer.survey = survey
            answer.hamlet_id = response.hamlet_id
            answer.question = question
            batch.append(answer)
        if len(batch) >= 20_000:
            Answer.objects.bulk_create(batch, batch_size=2000)
            batch = []
    Answer.objects.bulk_create(batch, batch_size=2000)


def _loop_baseline(survey: Any) -> dict[tuple[int, int | None, int], int]:
    """The tallies by visiting each household's response and reading its answers."""
    from smartrural.surveys.models import Response

    tally: dict[tuple[int, int | None, int], int] = {}
    for response in Response.objects.filter(survey=survey):
        for question_id, choice_id in response.answers.values_list("question_id", "choice_id"):
            key = (question_id, choice_id, response.hamlet_id)
            tally[key] = tally.get(key, 0) + 1
    return tally


def _export_peak(survey: Any) -> tuple[float, float, int]:
    """Peak traced memory (MB) and seconds to write the CSV answers export into a sink; lines."""
    from smartrural.surveys.answers_export import answer_rows, csv_lines

    tracemalloc.start()
    started = time.perf_counter()
    written = 0
    lines = 0
    for line in csv_lines(answer_rows(survey)):
        written += len(line)
        lines += 1
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6, seconds, lines


def _xlsx_peak(survey: Any) -> tuple[float, float, int]:
    """The same for the workbook (written to its temporary file); its size in bytes."""
    from smartrural.surveys.answers_export import answer_rows, xlsx_file

    tracemalloc.start()
    started = time.perf_counter()
    with xlsx_file(answer_rows(survey)) as out:
        size = out.seek(0, 2)
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6, seconds, size


def run() -> list[Result]:
    setup_django()
    from smartrural.surveys.models import Answer
    from smartrural.surveys.results import survey_results

    started = time.perf_counter()
    district, hamlets = _units()
    households = _households(hamlets)
    big = _survey(district, "Khảo sát sự hài lòng huyện (250.000 câu trả lời)")
    _answers(big, households, RESPONSES)
    small = _survey(district, "Khảo sát sự hài lòng huyện (50.000 câu trả lời)")
    _answers(small, households, SMALL_RESPONSES)
    count = Answer.objects.filter(survey=big).count()
    print(
        f"surveys: {len(households):,} households in {len(hamlets)} hamlets, {count:,} answers "
        f"(and {Answer.objects.filter(survey=small).count():,}) generated in "
        f"{time.perf_counter() - started:.1f} s"
    )

    results = survey_results(big)
    loop = _loop_baseline(big)
    # The product and the loop agree on the satisfied share of content 1.
    c1 = results.contents[0].share
    satisfied = {c.choice_id for q in results.questions for c in q.choices if c.satisfied}
    question_c1 = results.questions[0].question_id
    loop_total = sum(n for (q, _c, _h), n in loop.items() if q == question_c1)
    loop_yes = sum(n for (q, c, _h), n in loop.items() if q == question_c1 and c in satisfied)
    assert (c1.satisfied, c1.total) == (loop_yes, loop_total), "product and loop disagree"
    print(
        f"surveys: overall {results.overall.text()}, content 1 {c1.text()}, "
        f"{len(results.communes)} communes, rules met: {results.met}"
    )

    product = measure(lambda _i: survey_results(big), runs=RUNS)
    baseline = measure(lambda _i: _loop_baseline(big), runs=BASELINE_RUNS, warmup=1)
    print(
        f"surveys: results of {count:,} answers: median {product.median_ms:.1f} ms; per-household "
        f"loop {baseline.median_ms:.1f} ms (goal < {TARGET_MS:g} ms)"
    )

    small_peak, small_s, small_lines = _export_peak(small)
    big_peak, big_s, big_lines = _export_peak(big)
    flat = big_peak < 2 * small_peak
    print(
        f"surveys: answers export: {small_lines - 1:,} rows (50,000 answers) peak "
        f"{small_peak:.2f} MB in {small_s:.1f} s; {big_lines - 1:,} rows ({count:,} answers) "
        f"peak {big_peak:.2f} MB in {big_s:.1f} s — memory {'flat' if flat else 'NOT flat'}"
    )
    small_x, small_xs, _size = _xlsx_peak(small)
    big_x, big_xs, size = _xlsx_peak(big)
    print(
        f"surveys: answers workbook: 50,000 answers peak {small_x:.2f} MB in {small_xs:.1f} s; "
        f"{count:,} answers peak {big_x:.2f} MB in {big_xs:.1f} s ({size / 1e6:.1f} MB file) — "
        f"memory {'flat' if big_x < 2 * small_x else 'NOT flat'}"
    )
    # tracemalloc slows Python code several times over: the times as a user waits for them.
    from smartrural.surveys.answers_export import answer_rows, csv_lines, xlsx_file

    started = time.perf_counter()
    for _line in csv_lines(answer_rows(big)):
        pass
    csv_s = time.perf_counter() - started
    started = time.perf_counter()
    with xlsx_file(answer_rows(big)):
        pass
    xlsx_s = time.perf_counter() - started
    print(
        f"surveys: without tracing, {count:,} answers: CSV {csv_s:.1f} s, workbook {xlsx_s:.1f} s"
    )
    return [
        Result(
            name=f"surveys results ({count:,} answers) vs loop",
            product=product,
            baseline=baseline,
            target_ms=TARGET_MS,
        )
    ]
