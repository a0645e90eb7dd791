"""What forms editing many records share: the hidden version of each record as stored, read back
as posted (None when the page does not say), and a cell's text as a reader sees it."""

from __future__ import annotations

from types import SimpleNamespace

from django import forms

from smartrural.core.forms import add_row_version, posted_row_version, stored_version
from smartrural.core.tabular import cell_text
from smartrural.core.versioning import NOT_STORED


class RowVersionTests:
    def test_a_missing_record_has_no_stored_version(self) -> None:
        assert stored_version(None) == NOT_STORED

    def test_a_stored_record_gives_its_version(self) -> None:
        assert stored_version(SimpleNamespace(version=7)) == 7

    def test_the_hidden_field_starts_at_the_stored_version(self) -> None:
        form = forms.Form()
        add_row_version(form, "3.1", SimpleNamespace(version=4))
        add_row_version(form, "3.2", None)
        assert form.fields["version_3.1"].initial == 4
        assert form.fields["version_3.2"].initial == NOT_STORED
        assert isinstance(form.fields["version_3.1"].widget, forms.HiddenInput)

    def test_a_posted_version_is_read_back(self) -> None:
        assert posted_row_version({"version_3.1": "12"}, "3.1") == 12
        assert posted_row_version({"version_3.1": "0"}, "3.1") == NOT_STORED

    def test_a_missing_or_damaged_version_is_none(self) -> None:
        assert posted_row_version({}, "3.1") is None
        assert posted_row_version({"version_3.1": ""}, "3.1") is None
        assert posted_row_version({"version_3.1": "abc"}, "3.1") is None
        assert posted_row_version({"version_3.1": "-1"}, "3.1") is None

    def test_ten_digits_are_a_version_and_eleven_are_not(self) -> None:
        assert posted_row_version({"version_x": "9" * 10}, "x") == 9_999_999_999
        assert posted_row_version({"version_x": "9" * 11}, "x") is None

    def test_another_records_version_is_not_read(self) -> None:
        assert posted_row_version({"version_3.2": "5"}, "3.1") is None


class CellTextTests:
    def test_an_empty_cell_is_empty_text(self) -> None:
        assert cell_text(None) == ""

    def test_a_whole_number_stored_as_float_loses_its_point(self) -> None:
        assert cell_text(10.0) == "10"
        assert cell_text(0.0) == "0"

    def test_other_numbers_and_text_read_as_written(self) -> None:
        assert cell_text(10.5) == "10.5"
        assert cell_text(10) == "10"
        assert cell_text("  Đạt \n") == "Đạt"
