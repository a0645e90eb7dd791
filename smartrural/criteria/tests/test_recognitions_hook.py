"""criteria reads recognitions through the hook recognition fills in ``AppConfig.ready()``."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from smartrural.criteria import recognitions
from smartrural.recognition import selectors as recognition_selectors


class RecognitionsHookTests:
    def test_the_recognition_app_provides_its_readers(self) -> None:
        provider = recognitions._PROVIDER
        assert provider.recognised_levels is recognition_selectors.recognised_levels
        assert provider.dossiers_in_progress is recognition_selectors.dossiers_in_progress

    def test_without_a_provider_no_unit_is_recognised(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(recognitions, "_PROVIDER", recognitions._Provider())
        assert recognitions.recognised_levels(unit_ids=[1, 2], year=2025) == {}
        assert recognitions.dossiers_in_progress(unit_ids=[1], year=2025, criteria_set_id=1) == {}

    def test_the_provided_readers_answer(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(recognitions, "_PROVIDER", recognitions._Provider())

        def levels(*, unit_ids: Sequence[int], year: int) -> dict[int, set[str]]:
            return {pk: {f"ntm{year}"} for pk in unit_ids}

        def dossiers(*, unit_ids: Sequence[int], year: int, criteria_set_id: int) -> dict[str, int]:
            return {"submitted": len(unit_ids) + criteria_set_id}

        recognitions.provide_recognitions(recognised_levels=levels, dossiers_in_progress=dossiers)
        assert recognitions.recognised_levels(unit_ids=[7], year=2024) == {7: {"ntm2024"}}
        assert recognitions.dossiers_in_progress(unit_ids=[7], year=2024, criteria_set_id=2) == {
            "submitted": 3
        }
