import importlib
import logging
import os
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from frontdoor.core.notifications import notify, notify_on_commit

GREETING = """Your request {{ reference }} for {{ child }}

Dear {{ name }},

We have your request {{ reference }} about {{ child }}.

{% include "notifications/_footer.txt" %}"""

FAMILY = "family@example.org"
REFERRER = "senco@school.example.org"


@pytest.fixture
def write_template(settings, tmp_path):
    """Notification templates written for the test alone, so none ships with the service."""
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]

    def write(name: str, text: str) -> str:
        path = tmp_path / "notifications" / f"{name}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return name

    return write


@pytest.fixture
def greeting(write_template, settings):
    settings.FRONTDOOR_SERVICE_NAME = "Front Door"
    settings.FRONTDOOR_COUNCIL_NAME = "Kent County Council"
    settings.DEFAULT_FROM_EMAIL = "Front Door <no-reply@frontdoor.invalid>"
    return write_template("tests/greeting", GREETING)


CONTEXT = {"reference": "RFS-0042", "child": "Amelia Hart", "name": "Ms O'Brien & Co <SENCo>"}


@pytest.fixture
def notification_logs(caplog):
    # pytest also listens on loggers that do not propagate, as "frontdoor" does not.
    caplog.set_level(logging.INFO, logger="frontdoor.notifications")
    return caplog


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every recipient, naming them in its error as smtplib does."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused(
            {address: (550, b"5.1.1 unknown") for m in messages for address in m.to}
        )


@pytest.fixture
def refusing_mail_server(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}


def test_renders_the_subject_and_the_plain_text_body(greeting):
    assert notify(to=[FAMILY], template=greeting, context=CONTEXT, reply_to=REFERRER) == 1

    [message] = mail.outbox
    assert message.subject == "Your request RFS-0042 for Amelia Hart"
    assert message.body == (
        "Dear Ms O'Brien & Co <SENCo>,\n\n"  # plain text: nothing is HTML-escaped
        "We have your request RFS-0042 about Amelia Hart.\n\n"
        "Front Door\nKent County Council\n"
    )
    assert message.from_email == "Front Door <no-reply@frontdoor.invalid>"
    assert message.to == [FAMILY]
    assert message.reply_to == [REFERRER]
    assert message.content_subtype == "plain"


def test_without_reply_to_replies_go_to_the_sender(greeting):
    notify(to=[FAMILY], template=greeting, context=CONTEXT)
    assert mail.outbox[0].reply_to == []


def test_service_and_council_names_come_from_settings(greeting, settings):
    settings.FRONTDOOR_SERVICE_NAME = "Inclusion Front Door"
    settings.FRONTDOOR_COUNCIL_NAME = "Medway Council"
    notify(to=[FAMILY], template=greeting, context=CONTEXT)
    assert mail.outbox[0].body.endswith("Inclusion Front Door\nMedway Council\n")


def test_each_recipient_gets_their_own_message(greeting):
    assert notify(to=[REFERRER, FAMILY], template=greeting, context=CONTEXT) == 2

    assert [message.to for message in mail.outbox] == [[REFERRER], [FAMILY]]
    for message in mail.outbox:
        assert message.cc == [] and message.bcc == []
        assert message.recipients() == message.to


@pytest.mark.parametrize(
    ("to", "sent_to"),
    [
        (["", "  ", FAMILY], [FAMILY]),
        ([f"  {FAMILY} \n"], [FAMILY]),
        ([FAMILY, REFERRER, FAMILY], [FAMILY, REFERRER]),  # one copy each
    ],
)
def test_blank_and_repeated_addresses_are_skipped(greeting, to, sent_to):
    assert notify(to=to, template=greeting, context=CONTEXT) == len(sent_to)
    assert [message.to for message in mail.outbox] == [[address] for address in sent_to]


@pytest.mark.parametrize("to", [[], [""], ["", "   "]])
def test_nobody_to_send_to_sends_nothing(greeting, to):
    assert notify(to=to, template=greeting, context=CONTEXT) == 0
    assert mail.outbox == []


def test_one_address_as_a_string_is_refused(greeting):
    with pytest.raises(TypeError, match="list of addresses"):
        notify(to=FAMILY, template=greeting, context=CONTEXT)
    assert mail.outbox == []


def test_a_line_break_in_a_value_does_not_break_the_subject(greeting):
    notify(to=[FAMILY], template=greeting, context={**CONTEXT, "child": "Amelia\nHart"})
    assert mail.outbox[0].subject == "Your request RFS-0042 for Amelia Hart"


def test_a_template_without_a_body_is_refused(write_template):
    template = write_template("tests/no_body", "Just a subject\n")
    with pytest.raises(ValueError, match="subject line, then a blank line"):
        notify(to=[FAMILY], template=template, context={})
    # Rendered even with nobody to send to, so a broken template always shows.
    with pytest.raises(ValueError, match="subject line, then a blank line"):
        notify(to=[], template=template, context={})


def test_the_log_names_the_template_and_count_but_no_person(greeting, notification_logs):
    notify(to=[REFERRER, FAMILY], template=greeting, context=CONTEXT)

    [record] = notification_logs.records
    assert record.name == "frontdoor.notifications"
    assert record.levelno == logging.INFO
    assert record.getMessage() == "notification tests/greeting: 2 sent"
    for personal in [REFERRER, FAMILY, "family", "senco", *CONTEXT.values(), "Amelia", "Hart"]:
        assert personal not in notification_logs.text


def test_a_call_with_nobody_to_send_to_is_logged_too(greeting, notification_logs):
    notify(to=[""], template=greeting, context=CONTEXT)
    assert notification_logs.messages == ["notification tests/greeting: 0 sent"]


def test_notify_lets_a_mail_server_failure_propagate(greeting, refusing_mail_server):
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        notify(to=[FAMILY], template=greeting, context=CONTEXT)


@pytest.mark.django_db
def test_notify_on_commit_sends_only_once_the_transaction_commits(
    greeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            notify_on_commit(to=[REFERRER, FAMILY], template=greeting, context=CONTEXT)
            assert mail.outbox == []
        assert mail.outbox == []  # still inside the test's own transaction

    assert len(callbacks) == 1
    assert [message.to for message in mail.outbox] == [[REFERRER], [FAMILY]]
    assert mail.outbox[0].subject == "Your request RFS-0042 for Amelia Hart"


@pytest.mark.django_db
def test_notify_on_commit_sends_nothing_when_the_transaction_rolls_back(
    greeting, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify_on_commit(to=[FAMILY], template=greeting, context=CONTEXT)
        raise RuntimeError("the request was not recorded")

    assert callbacks == []
    assert mail.outbox == []


@pytest.mark.django_db
def test_notify_on_commit_sends_what_was_asked_when_it_was_asked(
    greeting, django_capture_on_commit_callbacks
):
    to = [FAMILY]
    context = dict(CONTEXT)
    with django_capture_on_commit_callbacks(execute=True):
        notify_on_commit(to=to, template=greeting, context=context)
        to.append(REFERRER)
        context["reference"] = "RFS-9999"

    [message] = mail.outbox
    assert message.to == [FAMILY]
    assert "RFS-0042" in message.subject


@pytest.mark.django_db
def test_notify_on_commit_logs_a_mail_server_failure_without_the_addresses(
    greeting, refusing_mail_server, notification_logs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify_on_commit(to=[FAMILY], template=greeting, context=CONTEXT)

    [record] = notification_logs.records
    assert record.levelno == logging.ERROR
    assert record.getMessage() == "notification tests/greeting: not sent (SMTPRecipientsRefused)"
    assert record.exc_info is None  # the exception's message names the refused addresses
    assert FAMILY not in notification_logs.text


def test_notify_on_commit_refuses_one_address_as_a_string_at_once(greeting):
    with pytest.raises(TypeError, match="list of addresses"):
        notify_on_commit(to=FAMILY, template=greeting, context=CONTEXT)


# The settings for each environment -----------------------------------------------------------


def _reload_settings(module: str, environ: dict[str, str]):
    names = ["EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER"]
    names += ["EMAIL_HOST_PASSWORD", "EMAIL_USE_TLS", "EMAIL_TIMEOUT"]
    with pytest.MonkeyPatch.context() as patch:
        for name in names:
            patch.delitem(os.environ, name, raising=False)
        patch.setitem(os.environ, "SECRET_KEY", "s" * 60)
        patch.setitem(os.environ, "ALLOWED_HOSTS", "frontdoor.example.gov.uk")
        for name, value in environ.items():
            patch.setitem(os.environ, name, value)
        return importlib.reload(importlib.import_module(f"frontdoor.config.settings.{module}"))


def test_dev_prints_email_to_the_console():
    dev = _reload_settings("dev", {})
    assert dev.MAILERS == {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}


def test_dev_sends_through_another_backend_when_asked():
    dev = _reload_settings(
        "dev",
        {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_PORT": "1025"},
    )
    assert dev.MAILERS["default"]["OPTIONS"]["host"] == "localhost"
    assert dev.MAILERS["default"]["OPTIONS"]["port"] == 1025


def test_production_sends_through_smtp_configured_from_the_environment():
    production = _reload_settings(
        "production",
        {
            "EMAIL_HOST": "smtp.example.gov.uk",
            "EMAIL_HOST_USER": "frontdoor",
            "EMAIL_HOST_PASSWORD": "not-a-real-password",
        },
    )
    assert production.MAILERS == {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": "smtp.example.gov.uk",
                "port": 587,
                "username": "frontdoor",
                "password": "not-a-real-password",
                "use_tls": True,
                "timeout": 10.0,
            },
        }
    }


def test_production_smtp_port_and_tls_can_be_changed():
    production = _reload_settings(
        "production", {"EMAIL_HOST": "relay", "EMAIL_PORT": "25", "EMAIL_USE_TLS": "false"}
    )
    assert production.MAILERS["default"]["OPTIONS"]["port"] == 25
    assert production.MAILERS["default"]["OPTIONS"]["use_tls"] is False


def test_tests_keep_email_in_memory(settings):
    assert settings.MAILERS["default"]["BACKEND"] == "django.core.mail.backends.locmem.EmailBackend"
    assert settings.DEFAULT_FROM_EMAIL
