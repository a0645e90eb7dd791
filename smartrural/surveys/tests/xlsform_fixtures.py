"""XLSForm workbooks for the tests, built by hand with openpyxl in the style of other tools.

``kobo_workbook()`` is the form committed as ``data/kobo_hai_long_2023.xlsx`` ("written by
another tool"): laid out as KoboToolbox exports a form (``$kuid`` and ``$autoname`` columns,
``label::Vietnamese (vi)`` beside ``label::English (en)``, ``required`` as true/false, empty
``relevant`` and ``appearance`` columns, metadata rows, an intro note, groups carrying the NTM
content in ``smartrural_content``, a settings sheet with ``default_language``). To rebuild the
file after changing it::

    .venv/bin/python -c "from smartrural.surveys.tests.xlsform_fixtures import save_kobo; \\
        save_kobo()"

``workbook(survey_rows, choice_rows)`` builds a small form for one case (row 1 of a sheet is its
header, so the n-th row given is row n of the sheet).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook

DATA = Path(__file__).parent / "data"
KOBO_FILE = DATA / "kobo_hai_long_2023.xlsx"

VI = "label::Vietnamese (vi)"
EN = "label::English (en)"
KOBO_SURVEY: list[list[Any]] = [
    [
        "type",
        "name",
        VI,
        EN,
        "hint::Vietnamese (vi)",
        "required",
        "relevant",
        "appearance",
        "smartrural_content",
        "$kuid",
        "$autoname",
    ],
    ["start", "start", None, None, None, None, None, None, None, "a1b2", "start"],
    ["end", "end", None, None, None, None, None, None, None, "c3d4", "end"],
    ["today", "today", None, None, None, None, None, None, None, "e5f6", "today"],
    ["deviceid", "deviceid", None, None, None, None, None, None, None, "g7h8", "deviceid"],
    [
        "note",
        "gioi_thieu",
        "Phiếu lấy ý kiến sự hài lòng của người dân về kết quả xây dựng nông thôn mới",
        "Residents' satisfaction with the new rural results",
        None,
        None,
        None,
        None,
        None,
        "i9j0",
        "gioi_thieu",
    ],
    [
        "begin_group",
        "giao_thong",
        "Giao thông",
        "Transport",
        None,
        None,
        None,
        "field-list",
        2,
        "k1l2",
        "giao_thong",
    ],
    [
        "select_one satisfaction",
        "hl_giao_thong",
        "Ông/bà có hài lòng với đường giao thông của xã?",
        "Are you satisfied with the commune's roads?",
        "Chọn một mức",
        "true",
        None,
        "horizontal",
        None,
        "m3n4",
        "hl_giao_thong",
    ],
    [
        "select_multiple duong",
        "duong_can_sua",
        "Những tuyến đường cần sửa",
        "Roads to repair",
        None,
        "false",
        None,
        None,
        None,
        "o5p6",
        "duong_can_sua",
    ],
    ["end_group", None, None, None, None, None, None, None, None, "q7r8", None],
    [
        "begin_group",
        "moi_truong",
        "Môi trường",
        "Environment",
        None,
        None,
        None,
        None,
        17,
        "s9t0",
        "moi_truong",
    ],
    [
        "select_one satisfaction",
        "hl_moi_truong",
        "Ông/bà có hài lòng với môi trường, cảnh quan?",
        "Are you satisfied with the environment?",
        None,
        "TRUE",
        None,
        None,
        None,
        "u1v2",
        "hl_moi_truong",
    ],
    [
        "integer",
        "so_lan_thu_gom",
        "Rác được thu gom mấy lần mỗi tuần?",
        "Collections a week",
        "Ghi số lần",
        None,
        None,
        None,
        None,
        "w3x4",
        "so_lan_thu_gom",
    ],
    [
        "select_one co_khong",
        "phan_loai_rac",
        "Gia đình có phân loại rác tại nguồn?",
        "Do you sort waste?",
        None,
        "yes",
        None,
        None,
        18,
        "y5z6",
        "phan_loai_rac",
    ],
    ["end_group", None, None, None, None, None, None, None, None, "a7b8", None],
    [
        "decimal",
        "thu_nhap",
        "Thu nhập bình quân (triệu đồng/người/năm)",
        "Income",
        None,
        "no",
        None,
        None,
        10,
        "c9d0",
        "thu_nhap",
    ],
    [
        "text",
        "y_kien",
        "Ý kiến khác của ông/bà",
        "Other comments",
        None,
        "false",
        None,
        "multiline",
        None,
        "e1f2",
        "y_kien",
    ],
    ["calculate", "so_cau", None, None, None, None, None, None, None, "g3h4", "so_cau"],
]
KOBO_CHOICES: list[list[Any]] = [
    ["list_name", "name", VI, EN, "$kuid", "$autovalue"],
    ["satisfaction", "very_satisfied", "Rất hài lòng", "Very satisfied", "k1", "very_satisfied"],
    ["satisfaction", "satisfied", "Hài lòng", "Satisfied", "k2", "satisfied"],
    ["satisfaction", "not_satisfied", "Chưa hài lòng", "Not satisfied", "k3", "not_satisfied"],
    ["duong", "duong_ap", "Đường ấp", "Hamlet roads", "k4", "duong_ap"],
    ["duong", "duong_xa", "Đường xã", "Commune roads", "k5", "duong_xa"],
    ["duong", "duong_noi_dong", "Đường nội đồng", "Field roads", "k6", "duong_noi_dong"],
    ["co_khong", "co", "Có", "Yes", "k7", "co"],
    ["co_khong", "khong", "Không", "No", "k8", "khong"],
]
KOBO_SETTINGS: list[list[Any]] = [
    ["form_title", "form_id", "version", "default_language", "style"],
    ["Khảo sát sự hài lòng 2023", "hai_long_2023", "2023061501", "Vietnamese (vi)", "pages"],
]


def _book(sheets: dict[str, list[list[Any]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def kobo_workbook() -> bytes:
    # The calculation column last: only the calculate row (which pyxform needs it for) has one.
    survey = [list(row) for row in KOBO_SURVEY]
    survey[0] = [*survey[0], "calculation"]
    for row in survey[1:]:
        row.append("count-selected(${duong_can_sua})" if row[0] == "calculate" else None)
    return _book({"survey": survey, "choices": KOBO_CHOICES, "settings": KOBO_SETTINGS})


def save_kobo() -> None:
    KOBO_FILE.write_bytes(kobo_workbook())


SMALL_HEADER = ["type", "name", "label", "required", "smartrural_content"]
SMALL_CHOICES = [
    ["list_name", "name", "label"],
    ["satisfaction", "very_satisfied", "Rất hài lòng"],
    ["satisfaction", "satisfied", "Hài lòng"],
    ["satisfaction", "not_satisfied", "Chưa hài lòng"],
]


def workbook(
    survey_rows: list[list[Any]],
    choice_rows: list[list[Any]] | None = None,
    *,
    header: list[str] | None = None,
) -> bytes:
    """A form whose survey sheet is ``header`` (``SMALL_HEADER``) then ``survey_rows`` (the
    first is row 2), with the choices ``choice_rows`` (``SMALL_CHOICES``; header included)."""
    return _book(
        {
            "survey": [header or SMALL_HEADER, *survey_rows],
            "choices": SMALL_CHOICES if choice_rows is None else choice_rows,
        }
    )
