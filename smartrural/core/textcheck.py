"""Checks of the text people write: names (one line) and free text (comments, reasons, notes).

Every transport uses the same functions: model field validators (``validate_name``,
``validate_free_text``), form fields (``NameField``, ``FreeTextField``), API input types
(``name_type``, ``free_text_type``) and the file importers (``clean_name``, ``clean_free_text``).

A **name** (of a unit, a hamlet, an official, a team, a document…) is NFC-normalised and
stripped, is not empty, fits its field, and holds no control or format character (Unicode
categories Cc and Cf: NUL, ESC, text-direction overrides, zero-width characters), no line break
and no lone surrogate. **Free text** (a comment, a reason, a description) is normalised and
stripped the same way (line breaks become ``\\n``), fits ``TEXT_MAX_CHARS`` or its field, and
holds no control character except line breaks and tabs, no text-direction override or isolate
(they can make a text read differently from what it says) and no lone surrogate.

Messages name the character by its code point (U+202E), never by the character itself.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import cache
from typing import Annotated, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from pydantic import AfterValidator, Field, Strict
from pydantic_core import PydanticCustomError

from .errors import ValidationFailed

# Text-direction embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Invisible characters that join or split words without showing (U+200B–U+200D, U+2060, BOM).
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
# Categories refused in names: controls, formats, surrogates, line and paragraph separators.
_NAME_REFUSED = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_TEXT_ALLOWED_CONTROLS = frozenset("\n\t")

NAME = "name"
TEXT = "text"


def text_max_chars() -> int:
    """The longest free text accepted (``TEXT_MAX_CHARS``; a ``TextField`` has no limit)."""
    return int(settings.TEXT_MAX_CHARS)


def _code_point(char: str) -> str:
    return f"U+{ord(char):04X}"


def _char_problem(char: str, kind: str, label: str, position: int) -> str | None:
    """Why ``char`` may not be in a text of ``kind``, or None."""
    params = {"label": label, "char": _code_point(char), "position": position}
    if "\ud800" <= char <= "\udfff":
        return (
            _(
                "%(label)s contains a lone surrogate (%(char)s at position %(position)s), "
                "which is not a character."
            )
            % params
        )
    if char in BIDI_CONTROLS:
        return (
            _(
                "%(label)s must not contain text-direction control characters (%(char)s at "
                "position %(position)s): they make the text read differently from what it says."
            )
            % params
        )
    category = unicodedata.category(char)
    if kind == TEXT:
        if category == "Cc" and char not in _TEXT_ALLOWED_CONTROLS:
            return (
                _(
                    "%(label)s must not contain control characters (%(char)s at position "
                    "%(position)s)."
                )
                % params
            )
        return None
    if char in ZERO_WIDTH:
        return (
            _(
                "%(label)s must not contain invisible zero-width characters (%(char)s at position "
                "%(position)s)."
            )
            % params
        )
    if char in _LINE_BREAKS:
        return _("%(label)s must be on one line (a line break at position %(position)s).") % params
    if category in _NAME_REFUSED:
        return (
            _("%(label)s must not contain control characters (%(char)s at position %(position)s).")
            % params
        )
    return None


def _check_chars(text: str, kind: str, label: str) -> None:
    for index, char in enumerate(text):
        if char.isprintable() and char not in BIDI_CONTROLS:
            continue  # the fast path: every letter, digit, mark and space
        problem = _char_problem(char, kind, label, index + 1)
        if problem is not None:
            raise ValidationError(problem, code="invalid_character")


def _check_length(text: str, max_length: int, label: str) -> None:
    if len(text) > max_length:
        raise ValidationError(
            _("%(label)s is too long: %(length)s characters, at most %(max)s.")
            % {"label": label, "length": len(text), "max": max_length},
            code="max_length",
        )


def _normalise(value: str, kind: str) -> str:
    if kind == TEXT:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", value).strip()


def clean_name(
    value: Any, *, max_length: int, label: str | None = None, required: bool = True
) -> str:
    """``value`` as a name (NFC, stripped) or ``ValidationError`` saying what is wrong.

    Characters are checked before stripping: a name sent with a trailing line break or NUL is
    refused, not silently repaired."""
    label = label or _("The name")
    raw = "" if value is None else str(value)
    _check_chars(raw, NAME, label)
    text = _normalise(raw, NAME)
    if not text:
        if required:
            raise ValidationError(_("%(label)s is empty.") % {"label": label}, code="required")
        return ""
    _check_length(text, max_length, label)
    return text


def clean_free_text(value: Any, *, max_length: int | None = None, label: str | None = None) -> str:
    """``value`` as free text (NFC, stripped, ``\\n`` line breaks) or ``ValidationError``."""
    label = label or _("The text")
    raw = "" if value is None else str(value).replace("\r\n", "\n").replace("\r", "\n")
    _check_chars(raw, TEXT, label)
    text = _normalise(raw, TEXT)
    _check_length(text, text_max_chars() if max_length is None else max_length, label)
    return text


def name_or_fail(
    value: Any, *, field: str, max_length: int, label: str | None = None, required: bool = True
) -> str:
    """``clean_name`` for services: a ``ValidationFailed`` (422 at the edge) naming ``field``."""
    try:
        return clean_name(value, max_length=max_length, label=label, required=required)
    except ValidationError as exc:
        raise ValidationFailed(exc.messages[0], field=field) from None


def free_text_or_fail(
    value: Any, *, field: str, max_length: int | None = None, label: str | None = None
) -> str:
    """``clean_free_text`` for services: a ``ValidationFailed`` naming ``field``."""
    try:
        return clean_free_text(value, max_length=max_length, label=label)
    except ValidationError as exc:
        raise ValidationFailed(exc.messages[0], field=field) from None


# -- model fields ---------------------------------------------------------------------------


def validate_name(value: str) -> None:
    """Model validator of a name field (its ``max_length`` and ``blank`` do the rest)."""
    _check_chars(value, NAME, _("The name"))
    if not value.strip():
        raise ValidationError(_("%(label)s is empty.") % {"label": _("The name")}, code="blank")


@deconstructible
class FreeTextValidator:
    """Model validator of a free text field: the characters, and ``TEXT_MAX_CHARS`` (read when
    validating, so a migration does not freeze the limit)."""

    def __call__(self, value: str) -> None:
        _check_chars(value, TEXT, _("The text"))
        _check_length(value, text_max_chars(), _("The text"))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FreeTextValidator)

    def __hash__(self) -> int:
        return hash(FreeTextValidator)


validate_free_text = FreeTextValidator()


# -- form fields ----------------------------------------------------------------------------


def _own_length_message(field: forms.CharField) -> None:
    # The length is checked in ``validate`` with the same message as everywhere else (the
    # field keeps ``max_length`` for the input's maxlength attribute).
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]


class NameField(forms.CharField):
    """A name typed in a form: NFC, stripped, one line, no control characters."""

    def __init__(self, *, max_length: int, **kwargs: Any) -> None:
        super().__init__(max_length=max_length, **kwargs)
        _own_length_message(self)

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        return unicodedata.normalize("NFC", text) if text else text

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value:
            label = str(self.label or _("The name"))
            _check_chars(value, NAME, label)
            _check_length(value, self.max_length or len(value), label)


class FreeTextField(forms.CharField):
    """Free text typed in a form (a comment, a reason): line breaks and tabs allowed, at most
    ``max_length`` characters (default ``TEXT_MAX_CHARS``)."""

    def __init__(self, *, max_length: int | None = None, **kwargs: Any) -> None:
        super().__init__(max_length=max_length or text_max_chars(), **kwargs)
        _own_length_message(self)

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        return _normalise(text, TEXT) if text else text

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value:
            label = str(self.label or _("The text"))
            _check_chars(value, TEXT, label)
            _check_length(value, self.max_length or len(value), label)


def collapse_spaces(text: str) -> str:
    """Runs of white space (line breaks too) made one space: "Tổ  công\tnghệ" -> "Tổ công nghệ"."""
    return " ".join(text.split())


class CollapsedNameField(NameField):
    """A name whose runs of white space are made one space, after the checks of ``NameField``
    (so a line break is refused, not silently joined)."""

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        return collapse_spaces(text) if text else text


class OneLineTextField(FreeTextField):
    """Free text kept on one line (a short note): checked as ``FreeTextField``, then runs of
    white space, line breaks included, are made one space."""

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        return collapse_spaces(text) if text else text


# -- API input types ------------------------------------------------------------------------


# The characters the checks above refuse, as code point ranges for the published patterns
# (Python 3.11's Unicode 14 data; a test recomputes them from ``unicodedata``). Surrogates are
# left out: they are not characters, no pattern engine accepts them in a class, and a JSON body
# holding one is refused before any schema is checked.
NAME_REFUSED_RANGES = (
    (0x0000, 0x001F), (0x007F, 0x009F), (0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C),
    (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E),
    (0x200B, 0x200F), (0x2028, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x13430, 0x13438),
    (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)  # fmt: skip
# White space a name may hold (and is stripped of) but may not consist of.
NAME_SPACE_RANGES = (
    (0x0020, 0x0020), (0x00A0, 0x00A0), (0x1680, 0x1680), (0x2000, 0x200A), (0x202F, 0x202F),
    (0x205F, 0x205F), (0x3000, 0x3000),
)  # fmt: skip
# Free text: controls other than tab and line breaks (CR becomes LF), direction controls.
TEXT_REFUSED_RANGES = (
    (0x0000, 0x0008), (0x000B, 0x000C), (0x000E, 0x001F), (0x007F, 0x009F), (0x202A, 0x202E),
    (0x2066, 0x2069),
)  # fmt: skip


def name_refused(char: str) -> bool:
    """Whether a name may not hold ``char`` (what ``NAME_REFUSED_RANGES`` lists)."""
    return unicodedata.category(char) in _NAME_REFUSED or char in _LINE_BREAKS


def text_refused(char: str) -> bool:
    """Whether free text may not hold ``char`` (what ``TEXT_REFUSED_RANGES`` lists)."""
    if char in BIDI_CONTROLS:
        return True
    return unicodedata.category(char) == "Cc" and char not in _TEXT_ALLOWED_CONTROLS | {"\r"}


def _class_of(ranges: tuple[tuple[int, int], ...]) -> str:
    """A regular expression character class body for ``ranges`` of code points. BMP code
    points are escaped (``\\uXXXX``, read alike by ECMA, Python and Rust engines); the few
    above it are written as themselves."""

    def one(cp: int) -> str:
        return f"\\u{cp:04x}" if cp <= 0xFFFF else chr(cp)

    return "".join(one(a) if a == b else f"{one(a)}-{one(b)}" for a, b in ranges)


@cache
def name_pattern() -> str:
    """The published pattern of a name: only allowed characters, at least one not a space."""
    refused, spaces = _class_of(NAME_REFUSED_RANGES), _class_of(NAME_SPACE_RANGES)
    return f"^[^{refused}]*[^{refused}{spaces}][^{refused}]*$"


@cache
def free_text_pattern() -> str:
    """The published pattern of free text."""
    return f"^[^{_class_of(TEXT_REFUSED_RANGES)}]*$"


def _api_check(clean: Callable[[str], str], max_length: int, kind: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        try:
            if len(value) > max_length:  # the published maxLength counts what was sent
                _check_length(value, max_length, _("The name") if kind == NAME else _("The text"))
            return clean(value)
        except ValidationError as exc:
            raise PydanticCustomError(
                "text_invalid", "{reason}", {"reason": exc.messages[0]}
            ) from None

    return check


def name_type(max_length: int) -> Any:
    """A strict string checked as a name, with ``maxLength`` and its pattern in the OpenAPI."""
    return Annotated[
        str,
        Strict(),
        AfterValidator(
            _api_check(lambda v: clean_name(v, max_length=max_length), max_length, NAME)
        ),
        Field(
            json_schema_extra={"minLength": 1, "maxLength": max_length, "pattern": name_pattern()}
        ),
    ]


def free_text_type(max_length: int | None = None) -> Any:
    """A strict string checked as free text (default bound ``TEXT_MAX_CHARS``)."""
    bound = max_length or text_max_chars()
    return Annotated[
        str,
        Strict(),
        AfterValidator(_api_check(lambda v: clean_free_text(v, max_length=bound), bound, TEXT)),
        Field(json_schema_extra={"maxLength": bound, "pattern": free_text_pattern()}),
    ]
