"""What a case's page does with its steps (a request's, a review's, a transfer's, a disagreement's):
find the step posted among those offered, show a form for each, and take the posted one through
its service. The page itself records its view, builds its context and renders."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404

from frontdoor.send.forms import ServiceForm
from frontdoor.send.services import SendRefused


@dataclass(frozen=True)
class Step:
    action: str  # the name the form posts as `action`
    title: str
    button: str
    done: str  # the success message once taken
    form: type[ServiceForm]  # cleans to the service's keyword arguments
    service: Callable
    offered: Callable[..., bool]  # given the page's record (and, for a review, today)
    occasional: bool = False  # not the way forward: folded away until opened
    warning: bool = False  # a step that closes the case
    explain: str = ""  # a line above the form saying what the step is for


@dataclass(frozen=True)
class StepForms:
    forms: list[tuple[Step, ServiceForm]]  # each offered step with its form
    form: ServiceForm | None  # the posted step's form, for the error summary
    taken: bool  # the posted step went through: redirect back to the page


def take_step(
    request, offered: list[Step], build_form: Callable[[Step, object], ServiceForm], *, on: str
) -> StepForms:
    """The offered steps' forms, the posted one bound to the POST (`build_form(step, data)`)
    and, when valid, taken by its service. A refusal shows on the form; success is flashed.
    A posted action that is not offered is a stale or tampered form: 404 ("on this `on`")."""
    action = request.POST.get("action") if request.method == "POST" else None
    posted = next((step for step in offered if step.action == action), None)
    if action is not None and posted is None:
        raise Http404(f"That step is not open on this {on}.")
    shown = [(step, build_form(step, request.POST if step is posted else None)) for step in offered]
    form = next((form for step, form in shown if step is posted), None)
    if form is not None and form.is_valid():
        try:
            posted.service(by=request.user, **form.service_arguments())
        except SendRefused as refused:
            form.add_error(form.field_for(refused.field), str(refused))
        else:
            messages.success(request, posted.done)
            return StepForms(shown, form, taken=True)
    return StepForms(shown, form, taken=False)
