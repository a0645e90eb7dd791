"""Which national criteria set each headline of the dashboard and the public results counts
against, year by year."""

from __future__ import annotations

from smartrural.criteria.models import CriteriaSet
from smartrural.criteria.selectors import compiled, covers_year, current_version
from smartrural.recognition.models import TargetLevel
from smartrural.recognition.workflow import DISTRICT_UNIT_LEVELS

NTM_SET = "QD318-XA"
ADVANCED_SET = "QD318-XA-NC"
MODEL_SET = "QD319-XA-KM"
DISTRICT_SET = "QD320-HUYEN"
SET_CODES = (NTM_SET, ADVANCED_SET, MODEL_SET, DISTRICT_SET)

# Set, key, the levels counted: district-level units count "huyện đạt chuẩn" and the towns'
# "hoàn thành nhiệm vụ xây dựng NTM" together.
HEADLINES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (NTM_SET, "ntm", (TargetLevel.NTM,)),
    (ADVANCED_SET, "advanced", (TargetLevel.ADVANCED,)),
    (MODEL_SET, "model", (TargetLevel.MODEL,)),
    (DISTRICT_SET, "districts", DISTRICT_UNIT_LEVELS),
)


def criteria_sets() -> dict[str, CriteriaSet]:
    """The loaded sets ``HEADLINES`` names, by code."""
    return {
        s.code: s for s in CriteriaSet.objects.select_related("base").filter(code__in=SET_CODES)
    }


def headline_sets(year: int) -> list[tuple[str, tuple[str, ...], CriteriaSet]]:
    """(key, levels counted, national set) of each headline for ``year``: the set ``HEADLINES``
    names, or, for a year outside its period, the loaded national set of the same unit level
    that awards the same level in that year (QĐ 51's commune set from 2026); a headline without
    one is left out rather than counted against a set of another period."""
    sets = criteria_sets()
    roots = [s for s in CriteriaSet.objects.filter(base__isnull=True) if s.code not in sets]
    out = []
    for code, key, levels in HEADLINES:
        named = sets.get(code)
        if named is not None and covers_year(named, year) is not False:
            out.append((key, levels, named))
            continue
        for other in roots:
            version = current_version(other)
            if version is None or other.unit_level != (named.unit_level if named else ""):
                continue
            definition = compiled(version).definition
            if definition.awards in levels and covers_year(other, year):
                out.append((key, levels, other))
                break
    return out
