"""The annual review pages: the caseload's reviews (overdue first, with the area's figures),
each school's list for a term (and its download), one review with its clock and the forms for
its next steps, and opening a plan's next review. Parse, call a service or selector, render."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.reports import charts
from frontdoor.reports.tables import table_response
from frontdoor.send import review_services, reviews
from frontdoor.send.forms_reviews import (
    ReviewListForm,
    ReviewOpenForm,
    ReviewScopeForm,
    term_key,
    term_label,
)
from frontdoor.send.review_steps import offered_steps, step_form
from frontdoor.send.selectors import send_districts_for
from frontdoor.send.selectors_reviews import (
    Scope,
    Summary,
    by_school,
    plans_by_id,
    plans_in_force,
    review_for,
    review_record,
    review_schools,
    standings,
    summary,
    termly_entries,
    termly_rows,
    worklist,
)
from frontdoor.send.services import SendRefused
from frontdoor.send.step_pages import take_step

PER_PAGE = 50
SCHOOLS_PER_PAGE = 10


def _scope_form(request, form_class):
    user = request.user
    today = timezone.localdate()
    data = request.GET.copy()
    current = reviews.term_for(today)
    if current is not None and not data.get("term"):
        data["term"] = term_key(current)  # shown as chosen in the filters
    form = form_class(
        data,
        districts=send_districts_for(user),
        schools=review_schools(user),
        today=today,
    )
    form.is_valid()  # every filter is optional; a bad one is dropped
    scope = Scope(district=form.chosen("district"), school=form.chosen("school"))
    return form, scope, form.chosen_term()


@require_GET
def review_list(request):
    access.require(request.user, Permission.WORK_SEND_CASES)
    today = timezone.localdate()
    form, scope, term = _scope_form(request, ReviewListForm)
    found = standings(request.user, scope, today=today)
    listed = worklist(found, term=term, overdue_only=bool(form.chosen("overdue")))
    page = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
    plans = plans_by_id(standing.plan_id for standing in page)
    area = summary(request.user, scope, found, term=term, today=today)
    audit.record(request.user, "send_reviews.view", request=request, detail={"shown": len(plans)})
    context = {
        "form": form,
        "term": term,
        "term_label": term_label(term),
        "term_key": term_key(term),
        "today": today,
        "page": page,
        "rows": [(standing, plans[standing.plan_id]) for standing in page],
        "listed": len(listed),
        "summary": area,
        "chart": _month_chart(area),
        "many_districts": form.fields["district"].queryset.count() > 1,
    }
    return render(request, "send/reviews.html", context)


def _month_chart(area: Summary) -> str | None:
    if not area.figures.due:
        return None
    rows = [
        {
            "month": month,
            "due": figures.due,
            "held": figures.held_on_time_rate,
            "decided": figures.decided_in_4_weeks_rate,
        }
        for month, figures in area.months
    ]
    return charts.monthly_counts_and_shares(
        rows,
        count="due",
        count_title="Reviews due",
        shares={
            "held": "Meetings held by the due date (%)",
            "decided": "Decisions within 4 weeks of the meeting (%)",
        },
        title="Annual reviews due each month, and how many on time",
    )


@require_GET
def review_termly(request):
    """The reviews due in a term, school by school, for the schools to hold; `?download=csv`
    (with a school, or without for all) is the list as a file."""
    access.require(request.user, Permission.WORK_SEND_CASES)
    today = timezone.localdate()
    form, scope, term = _scope_form(request, ReviewScopeForm)
    groups = by_school(termly_entries(request.user, scope, term=term, today=today))
    if request.GET.get("download") == "csv":
        return _termly_csv(request, groups, term, scope)
    page = Paginator(groups, SCHOOLS_PER_PAGE).get_page(request.GET.get("page"))
    rows = termly_rows([entry for _, entries in page for entry in entries])
    shown, start = [], 0
    for school, entries in page:
        shown.append((school, rows[start : start + len(entries)]))
        start += len(entries)
    audit.record(
        request.user,
        "send_reviews.termly_view",
        request=request,
        detail={"term": term_key(term), "shown": len(rows)},
    )
    context = {
        "form": form,
        "term": term,
        "term_label": term_label(term),
        "term_key": term_key(term),
        "page": page,
        "schools": shown,
        "reviews_due": sum(len(entries) for _, entries in groups),
        "school_count": len(groups),
        "many_districts": form.fields["district"].queryset.count() > 1,
    }
    return render(request, "send/reviews_termly.html", context)


CSV_HEADER = [
    "School or college",
    "URN",
    "Child",
    "Date of birth",
    "Plan reference",
    "Review due",
    "Meeting arranged",
    "Phase transfer review",
]


def _termly_csv(request, groups, term, scope: Scope):
    rows = termly_rows([entry for _, entries in groups for entry in entries])
    audit.record(
        request.user,
        "send_reviews.export",
        scope.school,
        request=request,
        detail={"term": term_key(term), "rows": len(rows)},
    )
    lines = [
        [
            row.plan.named_setting.name if row.plan.named_setting else "No school named",
            row.plan.named_setting.urn if row.plan.named_setting else "",
            f"{row.plan.pupil.first_name} {row.plan.pupil.last_name}",
            row.plan.pupil.date_of_birth.isoformat(),
            row.plan.reference,
            row.due.isoformat(),
            row.meeting_on.isoformat() if row.meeting_on else "Not yet",
            "Yes" if row.phase_transfer else "No",
        ]
        for row in rows
    ]
    who = slugify(scope.school.name) if scope.school else "all-schools"
    return table_response(
        "csv", name=f"annual-reviews-{term_key(term)}-{who}", header=CSV_HEADER, rows=lines
    )


@require_http_methods(["GET", "POST"])
def review_detail(request, review_id: int):
    access.require(request.user, Permission.WORK_SEND_CASES)
    review = review_for(request.user, review_id)
    if review is None:
        raise Http404("No such review in your area.")
    today = timezone.localdate()
    record = review_record(review, today=today)
    steps = take_step(
        request,
        offered_steps(record, today),
        lambda step, data: step_form(step, record, data=data, today=today),
        on="review",
    )
    if steps.taken:
        return redirect("send_review", review_id=review.pk)
    # Every showing of the review is a view of a child's record, a refused step's page too.
    audit.record(request.user, "annual_review.view", review, request=request)
    context = {
        "record": record,
        "review": review,
        "plan": review.plan,
        "today": today,
        "forms": steps.forms,
        "form": steps.form,
    }
    return render(request, "send/review_detail.html", context)


@require_POST
def review_open(request):
    """Open a plan's next review (from the list, a review's page or the plan's page)."""
    access.require(request.user, Permission.WORK_SEND_CASES)
    form = ReviewOpenForm(request.POST, plans=plans_in_force(request.user))
    if not form.is_valid():  # a stale list, or a plan outside the caseworker's area
        messages.error(request, "That plan is not in force in your area: no review was opened.")
        return redirect("send_reviews")
    plan = form.cleaned_data["plan"]
    try:
        review = review_services.review_open(plan=plan, by=request.user)
    except SendRefused as refused:
        messages.error(request, f"{plan.reference}: {refused}")
        under_way = plan.reviews.filter(decision_on__isnull=True).first()
        if under_way is not None:
            return redirect("send_review", review_id=under_way.pk)
        return redirect("send_reviews")
    messages.success(request, f"Review of {plan.reference} opened: due {review.due_on:%-d %B %Y}.")
    return redirect("send_review", review_id=review.pk)
