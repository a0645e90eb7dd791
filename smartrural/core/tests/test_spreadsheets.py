"""The reader of uploaded workbooks and tables: limits on the archive, its parts, the declared
dimension and the cells read, each at its boundary; and memory and time on the bombs."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from smartrural.core import spreadsheets
from smartrural.core.errors import ValidationFailed
from smartrural.core.spreadsheets import read_workbook
from smartrural.core.tabular import read_table

from . import bombs


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


def xlsx(rows: list[list[Any]], **sheets: list[list[Any]]) -> bytes:
    """A workbook written by openpyxl, as Excel would write it (a true dimension)."""
    book = Workbook()
    first = book.active
    assert first is not None
    for row in rows:
        first.append(row)
    for title, more in sheets.items():
        sheet = book.create_sheet(title)
        for row in more:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def refusal(data: bytes, **kwargs: Any) -> str:
    with pytest.raises(ValidationFailed) as caught:
        read_workbook(data, **kwargs)
    assert caught.value.field == "file"
    return caught.value.message


CELLS = "The file has more than 100 cells"


class ReadTests:
    def test_it_reads_every_visible_sheet_as_rows_of_values(self) -> None:
        data = xlsx([["Mã", "Tên"], ["29479", 12.5]], Extra=[["x"]], Second=[[None, "b"]])
        sheets = read_workbook(data)
        assert [s.title for s in sheets] == ["Sheet", "Extra", "Second"]
        assert sheets[0].rows == [["Mã", "Tên"], ["29479", 12.5]]
        assert sheets[0]["B2"] == 12.5 and sheets[0].value(2, 1) == "29479"
        assert sheets[0]["Z9"] is None and sheets[2]["B1"] == "b"
        assert read_workbook(data, first_visible_only=True)[0].title == "Sheet"

    def test_hidden_sheets_are_not_read(self) -> None:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(["visible"])
        hidden = book.create_sheet("Ẩn")
        hidden.append(["hidden"])
        hidden.sheet_state = "hidden"
        out = io.BytesIO()
        book.save(out)
        assert [s.title for s in read_workbook(out.getvalue())] == ["Sheet"]

    def test_a_sheet_without_a_dimension_is_read_whole(self) -> None:
        sheet = read_workbook(bombs.workbook(rows=3, columns=4, dimension=None))[0]
        assert sheet.rows == [[1, 1, 1, 1]] * 3

    def test_a_lying_dimension_neither_hides_nor_invents_cells(self) -> None:
        assert (
            read_workbook(bombs.workbook(rows=3, columns=4, dimension="A1:A1"))[0].rows
            == [[1, 1, 1, 1]] * 3
        )
        assert read_workbook(bombs.workbook(rows=1, columns=2, dimension="A1:Z50"))[0].rows == [
            [1, 1]
        ]

    def test_text_our_exports_escaped_is_read_back_as_it_was(self) -> None:
        rows = read_workbook(xlsx([["'=1+1", "'@SUM(1,1)", "'-3", "it's"]]))[0].rows
        assert rows == [["=1+1", "@SUM(1,1)", "'-3", "it's"]]

    @pytest.mark.parametrize(
        "data", [b"not a zip at all", b"PK\x03\x04broken", b""], ids=["text", "broken", "empty"]
    )
    def test_what_is_not_a_zip_is_not_a_workbook(self, data: bytes) -> None:
        assert refusal(data) == "The file is not an Excel workbook (.xlsx)."


class CellLimitTests:
    """SPREADSHEET_MAX_CELLS, set to 100 here: exactly the limit is read, one more refused."""

    @pytest.fixture(autouse=True)
    def limit(self, settings: Any) -> None:
        settings.SPREADSHEET_MAX_CELLS = 100

    def test_a_workbook_of_exactly_the_limit_is_read_and_one_more_cell_is_refused(self) -> None:
        at_limit = [[n * 10 + c for c in range(10)] for n in range(10)]
        assert sum(len(r) for r in read_workbook(xlsx(at_limit))[0].rows) == 100
        assert refusal(xlsx([*at_limit, [1]])).startswith(CELLS)

    def test_the_declared_dimension_is_refused_before_reading(self) -> None:
        read_workbook(bombs.workbook(rows=1, columns=1, dimension="A1:J10"))  # 100: fine
        message = refusal(bombs.workbook(rows=1, columns=1, dimension="A1:K10"))  # 110
        assert message == (
            "The file has more than 100 cells: split it into smaller files and upload them one "
            "by one."
        )
        assert refusal(bombs.huge_dimension()).startswith(CELLS)

    @pytest.mark.parametrize("dimension", ["A1:A1", None], ids=["lying", "missing"])
    def test_cells_are_counted_while_reading_whatever_the_dimension(
        self, dimension: str | None
    ) -> None:
        assert len(read_workbook(bombs.workbook(rows=10, columns=10, dimension=dimension))) == 1
        assert refusal(bombs.workbook(rows=101, columns=1, dimension=dimension)).startswith(CELLS)
        assert refusal(bombs.workbook(rows=1, columns=101, dimension=dimension)).startswith(CELLS)

    @pytest.mark.parametrize("dimension", ["A1", None], ids=["lying", "missing"])
    def test_empty_rows_and_columns_count_so_a_far_away_cell_is_refused(
        self, dimension: str | None
    ) -> None:
        def one_cell(coordinate: str) -> bytes:
            book = Workbook()
            sheet = book.active
            assert sheet is not None
            sheet[coordinate] = "x"
            out = io.BytesIO()
            book.save(out)
            return bombs.redimension(out.getvalue(), dimension)

        assert read_workbook(one_cell("A100"))[0].max_row == 100
        assert read_workbook(one_cell("CV1"))[0].rows == [[None] * 99 + ["x"]]
        assert refusal(one_cell("A101")).startswith(CELLS)
        assert refusal(one_cell("CW1")).startswith(CELLS)

    def test_the_limit_holds_across_the_sheets_of_the_file(self) -> None:
        half = [[1] * 10] * 5
        assert len(read_workbook(xlsx(half, Second=half))) == 2
        assert refusal(xlsx(half, Second=[*half, [1]])).startswith(CELLS)
        # The file is refused for what it holds, even where only its first sheet is read.
        message = refusal(xlsx(half, Second=[*half, [1]]), first_visible_only=True)
        assert message.startswith(CELLS)

    def test_a_sheet_listed_many_times_is_counted_each_time_it_is_read(self) -> None:
        assert len(read_workbook(bombs.workbook(rows=5, columns=10, sheets=2))) == 2
        assert refusal(bombs.workbook(rows=5, columns=10, sheets=3)).startswith(CELLS)

    def test_a_csv_upload_is_bounded_alike(self) -> None:
        def upload(rows: int) -> SimpleUploadedFile:
            return SimpleUploadedFile("a.csv", ("a;b;c;d;e\n" * rows).encode())

        assert len(read_table(upload(20))) == 20
        with pytest.raises(ValidationFailed) as caught:
            read_table(upload(21))
        assert caught.value.message.startswith(CELLS)
        assert caught.value.field == "file"

    def test_an_xlsx_table_upload_is_bounded(self) -> None:
        upload = SimpleUploadedFile("a.xlsx", bombs.workbook(rows=11, columns=10, dimension=None))
        with pytest.raises(ValidationFailed) as caught:
            read_table(upload)
        assert caught.value.message.startswith(CELLS)


class ArchiveLimitTests:
    def test_declared_inflated_size_at_the_limit_is_read_and_one_byte_more_refused(
        self, settings: Any
    ) -> None:
        data = bombs.workbook(rows=2, columns=2)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(m.file_size for m in archive.infolist())
        settings.SPREADSHEET_MAX_INFLATED_BYTES = inflated
        assert read_workbook(data)[0].rows == [[1, 1], [1, 1]]
        settings.SPREADSHEET_MAX_INFLATED_BYTES = inflated - 1
        assert refusal(data).startswith("The file unpacks to more than")

    def test_a_small_file_that_unpacks_to_more_than_20_mb_is_refused(self) -> None:
        data = bombs.inflated()
        assert len(data) < 100_000
        assert refusal(data) == (
            "The file unpacks to more than 20.0\xa0MB: remove pictures and unused sheets, or "
            "split it into smaller files."
        )

    def test_a_member_that_inflates_past_its_declared_size_is_refused(self) -> None:
        data = bombs.lying_member(bombs.workbook(rows=100, columns=100), declared=500)
        assert refusal(data) == "The Excel file could not be read; save it again as .xlsx."

    def test_too_many_members_are_refused(self, monkeypatch: pytest.MonkeyPatch) -> None:
        data = bombs.workbook(rows=1, columns=1, padding=10)  # 6 members
        monkeypatch.setattr(spreadsheets, "MAX_ENTRIES", 6)
        read_workbook(data)
        monkeypatch.setattr(spreadsheets, "MAX_ENTRIES", 5)
        assert refusal(data) == (
            "The file holds more than 5 parts: it is not an ordinary Excel workbook."
        )

    def test_compression_excel_does_not_use_is_refused(self) -> None:
        data = bombs.workbook(rows=1, columns=1, compression=zipfile.ZIP_LZMA)
        assert refusal(data) == "The Excel file could not be read; save it again as .xlsx."
        read_workbook(bombs.workbook(rows=1, columns=1, compression=zipfile.ZIP_STORED))


class PartLimitTests:
    def test_a_dtd_is_refused(self) -> None:
        data = bombs.workbook(rows=1, columns=1, doctype=bombs.DOCTYPE)
        assert refusal(data) == "The Excel file could not be read; save it again as .xlsx."

    def test_shared_texts_at_the_limit_are_read_and_one_more_refused(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(spreadsheets, "MAX_TEXTS", 50)
        read_workbook(bombs.workbook(rows=1, columns=1, texts=50))
        assert refusal(bombs.workbook(rows=1, columns=1, texts=51)) == (
            "The workbook holds more than 50 different texts: split it into smaller files."
        )

    def test_sheets_at_the_limit_are_read_and_one_more_refused(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(spreadsheets, "MAX_SHEETS", 3)
        assert len(read_workbook(bombs.workbook(rows=1, columns=1, sheets=3))) == 3
        assert refusal(bombs.workbook(rows=1, columns=1, sheets=4)) == (
            "The workbook has more than 3 sheets: split it into smaller files."
        )

    @pytest.mark.filterwarnings("ignore:Workbook contains no default style")
    def test_a_stylesheet_over_the_limit_is_refused(self) -> None:
        read_workbook(bombs.workbook(rows=1, columns=1, styles=1000))
        assert refusal(bombs.workbook(rows=1, columns=1, styles=10_000)).startswith(
            "The workbook's styles and structure hold more than 10,000 elements"
        )


def bomb_files() -> dict[str, bytes]:
    """The issue's four bombs, and the other ways around the limits we know of."""
    files = {name: make() for name, make in bombs.BOMBS.items()}
    files["no-dimension"] = bombs.workbook(rows=1000, columns=1000, dimension=None)
    files["ten-million"] = bombs.workbook(rows=10_000, columns=1000)
    files["texts"] = bombs.workbook(rows=1, columns=1, texts=800_000)
    files["styles"] = bombs.workbook(rows=1, columns=1, styles=300_000)
    files["sheets"] = bombs.workbook(rows=1000, columns=150, dimension=None, sheets=1000)
    return files


# Runs in a fresh interpreter whose peak resident memory (ru_maxrss) before the first file is
# the baseline: RSS counts what openpyxl, expat and zlib allocate in C too, which tracemalloc
# would not see. ru_maxrss only grows, so the last peak minus the baseline bounds every file's.
_MEASURE = """
import json, pathlib, resource, sys, time
import django
django.setup()
from smartrural.core.errors import ValidationFailed
from smartrural.core.spreadsheets import read_workbook
files = {p.stem: p.read_bytes() for p in sorted(pathlib.Path(sys.argv[1]).iterdir())}
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
out = {}
for name, data in files.items():
    start = time.monotonic()
    try:
        read_workbook(data)
        message = None
    except ValidationFailed as exc:
        message = exc.message
    out[name] = {"kb": len(data) // 1024, "s": time.monotonic() - start, "message": message,
                 "peak_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - baseline) / 1024}
json.dump(out, sys.stdout)
"""


class BombTests:
    def test_every_bomb_is_refused_quickly_in_little_memory(self, tmp_path: Path) -> None:
        for name, data in bomb_files().items():
            (tmp_path / f"{name}.xlsx").write_bytes(data)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
        done = subprocess.run(  # noqa: S603 - this interpreter, our own script
            [sys.executable, "-c", _MEASURE, str(tmp_path)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        results = json.loads(done.stdout)
        assert set(results) >= set(bombs.BOMBS)
        for name, result in results.items():
            assert result["message"], f"{name} was read: {result}"
            assert result["s"] < 5, f"{name}: {result}"
            assert result["peak_mb"] < 150, f"{name}: {result}"
        assert results["million-cells"]["kb"] < 100  # the bomb: a few tens of KB
