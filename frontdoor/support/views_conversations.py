"""District Conversations' pages: a month's list with its measures, logging one, and one
conversation's page with the manager's reply. Parse, call a service or selector, render."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.support import conversations
from frontdoor.support.conversations import ConversationRefused
from frontdoor.support.forms_conversations import (
    ConversationFilterForm,
    ConversationForm,
    ReplyForm,
)
from frontdoor.support.selectors import support_requests_visible_to


def conversation_list(request):
    access.require(request.user, Permission.HOLD_DISTRICT_CONVERSATIONS)
    today = timezone.localdate()
    form = ConversationFilterForm(
        request.GET or None, districts=conversations.conversation_districts(request.user)
    )
    chosen = form.cleaned_data if form.is_valid() else {}
    month = chosen.get("month") or today.replace(day=1)
    held = list(
        conversations.district_conversations_in(
            request.user, month=month, district=chosen.get("district")
        )
    )
    context = {
        "form": form,
        "month": month,
        "measures": conversations.monthly_measures(held),
        "rows": [(conversation, conversation.is_late(today)) for conversation in held],
    }
    return render(request, "support/conversations.html", context)


@require_http_methods(["GET", "POST"])
def conversation_new(request):
    access.require(request.user, Permission.HOLD_DISTRICT_CONVERSATIONS)
    form = ConversationForm(
        request.POST or None,
        districts=conversations.conversation_districts(request.user),
        initial={"asked_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            logged = conversations.district_conversation_log(
                by=request.user, answers=form.cleaned_data
            )
        except ConversationRefused as refused:
            form.add_error(refused.field, str(refused))
        else:
            messages.success(
                request, f"Conversation logged: a reply is due by {logged.reply_due:%-d %B %Y}."
            )
            return redirect("support_conversation", conversation_id=logged.pk)
    return render(request, "support/conversations_new.html", {"form": form})


@require_http_methods(["GET", "POST"])
def conversation_detail(request, conversation_id: int):
    access.require(request.user, Permission.HOLD_DISTRICT_CONVERSATIONS)
    found = conversations.district_conversation_for(request.user, conversation_id)
    form = ReplyForm(request.POST or None, initial={"replied_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            conversations.district_conversation_reply(
                conversation=found, by=request.user, **form.cleaned_data
            )
        except ConversationRefused as refused:
            form.add_error(refused.field, str(refused))
        else:
            messages.success(request, "Reply recorded.")
            return redirect("support_conversation", conversation_id=found.pk)
    if request.method == "GET":
        audit.record(request.user, "district_conversation.view", found, request=request)
    context = {
        "found": found,
        "form": form,
        "late": found.is_late(timezone.localdate()),
        "request_visible": found.request_id is not None
        and support_requests_visible_to(request.user).filter(pk=found.request_id).exists(),
    }
    return render(request, "support/conversations_detail.html", context)
