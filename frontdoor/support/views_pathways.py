"""The schools' inclusion and attendance pathways: the list of pathways and the school's (or the
team's) notifications, a pathway's form, and a notification's page with the team's response.
Parse, call a service or selector, render."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.schools.models import Establishment
from frontdoor.support.pathway_forms import QueueFilterForm, ResponseForm, SchoolChoiceForm
from frontdoor.support.pathway_services import PathwayRefused, pathway_notify, pathway_respond
from frontdoor.support.pathways import BY_SLUG, PATHWAYS, Team, answer_rows
from frontdoor.support.selectors import pathway_notification_for, pathway_notifications_visible_to


def _may_use_pathways(user) -> None:
    if not (
        access.can(user, Permission.NOTIFY_PATHWAYS)
        or access.can(user, Permission.RESPOND_PATHWAYS)
    ):
        raise PermissionDenied("Your role does not use the schools' pathways.")


@require_GET
def pathway_index(request):
    _may_use_pathways(request.user)
    form = QueueFilterForm(request.GET or None, teams=Team.choices)
    chosen = form.cleaned_data if form.is_valid() else {}
    status = chosen.get("status") or "open"
    found = pathway_notifications_visible_to(request.user).select_related("school", "pupil")
    if chosen.get("team"):
        found = found.filter(team=chosen["team"])
    if status != "all":
        found = found.filter(status=status)
    found = found.order_by("due_on", "pk") if status == "open" else found
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    context = {
        "form": form,
        "pathways": PATHWAYS if access.can(request.user, Permission.NOTIFY_PATHWAYS) else (),
        "page": page,
        "rows": [(n, BY_SLUG[n.pathway], n.status == "open" and today > n.due_on) for n in page],
        "status": status,
    }
    return render(request, "support/pathways.html", context)


@require_http_methods(["GET", "POST"])
def pathway_new(request, pathway: str):
    access.require(request.user, Permission.NOTIFY_PATHWAYS)
    chosen = BY_SLUG.get(pathway)
    if chosen is None:
        raise Http404("No such pathway.")
    schools = access.scope_establishments(request.user, Establishment.objects.order_by("name"))
    data = request.POST or None
    form = chosen.form(data)
    school_form = SchoolChoiceForm(data, schools=schools) if schools.count() > 1 else None
    if (
        request.method == "POST"
        and form.is_valid()
        and (school_form is None or school_form.is_valid())
    ):
        school = school_form.cleaned_data["school"] if school_form else schools.first()
        try:
            sent = pathway_notify(
                pathway=chosen,
                school=school,
                upn=form.cleaned_data["upn"],
                answers=form.cleaned_data,
                by=request.user,
            )
        except PathwayRefused as refused:
            form.add_error(refused.field, str(refused))
        else:
            messages.success(
                request,
                f"Sent as {sent.reference}. The {chosen.team.label} will respond by "
                f"{sent.due_on:%A %-d %B %Y}.",
            )
            return redirect("pathway", notification_id=sent.pk)
    context = {"pathway": chosen, "form": form, "school_form": school_form}
    return render(request, "support/pathway_new.html", context)


@require_http_methods(["GET", "POST"])
def pathway_detail(request, notification_id: int):
    _may_use_pathways(request.user)
    found = pathway_notification_for(request.user, notification_id)
    pathway = BY_SLUG[found.pathway]
    may_respond = access.can(request.user, Permission.RESPOND_PATHWAYS) and found.status == "open"
    form = ResponseForm(request.POST or None, pathway=pathway) if may_respond else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Only the owning team responds, once.")
        if form.is_valid():
            try:
                pathway_respond(notification=found, by=request.user, **form.cleaned_data)
            except PathwayRefused as refused:
                form.add_error(refused.field, str(refused))
            else:
                messages.success(request, "Response recorded: the school has been told.")
                return redirect("pathway", notification_id=found.pk)
    else:
        audit.record(request.user, "pathway.view", found, request=request)
    context = {
        "found": found,
        "pathway": pathway,
        "team": Team(found.team).label,
        "answers": answer_rows(pathway, found.answers),
        "outcome": pathway.outcome(found.outcome) if found.outcome else None,
        "late": found.status == "open" and timezone.localdate() > found.due_on,
        "form": form,
    }
    return render(request, "support/pathway_detail.html", context)
