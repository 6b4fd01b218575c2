"""Reads of children's records. Every one starts from `pupils_visible_to`, i.e. the access
layer's scope for the signed-in user."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from frontdoor.core import access
from frontdoor.core.calendar import academic_year_of
from frontdoor.pupils.models import (
    Characteristic,
    CharacteristicPeriod,
    Enrolment,
    Pupil,
)
from frontdoor.schools.models import Establishment

MIN_SEARCH_LENGTH = 2


def pupils_visible_to(user, *, today: date | None = None) -> QuerySet[Pupil]:
    return access.scope_pupils(user, Pupil.objects.all(), today=today)


def pupil_names(user, pupil_ids) -> dict[int, str]:
    """ "First Last" for each of the pupils the user may see; the others are left out."""
    visible = pupils_visible_to(user).filter(pk__in=list(pupil_ids))
    return {
        pk: f"{first} {last}"
        for pk, first, last in visible.values_list("pk", "first_name", "last_name")
    }


def establishments_with_pupils_visible_to(user) -> QuerySet[Establishment]:
    return access.scope_establishments(user, Establishment.objects.all())


def _matching(pupils: QuerySet[Pupil], query: str) -> QuerySet[Pupil]:
    """Search by UPN (exact) or by name: every word must start a first or last name."""
    query = query.strip()
    if len(query) == 13 and query[0].isalpha() and query[1:].isalnum():
        return pupils.filter(upn__iexact=query)
    for word in query.split():
        pupils = pupils.filter(Q(first_name__istartswith=word) | Q(last_name__istartswith=word))
    return pupils


def pupil_search(*, user, query: str) -> QuerySet[Pupil]:
    if len(query.strip()) < MIN_SEARCH_LENGTH:
        return Pupil.objects.none()
    return _matching(pupils_visible_to(user), query)


def pupils_on_roll(
    *, user, establishment: Establishment, on: date, query: str = ""
) -> QuerySet[Enrolment]:
    """Enrolments current at a school on a date, for the children the user may see."""
    visible = pupils_visible_to(user, today=on)
    if query.strip():
        visible = _matching(visible, query)
    return (
        Enrolment.objects.filter(establishment=establishment, pupil__in=visible)
        .filter(admission_date__lte=on)
        .filter(Q(leaving_date__isnull=True) | Q(leaving_date__gte=on))
        .select_related("pupil")
        .order_by("pupil__last_name", "pupil__first_name", "pupil_id")
    )


def nc_year_on(enrolment: Enrolment, day: date) -> int:
    """The NC year on `day`: children move up a year each September after admission."""
    return enrolment.nc_year_on_admission + (
        academic_year_of(day) - academic_year_of(enrolment.admission_date)
    )


@dataclass(frozen=True)
class PupilProfile:
    pupil: Pupil
    on: date
    enrolments: list[Enrolment]
    current: list[CharacteristicPeriod]
    past: list[CharacteristicPeriod]

    @property
    def current_enrolments(self) -> list[Enrolment]:
        return [e for e in self.enrolments if e.is_current_on(self.on)]

    @property
    def sen_status(self) -> str:
        kinds = {period.characteristic for period in self.current}
        if Characteristic.EHC_PLAN in kinds:
            return Characteristic.EHC_PLAN.label
        if Characteristic.SEN_SUPPORT in kinds:
            return Characteristic.SEN_SUPPORT.label
        return "No special educational needs recorded"

    @property
    def nc_year(self) -> int | None:
        current = self.current_enrolments
        return nc_year_on(current[0], self.on) if current else None


def pupil_profile(*, user, pupil_id: int, on: date) -> PupilProfile | None:
    """A child's page: None when the child does not exist or is outside the user's scope
    (the two are indistinguishable to the user)."""
    pupil = (
        pupils_visible_to(user, today=on)
        .prefetch_related(
            Prefetch(
                "enrolments",
                queryset=Enrolment.objects.select_related(
                    "establishment", "establishment__district"
                ).order_by("-admission_date"),
            ),
            Prefetch(
                "characteristics",
                queryset=CharacteristicPeriod.objects.order_by("-start_date"),
            ),
        )
        .filter(pk=pupil_id)
        .first()
    )
    if pupil is None:
        return None
    periods = list(pupil.characteristics.all())
    return PupilProfile(
        pupil=pupil,
        on=on,
        enrolments=list(pupil.enrolments.all()),
        current=[p for p in periods if p.is_current_on(on)],
        past=[p for p in periods if not p.is_current_on(on) and p.start_date <= on],
    )


def current_schools(*, user, pupil_ids) -> dict[int, Establishment]:
    """The school each pupil is on roll at now, for the pupils the user may see; a dual
    registered pupil's main school rather than their subsidiary one."""
    schools: dict[int, Establishment] = {}
    on_roll = (
        Enrolment.objects.filter(
            pupil__in=pupils_visible_to(user).filter(pk__in=list(pupil_ids)),
            leaving_date__isnull=True,
        )
        .select_related("establishment__district")
        # Single (C) and main (M) registrations sort before subsidiary (S) ones.
        .order_by("registration", "-admission_date")
    )
    for enrolment in on_roll:
        schools.setdefault(enrolment.pupil_id, enrolment.establishment)
    return schools
