"""Reading the subscribers' table: its columns and their titles, the downloadable template,
and the check of each row (reads only)."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from smartrural.core.exports import write_cell
from smartrural.core.tabular import RowError, cell_text, header_columns, numbered_rows
from smartrural.core.text import fold
from smartrural.geo.models import AdministrativeUnit

from ...models import Channel, ConsentSource, Subscriber, Topic
from ..subscribers import subscriber_input

DEADLINE_CHECK_ROWS = 500
COLUMNS = {
    "hamlet": gettext_lazy("Hamlet"),
    "name": gettext_lazy("Name"),
    "phone": gettext_lazy("Mobile number"),
    "email": gettext_lazy("E-mail"),
    "zalo_user_id": gettext_lazy("Zalo follower id"),
    "topics": gettext_lazy("Topics"),
    "channels": gettext_lazy("Channels"),
    "consent_on": gettext_lazy("Consent date"),
    "consent_source": gettext_lazy("Consent source"),
}
REQUIRED = ("hamlet", "topics", "channels", "consent_on")
ALIASES: dict[str, frozenset[str]] = {
    "hamlet": frozenset({"ap", "ma ap", "ten ap", "hamlet", "hamlet code", "ap/khom"}),
    "name": frozenset({"ho ten", "ten", "ten goi", "name", "ho va ten"}),
    "phone": frozenset({"so dien thoai", "dien thoai", "sdt", "so di dong", "phone", "mobile"}),
    "email": frozenset({"email", "e-mail", "thu dien tu"}),
    "zalo_user_id": frozenset({"zalo", "zalo id", "ma zalo", "ma nguoi theo doi zalo"}),
    "topics": frozenset({"chu de", "linh vuc", "topics"}),
    "channels": frozenset({"kenh", "kenh nhan tin", "channels"}),
    "consent_on": frozenset({"ngay dong y", "ngay dang ky", "consent date"}),
    "consent_source": frozenset({"hinh thuc dong y", "nguon dong y", "consent source"}),
}
TEMPLATE_TITLES = {
    "hamlet": "Ấp",
    "name": "Họ tên",
    "phone": "Số điện thoại",
    "email": "Email",
    "zalo_user_id": "Zalo ID",
    "topics": "Chủ đề",
    "channels": "Kênh",
    "consent_on": "Ngày đồng ý",
    "consent_source": "Hình thức đồng ý",
}
TEMPLATE_EXAMPLE = (
    "2947901",
    "Nguyễn Văn An",
    "0912 345 678",
    "",
    "",
    "Thời tiết và xâm nhập mặn, Nông nghiệp",
    "ZNS, SMS",
    "05/01/2026",
    "Phiếu đăng ký có chữ ký",
)
ALL_TOPICS = frozenset({"tat ca", "all", "*"})
_SPLIT = re.compile(r"[,;\n]")
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d/%m/%y")
# Short names officers write for channels.
CHANNEL_ALIASES: dict[str, str] = {
    "zns": Channel.ZNS,
    "zalo zns": Channel.ZNS,
    "zalo oa": Channel.ZALO_OA,
    "oa": Channel.ZALO_OA,
    "zalo": Channel.ZALO_OA,
    "sms": Channel.SMS,
    "tin nhan": Channel.SMS,
    "email": Channel.EMAIL,
    "e-mail": Channel.EMAIL,
    "thu dien tu": Channel.EMAIL,
}

# The Vietnamese names officers write, whatever the interface language (as the template's
# titles), with the short forms in use.
TOPIC_ALIASES: dict[str, str] = {
    "tin xay dung nong thon moi": Topic.NTM,
    "nong thon moi": Topic.NTM,
    "ntm": Topic.NTM,
    "nong nghiep": Topic.AGRICULTURE,
    "thoi tiet va xam nhap man": Topic.WEATHER,
    "thoi tiet": Topic.WEATHER,
    "xam nhap man": Topic.WEATHER,
    "y te": Topic.HEALTH,
    "suc khoe": Topic.HEALTH,
    "tra loi phan anh cua toi": Topic.FEEDBACK,
    "tra loi phan anh": Topic.FEEDBACK,
    "phan anh": Topic.FEEDBACK,
    "khao sat va lay y kien": Topic.SURVEYS,
    "khao sat": Topic.SURVEYS,
    "thi truong va san pham ocop": Topic.MARKET,
    "thi truong": Topic.MARKET,
    "ocop": Topic.MARKET,
    "khan cap va thien tai": Topic.EMERGENCY,
    "khan cap": Topic.EMERGENCY,
    "thien tai": Topic.EMERGENCY,
}
SOURCE_ALIASES: dict[str, str] = {
    "phieu dang ky co chu ky (truc tiep)": ConsentSource.PAPER,
    "phieu dang ky co chu ky": ConsentSource.PAPER,
    "phieu dang ky": ConsentSource.PAPER,
    "giay": ConsentSource.PAPER,
    "bieu mau dang ky tren cong thong tin": ConsentSource.WEB,
    "cong thong tin": ConsentSource.WEB,
    "danh sach nhap co luu giay dong y": ConsentSource.IMPORT,
    "danh sach": ConsentSource.IMPORT,
    "quan tam zalo oa cua xa": ConsentSource.ZALO,
    "zalo": ConsentSource.ZALO,
    "tin nhan dang ky qua sms": ConsentSource.SMS,
    "sms": ConsentSource.SMS,
}


@dataclass(frozen=True)
class SubscriberRow:
    """One row of an import table, as text; ``row`` is its number in the file."""

    row: int
    cells: dict[str, Any]


@dataclass
class _Checked:
    row: int
    hamlet: AdministrativeUnit
    values: dict[str, Any]
    stored: Subscriber | None


# -- the table ---------------------------------------------------------------------------------


def subscriber_rows(table: list[list[Any]]) -> list[SubscriberRow]:
    """Rows of subscribers from a table whose first non-empty row holds the titles."""
    numbered = numbered_rows(table)
    columns = header_columns(
        numbered[0][1],
        {
            key: {*aliases, str(COLUMNS[key]), TEMPLATE_TITLES[key]}
            for key, aliases in ALIASES.items()
        },
        required=REQUIRED,
        names=COLUMNS,
    )
    rows = []
    for number, row in numbered[1:]:
        cells: dict[str, Any] = {}
        for key, position in columns.items():
            value = row[position] if position < len(row) else None
            cells[key] = value if isinstance(value, dt.date) else cell_text(value)
        rows.append(SubscriberRow(row=number, cells=cells))
    return rows


def template_bytes() -> bytes:
    """The import template: the titles and one example row (no formula: ``core.exports``)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Người nhận tin"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="FFF4CC")
    for col, key in enumerate(TEMPLATE_TITLES, start=1):
        cell = write_cell(sheet, 1, col, TEMPLATE_TITLES[key])
        cell.font, cell.fill = bold, fill
        write_cell(sheet, 2, col, TEMPLATE_EXAMPLE[col - 1]).number_format = "@"
    for letter, width in zip("ABCDEFGHI", (12, 24, 16, 26, 16, 40, 16, 14, 24), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# -- reading the cells -------------------------------------------------------------------------


def _names(choices: Any, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Folded names (codes, English and Vietnamese labels) -> value."""
    names: dict[str, str] = {}
    for value, label in choices:
        names[fold(value)] = value
        names[fold(str(label))] = value
        with translation.override("vi"):
            names[fold(str(label))] = value
    for alias, value in (extra or {}).items():
        names[fold(alias)] = value
    return names


def _list(text: str, names: dict[str, str]) -> tuple[list[str], list[str]]:
    """(values recognised, parts not recognised) of a comma-separated cell."""
    found: list[str] = []
    unknown: list[str] = []
    for part in _SPLIT.split(text):
        key = fold(part)
        if not key:
            continue
        if key in names:
            found.append(names[key])
        else:
            unknown.append(part.strip())
    return found, unknown


def parse_date(value: Any) -> dt.date | None:
    """A date cell (Excel's date, or dd/mm/yyyy text); None when blank; ValueError otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


class _Hamlets:
    """The officer's hamlets, by code and by folded name."""

    def __init__(self, hamlets: list[AdministrativeUnit]) -> None:
        self.by_code = {h.code: h for h in hamlets}
        self.by_name: dict[str, list[AdministrativeUnit]] = {}
        for hamlet in hamlets:
            self.by_name.setdefault(fold(hamlet.name), []).append(hamlet)

    def find(self, text: str) -> tuple[AdministrativeUnit | None, str]:
        if not text:
            return None, _("Hamlet is required.")
        if text in self.by_code:
            return self.by_code[text], ""
        key = fold(text)
        matches = self.by_name.get(key) or self.by_name.get(fold(f"ấp {text}")) or []
        if len(matches) == 1:
            return matches[0], ""
        if len(matches) > 1:
            return None, _(
                "Several hamlets of your units are named “%(name)s”: write the hamlet's code."
            ) % {"name": text}
        return None, _("No hamlet of your units has the code or name “%(text)s”.") % {"text": text}


# -- the check phase ---------------------------------------------------------------------------


def _check_row(
    row: SubscriberRow,
    *,
    hamlets: _Hamlets,
    topic_names: dict[str, str],
    channel_names: dict[str, str],
    source_names: dict[str, str],
    errors: list[RowError],
) -> _Checked | None:
    cells = row.cells
    before = len(errors)

    def error(column: str, message: str) -> None:
        errors.append(RowError(row.row, str(COLUMNS[column]), message))

    hamlet, problem = hamlets.find(str(cells.get("hamlet") or ""))
    if problem:
        error("hamlet", problem)
    topics_text = str(cells.get("topics") or "")
    unknown_topics: list[str] = []
    if fold(topics_text) in ALL_TOPICS:
        topics = list(Topic.values)
    else:
        topics, unknown_topics = _list(topics_text, topic_names)
    if unknown_topics:
        error("topics", _("Unknown topic: %(names)s.") % {"names": unknown_topics[0]})
    channels, unknown_channels = _list(str(cells.get("channels") or ""), channel_names)
    if unknown_channels:
        error("channels", _("Unknown channel: %(names)s.") % {"names": unknown_channels[0]})
    consent_on: dt.date | None = None
    try:
        consent_on = parse_date(cells.get("consent_on"))
    except ValueError:
        error(
            "consent_on",
            _("“%(value)s” is not a date: write it as dd/mm/yyyy.")
            % {"value": str(cells.get("consent_on"))[:20]},
        )
    source_text = fold(str(cells.get("consent_source") or ""))
    source = source_names.get(source_text, "") if source_text else ConsentSource.IMPORT
    if source_text and not source:
        error(
            "consent_source",
            _("Unknown consent source “%(value)s”.") % {"value": cells.get("consent_source")},
        )
    checked = subscriber_input(
        name=str(cells.get("name") or ""),
        phone=str(cells.get("phone") or ""),
        email=str(cells.get("email") or ""),
        zalo_user_id=str(cells.get("zalo_user_id") or ""),
        topics=topics,
        channels=channels,
        consent_on=consent_on,
        consent_source=source or ConsentSource.IMPORT,
    )
    already = {e.column for e in errors[before:]}
    for name, message in checked.problems:
        if str(COLUMNS[name]) not in already:
            error(name, message)
    if len(errors) > before or hamlet is None:
        return None
    if len(checked.values["name"]) > 100:
        error("name", _("A name has at most 100 characters."))
        return None
    return _Checked(row=row.row, hamlet=hamlet, values=checked.values, stored=None)
