"""The story's templates and subscribers: the province's templates, the people signed up per
hamlet, and those who leave."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from smartrural.core.text import fold
from smartrural.geo.models import AdministrativeUnit, Level
from smartrural.outreach.models import (
    ConsentSource,
    Subscriber,
    UnsubscribeReason,
)
from smartrural.outreach.services.subscribers import subscriber_create, subscriber_unsubscribe
from smartrural.outreach.services.templates import template_create

from ..clock import at
from ..datafiles import day, read_yaml
from .base import (
    Person,
    _StoryBase,
    e164,
    phone,
)


class SubscribersStory(_StoryBase):
    """The templates and subscribers of the story."""

    # -- templates -------------------------------------------------------------------------

    def _templates(self, province: str) -> Callable[[], None]:
        def run() -> None:
            made = day(self.spec["templates"]["made"][province])
            with at(made):
                unit = self._unit(province, made)
                for entry in self.spec["templates"]["list"]:
                    fields = {k: v for k, v in entry.items() if k != "key"}
                    template_create(unit=unit, by=self.actors.office, **fields)

        return run

    # -- subscribers -----------------------------------------------------------------------

    def _plan_people(self) -> list[Person]:
        rules = self.spec["subscribers"]
        names = read_yaml("names.yaml")["officials"]
        signed = day(rules["signed_up"])
        rng = random.Random(f"{self.spec['seed']}-outreach")
        orders = list(rules["channels"])
        weights = [rules["channels"][o] for o in orders]
        people: list[Person] = []
        for code in rules["communes"]:
            commune = self._unit(str(code), signed)
            for hamlet in self._hamlets(commune, signed):
                count = rng.randint(rules["per_hamlet"]["min"], rules["per_hamlet"]["max"])
                for _i in range(count):
                    n = len(people)
                    female = rng.random() < 0.5
                    khmer = rng.random() < 0.15
                    surname = rng.choice(names["khmer_surnames" if khmer else "surnames"])
                    middle = rng.choice(names["female_middle" if female else "male_middle"])
                    given = rng.choice(
                        names["khmer_given"]
                        if khmer
                        else names["female_given" if female else "male_given"]
                    )
                    name = f"{surname} {middle} {given}"
                    channels = rng.choices(orders, weights)[0].split(",")
                    email = ""
                    if "email" in channels or rng.random() < rules["with_email"]:
                        email = f"{fold(given).replace(' ', '')}.{n:03d}@example.vn"
                    topics = [t for t, share in rules["topics"].items() if rng.random() < share]
                    web = rng.random() < rules["web_share"]
                    people.append(
                        Person(
                            n=n,
                            hamlet_code=hamlet.code,
                            name=name,
                            phone=phone(n),
                            email=email,
                            channels=channels,
                            topics=topics or ["emergency"],
                            source=ConsentSource.WEB if web else ConsentSource.PAPER,
                            signed=signed + dt.timedelta(days=rng.randint(3, 40))
                            if web
                            else signed,
                        )
                    )
        return people

    def _subscribers(self) -> None:
        self.people = self._plan_people()
        entered = day(self.spec["subscribers"]["officer_day"])
        hamlets = {
            h.code: h
            for h in AdministrativeUnit.objects.valid_on(entered).filter(
                code__in={p.hamlet_code for p in self.people}, level=Level.HAMLET
            )
        }
        for person in sorted(self.people, key=lambda p: (max(p.signed, entered), p.n)):
            hamlet = hamlets[person.hamlet_code]
            web = person.source == ConsentSource.WEB
            # The paper forms are entered by the commune's officer; the portal's form by nobody.
            with at(max(person.signed, entered), hour=10 if web else 14):
                created = subscriber_create(
                    hamlet=hamlet,
                    name=person.name,
                    phone=person.phone,
                    email=person.email,
                    topics=person.topics,
                    channels=person.channels,
                    consent_on=person.signed,
                    consent_source=person.source,
                    by=None if web else self.actors.enterer(hamlet),
                )
            person.pk = created.pk

    def _leavers(self) -> None:
        rules = self.spec["subscribers"]
        first = day(rules["unsubscribed_from"])
        every = rules["unsubscribed_every"]
        leavers = [p for p in self.people if p.n % every == every // 2]
        for index, person in enumerate(leavers):
            reason = UnsubscribeReason.LINK if person.email else UnsubscribeReason.STOP
            with at(first + dt.timedelta(days=9 * index), hour=20):
                subscriber_unsubscribe(
                    subscriber=Subscriber.objects.get(phone=e164(person.phone)),
                    reason=reason,
                    by=None,
                )
