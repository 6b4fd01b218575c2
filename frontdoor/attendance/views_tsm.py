"""Targeting Support Meetings: a school's three meetings with their actions, the county's
coverage, and the pack that is read at a meeting."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from frontdoor.attendance import (
    areas,
    dashboards,
    rates,
    similar_schools,
    summaries,
    tsm,
    worklists,
)
from frontdoor.attendance.forms import TsmActionForm, TsmBookForm, TsmHoldForm, TsmOutcomeForm
from frontdoor.attendance.models import TargetingSupportMeeting, TsmAction
from frontdoor.attendance.views import weekly_chart
from frontdoor.core import access, audit
from frontdoor.core.calendar import academic_year_label, academic_year_of
from frontdoor.pupils.selectors import pupils_visible_to
from frontdoor.reports.pdf import PdfUnavailable, pdf_response
from frontdoor.schools.models import Establishment


@require_GET
def tsm_coverage(request):
    """The county's meetings this year, district by district, for council staff."""
    areas.require_county(request.user)
    today = timezone.localdate()
    year = academic_year_of(today)
    # Council staff see every school's meetings; the schools that have pupils on roll.
    schools = areas.schools_for(request.user).filter(enrolments__leaving_date__isnull=True)
    schools = schools.distinct()
    rows = tsm.coverage(schools, year, today)
    tables = [
        (
            number,
            term,
            [
                (row.district, row.schools, [row.counts[number][s] for s in tsm.Coverage.ORDER])
                for row in rows
            ],
        )
        for number, term in tsm.TERM_NAMES.items()
    ]
    context = {
        "tables": tables,
        "follow_up": tsm.follow_up(schools, year, today),
        "statuses": tsm.Coverage.ORDER,
        "year_label": academic_year_label(year),
        "today": today,
    }
    return render(request, "attendance/tsm_coverage.html", context)


def tsm_school(request, urn: int):
    """A school's meetings this year: book, record as held, agree actions, record outcomes."""
    school = get_object_or_404(
        access.scope_tsm_schools(request.user, Establishment.objects.all()), urn=urn
    )
    today = timezone.localdate()
    year = academic_year_of(today)
    forms = {}
    if request.method == "POST":
        forms = _handle(request, school, today)
        if not forms:
            return redirect("tsm_school", urn=urn)
    slots = [_slot_forms(slot, forms) for slot in tsm.school_meetings(school, year, today)]
    context = {
        "school": school,
        "slots": slots,
        "year_label": academic_year_label(year),
        "can_manage": tsm.can_manage(request.user, school),
        "can_record_outcomes": tsm.can_record_outcomes(request.user, school),
    }
    return render(request, "attendance/tsm_school.html", context)


def _slot_forms(slot: tsm.MeetingSlot, posted: dict) -> dict:
    """A meeting slot with the forms it shows: the one just posted with its errors, else
    empty ones."""
    meeting = slot.meeting
    key = str(meeting.pk) if meeting else ""
    actions = list(meeting.actions.all()) if meeting else []
    return {
        "slot": slot,
        "book_form": posted.get(f"book-{slot.number}", TsmBookForm()),
        "reschedule_form": posted.get(f"reschedule-{key}", TsmBookForm()),
        "hold_form": posted.get(f"hold-{key}", TsmHoldForm()),
        "action_form": posted.get(f"agree-{key}", TsmActionForm()),
        "actions": [
            (action, posted.get(f"outcome-{action.pk}", TsmOutcomeForm())) for action in actions
        ],
    }


def _handle(request, school: Establishment, today) -> dict:
    """Carry out the posted step; {} when it worked, else the bound form with its errors, keyed
    by the step and what it was for (so the page shows it where it was filled in)."""
    step = request.POST.get("step", "")
    if step not in STEPS:
        raise Http404("No such step.")
    form_class, act = STEPS[step]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(request, school, form.cleaned_data, today)
        except tsm.TsmRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Saved.")
            return {}
    about = [request.POST.get(name) for name in ("number", "meeting", "action_id")]
    return {f"{step}-{next((a for a in about if a), '')}": form}


def _meeting(request, school) -> TargetingSupportMeeting:
    return get_object_or_404(
        TargetingSupportMeeting, pk=request.POST.get("meeting"), establishment=school
    )


def _book(request, school, data, today):
    number = int(request.POST.get("number") or 0)
    tsm.tsm_book(school=school, number=number, on=data["meeting_date"], by=request.user)


def _reschedule(request, school, data, today):
    tsm.tsm_reschedule(meeting=_meeting(request, school), on=data["meeting_date"], by=request.user)


def _hold(request, school, data, today):
    tsm.tsm_hold(
        meeting=_meeting(request, school),
        held_on=data["held_on"],
        notes=data["notes"],
        today=today,
        by=request.user,
    )


def _agree(request, school, data, today):
    tsm.tsm_action_agree(
        meeting=_meeting(request, school),
        action=data["action"],
        owner=data["owner"],
        due_date=data["due_date"],
        pupil=_pupil(request.user, data["upn"]),
        cohort=data["cohort"],
        by=request.user,
    )


def _outcome(request, school, data, today):
    action = get_object_or_404(
        TsmAction, pk=request.POST.get("action_id"), meeting__establishment=school
    )
    tsm.tsm_action_outcome(
        action=action, status=data["status"], outcome=data["outcome"], by=request.user
    )


STEPS = {
    "book": (TsmBookForm, _book),
    "reschedule": (TsmBookForm, _reschedule),
    "hold": (TsmHoldForm, _hold),
    "agree": (TsmActionForm, _agree),
    "outcome": (TsmOutcomeForm, _outcome),
}


def _pupil(user, upn: str):
    if not upn.strip():
        return None
    found = pupils_visible_to(user).filter(upn__iexact=upn.strip()).first()
    if found is None:
        raise tsm.TsmRefused("No pupil you can see has that UPN.")
    return found


@require_GET
def tsm_pack(request, urn: int, number: int):
    """What the meeting reads: the school's figures and trend against the county and similar
    schools, its pupils on the worklists, its cohorts, and the actions agreed last time with
    their outcomes."""
    school = get_object_or_404(
        access.scope_tsm_schools(request.user, Establishment.objects.all()), urn=urn
    )
    today = timezone.localdate()
    year = academic_year_of(today)
    meeting = get_object_or_404(
        TargetingSupportMeeting, establishment=school, academic_year=year, number=number
    )
    summary = summaries.latest_summary()
    if summary is None:
        raise Http404("There are no attendance figures yet.")
    board = dashboards.dashboard(summary, dashboards.Area(school.name, urn=urn))
    county = dashboards.dashboard(summary, dashboards.Area(areas.COUNTY_NAME))
    similar = similar_schools.similar_schools(summary, school)
    reach = access.pupil_reach(request.user)
    if reach is None:
        raise PermissionDenied("The pack names pupils: your role does not include that.")
    school_reach = access.PupilReach(urns=frozenset({urn}))
    lists = {
        slug: rates.with_session_rates(
            worklists.named_rows(
                request.user, worklists.pupils(summary, school_reach, slug).to_pylist()
            )
        )
        for slug in ("severe", "persistent", "at-risk")
    }
    context = {
        "school": school,
        "meeting": meeting,
        "board": board,
        "county": county,
        "similar": similar,
        "similar_hidden": similar is not None and similar.hidden_from(request.user),
        "similar_listed": similar.listed_for(request.user) if similar else [],
        "measure_tables": [
            (summary.periods[period].label, _measure_rows(measures, period, board, county, similar))
            for period, measures in (("ytd", PACK_MEASURES), ("week", WEEK_MEASURES))
        ],
        "lists": [(worklists.WORKLISTS[slug], rows) for slug, rows in lists.items()],
        "previous": tsm.previous_actions(meeting),
        "chart": weekly_chart(
            board, similar.board if similar and not similar.hidden_from(request.user) else None
        ),
    }
    if request.GET.get("format") == "pdf":
        audit.record(request.user, "tsm.pack.download", meeting, request=request)
        try:
            return pdf_response(
                "attendance/tsm_pack_print.html",
                context,
                filename=f"tsm-pack-{school.urn}-{year}-{number}.pdf",
            )
        except PdfUnavailable as missing:
            messages.error(request, f"The PDF could not be made here. {missing}")
    audit.record(request.user, "tsm.pack", meeting, request=request)
    return render(request, "attendance/tsm_pack.html", context)


PACK_MEASURES = [
    ("Attendance", "attendance_rate"),
    ("Authorised absence", "authorised_absence_rate"),
    ("Unauthorised absence", "unauthorised_absence_rate"),
    ("Persistent absence", "persistent_absence_rate"),
    ("Severe absence", "severe_absence_rate"),
    ("At risk", "at_risk_rate"),
]
WEEK_MEASURES = PACK_MEASURES[:3]  # over sessions: the shares of pupils need a longer span


def _measure_rows(measures, period: str, *areas) -> list[tuple]:
    """Each measure's label and its rate in the period for each area (a dashboard or the
    similar schools; None, and a rate of None, when there are none)."""
    figures = [area.headline.get(period) if area else None for area in areas]
    return [
        (label, *(found.rates[name] if found else None for found in figures))
        for label, name in measures
    ]
