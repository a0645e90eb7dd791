"""The import of subscribers from a table (Excel or CSV), all or nothing with a per-row report.

Columns, found by their title (Vietnamese or English, with or without diacritics): hamlet (its
code, or its name when no other hamlet of the officer's units has it), name (optional), mobile
number, e-mail, Zalo follower id (at least one of the three), topics and channels (separated by
commas: the topics' or channels' names, or their codes; "tất cả" for every topic; channels in
order of preference), consent date (dd/mm/yyyy), consent source (blank: "imported list with
consent on file").

A row whose mobile number or e-mail is already a subscriber's of the officer's units updates
that subscriber (the list is the newer record of what they chose); an address registered in
another unit, to a subscriber who unsubscribed (coming back takes a new consent recorded on
their page), or to two different subscribers is refused. Two rows with the same address are
refused (the second one, naming the first).

The two phases of ``smartrural.core.imports``: every row is checked with reads only; with any
problem the report lists them all and nothing is written. Then one short transaction re-reads
the subscribers the check matched and writes them all with their history.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from smartrural.accounts.access import require_writer, scope_for_user
from smartrural.accounts.models import User
from smartrural.core.bulk import prepare_bulk_write, run_bulk_write
from smartrural.core.deadline import check_deadline
from smartrural.core.exports import write_cell
from smartrural.core.imports import changed_meanwhile_message, require_import_size
from smartrural.core.tabular import ImportResult, RowError, cell_text, header_columns, numbered_rows
from smartrural.core.text import fold
from smartrural.geo.models import AdministrativeUnit

from ..models import PERSONAL_CHANNELS, Channel, ConsentSource, Subscriber, Topic
from .subscribers import new_token, subscriber_input, taken_message

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


def _stored(checked: list[_Checked], *, lock: bool) -> dict[tuple[str, str], Subscriber]:
    """The stored subscribers holding the rows' phones and e-mails, by ("phone"|"email", value)."""
    phones = {c.values["phone"] for c in checked} - {""}
    emails = {c.values["email"] for c in checked} - {""}
    qs = Subscriber.objects.select_related("hamlet").filter(phone__in=phones) | (
        Subscriber.objects.select_related("hamlet").filter(email__in=emails)
    )
    if lock:
        qs = qs.select_for_update()
    found: dict[tuple[str, str], Subscriber] = {}
    for subscriber in qs:
        if subscriber.phone:
            found[("phone", subscriber.phone)] = subscriber
        if subscriber.email:
            found[("email", subscriber.email)] = subscriber
    return found


def _match(
    item: _Checked, stored: dict[tuple[str, str], Subscriber], by: User
) -> tuple[str, str] | None:
    """Attach the stored subscriber the row updates; (column, message) when it may not."""
    matches = {
        key: stored[(key, item.values[key])]
        for key in ("phone", "email")
        if item.values[key] and (key, item.values[key]) in stored
    }
    people = {s.pk for s in matches.values()}
    if len(people) > 1:
        return "email", _("The mobile number and the e-mail belong to two different subscribers.")
    if not matches:
        return None
    key, subscriber = next(iter(matches.items()))
    if not scope_for_user(by).contains(subscriber.hamlet):
        return key, taken_message(key, subscriber, by)
    if subscriber.unsubscribed_at is not None:
        return key, _(
            "Subscriber #%(pk)s with this address unsubscribed on %(date)s: take them back on "
            "their page, with their new consent."
        ) % {"pk": subscriber.pk, "date": subscriber.unsubscribed_at.strftime("%d/%m/%Y")}
    item.stored = subscriber
    return None


def subscribers_import(
    *, rows: list[SubscriberRow], hamlets: list[AdministrativeUnit], by: User
) -> ImportResult:
    """Add or update subscribers from a table, all or nothing (see the module's text).

    ``hamlets``: the hamlets the rows may name (the officer's, as of the day shown). ``TooManyRows``
    over ``IMPORT_MAX_ROWS``."""
    require_writer(by)
    require_import_size(len(rows))
    result = ImportResult()
    if not rows:
        result.errors.append(RowError(0, "", _("The file has no subscriber to import.")))
        return result
    scope = scope_for_user(by)
    known = _Hamlets([h for h in hamlets if scope.contains(h)])
    topic_names = _names(Topic.choices, TOPIC_ALIASES)
    channel_names = _names(
        [(c, label) for c, label in Channel.choices if c in PERSONAL_CHANNELS], CHANNEL_ALIASES
    )
    source_names = _names(ConsentSource.choices, SOURCE_ALIASES)
    checked: list[_Checked] = []
    first_row: dict[tuple[str, str], int] = {}
    for position, row in enumerate(rows, start=1):
        if position % DEADLINE_CHECK_ROWS == 0:
            check_deadline()
        item = _check_row(
            row,
            hamlets=known,
            topic_names=topic_names,
            channel_names=channel_names,
            source_names=source_names,
            errors=result.errors,
        )
        if item is None:
            continue
        twice = [
            (key, first_row[(key, item.values[key])])
            for key in ("phone", "email")
            if item.values[key] and (key, item.values[key]) in first_row
        ]
        if twice:
            key, earlier = twice[0]
            result.errors.append(
                RowError(
                    item.row,
                    str(COLUMNS[key]),
                    _("The same address is on row %(row)s.") % {"row": earlier},
                )
            )
            continue
        for key in ("phone", "email"):
            if item.values[key]:
                first_row[(key, item.values[key])] = item.row
        checked.append(item)
    stored = _stored(checked, lock=False)
    for item in checked:
        refusal = _match(item, stored, by)
        if refusal is not None:
            result.errors.append(RowError(item.row, str(COLUMNS[refusal[0]]), refusal[1]))
    if result.errors:
        result.errors.sort(key=lambda e: e.row)
        return result
    return _write(checked, before={k: s.version for k, s in stored.items()}, by=by)


# -- the write phase ---------------------------------------------------------------------------

UPDATE_FIELDS = (
    "hamlet",
    "name",
    "search_name",
    "phone",
    "email",
    "zalo_user_id",
    "topics",
    "channels",
    "consent_at",
    "consent_source",
    "version",
)


def _outcome(item: _Checked, by: User) -> tuple[str, Subscriber | None]:
    values = {"hamlet": item.hamlet, **item.values}
    stored = item.stored
    if stored is None:
        subscriber = Subscriber(token=new_token(), created_by=by, **values)
        subscriber.search_name = fold(subscriber.name)
        return "created", subscriber
    if not item.values["email"]:
        values["email"] = stored.email  # a blank cell keeps what is known
    if not item.values["phone"]:
        values["phone"] = stored.phone
    if not item.values["zalo_user_id"]:
        values["zalo_user_id"] = stored.zalo_user_id
    if not item.values["name"]:
        values["name"] = stored.name
    current = {name: getattr(stored, name) for name in values}
    if current == values:
        return "unchanged", None
    for name, value in values.items():
        setattr(stored, name, value)
    stored.search_name = fold(stored.name)
    stored.version += 1  # bulk writes bump the version themselves (core.versioning)
    return "updated", stored


def _write(
    checked: list[_Checked], *, before: dict[tuple[str, str], int], by: User
) -> ImportResult:
    """Every new and changed subscriber in one short transaction; nothing when a subscriber the
    check matched (or the absence of one) changed meanwhile."""
    result = ImportResult()
    to_create: list[Subscriber] = []
    to_update: list[Subscriber] = []
    for item in checked:
        outcome, subscriber = _outcome(item, by)
        setattr(result, outcome, getattr(result, outcome) + 1)
        if subscriber is not None:
            (to_create if outcome == "created" else to_update).append(subscriber)
    prepared = prepare_bulk_write(
        Subscriber, create=to_create, update=to_update, update_fields=UPDATE_FIELDS
    )
    try:
        with transaction.atomic():
            now = {k: s.version for k, s in _stored(checked, lock=True).items()}
            if now != before:
                moved = {k for k in now.keys() | before.keys() if now.get(k) != before.get(k)}
                return _changed_meanwhile(checked, moved)
            run_bulk_write(prepared, history_user_id=by.pk)
    except IntegrityError:  # an address registered by someone else at that very moment
        keys = {(k, c.values[k]) for c in checked for k in ("phone", "email") if c.values[k]}
        return _changed_meanwhile(checked, keys)
    return result


def _changed_meanwhile(checked: list[_Checked], moved: set[tuple[str, str]]) -> ImportResult:
    message = changed_meanwhile_message()
    return ImportResult(
        errors=[
            RowError(c.row, "", message)
            for c in checked
            if any((k, c.values[k]) in moved for k in ("phone", "email"))
        ]
    )
