"""Demo recognition dossiers (``data/dossiers.csv``, ``data/recognition.yaml``) moved through the
workflow as its actors would, each step on its day.

A dossier is registered by its unit's officer (``dossier_register``); the residents'
satisfaction recorded for it is entered before submission, as a survey held outside SmartRural
with its minutes attached (``dossier_document_add``, ``dossier_set_satisfaction``); each
later step is one ``dossier_move`` by the step's actor: the unit's officer (self-assessment,
submission), the district's officer (inspection, while districts exist), the province office
(appraisal, decision, announcement). The workflow checks its conditions (criteria met with the
values entered for the year, satisfaction) and locks the values on submission; recognitions are
created by the decision step only. A step the workflow refuses stops the demo (``DemoError``).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from smartrural.accounts.models import User
from smartrural.core.errors import DomainError
from smartrural.criteria.selectors import as_of_for_year, criteria_set_by_code
from smartrural.geo.models import AdministrativeUnit, Level
from smartrural.recognition.models import DocumentKind, Dossier, TargetLevel
from smartrural.recognition.services import (
    dossier_document_add,
    dossier_move,
    dossier_register,
    dossier_set_satisfaction,
)

from .accounts import Actors
from .clock import at
from .datafiles import day, read_csv
from .errors import DemoError
from .story import Event, Story

# The minutes of a satisfaction survey held on paper (a one-line PDF stands for the scan).
MINUTES_PDF = b"%PDF-1.4\n% Bien ban lay y kien su hai long cua nguoi dan\n%%EOF\n"

# The workflow's actions, by the stage they lead to, in the order a dossier takes them.
ACTIONS = (
    ("self_assessed", "self_assess"),
    ("submitted", "submit"),
    ("inspected", "inspect"),
    ("appraised", "appraise"),
    ("decided", "decide"),
    ("announced", "announce"),
)
DISTRICT_LEVELS = {"district_ntm", "district_advanced", "town_completed"}


def target_level(name: str) -> str:
    """The level of the data file, refused when the workflow does not know it."""
    if name not in TargetLevel.values:
        raise DemoError(f"Unknown target level {name!r} in dossiers.csv.")
    return name


class RecognitionStory(Story):
    data_file = "recognition.yaml"

    def story(self) -> list[Event]:
        out: list[Event] = []
        for row in read_csv("dossiers.csv"):
            registered = day(row["registered"])
            out.append(
                (registered, f"dossier {row['unit']} registered", self._step(row, "register"))
            )
            for stage, action in ACTIONS:
                if row[stage]:
                    out.append(
                        (
                            day(row[stage]),
                            f"dossier {row['unit']} {action}",
                            self._step(row, action),
                        )
                    )
        return out

    def _unit(self, row: dict[str, str]) -> AdministrativeUnit:
        level = Level.DISTRICT if row["level"] in DISTRICT_LEVELS else Level.COMMUNE
        unit = (
            AdministrativeUnit.objects.valid_on(as_of_for_year(int(row["year"])))
            .filter(code=row["unit"], level=level)
            .select_related("parent")
            .first()
        )
        if unit is None:
            raise DemoError(f"No {level} {row['unit']} in {row['year']} for its dossier.")
        return unit

    def _actor(self, action: str, unit: AdministrativeUnit) -> User:
        if action in ("register", "self_assess", "submit", "satisfaction"):
            if unit.level == Level.DISTRICT:
                return self.actors(f"huyen-{unit.code}")
            return self.actors.officer_for(unit)
        if action == "inspect":
            assert unit.parent is not None
            return self.actors(f"huyen-{unit.parent.code}")
        return self.actors.office

    def _signer(self, unit: AdministrativeUnit) -> str:
        return str(self.spec["signers"]["district" if unit.level == Level.DISTRICT else "commune"])

    def _step(self, row: dict[str, str], action: str) -> Callable[[], None]:
        def run() -> None:
            unit = self._unit(row)
            level = target_level(row["level"])
            year = int(row["year"])
            when = day(row["registered"] if action == "register" else row[_stage_of(action)])
            try:
                with at(when, hour=_hour(action)):
                    if action == "register":
                        criteria_set = criteria_set_by_code(row["criteria_set"])
                        if criteria_set is None:
                            raise DemoError(f"No criteria set {row['criteria_set']}.")
                        dossier_register(
                            unit=unit,
                            target_level=level,
                            criteria_set=criteria_set,
                            year=year,
                            by=self._actor(action, unit),
                        )
                        return
                    dossier = Dossier.objects.get(unit=unit, target_level=level, year=year)
                    if action == "submit" and row["satisfaction"]:
                        # A typed rate: a survey held on paper, outside SmartRural (the rate
                        # counts with the minutes attached). Dossiers without one rely on their
                        # closed survey in SmartRural (demo/surveys.py).
                        officer = self._actor("satisfaction", unit)
                        dossier_document_add(
                            dossier=dossier,
                            kind=DocumentKind.MEETING_MINUTES,
                            upload=SimpleUploadedFile(
                                f"bien-ban-lay-y-kien-{unit.code}-{year}.pdf",
                                MINUTES_PDF,
                                content_type="application/pdf",
                            ),
                            by=officer,
                        )
                        dossier = dossier_set_satisfaction(
                            dossier=dossier,
                            rate=Decimal(row["satisfaction"]),
                            surveyed_outside=True,
                            by=officer,
                        )
                    extra: dict[str, Any] = {}
                    if action == "decide":
                        extra = {
                            "decision_number": row["decision_number"],
                            "decision_date": day(row["decided"]),
                            "decision_signer": self._signer(unit),
                        }
                    dossier_move(
                        dossier=dossier, action_name=action, by=self._actor(action, unit), **extra
                    )
            except DomainError as exc:
                raise DemoError(
                    f"The workflow refused to {action} the {row['level']} {row['year']} dossier "
                    f"of {unit.name} ({unit.code}) on {when:%d/%m/%Y}: {exc}"
                ) from exc

        return run


def _stage_of(action: str) -> str:
    return next(stage for stage, name in ACTIONS if name == action)


def _hour(action: str) -> int:
    """Office hours: registrations in the morning, decisions in the afternoon."""
    return {"register": 8, "decide": 15, "announce": 10}.get(action, 9)


def events(actors: Actors) -> list[Event]:
    return RecognitionStory(actors).story()
