"""Finding the child a request is about among the county's pupils: by UPN, name and date of
birth, strongest first, with the reasons shown so the practitioner can judge; and the other
requests already made about the same child (likely duplicates, or a re-referral)."""

from dataclasses import dataclass

from django.db.models import Q

from frontdoor.pupils.models import Pupil
from frontdoor.pupils.selectors import pupils_visible_to
from frontdoor.support.models import RequestChild, SupportRequest

MAX_CANDIDATES = 10


@dataclass(frozen=True)
class Candidate:
    pupil: Pupil
    reasons: tuple[str, ...]

    @property
    def strength(self) -> str:
        if "UPN" in self.reasons or len(self.reasons) >= 3:
            return "Strong"
        return "Possible" if len(self.reasons) == 2 else "Weak"


def candidates_for(child: RequestChild, *, user) -> list[Candidate]:
    """Pupils who share the child's UPN, or two of first name, last name and date of birth."""
    first = Q(first_name__iexact=child.first_name)
    last = Q(last_name__iexact=child.last_name)
    wanted = first & last
    if child.date_of_birth:
        born = Q(date_of_birth=child.date_of_birth)
        wanted |= (born & first) | (born & last)
    if child.upn:
        wanted |= Q(upn__iexact=child.upn)
    found = []
    for pupil in pupils_visible_to(user).filter(wanted)[: MAX_CANDIDATES * 5]:
        reasons = tuple(
            reason
            for reason, matched in (
                ("UPN", bool(child.upn) and pupil.upn.upper() == child.upn.upper()),
                ("first name", pupil.first_name.lower() == child.first_name.lower()),
                ("last name", pupil.last_name.lower() == child.last_name.lower()),
                ("date of birth", pupil.date_of_birth == child.date_of_birth),
            )
            if matched
        )
        found.append(Candidate(pupil, reasons))
    found.sort(key=lambda c: ("UPN" not in c.reasons, -len(c.reasons), c.pupil.pk))
    return found[:MAX_CANDIDATES]


def other_requests_about(child: RequestChild) -> list[SupportRequest]:
    """Submitted requests about the same child: the same pupil once matched, otherwise the same
    name and date of birth."""
    same = (
        Q(pupil=child.pupil)
        if child.pupil_id
        else Q(
            first_name__iexact=child.first_name,
            last_name__iexact=child.last_name,
            date_of_birth=child.date_of_birth,
        )
    )
    requests = (
        SupportRequest.objects.filter(children__in=RequestChild.objects.filter(same))
        .exclude(pk=child.request_id)
        .exclude(status=SupportRequest.Status.DRAFT)
        .select_related("decision")
        .distinct()
        .order_by("-submitted_at")
    )
    return list(requests)
