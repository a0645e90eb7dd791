"""The recognitions of the demo as it is written today (``recognition/demo.py``, straight into
tables) brought to the law, for the tests that read the demo's figures.

That demo records thành phố Trà Vinh and thị xã Duyên Hải as "huyện nông thôn mới" and no
deciding authority; the rebuilt demo records every recognition through the decide step, which
sets both from the level. Until it lands, ``as_the_law_has_it`` applies what migration 0004 does
to existing rows. Delete this module with the old demo.
"""

from __future__ import annotations

from smartrural.criteria.definition import TOWN_KINDS
from smartrural.recognition.models import Authority, Recognition, TargetLevel
from smartrural.recognition.workflow import LEVEL_RULES


def as_the_law_has_it() -> None:
    Recognition.objects.filter(unit__kind__in=TOWN_KINDS, level=TargetLevel.DISTRICT_NTM).update(
        level=TargetLevel.TOWN_COMPLETED
    )
    for level, rule in LEVEL_RULES.items():
        Recognition.objects.filter(level=level, authority="").update(authority=rule.authority)
    assert not Recognition.objects.exclude(authority__in=Authority.values).exists()
