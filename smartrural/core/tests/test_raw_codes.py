"""No raw code reaches a page: every page of the endpoint matrix, opened in Vietnamese by each
persona who may open it, shows choices by their labels (``commune`` is "Xã", ``dbscl`` is "Đồng
bằng sông Cửu Long", ``unconfirmed`` is "chưa xác nhận").

The codes are taken from the models' choices and the criteria definitions' enums, not listed by
hand, so a new choice is checked as soon as it exists.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models
from django.db.models import F
from django.db.models import Value as V
from django.db.models.functions import Concat

from smartrural.accounts.models import User
from smartrural.criteria import definition
from smartrural.testing import Personas
from smartrural.testing_matrix import PERSONAS, Endpoint

from .test_endpoint_matrix import ENDPOINTS

# Codes that are also a Vietnamese word a page rightly shows: the kinds ``quan`` (quận) and
# ``xa`` (xã) are written "quan" ("Tổng quan", "Cơ quan", "Cảnh quan") and "xa" ("từ xa"). The
# kinds are still checked through their other codes (``phuong``, ``huyen``, ``thi_tran``…).
# Feedback's channels ``web`` and ``email`` and the refusal ``spam`` are loanwords Vietnamese
# pages use as they are ("biểu mẫu trên web", "địa chỉ email", "thư rác (spam)"); the channels
# stay checked through ``phone``, ``paper``, ``meeting``, ``zalo``, ``facebook``, ``open311``.
ALLOWED: set[str] = {"quan", "xa", "web", "email", "spam"}
# What a code looks like: a lower-case identifier (GSO codes are digits, set codes upper case).
CODE_SHAPE = re.compile(r"[a-z][a-z0-9_]*\Z")
# A word of the visible text: letters, digits and the joiners of an identifier, a user name or an
# e-mail address ("xa-29479" is a user name, "resident@example.test" an address, not codes).
WORD = re.compile(r"[\w.@+-]*\w")
# Attributes that are read out or shown to a user.
SHOWN_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description"}


def _choice_codes() -> set[str]:
    codes: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("smartrural."):
            continue
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or ():
                codes.add(str(value))
    choices_classes: list[type[models.Choices]] = list(models.Choices.__subclasses__())
    while choices_classes:
        cls = choices_classes.pop()
        choices_classes.extend(cls.__subclasses__())
        if cls.__module__.startswith("smartrural."):
            codes.update(str(value) for value in cls.values)
    codes.update(definition.VALUE_TYPES)
    codes.update(definition.PROVENANCES)
    codes.update(definition.LEVELS)
    codes.update(definition.DISTRICT_LEVELS)
    return {code for code in codes if CODE_SHAPE.match(code)} - ALLOWED


RAW_CODES = _choice_codes()


class _VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes outside scripts and styles, and the shown
    attributes. Text in ``<code>`` is what a user types as it is (an XLSForm type such as
    ``text`` in a workbook's ``type`` column), so it is a code on purpose."""

    HIDDEN = {"script", "style", "template", "code"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self._hidden += 1
        self.parts.extend(value for name, value in attrs if name in SHOWN_ATTRIBUTES and value)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def raw_codes_in(html: str) -> list[str]:
    """Each raw code of the visible text, with the words around it (once per context)."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    words = WORD.findall(" ".join(parser.parts))
    return sorted(
        {
            f"{word} «{' '.join(words[max(0, i - 4) : i + 3])}»"
            for i, word in enumerate(words)
            if word in RAW_CODES
        }
    )


PAGES = [
    pytest.param(endpoint, id=f"{endpoint.name}-{index}")
    for index, endpoint in enumerate(ENDPOINTS)
    if endpoint.method == "get" and not endpoint.name.startswith("api:")
]


class RawCodeListTests:
    def test_the_list_holds_the_codes_users_saw(self) -> None:
        assert {"commune", "district", "dbscl", "unconfirmed", "secondary", "phuong"} <= RAW_CODES
        assert {"entered", "imported", "api", "confirmed", "huyen", "tp_tinh"} <= RAW_CODES

    def test_a_code_is_found_as_a_word_only(self) -> None:
        assert [
            found.split()[0] for found in raw_codes_in("<p>Vùng: dbscl</p><p title='commune'>x</p>")
        ] == ["commune", "dbscl"]
        assert raw_codes_in("<p>phuong-1 · QD318-XA · Xã</p><script>'commune'</script>") == []
        assert raw_codes_in('<input value="commune"><option value="phuong">Phường</option>') == []
        assert raw_codes_in("<p>resident@example.test · Tổng quan · từ xa</p>") == []
        assert raw_codes_in("<td>district</td>") == ["district «district»"]


class RawCodePagesTests:
    @pytest.mark.parametrize("endpoint", PAGES)
    def test_no_raw_code_is_shown(self, personas: Personas, endpoint: Endpoint) -> None:
        # A user name is the user's own word; the persona named like the role code would hide
        # the role's code.
        User.objects.filter(username__in=RAW_CODES).update(username=Concat(F("username"), V("-1")))
        url = endpoint.url(personas)
        found: dict[str, list[str]] = {}
        for persona in PERSONAS:
            if endpoint.expect[persona] != 200:
                continue
            user = None if persona == "anonymous" else getattr(personas, persona)
            response = endpoint.request(personas.client(user), url)
            assert response.status_code == 200, (url, persona)
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            codes = raw_codes_in(response.content.decode())
            if codes:
                found[persona] = codes
        assert found == {}, f"{url}: " + "; ".join(f"{p}: {c}" for p, c in found.items())
