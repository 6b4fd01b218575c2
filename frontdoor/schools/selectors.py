"""Reads of the establishment register and Ofsted outcomes (public information)."""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Q, QuerySet, Subquery

from frontdoor.core.rounding import percentage
from frontdoor.schools.models import (
    District,
    Establishment,
    OfstedGrade,
    OfstedInspection,
    Sector,
)

GOOD_OR_BETTER = (OfstedGrade.OUTSTANDING, OfstedGrade.GOOD)


def districts() -> QuerySet[District]:
    return District.objects.all()


def open_establishments() -> QuerySet[Establishment]:
    return Establishment.objects.exclude(status=Establishment.Status.CLOSED)


def establishments_search(
    *, query: str = "", sector: str = "", district: District | None = None
) -> QuerySet[Establishment]:
    found = open_establishments().select_related("district", "trust")
    if query:
        query = query.strip()
        by_number = Q(urn=int(query)) | Q(laestab=query) if query.isdigit() else Q()
        found = found.filter(Q(name__icontains=query) | Q(town__icontains=query) | by_number)
    if sector:
        found = found.filter(sector=sector)
    if district is not None:
        found = found.filter(district=district)
    return found


def with_latest_grade(establishments: QuerySet[Establishment]) -> QuerySet[Establishment]:
    """Annotate `latest_grade` (the most recent overall effectiveness grade) and
    `latest_graded_on`. Report cards (2025) carry no overall grade, so they are skipped."""
    graded = OfstedInspection.objects.filter(
        establishment=OuterRef("pk"), overall_effectiveness__isnull=False
    ).order_by("-inspection_date")
    return establishments.annotate(
        latest_grade=Subquery(graded.values("overall_effectiveness")[:1]),
        latest_graded_on=Subquery(graded.values("inspection_date")[:1]),
    )


@dataclass(frozen=True)
class GoodOrBetter:
    """Schools judged good or outstanding at their latest graded inspection, and the pupils
    on roll in them, for one sector (or all)."""

    label: str
    schools: int
    schools_graded: int
    schools_good_or_better: int
    pupils_graded: int
    pupils_good_or_better: int

    @property
    def schools_percent(self) -> Decimal | None:
        return percentage(self.schools_good_or_better, self.schools_graded)

    @property
    def pupils_percent(self) -> Decimal | None:
        return percentage(self.pupils_good_or_better, self.pupils_graded)


def good_or_better_by_sector() -> list[GoodOrBetter]:
    """The 2018 briefing's measure, by sector and for all schools: open schools with a graded
    judgement, how many are good or outstanding, and the pupils on roll in each group."""
    rows = with_latest_grade(open_establishments()).values_list(
        "sector", "latest_grade", "number_on_roll"
    )
    tallies: dict[str, Counter] = {}
    for sector, grade, on_roll in rows:
        for key in (sector, "all"):
            tally = tallies.setdefault(key, Counter())
            tally["schools"] += 1
            if grade is None:
                continue
            tally["schools_graded"] += 1
            tally["pupils_graded"] += on_roll or 0
            if grade in GOOD_OR_BETTER:
                tally["schools_good_or_better"] += 1
                tally["pupils_good_or_better"] += on_roll or 0
    labels = {**dict(Sector.choices), "all": "All schools"}
    return [
        GoodOrBetter(
            label=labels[key],
            schools=tally["schools"],
            schools_graded=tally["schools_graded"],
            schools_good_or_better=tally["schools_good_or_better"],
            pupils_graded=tally["pupils_graded"],
            pupils_good_or_better=tally["pupils_good_or_better"],
        )
        for key in [*Sector.values, "all"]
        if (tally := tallies.get(key))
    ]


@dataclass(frozen=True)
class DistrictSectorCounts:
    sectors: list[tuple[str, str]]
    rows: list[tuple[District | None, list[int], int]]
    totals: list[int]
    total: int


def establishment_counts_by_district() -> DistrictSectorCounts:
    counts: dict[tuple[int | None, str], int] = {}
    for district_id, sector in open_establishments().values_list("district_id", "sector"):
        counts[(district_id, sector)] = counts.get((district_id, sector), 0) + 1
    present = {sector for _, sector in counts}
    sectors = [(value, label) for value, label in Sector.choices if value in present]
    district_list: list[District | None] = list(District.objects.all())
    if any(district_id is None for district_id, _ in counts):
        district_list.append(None)
    rows = []
    for district in district_list:
        key = district.pk if district else None
        cells = [counts.get((key, value), 0) for value, _ in sectors]
        rows.append((district, cells, sum(cells)))
    totals = [sum(row[1][i] for row in rows) for i in range(len(sectors))]
    return DistrictSectorCounts(sectors, rows, totals, sum(totals))


def recent_inspections(*, limit: int = 10) -> QuerySet[OfstedInspection]:
    return (
        OfstedInspection.objects.select_related("establishment", "establishment__district")
        .prefetch_related("evaluations")
        .order_by("-inspection_date", "establishment__name")[:limit]
    )


def establishment_inspections(establishment: Establishment) -> QuerySet[OfstedInspection]:
    return establishment.inspections.prefetch_related("evaluations").order_by("-inspection_date")
