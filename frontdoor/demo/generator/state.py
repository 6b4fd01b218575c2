"""The county while it is being made: what each stage reads and adds to."""

import random
from dataclasses import dataclass, field
from datetime import date

from frontdoor.core.calendar import academic_year_of
from frontdoor.demo.generator.records import (
    County,
    EnrolmentRecord,
    ExclusionRecord,
    InspectionRecord,
    PeriodRecord,
    PupilRecord,
    SchoolRecord,
    TrustRecord,
)


@dataclass
class CountyState:
    seed: int
    scale: float
    as_at: date
    year: int = field(init=False)  # the academic year `as_at` is in
    trusts: list[TrustRecord] = field(default_factory=list)
    schools: list[SchoolRecord] = field(default_factory=list)
    pupils: list[PupilRecord] = field(default_factory=list)
    enrolments: list[EnrolmentRecord] = field(default_factory=list)
    periods: list[PeriodRecord] = field(default_factory=list)
    inspections: list[InspectionRecord] = field(default_factory=list)
    permanent_exclusions: list[ExclusionRecord] = field(default_factory=list)
    school_a: int = field(init=False)  # set with the schools
    school_b: int = field(init=False)
    # Pupils are made by two stages (mainstream, then alternative provision); their names and
    # UPN serial numbers run on from one stage to the next.
    name_stream: random.Random = field(init=False)
    upn_serials: dict[tuple[int, int], int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.year = academic_year_of(self.as_at)
        self.name_stream = self.stream("names")

    def stream(self, stage: str) -> random.Random:
        """The stage's own random stream: the same for the same seed, whatever else ran."""
        return random.Random(f"{self.seed}/{stage}")

    def finished(self) -> County:
        """The records made, once every stage has run."""
        return County(
            seed=self.seed,
            scale=self.scale,
            as_at=self.as_at,
            trusts=self.trusts,
            schools=self.schools,
            pupils=self.pupils,
            enrolments=self.enrolments,
            periods=self.periods,
            inspections=self.inspections,
            school_a=self.school_a,
            school_b=self.school_b,
            trust_of_b=self.schools[self.school_b].trust,
            permanent_exclusions=self.permanent_exclusions,
        )
