"""Load the demo province: one chronological story, every record written by a service.

``load_demo`` runs every step of the story (reference units and demo hamlets, accounts,
criteria sets, targets, indicator values, recognition dossiers, work records, officials and
trainings, technology teams, digital services, pilots, feedback, the residents' satisfaction
surveys and a consultation, the portals) in the order of
the days they happened, each with the clock set to its day (``clock``), in one transaction: a
load that fails leaves
the database as it was. At its end a ``DemoStamp`` records the hash of the demo's data and code
(``datafiles.content_hash``); ``demo_state`` tells a complete demo from an empty database.

The demo writes no model itself. Every write goes through one of these services (the test
``test_writes_only_through_services`` checks it):

- geo: ``reference.load_reference_units``, ``importer.import_unit_rows`` and
  ``import_succession_rows`` (demo hamlets), ``services.unit_update`` (commune groups);
- accounts: ``services.user_create``, ``services.user_set_units``;
- criteria: ``services.criteria_set_import``, ``services.data_value_sets_import``;
- recognition: ``services.dossier_register``, ``dossier_set_satisfaction``, ``dossier_move``;
- transformation: ``services.load_targets``, ``target_set``, ``work_records_import``;
  ``officials.services.officials_import``, ``official_set_active``, ``training_create``,
  ``participants_add``; ``teams.services.team_create``, ``member_add``, ``member_set_active``,
  ``activity_record``, ``team_set_active``; ``digital_services.services.load_catalogue``,
  ``offering_create``, ``offering_end``; ``pilots.services.load_defaults``,
  ``candidate_propose``, ``candidate_scores_set``, ``candidate_decide``, ``pilot_plan_save``,
  ``pilot_milestone_create``, ``pilot_milestone_update``, ``hamlet_assess``;
- feedback: ``services.report_submit``, ``report_accept``, ``report_assign``, ``report_start``,
  ``report_resolve``, ``report_refuse``; the jobs' ``services.deadlines.report_escalate_overdue``
  and ``report_close_resolved``;
- surveys: ``services.households.household_create``; ``services.surveys.survey_create``,
  ``survey_update``, ``survey_form_replace``, ``survey_open``, ``survey_close``;
  ``services.sampling.sample_draw``; ``services.responses.response_record``;
  ``services.consultations.consultation_create``, ``opinion_submit``, ``opinion_publish``,
  ``opinion_answer``, ``opinion_reject``;
- portal: ``services.portal_sync_units`` (the nightly job's);
  ``services.pages.portal_page_publish``, ``portal_page_revise``, ``portal_image_add``,
  ``portal_document_add`` (an editor's, through Wagtail's revisions);
- demo: ``services.demo_stamp_record``.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartrural.accounts.models import User
from smartrural.criteria.models import IndicatorValue
from smartrural.criteria.services import criteria_set_import
from smartrural.criteria.setfile import parse_set_file
from smartrural.criteria.shipped import DATA_DIR as SET_DIR
from smartrural.geo.reference import load_reference_units
from smartrural.recognition.models import Dossier
from smartrural.transformation.work_records.targets import load_targets, target_set

from . import (
    digital_services,
    feedback,
    officials,
    outreach,
    pilots,
    portal,
    recognition,
    surveys,
    teams,
    values,
    work_records,
)
from .accounts import Actors, DemoAccount, create_account, demo_accounts, move_account
from .clock import at
from .datafiles import content_hash, day, read_yaml
from .models import DemoStamp
from .services import demo_stamp_record
from .story import Event
from .units import generate_demo_hamlets, set_commune_groups

START = dt.date(2021, 12, 20)
# When the province office imports each national criteria set.
SETS_IMPORTED = {
    "QD318-XA": dt.date(2022, 3, 15),
    "QD318-XA-NC": dt.date(2022, 3, 15),
    "QD319-XA-KM": dt.date(2022, 3, 15),
    "QD320-HUYEN": dt.date(2022, 3, 15),
    "QD51-XA": dt.date(2026, 2, 10),
}
SHIPPED_TARGETS = dt.date(2023, 1, 5)


class State(Enum):
    EMPTY = "empty"  # nothing of the demo yet: load it
    COMPLETE = "complete"  # the demo of this data and code: load nothing
    OUTDATED = "outdated"  # a complete demo of other data or code: serve it as it is
    FOREIGN = "foreign"  # data without a stamp (an older demo, or loaded by hand): serve it


def demo_state() -> State:
    stamp = DemoStamp.objects.order_by("-loaded_at").first()
    if stamp is not None:
        return State.COMPLETE if stamp.content_hash == content_hash() else State.OUTDATED
    if (
        User.objects.filter(is_demo=True).exists()
        or IndicatorValue.objects.exists()
        or Dossier.objects.exists()
    ):
        return State.FOREIGN
    return State.EMPTY


def _setup(actors: Actors, accounts: list[DemoAccount]) -> list[Event]:
    def units() -> None:
        with at(START, hour=7):
            load_reference_units()
            generate_demo_hamlets()

    def sets(codes: list[str], when: dt.date) -> Callable[[], None]:
        def run() -> None:
            with at(when):
                for code in codes:
                    criteria_set_import(
                        definition=parse_set_file(SET_DIR / f"{code}.yaml"),
                        by=actors.office,
                        note=_("Imported from %(file)s") % {"file": f"{code}.yaml"},
                    )

        return run

    def shipped_targets() -> None:
        with at(SHIPPED_TARGETS):
            load_targets()

    out: list[Event] = [(START, "reference units and demo hamlets", units)]
    for account in accounts:
        out.append((account.created, f"account {account.username}", _creator(account)))
        if account.later is not None:
            out.append((account.later[0], f"account {account.username} moved", _mover(account)))
    by_day: dict[dt.date, list[str]] = {}
    for code, when in SETS_IMPORTED.items():
        by_day.setdefault(when, []).append(code)
    for when, codes in sorted(by_day.items()):
        out.append((when, f"criteria sets {', '.join(codes)}", sets(codes, when)))
    out.append((SHIPPED_TARGETS, "shipped targets", shipped_targets))
    for block in read_yaml("targets.yaml"):
        out.append((day(block["set_on"]), f"targets {block['year']}", _targets(block, actors)))
    groups = day(read_yaml("units.yaml")["commune_groups"]["set_on"])
    out.append((groups, "commune groups", lambda: _groups(groups)))
    return out


def _creator(account: DemoAccount) -> Callable[[], None]:
    def run() -> None:
        create_account(account)

    return run


def _mover(account: DemoAccount) -> Callable[[], None]:
    return lambda: move_account(account)


def _targets(block: dict[str, Any], actors: Actors) -> Callable[[], None]:
    def run() -> None:
        with at(day(block["set_on"])):
            for indicator, levels in block["targets"].items():
                for level, value in levels.items():
                    target_set(
                        year=int(block["year"]),
                        indicator=indicator,
                        level=level,
                        value=value,
                        legal_basis=block["legal_basis"],
                        by=actors.office,
                    )

    return run


def _groups(when: dt.date) -> None:
    with at(when):
        set_commune_groups(when)


def _values(actors: Actors) -> list[Event]:
    def entry(code: str, year: int, when: dt.date) -> Callable[[], None]:
        def run() -> None:
            values.enter(code, year, when, actors)

        return run

    return [
        (when, f"values {code} {year}", entry(code, year, when))
        for when, code, year in values.schedule()
    ]


def run_story(
    actors: Actors,
    accounts: list[DemoAccount],
    say: Callable[[str], object],
    *,
    until: dt.date | None = None,
    checkpoints: Mapping[dt.date, Callable[[], object]] | None = None,
) -> None:
    """Run every step by day (then in the order listed), up to ``until`` (included) when given.
    The first step loads the units: the programmes that plan from the units and hamlets are
    listed once it has run. ``checkpoints``: called once the story has reached the end of
    their day (tests keep a copy of the demo as it stood then)."""
    steps: list[Event] = [
        *_setup(actors, accounts),
        *_values(actors),
        *recognition.events(actors),
        *digital_services.events(actors),
        *pilots.events(actors),
    ]
    steps[0][2]()
    rest = steps[1:] + work_records.events(actors) + officials.events(actors)
    rest += teams.events(actors)
    rest += feedback.events(actors)
    rest += surveys.events(actors)
    rest += portal.events(actors)
    rest += outreach.events(actors)
    ordered = sorted(enumerate(rest), key=lambda item: (item[1][0], item[0]))
    pending = sorted((checkpoints or {}).items())
    year = None
    for _n, (when, _label, run) in ordered:
        if until is not None and when > until:
            break
        while pending and when > pending[0][0]:
            pending.pop(0)[1]()
        if when.year != year:
            year = when.year
            say(_("Building the demo: %(year)s…") % {"year": year})
        run()
    for _day, callback in pending:
        callback()


def load_demo(
    *, say: Callable[[str], object] = lambda text: None, until: dt.date | None = None
) -> list[DemoAccount]:
    """Build the whole demo in an empty database (one transaction) and stamp it; with
    ``until``, only the story up to that day, without a stamp (for tests)."""
    started = time.monotonic()
    accounts = demo_accounts()
    with transaction.atomic():
        run_story(Actors(), accounts, say, until=until)
        if until is None:
            demo_stamp_record(
                content_hash=content_hash(),
                loaded_at=timezone.now(),
                seconds=time.monotonic() - started,
            )
    return accounts
