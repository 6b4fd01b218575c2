"""A school's similar schools, for the Targeting Support Meeting pack: the other open schools of
its phase (the DfE's sector: primary, secondary, special…) in the county whose share of pupils
eligible for free school meals is nearest its own; of two as near, the one nearer in size;
then the lower URN, so that the group is the same every time.

A school's share and size are the summary's, year to date: its Years 1 to 11 enrolments with a
possible session (the pupils every figure counts), and of those the ones eligible for free
school meals on the as-at day (the "fsm" cohort). So the group follows the registers and costs
no query per school; the shares are compared exactly, as fractions.

The group's figures are sums of its schools' cells, like every area's (`dashboards`): sums of
numerators over sums of denominators, never an average of the schools' rates."""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from frontdoor.attendance import dashboards, rates
from frontdoor.attendance.dashboards import Area, Dashboard, Figures
from frontdoor.attendance.summaries import Summary
from frontdoor.core import access, suppression
from frontdoor.schools.models import Establishment, Sector
from frontdoor.schools.selectors import open_establishments

GROUP_SIZE = 10
FSM_COHORT = "fsm"


@dataclass(frozen=True)
class SimilarSchool:
    urn: int
    name: str
    pupils: int  # Years 1 to 11 with a possible session, year to date
    fsm_pupils: int  # of those, eligible for free school meals
    figures: Figures  # year to date

    @property
    def fsm_rate(self) -> Decimal | None:
        return rates.percentage_of(self.fsm_pupils, self.pupils)

    @property
    def fsm_share(self) -> Fraction:
        return Fraction(self.fsm_pupils, self.pupils)


@dataclass(frozen=True)
class Comparison:
    """The school's similar schools, nearest first, and their figures summed."""

    school: SimilarSchool
    phase: str  # the sector's label, e.g. "Primary"
    schools: list[SimilarSchool]
    board: Dashboard  # the group's figures

    @property
    def headline(self) -> dict[str, Figures]:
        return self.board.headline

    @property
    def pupils(self) -> int:
        return sum(school.pupils for school in self.schools)

    def hidden_from(self, user) -> bool:
        """Whether the group's figures are shown as "c" to the user (`core.suppression`)."""
        return suppression.applies_to(user) and suppression.hides(self.pupils)

    def listed_for(self, user) -> list[tuple[SimilarSchool, bool]]:
        """Each similar school, and whether its own figures are shown to the user: only a
        school whose attendance the user may see (`access`), and outside the council not a
        school of fewer than 5 pupils. The names are shown to everyone: the group is public
        knowledge (the DfE publishes each school's free school meals share)."""
        urns = [school.urn for school in self.schools]
        seen = set(
            access.scope_attendance_schools(
                user, open_establishments().filter(urn__in=urns)
            ).values_list("urn", flat=True)
        )
        suppress = suppression.applies_to(user)
        return [
            (school, school.urn in seen and not (suppress and suppression.hides(school.pupils)))
            for school in self.schools
        ]


def similar_schools(
    summary: Summary, school: Establishment, *, size: int = GROUP_SIZE
) -> Comparison | None:
    """The school's `size` similar schools and their figures; None when the summary has no
    pupils at the school, or no other open school of its phase has any."""
    profiles = _profiles(summary)
    own = profiles.get(school.urn)
    if own is None:
        return None
    names = dict(
        open_establishments()
        .filter(sector=school.sector)
        .exclude(urn=school.urn)
        .values_list("urn", "name")
    )
    nearest = sorted(
        (profile for urn, profile in profiles.items() if urn in names),
        key=lambda other: (
            abs(other.fsm_share - own.fsm_share),
            abs(other.pupils - own.pupils),
            other.urn,
        ),
    )[:size]
    if not nearest:
        return None
    schools = [_named(profile, names[profile.urn]) for profile in nearest]
    phase = Sector(school.sector).label
    area = Area(f"Similar {phase.lower()} schools", urns=frozenset(s.urn for s in schools))
    return Comparison(
        school=_named(own, school.name),
        phase=phase,
        schools=schools,
        board=_board(summary, area),
    )


def _named(profile: SimilarSchool, name: str) -> SimilarSchool:
    return SimilarSchool(
        profile.urn,
        name,
        profile.pupils,
        profile.fsm_pupils,
        Figures(name, profile.figures.counts, key=profile.urn),
    )


@lru_cache(maxsize=2)
def _profiles(summary: Summary) -> dict[int, SimilarSchool]:
    """Every school in the summary with a pupil, by URN (unnamed: names are the register's)."""
    fsm = dashboards.school_counts(summary, FSM_COHORT)
    return {
        urn: SimilarSchool(
            urn,
            "",
            counts["enrolments"],
            fsm[urn]["enrolments"] if urn in fsm else 0,
            Figures("", counts, key=urn),
        )
        for urn, counts in dashboards.school_counts(summary).items()
        if counts["enrolments"]
    }


@lru_cache(maxsize=64)
def _board(summary: Summary, area: Area) -> Dashboard:
    return dashboards.dashboard(summary, area)
