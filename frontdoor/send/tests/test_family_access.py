"""Family access to a child's EHC case: the caseworker gives and removes it (services and the
page), the refusals, the audit, the emails, who may open the page, and the invitation link
from the email to signing in."""

import html
import re
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from frontdoor.conftest import TEST_PASSWORD
from frontdoor.core.models import AuditEvent, User
from frontdoor.core.roles import Role
from frontdoor.send.family_access import (
    child_in_area,
    family_access_grant,
    family_access_reinvite,
    family_access_remove,
    family_account_count,
)
from frontdoor.send.services import SendRefused
from frontdoor.send.tests.plans import issued_plan

LONDON = ZoneInfo("Europe/London")
NEW_PASSWORD = "granite lantern orchard"


@pytest.fixture
def mother(county):
    """An existing parent account with a password, following nobody yet."""
    user = User.objects.create_user(
        username="jo.stone@example.org",
        email="jo.stone@example.org",
        password=TEST_PASSWORD,
        first_name="Jo",
        last_name="Stone",
        role=Role.PARENT,
    )
    return user


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    """`with sending():` sends, on leaving the block, what the services sent on commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def page_url(pupil) -> str:
    return reverse("send_family_access", kwargs={"pupil_id": pupil.pk})


def text(response) -> str:
    words = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(words).split())


def events(action: str):
    return AuditEvent.objects.filter(action=action)


def invitation_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/invitation/\S+/)", message.body).group(1)


# Services -------------------------------------------------------------------------------------


def test_a_new_address_gets_a_parent_account_and_an_invitation(county, caseworker, bellas, sending):
    with sending():
        grant = family_access_grant(
            pupil=county.pupil_b,
            full_name="  Sam  Lee Stone ",
            email="Sam.Stone@Example.org ",
            by=caseworker,
        )
    account = grant.account
    assert grant.new_account and not grant.already
    assert (account.username, account.email) == ("sam.stone@example.org", "sam.stone@example.org")
    assert (account.first_name, account.last_name) == ("Sam", "Lee Stone")
    assert account.role == Role.PARENT and account.is_active
    assert not account.has_usable_password()
    assert list(account.children.all()) == [county.pupil_b]
    [message] = mail.outbox
    assert message.to == ["sam.stone@example.org"]
    assert "Your username is your email address: sam.stone@example.org" in message.body
    assert "/accounts/invitation/" in message.body
    assert "Bella" not in message.body and "Stone" not in message.subject
    [event] = events("send.family_access.grant")
    assert (event.object_type, event.object_id) == ("pupils.pupil", str(county.pupil_b.pk))
    assert event.detail == {"account": account.pk, "new_account": True}
    assert events("user.create").get().detail == {"role": "parent"}


def test_an_existing_parent_is_linked_and_told(county, caseworker, bellas, mother, sending):
    with sending():
        grant = family_access_grant(
            pupil=county.pupil_b,
            full_name="Someone Else",
            email="JO.STONE@example.org",
            by=caseworker,
        )
    assert grant.account == mother and not grant.new_account
    mother.refresh_from_db()
    assert mother.first_name == "Jo"  # the typed name does not change an existing account
    assert list(mother.children.all()) == [county.pupil_b]
    [message] = mail.outbox
    assert message.to == ["jo.stone@example.org"]
    assert "/send/my-case/" in message.body and "invitation" not in message.body
    assert "Bella" not in message.body
    assert events("send.family_access.grant").get().detail == {
        "account": mother.pk,
        "new_account": False,
    }
    assert User.objects.filter(role=Role.PARENT).count() == 1


def test_giving_access_twice_changes_nothing(county, caseworker, bellas, mother, sending):
    with sending():
        family_access_grant(pupil=county.pupil_b, full_name="Jo", email=mother.email, by=caseworker)
        again = family_access_grant(
            pupil=county.pupil_b, full_name="Jo", email=mother.email, by=caseworker
        )
    assert again.already
    assert events("send.family_access.grant").count() == 1
    assert len(mail.outbox) == 1


def test_an_account_invited_before_gets_a_new_link(county, caseworker, bellas, sending):
    with sending():
        first = family_access_grant(
            pupil=county.pupil_b, full_name="Sam Stone", email="sam@example.org", by=caseworker
        )
        family_access_remove(pupil=county.pupil_b, account_id=first.account.pk, by=caseworker)
        again = family_access_grant(
            pupil=county.pupil_b, full_name="Sam Stone", email="sam@example.org", by=caseworker
        )
    assert again.account == first.account and not again.new_account
    assert ["/accounts/invitation/" in message.body for message in mail.outbox] == [True, True]


@pytest.mark.parametrize("role", [Role.SENCO, Role.SEND_CASEWORKER, Role.PARTNER])
def test_a_professionals_address_is_refused(county, caseworker, bellas, sending, role):
    User.objects.create(username="pro", email="pro@example.org", role=role)
    with sending(), pytest.raises(SendRefused) as refused:
        family_access_grant(
            pupil=county.pupil_b, full_name="Pat", email="Pro@example.org", by=caseworker
        )
    assert refused.value.field == "email"
    assert "professional’s account" in str(refused.value)
    assert not User.objects.filter(children=county.pupil_b).exists()
    assert not events("send.family_access.grant").exists() and not mail.outbox


def test_a_switched_off_parent_account_is_refused(county, caseworker, bellas, mother):
    mother.is_active = False
    mother.save()
    with pytest.raises(SendRefused, match="switched off"):
        family_access_grant(pupil=county.pupil_b, full_name="Jo", email=mother.email, by=caseworker)
    assert not mother.children.exists()


def test_removing_access(county, caseworker, bellas, mother):
    mother.children.add(county.pupil_b, county.pupil_a)
    removed = family_access_remove(pupil=county.pupil_b, account_id=mother.pk, by=caseworker)
    assert removed == mother
    assert list(mother.children.all()) == [county.pupil_a]  # another child's access stays
    [event] = events("send.family_access.remove")
    assert event.detail == {"account": mother.pk}
    assert event.object_id == str(county.pupil_b.pk)
    with pytest.raises(SendRefused, match="does not follow"):
        family_access_remove(pupil=county.pupil_b, account_id=mother.pk, by=caseworker)


def test_only_a_caseworker_of_the_childs_area_may_change_access(
    county, caseworker, bellas, mother, persona
):
    north = User.objects.create(username="send.north", role=Role.SEND_CASEWORKER)
    north.districts.set([county.north])
    for outsider in (north, persona("head_b"), persona("la_admin")):
        with pytest.raises(PermissionDenied):
            family_access_grant(
                pupil=county.pupil_b, full_name="Jo", email=mother.email, by=outsider
            )
    mother.children.add(county.pupil_b)
    with pytest.raises(PermissionDenied):
        family_access_remove(pupil=county.pupil_b, account_id=mother.pk, by=north)
    # Amelia has no EHC case anywhere: nobody manages her family's access.
    with pytest.raises(PermissionDenied):
        family_access_grant(pupil=county.pupil_a, full_name="Jo", email=mother.email, by=caseworker)
    assert list(mother.children.all()) == [county.pupil_b]


def test_a_plan_alone_puts_the_child_in_the_area(county, caseworker):
    assert child_in_area(caseworker, county.pupil_b.pk) is None
    issued_plan("PLAN-1", pupil=county.pupil_b, district=county.south, issued_on=date(2025, 1, 6))
    assert child_in_area(caseworker, county.pupil_b.pk) == county.pupil_b


def test_the_count_is_of_active_family_accounts_for_caseworkers_only(
    county, caseworker, bellas, mother, persona
):
    other = User.objects.create(username="gone", role=Role.PARENT, is_active=False)
    for account in (mother, other):
        account.children.add(county.pupil_b)
    assert family_account_count(caseworker, county.pupil_b) == 1
    assert family_account_count(persona("head_b"), county.pupil_b) is None


# The page ------------------------------------------------------------------------------------


def test_the_page_lists_who_follows_the_child(client_, county, bellas, mother):
    mother.children.add(county.pupil_b)
    invited = User.objects.create(
        username="sam@example.org", email="sam@example.org", first_name="Sam", role=Role.PARENT
    )
    invited.set_unusable_password()
    invited.save()
    invited.children.add(county.pupil_b)
    response = client_.get(page_url(county.pupil_b))
    page = text(response)
    assert "Family access Bella Stone" in page
    assert "Jo Stone jo.stone@example.org Not signed in yet Remove access" in page
    assert "Sam sam@example.org Invitation sent: password not chosen yet" in page
    assert bellas.reference in page
    assert events("send.family_access.view").get().object_id == str(county.pupil_b.pk)


def test_giving_access_on_the_page(client_, county, bellas, sending):
    with sending():
        response = client_.post(
            page_url(county.pupil_b),
            {"action": "grant", "full_name": "Sam Stone", "email": "sam@example.org"},
            follow=True,
        )
    page = text(response)
    assert "Account made for Sam Stone, who can now follow Bella’s EHC case" in page
    assert "Sam Stone sam@example.org Invitation sent" in page
    assert len(mail.outbox) == 1
    with sending():
        again = client_.post(
            page_url(county.pupil_b),
            {"action": "grant", "full_name": "Sam Stone", "email": "sam@example.org"},
            follow=True,
        )
    assert "Sam Stone already follows Bella’s EHC case: nothing has changed." in text(again)
    assert len(mail.outbox) == 1


def test_a_staff_address_is_refused_on_the_page_keeping_what_was_typed(
    client_, county, bellas, persona
):
    senco = persona("senco_a")
    senco.email = "senco@alder.example.org"
    senco.save()
    response = client_.post(
        page_url(county.pupil_b),
        {"action": "grant", "full_name": "Sue Senco", "email": senco.email},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert 'href="#id_email"' in content
    assert 'value="Sue Senco"' in content and f'value="{senco.email}"' in content
    assert "professional’s account" in html.unescape(content)
    assert not senco.children.exists()
    assert not events("send.family_access.grant").exists()


def test_a_form_with_mistakes_says_what_to_fix(client_, county, bellas):
    response = client_.post(
        page_url(county.pupil_b), {"action": "grant", "full_name": "", "email": "not-an-address"}
    )
    page = text(response)
    assert page.startswith("Error: ")
    assert "Enter the parent’s or young person’s full name" in page
    assert "Enter an email address in the correct format" in page
    assert 'value="not-an-address"' in response.content.decode()


def test_removing_access_on_the_page(client_, county, bellas, mother):
    mother.children.add(county.pupil_b)
    response = client_.post(
        page_url(county.pupil_b), {"action": "remove", "account": mother.pk}, follow=True
    )
    page = text(response)
    assert "Jo Stone can no longer follow Bella’s EHC case." in page
    assert "No parent or young person follows Bella’s case yet." in page
    assert not mother.children.exists()
    again = client_.post(
        page_url(county.pupil_b), {"action": "remove", "account": "x"}, follow=True
    )
    assert "does not follow this child’s case" in text(again)


def test_who_may_open_the_page(client, county, bellas, persona, caseworker):
    north = User.objects.create(username="send.north", role=Role.SEND_CASEWORKER)
    north.districts.set([county.north])
    client.force_login(north)
    assert client.get(page_url(county.pupil_b)).status_code == 404
    client.force_login(caseworker)
    assert client.get(page_url(county.pupil_a)).status_code == 404  # no EHC case
    assert client.get("/send/children/999999/family-access/").status_code == 404
    for name in ("parent", "head_b", "senco_a", "la_admin"):
        client.force_login(persona(name))
        assert client.get(page_url(county.pupil_b)).status_code == 403
        response = client.post(
            page_url(county.pupil_b),
            {"action": "grant", "full_name": "X", "email": "x@example.org"},
        )
        assert response.status_code == 403
    assert not User.objects.filter(email="x@example.org").exists()


def test_the_request_and_plan_pages_link_to_it(client_, county, bellas, mother):
    mother.children.add(county.pupil_b)
    plan = issued_plan(
        "PLAN-1", pupil=county.pupil_b, district=county.south, issued_on=date(2025, 1, 6)
    )
    for url in (
        reverse("send_request", kwargs={"ehc_request_id": bellas.pk}),
        reverse("send_plan", kwargs={"plan_id": plan.pk}),
    ):
        response = client_.get(url)
        page = text(response)
        assert "Family access 1 parent or young person account can follow Bella’s case" in page
        assert f'href="{page_url(county.pupil_b)}">Manage family access' in (
            response.content.decode()
        )


# The invitation -------------------------------------------------------------------------------


def test_from_the_invitation_to_signing_in(client_, county, bellas, sending):
    with sending():
        client_.post(
            page_url(county.pupil_b),
            {"action": "grant", "full_name": "Sam Stone", "email": "sam@example.org"},
        )
    link = invitation_path(mail.outbox[0])
    family = Client()  # the parent's own browser, not signed in
    opened = family.get(link)
    assert opened.status_code == 302 and opened.url.endswith("/set-password/")
    form = family.get(opened.url)
    assert "Choose your password" in text(form) and "sam@example.org" in text(form)
    mismatch = family.post(
        opened.url, {"new_password1": NEW_PASSWORD, "new_password2": "something else"}
    )
    assert "govuk-error-summary" in mismatch.content.decode()
    done = family.post(opened.url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done.url == reverse("login")
    assert "Your password is set." in text(family.get(done.url))
    account = User.objects.get(username="sam@example.org")
    assert events("auth.invitation_accept").get().actor == account
    signed_in = family.post(
        reverse("login"), {"username": "sam@example.org", "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302
    assert family.get(reverse("send_family")).status_code == 200
    # Used once: the link no longer works.
    family.post(reverse("logout"))
    assert "This link does not work" in text(family.get(link))


def test_a_bad_link_says_whom_to_contact(client, db):
    response = client.get(
        reverse("account_invitation", kwargs={"uidb64": "MQ", "token": "abc-123"})
    )
    page = text(response)
    assert response.status_code == 200
    assert "This link does not work" in page
    assert "contact your child’s SEND caseworker" in page


def test_a_staff_account_cannot_be_taken_through_an_invitation(client, persona):
    staff = persona("send_caseworker_south")
    uidb64 = urlsafe_base64_encode(force_bytes(staff.pk))
    token = default_token_generator.make_token(staff)
    url = reverse("account_invitation", kwargs={"uidb64": uidb64, "token": token})
    assert "This link does not work" in text(client.get(url))


def test_a_new_invitation_for_a_follower_without_a_password(
    client_, county, caseworker, bellas, sending
):
    with sending():
        grant = family_access_grant(
            pupil=county.pupil_b, full_name="Sam Stone", email="sam@example.org", by=caseworker
        )
        page = text(client_.get(page_url(county.pupil_b)))
        assert "Send a new invitation to Sam Stone" in page
        response = client_.post(
            page_url(county.pupil_b),
            {"action": "reinvite", "account": grant.account.pk},
            follow=True,
        )
    assert "Sam Stone has been emailed a new link to choose their password." in text(response)
    _, second = (invitation_path(message) for message in mail.outbox)
    assert "Choose your password" in text(Client().get(second, follow=True))
    assert events("send.family_access.reinvite").get().detail == {"account": grant.account.pk}


def test_no_new_invitation_once_a_password_is_chosen(county, caseworker, bellas, mother):
    mother.children.add(county.pupil_b)
    with pytest.raises(SendRefused, match="Jo Stone has chosen a password already"):
        family_access_reinvite(pupil=county.pupil_b, account_id=mother.pk, by=caseworker)
    assert not events("send.family_access.reinvite").exists()
