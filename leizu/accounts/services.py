"""Writes about accounts: memberships, invitations, API tokens, language, passwords, two-factor."""

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from leizu.accounts.models import ApiToken, Invitation, Membership, Role, User, token_digest
from leizu.core.access import Actor
from leizu.core.audit import audit_record
from leizu.core.errors import ServiceError

INVITATION_DAYS = 14
# Password reset e-mails per hour, for one e-mail address and for one network address.
PASSWORD_RESETS_PER_EMAIL = 3
PASSWORD_RESETS_PER_IP = 10
PASSWORD_RESET_WINDOW_SECONDS = 3600


def user_set_language(*, user: User, language: str) -> None:
    if language in dict(settings.LANGUAGES) and user.preferred_language != language:
        before = user.preferred_language
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        audit_record(
            actor=user,
            action="user.language",
            obj=user,
            before={"preferred_language": before},
            after={"preferred_language": language},
        )


def can_invite(actor: Actor, institution_id: int) -> bool:
    """Network managers invite to any institution; an institution's admins to their own."""
    return actor.manages_network or "admin" in actor.roles_at(institution_id)


@transaction.atomic
def membership_add(*, by: Any, user: User, institution: Any, role: str) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user, institution=institution, role=role
    )
    if created:
        audit_record(
            actor=by,
            action="membership.add",
            obj=membership,
            institution_id=institution.pk,
            after={"user": user.email, "role": role},
        )
    return membership


@transaction.atomic
def invitation_create(
    *, by: Actor, email: str, institution: Any, role: str, language: str
) -> tuple[Invitation, str]:
    """Create an invitation and e-mail its link. Returns the invitation and the raw token."""
    if not can_invite(by, institution.pk):
        raise PermissionDenied
    if role not in Role.values:
        raise ServiceError(_("Unknown role."), fields={"role": [_("Choose a role.")]})
    raw = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email.strip().lower(),
        institution=institution,
        role=role,
        language=language,
        token_hash=token_digest(raw),
        invited_by=by.user,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    link = settings.LEIZU_BASE_URL.rstrip("/") + reverse("accounts:accept", args=[raw])
    with translation.override(language):
        subject = _("Invitation to Leizu")
        body = render_to_string(
            "accounts/invitation_email.txt",
            {"invitation": invitation, "link": link, "days": INVITATION_DAYS},
        )
    send_mail(subject, body, None, [invitation.email])
    audit_record(
        actor=by,
        action="invitation.create",
        obj=invitation,
        institution_id=institution.pk,
        after={"email": invitation.email, "role": role},
    )
    return invitation, raw


def invitation_find(*, raw_token: str) -> Invitation | None:
    invitation = (
        Invitation.objects.select_related("institution")
        .filter(token_hash=token_digest(raw_token))
        .first()
    )
    return invitation if invitation and invitation.is_open() else None


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, display_name: str, password: str, user: User | None = None
) -> User:
    """Create the invited person's account (or use the signed-in one) and add the membership."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_open():
        raise ServiceError(_("This invitation has already been used or has expired."))
    if user is None:
        if User.objects.filter(email=invitation.email).exists():
            raise ServiceError(_("An account with this e-mail exists: log in to accept."))
        candidate = User(email=invitation.email, display_name=display_name)
        try:
            validate_password(password, candidate)
        except ValidationError as exc:
            raise ServiceError(" ".join(exc.messages), fields={"password1": exc.messages}) from exc
        user = User.objects.create_user(
            invitation.email,
            password,
            display_name=display_name,
            preferred_language=invitation.language,
        )
        audit_record(actor=user, action="user.create", obj=user, after={"email": user.email})
    elif user.email != invitation.email:
        raise ServiceError(_("This invitation was sent to another e-mail address."))
    membership_add(by=user, user=user, institution=invitation.institution, role=invitation.role)
    locked.accepted_at = timezone.now()
    locked.save(update_fields=["accepted_at"])
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    raw = "lz_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or _("API token"),
        prefix=raw[:10],
        token_hash=token_digest(raw),
    )
    audit_record(actor=user, action="api_token.create", obj=token, after={"name": token.name})
    return token, raw


@transaction.atomic
def api_token_revoke(*, user: User, token: ApiToken) -> None:
    if token.user_id != user.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=user, action="api_token.revoke", obj=token)


def api_token_authenticate(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=token_digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Write the last use at most once a minute: a busy client should not write on every call.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def totp_device_for_setup(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator device, created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def totp_confirm(*, user: User, device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=user, action="user.two_factor_enabled", obj=user)
    return True


@transaction.atomic
def user_password_change(*, user: User, password: str) -> None:
    """The user chose a new password while signed in; sessions with the old one end."""
    _password_set(user=user, password=password, action="accounts.password.change")


@transaction.atomic
def user_password_reset(*, user: User, password: str) -> None:
    """The user chose a new password through the e-mailed link; every session ends."""
    _password_set(user=user, password=password, action="accounts.password.reset")


def _password_set(*, user: User, password: str, action: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages), fields={"new_password1": exc.messages}) from exc
    # A new password hash changes the session hash: Django ends the sessions that carry the old
    # one (the view keeps its own with update_session_auth_hash where the user stays signed in).
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=user, action=action, obj=user)


def password_reset_allowed(*, email: str, ip_address: str | None) -> bool:
    """Count one reset request; False once the e-mail or network address had its hourly share."""
    per_email = _hourly_count("email", email.strip().lower())
    per_ip = _hourly_count("ip", ip_address or "")
    return per_email <= PASSWORD_RESETS_PER_EMAIL and per_ip <= PASSWORD_RESETS_PER_IP


def _hourly_count(kind: str, value: str) -> int:
    digest = hashlib.sha256(value.encode()).hexdigest()
    key = f"leizu:password-reset:{kind}:{digest}"
    cache.add(key, 0, timeout=PASSWORD_RESET_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=PASSWORD_RESET_WINDOW_SECONDS)
        return 1
