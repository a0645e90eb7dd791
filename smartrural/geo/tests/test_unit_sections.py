"""Higher apps add sections to the unit page through ``geo.pages`` (geo never imports them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from smartrural.geo import pages
from smartrural.geo.models import AdministrativeUnit


def _names(unit: AdministrativeUnit, predecessors: Sequence[AdministrativeUnit]) -> dict[str, Any]:
    return {"names": [unit.name, *(p.name for p in predecessors)]}


class UnitSectionsTests:
    def test_the_recognition_app_adds_its_section(self) -> None:
        templates = [s.template for s in pages._UNIT_SECTIONS]
        assert "recognition/_unit_recognitions.html" in templates

    def test_a_section_is_added_once_and_rendered_in_order(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(pages, "_UNIT_SECTIONS", [])
        first = pages.UnitSection("a.html", _names)
        second = pages.UnitSection("b.html", lambda unit, predecessors: {"n": len(predecessors)})
        pages.add_unit_section(first)
        pages.add_unit_section(second)
        pages.add_unit_section(first)
        unit, old = AdministrativeUnit(name="Mới"), AdministrativeUnit(name="Cũ")
        rendered = pages.unit_sections(unit=unit, predecessors=[old])
        assert rendered == [
            pages.RenderedSection("a.html", {"names": ["Mới", "Cũ"]}),
            pages.RenderedSection("b.html", {"n": 1}),
        ]
