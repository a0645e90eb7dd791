"""Reading and writing a survey's form as an XLSForm workbook.

The form "written by another tool" is ``data/kobo_hai_long_2023.xlsx``, built by hand in the
style of KoboToolbox's exports by ``xlsform_fixtures.kobo_workbook`` (see that module for the
command that rebuilds it).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from unittest import mock

import pytest
from django.test import override_settings
from django.utils import translation
from openpyxl import Workbook, load_workbook
from pyxform.xls2xform import convert

from smartrural.core.errors import ValidationFailed
from smartrural.criteria.models import CriteriaSet
from smartrural.testing import Personas

from ..models import Survey
from ..services.surveys import survey_create, survey_form_replace
from ..specs import ChoiceSpec, QuestionSpec, scale_choices
from ..xlsform import MAX_BYTES, XlsFormInvalid, read_xlsform, write_xlsform
from .xlsform_fixtures import KOBO_FILE, SMALL_CHOICES, kobo_workbook, workbook

SCALE_VI = (
    ChoiceSpec("very_satisfied", "Rất hài lòng", True),
    ChoiceSpec("satisfied", "Hài lòng", True),
    ChoiceSpec("not_satisfied", "Chưa hài lòng", False),
)
KOBO_QUESTIONS = [
    QuestionSpec(
        name="hl_giao_thong",
        label="Ông/bà có hài lòng với đường giao thông của xã?",
        kind="scale",
        content=2,
        required=True,
        hint="Chọn một mức",
        choices=SCALE_VI,
    ),
    QuestionSpec(
        name="duong_can_sua",
        label="Những tuyến đường cần sửa",
        kind="multiple",
        content=2,
        required=False,
        choices=(
            ChoiceSpec("duong_ap", "Đường ấp"),
            ChoiceSpec("duong_xa", "Đường xã"),
            ChoiceSpec("duong_noi_dong", "Đường nội đồng"),
        ),
    ),
    QuestionSpec(
        name="hl_moi_truong",
        label="Ông/bà có hài lòng với môi trường, cảnh quan?",
        kind="scale",
        content=17,
        required=True,
        choices=SCALE_VI,
    ),
    QuestionSpec(
        name="so_lan_thu_gom",
        label="Rác được thu gom mấy lần mỗi tuần?",
        kind="number",
        content=17,
        required=False,
        hint="Ghi số lần",
    ),
    QuestionSpec(
        name="phan_loai_rac",
        label="Gia đình có phân loại rác tại nguồn?",
        kind="single",
        content=18,
        required=True,
        choices=(ChoiceSpec("co", "Có"), ChoiceSpec("khong", "Không")),
    ),
    QuestionSpec(
        name="thu_nhap",
        label="Thu nhập bình quân (triệu đồng/người/năm)",
        kind="number",
        content=10,
        required=False,
    ),
    QuestionSpec(name="y_kien", label="Ý kiến khác của ông/bà", kind="text", required=False),
]


def draft(personas: Personas, *, criteria_set: CriteriaSet | None = None) -> Survey:
    return survey_create(
        unit=personas.commune_a_unit,
        year=2023,
        title="Khảo sát sự hài lòng 2023",
        organiser="Ủy ban MTTQ Việt Nam xã",
        opens_on=dt.date(2023, 5, 1),
        closes_on=dt.date(2023, 6, 30),
        criteria_set=criteria_set,
        by=personas.commune_a,
    )


def problems_of(data: bytes, *, contents: set[int] | None = None) -> list[str]:
    with translation.override("en"), pytest.raises(XlsFormInvalid) as caught:
        read_xlsform(data, contents=contents)
    assert caught.value.message == "\n".join(caught.value.problems)
    return caught.value.problems


def refusal_of(data: bytes) -> str:
    with translation.override("en"), pytest.raises(ValidationFailed) as caught:
        read_xlsform(data, contents=None)
    return caught.value.message


class KoboFormTests:
    def test_the_committed_file_is_the_one_the_builder_makes(self) -> None:
        committed = read_xlsform(KOBO_FILE.read_bytes(), contents=None)
        assert committed == read_xlsform(kobo_workbook(), contents=None)

    def test_a_form_written_by_kobotoolbox_gives_its_questions_in_vietnamese(self) -> None:
        form = read_xlsform(KOBO_FILE.read_bytes(), contents=None)
        assert form.questions == KOBO_QUESTIONS
        assert (form.title, form.form_id, form.version) == (
            "Khảo sát sự hài lòng 2023",
            "hai_long_2023",
            "2023061501",
        )

    def test_its_contents_are_checked_against_the_survey_set(self) -> None:
        form = read_xlsform(KOBO_FILE.read_bytes(), contents=set(range(1, 20)))
        assert [q.content for q in form.questions] == [2, 2, 17, 17, 18, 10, None]
        problems = problems_of(KOBO_FILE.read_bytes(), contents={2, 10, 18})
        # Row 12 and 13: the two questions of the group "moi_truong" (content 17).
        assert [p.split(":")[0] for p in problems] == ["Row 12", "Row 13"]
        assert "content 17 is not a criterion of the set" in problems[0]


@pytest.mark.django_db
class RoundTripTests:
    def test_import_export_import_gives_the_same_questions(self, personas: Personas) -> None:
        survey = draft(personas)
        imported = read_xlsform(KOBO_FILE.read_bytes(), contents=None).questions
        survey_form_replace(survey=survey, specs=imported, by=personas.commune_a)
        exported = write_xlsform(survey)
        again = read_xlsform(exported, contents=None)
        assert again.questions == imported == KOBO_QUESTIONS
        assert (again.title, again.form_id) == (survey.title, f"smartrural_survey_{survey.pk}")
        # And once more through the database: the second export reads the same.
        second = draft(personas)
        survey_form_replace(survey=second, specs=again.questions, by=personas.commune_a)
        assert read_xlsform(write_xlsform(second), contents=None).questions == KOBO_QUESTIONS

    def test_the_exported_file_is_a_form_odk_accepts(self, personas: Personas) -> None:
        survey = draft(personas)
        survey_form_replace(
            survey=survey,
            specs=read_xlsform(KOBO_FILE.read_bytes(), contents=None).questions,
            by=personas.commune_a,
        )
        result = convert(write_xlsform(survey), file_type=".xlsx")
        xform = result.xform
        assert "<h:title>Khảo sát sự hài lòng 2023</h:title>" in xform
        assert 'id="smartrural_survey_' in xform
        assert '<select1 ref="/data/hl_giao_thong"' in xform
        assert '<select ref="/data/duong_can_sua"' in xform
        assert 'nodeset="/data/so_lan_thu_gom" type="decimal"' in xform
        assert '<bind nodeset="/data/hl_giao_thong" type="string" required="true()"/>' in xform
        assert "Ông/bà có hài lòng với đường giao thông của xã?" in xform

    def test_the_export_writes_the_columns_other_tools_read(self, personas: Personas) -> None:
        survey = draft(personas)
        survey_form_replace(survey=survey, specs=KOBO_QUESTIONS, by=personas.commune_a)
        book = load_workbook(io.BytesIO(write_xlsform(survey)))
        assert book.sheetnames == ["survey", "choices", "settings"]
        rows = list(book["survey"].iter_rows(values_only=True))
        assert rows[0] == (
            "type",
            "name",
            "label::Vietnamese (vi)",
            "hint::Vietnamese (vi)",
            "required",
            "smartrural_content",
        )
        assert rows[1][:2] == ("select_one satisfaction", "hl_giao_thong")
        assert rows[2][:2] == ("select_multiple duong_can_sua", "duong_can_sua")
        assert rows[3][0] == "select_one satisfaction"  # both scales share the list
        choices = list(book["choices"].iter_rows(values_only=True))
        assert choices[:4] == [
            ("list_name", "name", "label::Vietnamese (vi)", "smartrural_satisfied"),
            ("satisfaction", "very_satisfied", "Rất hài lòng", "yes"),
            ("satisfaction", "satisfied", "Hài lòng", "yes"),
            ("satisfaction", "not_satisfied", "Chưa hài lòng", "no"),
        ]
        assert [row[0] for row in choices].count("satisfaction") == 3

    def test_a_scale_with_other_answers_keeps_them_and_its_satisfied_marks(
        self, personas: Personas
    ) -> None:
        own_scale = QuestionSpec(
            name="satisfaction",  # the name of the shared list: its own list is renamed
            label="Mức độ hài lòng chung",
            kind="scale",
            choices=(
                ChoiceSpec("rat_hai_long", "Rất hài lòng", True),
                ChoiceSpec("binh_thuong", "Bình thường", False),
                ChoiceSpec("khong", "Không hài lòng", False),
            ),
        )
        plain = QuestionSpec(name="c1", label="Nội dung 1", kind="scale", choices=scale_choices())
        specs = [plain, own_scale]
        survey = draft(personas)
        survey_form_replace(survey=survey, specs=specs, by=personas.commune_a)
        data = write_xlsform(survey)
        assert read_xlsform(data, contents=None).questions == specs
        convert(data, file_type=".xlsx")  # valid for ODK too

    def test_formula_like_labels_are_written_as_text_and_read_back(
        self, personas: Personas
    ) -> None:
        label = '=HYPERLINK("http://x.test","Bấm vào")'
        specs = [QuestionSpec(name="q", label=label, kind="text", hint="+84 hay @ban")]
        survey = draft(personas)
        survey_form_replace(survey=survey, specs=specs, by=personas.commune_a)
        data = write_xlsform(survey)
        cell = load_workbook(io.BytesIO(data))["survey"]["C2"]
        assert (cell.value, cell.data_type) == ("'" + label, "s")
        assert read_xlsform(data, contents=None).questions == specs


class BadFormTests:
    def test_an_unsupported_type_is_named_with_its_row(self) -> None:
        problems = problems_of(
            workbook(
                [
                    ["select_one satisfaction", "c1", "Hài lòng?", "yes", 1],
                    ["geopoint", "vi_tri", "Vị trí nhà", "", ""],
                    ["begin_repeat", "thanh_vien", "Thành viên", "", ""],
                    ["text", "ten", "Tên", "", ""],
                    ["end_repeat", "", "", "", ""],
                    ["select_one satisfaction or_other", "c2", "Hài lòng?", "yes", 1],
                    ["select_one_from_file xa.csv", "xa", "Xã", "", ""],
                ]
            )
        )
        assert problems[0].startswith("Row 3: question type “geopoint” is not supported")
        assert problems[1].startswith("Row 4: question type “begin_repeat” is not supported")
        assert problems[2].startswith("Row 6: question type “end_repeat” is not supported")
        assert problems[3].startswith(
            "Row 7: question type “select_one satisfaction or_other” is not supported"
        )
        assert problems[4].startswith("Row 8: question type “select_one_from_file xa.csv” is")
        assert len(problems) == 5

    def test_a_type_nobody_knows_is_named_with_its_row(self) -> None:
        problems = problems_of(workbook([["text", "a", "A", "", ""], ["hoi_gi_do", "b", "B"]]))
        assert problems == [
            "Row 3: question type “hoi_gi_do” is not supported: a survey asks single and "
            "multiple choices, satisfaction scales, numbers and text."
        ]

    def test_other_names_of_the_types_are_read(self) -> None:
        form = read_xlsform(
            workbook(
                [["int", "a", "A"], ["string", "b", "B"], ["select one satisfaction", "c", "C"]]
            ),
            contents=None,
        )
        assert [(q.name, q.kind) for q in form.questions] == [
            ("a", "number"),
            ("b", "text"),
            ("c", "scale"),
        ]

    @pytest.mark.parametrize(
        ("header", "expected"),
        [
            (["label::English (en)", "label::vi"], "Tiếng Việt"),
            (["label::English (en)", "label"], "Tiếng Việt"),
            (["label::English (en)", "label::Tiếng Việt"], "Tiếng Việt"),
            (["label::English (en)", "label::Français (fr)"], "English"),
        ],
        ids=["vi-code", "plain-label", "language-name", "first-language"],
    )
    def test_labels_are_read_in_vietnamese_or_else_the_first_language(
        self, header: list[str], expected: str
    ) -> None:
        data = workbook([["text", "a", "English", "Tiếng Việt"]], header=["type", "name", *header])
        assert read_xlsform(data, contents=None).questions[0].label == expected

    def test_a_problem_pyxform_names_without_row_is_given_its_row(self) -> None:
        problems = problems_of(workbook([["text", "a", "A"], ["text", "b", ""]]))
        assert problems == ["Row 3: The survey element named 'b' has no label or hint."]

    def test_a_missing_choice_list_is_a_syntax_error_with_its_row(self) -> None:
        problems = problems_of(
            workbook([["text", "a", "A", "", ""], ["select_one missing_list", "b", "B", "", ""]])
        )
        assert len(problems) == 1
        assert problems[0].startswith("Row 3: ")
        assert "missing_list" in problems[0]

    @pytest.mark.parametrize(
        ("rows", "row", "words"),
        [
            ([["text", "1a", "A"]], 2, "'name' value is invalid"),
            ([["begin_group", "g", "G"], ["text", "a", "A"]], 2, "Unmatched 'begin_group'"),
            ([["text", "a", "A"], ["end_group"]], 3, "Unmatched 'end_group'"),
            ([["text", "a", "A"], ["text", "a", "B"]], 3, "must be unique"),
        ],
        ids=["bad-name", "unclosed-group", "unopened-group", "same-name"],
    )
    def test_pyxform_syntax_errors_keep_their_row(
        self, rows: list[list[str]], row: int, words: str
    ) -> None:
        problems = problems_of(workbook(rows))
        assert len(problems) == 1
        assert problems[0].startswith(f"Row {row}: ")
        assert words in problems[0]

    def test_conditions_the_form_cannot_honour_are_refused_by_row(self) -> None:
        header = ["type", "name", "label", "required", "relevant", "constraint"]
        problems = problems_of(
            workbook(
                [
                    ["integer", "so", "Số", "yes", "", ". > 0"],
                    ["text", "ly_do", "Lý do", "${so} > 2", "${so} > 1", ""],
                ],
                header=header,
            )
        )
        assert problems == [
            "Row 2: the column “constraint” is not supported: every question is asked to every "
            "household as it is; leave it empty.",
            "Row 3: the column “relevant” is not supported: every question is asked to every "
            "household as it is; leave it empty.",
        ]

    def test_each_problem_of_the_questions_is_listed_with_its_row(self) -> None:
        problems = problems_of(
            workbook(
                [
                    ["select_one satisfaction", "c1", "Hài lòng?", "có lẽ", "hai"],
                    ["select_one so", "c2", "Chọn", "", ""],
                    ["begin_group", "nhom", "Nhóm", "", ""],
                    ["text", "c1", "Lặp tên", "", ""],
                    ["end_group", "", "", "", ""],
                ],
                [*SMALL_CHOICES, ["so", "1", "Một"], ["so", "hai", "Hai"]],
            )
        )
        assert problems == [
            "Row 2: “smartrural_content” must be a criterion number, not “hai”.",
            "Row 2: “required” must be yes or no, not “có lẽ”.",
            "Row 3: “1” is not a valid choice name.",
            "Row 5: the name “c1” is used by two questions.",
        ]

    def test_a_label_with_a_direction_override_is_refused_on_its_row(self) -> None:
        problems = problems_of(workbook([["text", "a", "Ý kiến \u202e khác"]]))
        assert len(problems) == 1
        assert problems[0].startswith("Row 2: The question must not contain")
        assert "U+202E" in problems[0]

    def test_a_scale_marked_without_a_satisfied_answer_is_refused(self) -> None:
        choices = [
            ["list_name", "name", "label", "smartrural_satisfied"],
            ["muc_do", "tot", "Tốt", "no"],
            ["muc_do", "kem", "Kém", "khong ro"],
        ]
        problems = problems_of(workbook([["select_one muc_do", "c", "Mức độ"]], choices))
        assert problems == [
            "Sheet “choices”, row 3: “smartrural_satisfied” must be yes or no, not “khong ro”.",
            "Row 2: Satisfaction question “c”: no answer counts as satisfied.",
        ]
        choices[2][3] = "no"
        assert problems_of(workbook([["select_one muc_do", "c", "Mức độ"]], choices)) == [
            "Row 2: Satisfaction question “c”: no answer counts as satisfied."
        ]

    def test_a_form_of_notes_and_metadata_only_has_no_question(self) -> None:
        problems = problems_of(workbook([["start", "start"], ["note", "n", "Xin chào"]]))
        assert problems == ["The form has no question that a survey can ask."]

    def test_a_workbook_without_survey_sheet_is_no_xlsform(self) -> None:
        book = io.BytesIO()
        wb = Workbook()
        wb.active.title = "Trang tính 1"
        wb.create_sheet("choices")
        wb.save(book)
        assert problems_of(book.getvalue()) == [
            "The workbook has no sheet named “survey”: it is not an XLSForm."
        ]

    def test_a_file_that_is_no_workbook_is_refused(self) -> None:
        assert refusal_of(b"type,name,label\ntext,a,A\n") == (
            "The file is not an Excel workbook (.xlsx)."
        )
        assert refusal_of(b"") == "The file is empty."

    def test_an_oversized_file_is_refused_before_it_is_opened(self) -> None:
        assert refusal_of(b"PK" + b"\0" * MAX_BYTES) == "An XLSForm file is at most 2 MB."

    def test_a_zip_bomb_is_refused_by_the_cell_limit(self) -> None:
        rows = [["text", f"q{n}", f"Câu {n}"] for n in range(400)]
        with override_settings(SPREADSHEET_MAX_CELLS=1000):
            assert refusal_of(workbook(rows)).startswith("The file has more than 1,000 cells")

    def test_a_damaged_workbook_is_refused(self) -> None:
        data = bytearray(workbook([["text", "a", "A"]]))
        with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
            info = archive.getinfo("xl/worksheets/sheet1.xml")
        start = info.header_offset + 30 + len(info.filename) + len(info.extra)
        data[start : start + 20] = b"\xff" * 20
        assert (
            refusal_of(bytes(data)) == "The Excel file could not be read; save it again as .xlsx."
        )

    def test_a_sheet_longer_than_any_survey_is_refused_before_pyxform(self) -> None:
        rows = [["text", f"q{n}", f"Câu {n}"] for n in range(801)]
        with mock.patch("smartrural.surveys.xlsform.reader.convert") as pyxform:
            assert problems_of(workbook(rows)) == [
                "Sheet “survey” has more than 800 rows: it is not a survey's form."
            ]
        pyxform.assert_not_called()
