"""Notifications by email, for every module that tells someone something has happened.

    notify_on_commit(
        to=[referral.referrer_email, referral.family_email],
        template="support/request_received",
        context={"reference": referral.reference},
    )

renders ``notifications/support/request_received.txt`` (the subject, a blank line, then the
body) as plain text, so nothing in it is HTML-escaped. The context gains
``service_name`` and ``council_name`` from settings. Each address gets its own message, so no
recipient sees another's address. Blank and repeated addresses are skipped. Each module keeps its
templates under its own ``templates/notifications/<module>/``; ``notifications/_footer.txt``
is the shared sign-off (``{% include "notifications/_footer.txt" %}``).

When to send: after the commit. A notification tells someone about something already recorded,
so services call ``notify_on_commit`` inside their transaction. It sends once the transaction
commits; if the transaction rolls back, nothing is sent; and a mail server that is down never
rolls back the record. ``notify`` itself lets the mail server's errors propagate (a management
command sending outside a transaction should fail loudly). ``notify_on_commit`` instead logs a
failure and carries on, because by then the record is saved and the person who made it is
waiting for the page that confirms it: a 500 page would tell them it failed and invite a duplicate.

Logs carry no personal data: one line per call naming the template and how many messages were
sent. Addresses and context values are never logged. A failure is logged by its exception's
class alone, because an SMTP refusal's message names the addresses it refused.
"""

import logging
import re
from collections.abc import Sequence
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.template import Context, Engine

logger = logging.getLogger("frontdoor.notifications")

_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")


def notify(
    *, to: Sequence[str], template: str, context: dict[str, Any], reply_to: str | None = None
) -> int:
    """Send `template` to each address in `to`, one message each; return how many were sent."""
    addresses = _addresses(to)
    # Rendered even with nobody to send to, so a broken template fails every time, not only
    # when someone has an email address.
    subject, body = _render(template, context)
    sent = 0
    if addresses:
        messages = [
            EmailMessage(
                subject=subject,
                body=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[address],
                reply_to=[reply_to] if reply_to else None,
            )
            for address in addresses
        ]
        sent = mailers.default.send_messages(messages)
    logger.info("notification %s: %d sent", template, sent)
    return sent


def notify_on_commit(
    *, to: Sequence[str], template: str, context: dict[str, Any], reply_to: str | None = None
) -> None:
    """`notify` once the current transaction commits (at once outside a transaction). A mail
    server's failure is logged, not raised. See the module's docstring."""
    # Copies, so that what is sent is what the caller meant at this moment.
    transaction.on_commit(
        partial(
            _notify_logging_failure,
            to=_addresses(to),
            template=template,
            context=dict(context),
            reply_to=reply_to,
        )
    )


def _notify_logging_failure(**kwargs: Any) -> None:
    try:
        notify(**kwargs)
    except OSError as error:  # smtplib's errors, refused connections and timeouts
        logger.error("notification %s: not sent (%s)", kwargs["template"], type(error).__name__)


def _addresses(to: Sequence[str]) -> list[str]:
    if isinstance(to, str):
        raise TypeError("notify's `to` is a list of addresses, not one address.")
    return list(dict.fromkeys(address.strip() for address in to if address and address.strip()))


def _render(template: str, context: dict[str, Any]) -> tuple[str, str]:
    name = f"notifications/{template}.txt"
    text = (
        Engine.get_default()
        .get_template(name)
        .render(
            Context(
                {
                    **context,
                    "service_name": settings.FRONTDOOR_SERVICE_NAME,
                    "council_name": settings.FRONTDOOR_COUNCIL_NAME,
                },
                autoescape=False,
            )
        )
    )
    parts = _BLANK_LINES.split(text.replace("\r\n", "\n").strip(), maxsplit=1)
    if len(parts) != 2:
        raise ValueError(f"{name} must give a subject line, then a blank line, then the body.")
    subject, body = parts
    # A header cannot hold a line break; a value with one must not split the subject.
    return " ".join(subject.split()), body.rstrip() + "\n"
