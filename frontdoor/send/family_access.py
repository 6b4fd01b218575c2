"""Family access to a child's EHC case: the parent and young-person accounts that follow the
child (`User.children`), given and taken away by the SEND caseworkers whose area holds the
child's request or plan. A new account is sent a one-time link to choose its password
(frontdoor.core.views_invitation); an existing one a short notice. Neither email names the
child, and the audit trail holds account ids, never names or addresses."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from frontdoor.core import access, audit
from frontdoor.core.access import Permission
from frontdoor.core.models import User
from frontdoor.core.notifications import notify_on_commit
from frontdoor.core.roles import Role
from frontdoor.pupils.models import Pupil
from frontdoor.send.models import EhcRequest
from frontdoor.send.models_plans import EhcPlan
from frontdoor.send.services import SendRefused

# Reads ----------------------------------------------------------------------------------------


def child_in_area(user, pupil_id: int) -> Pupil | None:
    """The child, if the user's SEND area holds an EHC request or plan of theirs; None
    otherwise, exactly as for a child who does not exist."""
    if not access.can(user, Permission.WORK_SEND_CASES):
        return None
    requests = access.scope_send_requests(user, EhcRequest.objects.filter(pupil=OuterRef("pk")))
    plans = access.scope_send_plans(user, EhcPlan.objects.filter(pupil=OuterRef("pk")))
    return Pupil.objects.filter(pk=pupil_id).filter(Exists(requests) | Exists(plans)).first()


@dataclass(frozen=True)
class AreaCases:
    """The child's EHC requests and plans in the user's area, to link back to."""

    requests: list[EhcRequest]
    plans: list[EhcPlan]


def area_cases(user, pupil: Pupil) -> AreaCases:
    return AreaCases(
        requests=list(
            access.scope_send_requests(user, EhcRequest.objects.filter(pupil=pupil)).order_by(
                "-received_on", "-pk"
            )
        ),
        plans=list(access.scope_send_plans(user, EhcPlan.objects.filter(pupil=pupil))),
    )


def family_accounts(pupil: Pupil) -> QuerySet[User]:
    """The parent and young-person accounts that follow the child, switched-off ones too."""
    return User.objects.filter(role=Role.PARENT, children=pupil).order_by(
        "first_name", "last_name", "pk"
    )


@dataclass(frozen=True)
class FamilyAccount:
    account: User
    status: str

    @property
    def invitation_pending(self) -> bool:
        """Active and no password chosen yet: a new invitation can be sent."""
        return self.account.is_active and not self.account.has_usable_password()


def family_accounts_shown(pupil: Pupil) -> list[FamilyAccount]:
    """The followers with where each account stands, as the caseworker would say it."""
    return [FamilyAccount(account, _status(account)) for account in family_accounts(pupil)]


def _status(account: User) -> str:
    if not account.is_active:
        return "Account switched off"
    if account.last_login:
        return f"Last signed in {account.last_login:%-d %B %Y}"
    if not account.has_usable_password():
        return "Invitation sent: password not chosen yet"
    return "Not signed in yet"


def family_account_count(user, pupil: Pupil) -> int | None:
    """How many active family accounts follow the child, for a SEND caseworker; None for
    anyone else (who is not shown it)."""
    if not access.can(user, Permission.WORK_SEND_CASES):
        return None
    return family_accounts(pupil).filter(is_active=True).count()


# Writes ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Grant:
    account: User
    new_account: bool  # made now, and sent an invitation
    already: bool  # the account followed the child already: nothing changed


@transaction.atomic
def family_access_grant(*, pupil: Pupil, full_name: str, email: str, by) -> Grant:
    """Let the parent or young person with `email` follow the child's EHC case: their
    existing account, or a new one (username the email) invited to choose its password."""
    _require_in_area(by, pupil)
    email = email.strip().lower()
    account = _family_account_for(email)
    if account is not None and account.children.filter(pk=pupil.pk).exists():
        return Grant(account, new_account=False, already=True)
    new_account = account is None
    if new_account:
        account = _parent_account_create(full_name=full_name, email=email, by=by)
    account.children.add(pupil)
    audit.record(
        by,
        "send.family_access.grant",
        pupil,
        detail={"account": account.pk, "new_account": new_account},
    )
    if account.has_usable_password():
        notify_on_commit(
            to=[account.email],
            template="send/family_access_granted",
            context={"url": settings.FRONTDOOR_BASE_URL + reverse("send_family")},
        )
    else:  # new, or invited before and never set a password: a fresh link
        _invitation_send(account)
    return Grant(account, new_account=new_account, already=False)


@transaction.atomic
def family_access_remove(*, pupil: Pupil, account_id: int, by) -> User:
    """Stop the account following the child's EHC case (the account itself stays)."""
    _require_in_area(by, pupil)
    account = family_accounts(pupil).filter(pk=account_id).first()
    if account is None:
        raise SendRefused(
            "That account does not follow this child’s case: it may have been removed already."
        )
    account.children.remove(pupil)
    audit.record(by, "send.family_access.remove", pupil, detail={"account": account.pk})
    return account


@transaction.atomic
def family_access_reinvite(*, pupil: Pupil, account_id: int, by) -> User:
    """A fresh invitation link for a follower who has not chosen a password yet (the last
    one expired, or never arrived)."""
    _require_in_area(by, pupil)
    account = family_accounts(pupil).filter(pk=account_id, is_active=True).first()
    if account is None:
        raise SendRefused(
            "That account does not follow this child’s case: it may have been removed already."
        )
    if account.has_usable_password():
        raise SendRefused(
            f"{account.get_full_name() or account.email} has chosen a password already: they "
            "sign in with their email address."
        )
    _invitation_send(account)
    audit.record(by, "send.family_access.reinvite", pupil, detail={"account": account.pk})
    return account


def _require_in_area(user, pupil: Pupil) -> None:
    access.require(user, Permission.WORK_SEND_CASES)
    if child_in_area(user, pupil.pk) is None:
        raise PermissionDenied("This child has no EHC request or plan in your area.")


def _family_account_for(email: str) -> User | None:
    """The active family account for the address, None when nobody has it; refused when the
    address is a professional's, a switched-off account's or several accounts'."""
    found = list(User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)))
    if not found:
        return None
    if any(account.role != Role.PARENT for account in found):
        raise SendRefused(
            "This email address belongs to a professional’s account, which cannot follow a "
            "child’s case. Enter the parent’s or young person’s own email address.",
            "email",
        )
    if len(found) > 1:
        raise SendRefused(
            "More than one account has this email address: ask an administrator to merge them.",
            "email",
        )
    account = found[0]
    if not account.is_active:
        raise SendRefused(
            "The account with this email address is switched off: ask an administrator "
            "whether it should be switched back on.",
            "email",
        )
    return account


def _parent_account_create(*, full_name: str, email: str, by) -> User:
    """A parent's account with no password: core.services.user_create needs one, and here
    the family chooses it through the invitation."""
    first_name, _, last_name = " ".join(full_name.split()).partition(" ")
    account = User(
        username=email, email=email, first_name=first_name, last_name=last_name, role=Role.PARENT
    )
    account.set_unusable_password()
    account.save()
    audit.record(by, "user.create", account, detail={"role": str(Role.PARENT)})
    return account


def _invitation_send(account: User) -> None:
    uidb64 = urlsafe_base64_encode(force_bytes(account.pk))
    token = default_token_generator.make_token(account)
    path = reverse("account_invitation", kwargs={"uidb64": uidb64, "token": token})
    notify_on_commit(
        to=[account.email],
        template="send/family_access_invitation",
        context={
            "url": settings.FRONTDOOR_BASE_URL + path,
            "username": account.username,
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        },
    )
