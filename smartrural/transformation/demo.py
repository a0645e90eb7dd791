"""Digital transformation demo data for Trà Vinh 2023: the shipped targets, monthly work record
figures, officials and trainings, technology teams, essential services and two smart pilots —
generated so that some KPIs meet their targets and some do not."""

from __future__ import annotations

from django.db import transaction

from .digital_services.demo import load_demo as load_services
from .officials.demo import load_demo as load_officials
from .pilots.demo import load_demo as load_pilots
from .services import load_targets
from .teams.demo import load_demo as load_teams
from .work_records.demo import load_demo as load_work_records


@transaction.atomic
def load_demo() -> None:
    load_targets()
    load_work_records()
    load_officials()
    load_teams()
    load_services()
    load_pilots()
