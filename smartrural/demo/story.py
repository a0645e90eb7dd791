"""What the parts of the demo's story share: an event (its day, a label, what happens that day),
a part that reads its data file, a day drawn between two days and the units of a province."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any, ClassVar

from django.db.models import QuerySet

from smartrural.geo.models import AdministrativeUnit

from .accounts import Actors
from .datafiles import read_yaml

# ``load`` runs each event with the clock at its day, in the order of the days.
Event = tuple[dt.date, str, Callable[[], None]]


class Story:
    """One part of the story (teams, services, officials, …), told by the demo's actors from
    its data file ``data_file``; ``story()`` lists its events."""

    data_file: ClassVar[str]

    def __init__(self, actors: Actors) -> None:
        self.actors = actors
        self.spec: dict[str, Any] = read_yaml(self.data_file)

    def story(self) -> list[Event]:
        raise NotImplementedError


def random_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A day from ``start`` to ``end`` (both included), drawn with ``rng``."""
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def units_of(province: str, on: dt.date, **filters: Any) -> QuerySet[AdministrativeUnit]:
    """The units under the province with code ``province`` valid on ``on`` that match
    ``filters``, by code (none when that province is not valid on ``on``)."""
    found = AdministrativeUnit.objects.valid_on(on).filter(code=province).first()
    if found is None:
        return AdministrativeUnit.objects.none()
    return (
        AdministrativeUnit.objects.valid_on(on).under(found.path).filter(**filters).order_by("code")
    )
