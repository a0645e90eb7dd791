"""The checks of names and free text, and the patterns the OpenAPI publishes for them."""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation
from pydantic import BaseModel
from pydantic import ValidationError as PydanticError

from smartrural.core import textcheck
from smartrural.core.textcheck import (
    FreeTextField,
    NameField,
    clean_free_text,
    clean_name,
    free_text_type,
    name_type,
    validate_free_text,
    validate_name,
)

# Every Vietnamese letter with every diacritic, both cases.
VIETNAMESE = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
EVERY_LETTER = VIETNAMESE + VIETNAMESE.upper()

# (text, what the message must say) for names.
BAD_NAMES = [
    ("Xã Ngãi\x00Xuyên", "ký tự điều khiển (U+0000"),
    ("Xã \x1b[31mNgãi", "ký tự điều khiển (U+001B"),
    ("Xã Ngãi\u202eXuyên", "điều khiển hướng chữ (U+202E"),
    ("Ấp \u2066Chợ\u2069", "điều khiển hướng chữ (U+2066"),
    ("Ấp\u200bChợ", "ký tự vô hình (U+200B"),
    ("Ấp Chợ\u200d", "ký tự vô hình (U+200D"),
    ("\ufeffẤp Chợ", "ký tự vô hình (U+FEFF"),
    ("Ấp\u2060Chợ", "ký tự vô hình (U+2060"),
    ("Ấp Chợ\nẤp Mới", "một dòng"),
    ("Ấp\u2028Chợ", "một dòng"),
    ("Ấp \ud800 Chợ", "surrogate"),
    ("   ", "để trống"),
]


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def _message(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return exc.value.messages[0]


class NameTests:
    @pytest.mark.parametrize(("text", "says"), BAD_NAMES)
    def test_a_bad_name_is_refused_saying_what_is_wrong(self, text: str, says: str) -> None:
        with pytest.raises(ValidationError) as exc:
            clean_name(text, max_length=200)
        assert says in _message(exc)
        assert text.strip() not in _message(exc) or not text.strip()  # no echo of the text

    def test_every_vietnamese_letter_is_accepted(self) -> None:
        assert clean_name(EVERY_LETTER, max_length=200) == EVERY_LETTER

    def test_it_is_nfc_normalised_and_stripped(self) -> None:
        decomposed = unicodedata.normalize("NFD", "Xã Ngãi Xuyên")
        assert decomposed != "Xã Ngãi Xuyên"
        assert clean_name(f"  {decomposed}\u00a0 ", max_length=200) == "Xã Ngãi Xuyên"

    def test_the_length_bound_is_exact(self) -> None:
        assert clean_name("ấ" * 200, max_length=200) == "ấ" * 200
        with pytest.raises(ValidationError) as exc:
            clean_name("ấ" * 201, max_length=200)
        assert "201 ký tự, tối đa 200" in _message(exc)

    def test_the_length_counts_the_normalised_name(self) -> None:
        # 200 letters typed decomposed (letter + combining marks) are 200 letters.
        assert clean_name(unicodedata.normalize("NFD", "ấ" * 200), max_length=200) == "ấ" * 200

    def test_an_optional_name_may_be_empty(self) -> None:
        assert clean_name("  ", max_length=10, required=False) == ""

    def test_the_model_validator_checks_the_same(self) -> None:
        validate_name(EVERY_LETTER)
        for text, _says in BAD_NAMES:
            with pytest.raises(ValidationError):
                validate_name(text)


class FreeTextTests:
    def test_line_breaks_and_tabs_are_kept_and_crlf_becomes_lf(self) -> None:
        assert clean_free_text(" Dòng 1\r\n\tDòng 2\rDòng 3 ") == "Dòng 1\n\tDòng 2\nDòng 3"

    def test_emoji_sequences_with_zero_width_joiners_are_kept(self) -> None:
        family = "Gia đình 👨\u200d👩\u200d👧"
        assert clean_free_text(family) == family

    @pytest.mark.parametrize(
        ("text", "says"),
        [
            ("Ghi chú\x00", "ký tự điều khiển (U+0000"),
            ("Ghi \x1b[2J chú", "ký tự điều khiển (U+001B"),
            ("Ghi chú \u202egpj.exe", "điều khiển hướng chữ (U+202E"),
            ("\u2067Ghi chú", "điều khiển hướng chữ (U+2067"),
            ("\udfff", "surrogate"),
        ],
    )
    def test_bad_free_text_is_refused(self, text: str, says: str) -> None:
        with pytest.raises(ValidationError) as exc:
            clean_free_text(text)
        assert says in _message(exc)

    @override_settings(TEXT_MAX_CHARS=10)
    def test_the_bound_is_the_setting_exactly(self) -> None:
        assert clean_free_text("ắ" * 10) == "ắ" * 10
        with pytest.raises(ValidationError) as exc:
            clean_free_text("ắ" * 11)
        assert "11 ký tự, tối đa 10" in _message(exc)
        with pytest.raises(ValidationError):
            validate_free_text("ắ" * 11)
        validate_free_text("ắ" * 10)

    def test_a_two_million_character_comment_is_refused(self) -> None:
        with pytest.raises(ValidationError):
            clean_free_text("a" * 2_000_000)


class FormFieldTests:
    class Form(forms.Form):
        name = NameField(label="Họ và tên", max_length=20)
        note = FreeTextField(label="Ghi chú", required=False, max_length=30)

    def test_the_form_names_the_field_in_its_message(self) -> None:
        form = self.Form({"name": "Mai\u202e", "note": "ok"})
        assert not form.is_valid()
        assert form.errors["name"] == [
            "Họ và tên không được chứa ký tự điều khiển hướng chữ (U+202E ở vị trí 4): "
            "chúng làm văn bản đọc khác với nội dung thật."
        ]

    def test_good_input_is_cleaned(self) -> None:
        form = self.Form({"name": unicodedata.normalize("NFD", " Trần Thị Mai "), "note": "a\r\nb"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data == {"name": "Trần Thị Mai", "note": "a\nb"}

    def test_the_bounds_are_exact(self) -> None:
        assert self.Form({"name": "ầ" * 20, "note": "ầ" * 30}).is_valid()
        form = self.Form({"name": "ầ" * 21, "note": "ầ" * 31})
        assert set(form.errors) == {"name", "note"}


class Payload(BaseModel):
    name: name_type(20)  # type: ignore[valid-type]
    note: free_text_type(30) = ""  # type: ignore[valid-type]


class ApiTypeTests:
    def test_bad_text_is_a_validation_error_with_the_message(self) -> None:
        with pytest.raises(PydanticError) as exc:
            Payload(name="Mai\x00")
        error = exc.value.errors()[0]
        assert error["type"] == "text_invalid"
        assert "U+0000" in error["msg"]

    def test_a_number_is_not_a_name(self) -> None:
        with pytest.raises(PydanticError):
            Payload(name=12)

    def test_the_bounds_are_exact_and_published(self) -> None:
        assert Payload(name="ầ" * 20, note="ầ" * 30).name == "ầ" * 20
        with pytest.raises(PydanticError):
            Payload(name="ầ" * 21)
        with pytest.raises(PydanticError):
            Payload(name="a", note="ầ" * 31)
        schema = Payload.model_json_schema()["properties"]
        assert (schema["name"]["maxLength"], schema["note"]["maxLength"]) == (20, 30)
        assert schema["name"]["pattern"] == textcheck.name_pattern()


def _ranges(refused) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for cp in range(sys.maxunicode + 1):
        if 0xD800 <= cp <= 0xDFFF or not refused(chr(cp)):
            continue
        if out and out[-1][1] == cp - 1:
            out[-1] = (out[-1][0], cp)
        else:
            out.append((cp, cp))
    return tuple(out)


class PublishedPatternTests:
    """The patterns in the OpenAPI say exactly what the checks refuse."""

    def test_the_range_tables_are_those_of_the_unicode_database(self) -> None:
        assert _ranges(textcheck.name_refused) == textcheck.NAME_REFUSED_RANGES
        assert _ranges(textcheck.text_refused) == textcheck.TEXT_REFUSED_RANGES
        spaces = _ranges(lambda c: c.isspace() and not textcheck.name_refused(c))
        assert spaces == textcheck.NAME_SPACE_RANGES

    @pytest.mark.parametrize(
        "char",
        [
            *("a", "ự", " ", "\u00a0", "\x00", "\x1f", "\x7f", "\x9f", "\u00ad", "\u200b"),
            *("\u200e", "\u2028", "\u202e", "\u2066", "\u2069", "\ufeff", "\U000e0001"),
            *("\U0001d173", "😀", "\t", "\n", "\r"),
        ],
    )
    def test_pattern_and_check_agree_on_each_character(self, char: str) -> None:
        name = re.compile(textcheck.name_pattern())
        text = re.compile(textcheck.free_text_pattern())
        for candidate in (f"Ấp{char}Chợ", f"{char}Ấp", char):
            try:
                clean_name(candidate, max_length=10)
                accepted = True
            except ValidationError:
                accepted = False
            assert bool(name.match(candidate)) is accepted, repr(candidate)
            try:
                clean_free_text(candidate)
                accepted = True
            except ValidationError:
                accepted = False
            assert bool(text.match(candidate)) is accepted, repr(candidate)
