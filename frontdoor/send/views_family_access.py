"""Family access to a child's EHC case: who follows it, "Remove access" for each, and the form
to give a parent or young person access. Parse, call a service or selector, render; who may do
it is decided in frontdoor.core.access, through frontdoor.send.family_access."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.send.family_access import (
    Grant,
    area_cases,
    child_in_area,
    family_access_grant,
    family_access_reinvite,
    family_access_remove,
    family_accounts_shown,
)
from frontdoor.send.forms_family_access import FamilyAccessForm
from frontdoor.send.services import SendRefused

# What the buttons on an account's row do, and what the page then says.
ACCOUNT_ACTIONS = {
    "remove": (family_access_remove, "{who} can no longer follow {child}’s EHC case."),
    "reinvite": (
        family_access_reinvite,
        "{who} has been emailed a new link to choose their password.",
    ),
}


@require_http_methods(["GET", "POST"])
def family_access(request, pupil_id: int):
    access.require(request.user, Permission.WORK_SEND_CASES)
    pupil = child_in_area(request.user, pupil_id)
    if pupil is None:
        raise Http404("No child with an EHC request or plan in your area.")
    action = request.POST.get("action") if request.method == "POST" else None
    if action in ACCOUNT_ACTIONS:
        service, said = ACCOUNT_ACTIONS[action]
        try:
            account = service(
                pupil=pupil, account_id=_id(request.POST.get("account")), by=request.user
            )
        except SendRefused as refused:
            messages.info(request, str(refused))
        else:
            messages.success(request, said.format(who=_name(account), child=pupil.first_name))
        return redirect("send_family_access", pupil_id=pupil.pk)
    form = FamilyAccessForm(request.POST if action == "grant" else None)
    if form.is_valid():
        try:
            grant = family_access_grant(pupil=pupil, by=request.user, **form.cleaned_data)
        except SendRefused as refused:
            form.add_error(refused.field if refused.field in form.fields else None, str(refused))
        else:
            level = messages.info if grant.already else messages.success
            level(request, _granted(grant, pupil))
            return redirect("send_family_access", pupil_id=pupil.pk)
    audit.record(request.user, "send.family_access.view", pupil, request=request)
    context = {
        "pupil": pupil,
        "accounts": family_accounts_shown(pupil),
        "cases": area_cases(request.user, pupil),
        "form": form,
    }
    return render(request, "send/family_access.html", context)


def _granted(grant: Grant, pupil) -> str:
    who, child = _name(grant.account), pupil.first_name
    if grant.already:
        return f"{who} already follows {child}’s EHC case: nothing has changed."
    if grant.new_account:
        return (
            f"Account made for {who}, who can now follow {child}’s EHC case. "
            "They have been emailed a link to choose their password."
        )
    return f"{who} can now follow {child}’s EHC case. They have been emailed to say so."


def _name(account) -> str:
    return account.get_full_name() or account.email or account.get_username()


def _id(value) -> int:
    """The posted account id; 0 (nobody's) when it is missing or not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
