"""Writes of agreements: drafting (also from a visit's proposal or wish), terms, parties,
conditions, text versions, approvals and the stage. Each checks the access rule
(``agreements/access.py``), runs in one short transaction and writes an audit entry."""

from __future__ import annotations

import copy
import datetime
import hashlib
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from leizu.agreements import access
from leizu.agreements.approvals import approval_status
from leizu.agreements.fingerprint import content_of, sha256_of
from leizu.agreements.models import (
    Agreement,
    AgreementParty,
    AgreementStage,
    AgreementVersion,
    Approval,
    ApprovalLink,
    Condition,
    VersionComment,
)
from leizu.core.access import Actor
from leizu.core.audit import audit_record
from leizu.core.errors import EditConflict, ServiceError
from leizu.core.files import stored_file_create
from leizu.core.imports import ChangeSet
from leizu.core.services import save_created, save_updated
from leizu.institutions.models import Institution

AGREEMENT_FIELDS = (
    "kind",
    "programme_type",
    "parent",
    "title",
    "summary",
    "valid_from",
    "valid_until",
    "renewal",
    "renewal_years",
    "denounce_days",
)
ORIGIN_FIELDS = ("origin_visit", "origin_proposal", "origin_interest")
PARTY_FIELDS = ("unit", "reference", "signatory", "signed_on", "signed_at")
CONDITION_FIELDS = (
    "kind",
    "sending",
    "sending_unit",
    "receiving",
    "receiving_unit",
    "field_code",
    "isced_level",
    "national_level",
    "places_per_year",
    "duration",
    "duration_unit",
    "language",
    "cefr_level",
    "first_year",
    "last_year",
)
VERSION_FIELDS = ("kind", "text", "note")
# What a version's file may be: the signed scan (PDF, a photo) or a draft in Word.
VERSION_FILE_TYPES = frozenset(
    {
        "application/pdf",
        "image/jpeg",
        "image/png",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
)
FIXED_STAGES = (AgreementStage.SIGNED, AgreementStage.TERMINATED)


def _pick(data: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k in fields}


def _require_open(agreement: Agreement) -> None:
    if _lock(agreement).stage in FIXED_STAGES:
        raise _closed()


def _closed() -> ServiceError:
    return ServiceError(
        _(
            "A signed or terminated agreement no longer changes: add a text version, an annex "
            "or a renewal."
        )
    )


def _require_not_terminated(agreement: Agreement) -> None:
    if agreement.stage == AgreementStage.TERMINATED:
        raise ServiceError(_("The agreement was terminated: nothing more is added to it."))


def _lock(agreement: Agreement) -> Agreement:
    """The agreement's row, locked until the transaction ends: a change and a signing at the
    same moment do not both pass (PostgreSQL; SQLite's writes are serialised anyway)."""
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def _check_parent(by: Actor, parent: Agreement | None) -> None:
    if parent is None:
        return
    visible = Agreement.objects.filter(access.visible_agreements_q(by), pk=parent.pk).exists()
    if not visible:
        raise ServiceError(_("Choose an agreement you see."), fields={"parent": [_("Not found.")]})


def _check_origin(by: Actor, data: dict[str, Any]) -> dict[str, Any]:
    """The visit outcome an agreement comes from, seen by the actor; its visit filled in."""
    from leizu.visits.access import visible_visits_q
    from leizu.visits.models import Visit

    proposal, interest = data.get("origin_proposal"), data.get("origin_interest")
    outcome = proposal or interest
    visit = data.get("origin_visit") or (outcome.visit if outcome is not None else None)
    if outcome is not None and outcome.visit_id != getattr(visit, "pk", None):
        raise ServiceError(_("The proposal or wish is not of that visit."))
    if visit is not None and not Visit.objects.filter(visible_visits_q(by), pk=visit.pk).exists():
        raise ServiceError(_("Choose a visit you see."), fields={"origin_visit": [_("Not found.")]})
    return {"origin_visit": visit, "origin_proposal": proposal, "origin_interest": interest}


@transaction.atomic
def agreement_create(
    *,
    by: Actor,
    drafted_by: Institution,
    data: dict[str, Any],
    parties: list[Institution],
) -> Agreement:
    """Draft an agreement in the name of ``drafted_by`` (one of its parties) with ``parties``:
    two or more institutions, ``drafted_by`` among them."""
    if not (by.is_operator or drafted_by.pk in access.drafter_institution_ids(by)):
        raise PermissionDenied
    institutions = list(dict.fromkeys([drafted_by, *parties]))
    if len(institutions) < 2:
        raise ServiceError(
            _("An agreement has two or more parties."), fields={"parties": [_("Add a party.")]}
        )
    _check_parent(by, data.get("parent"))
    agreement = Agreement(
        drafted_by=drafted_by,
        created_by=by.user,
        **_pick(data, AGREEMENT_FIELDS),
        **_check_origin(by, data),
    )
    save_created(
        agreement, by=by, action="agreements.agreement.create", institution_id=drafted_by.pk
    )
    for order, institution in enumerate(institutions):
        party = AgreementParty(agreement=agreement, institution=institution, order=order)
        save_created(party, by=by, action="agreements.party.create", institution_id=drafted_by.pk)
    return agreement


def agreement_stage_create(
    *,
    changes: ChangeSet,
    by: Actor,
    drafted_by: Institution,
    data: dict[str, Any],
    parties: list[Institution],
    reference: str,
) -> Agreement:
    """A new agreement of a register import, with its parties: checked as ``agreement_create``
    checks a draft, written with the file's other rows by ``changes.write()``. An import records
    agreements an office already has on paper, so ``data`` may give the stage it has reached
    (a signed one, a terminated one) and the drafter's own reference number."""
    if not (by.is_operator or drafted_by.pk in access.drafter_institution_ids(by)):
        raise PermissionDenied
    institutions = list(dict.fromkeys([drafted_by, *parties]))
    if len(institutions) < 2:
        raise ServiceError(
            _("An agreement has two or more parties."), fields={"party_ids": [_("Add a party.")]}
        )
    _check_parent(by, data.get("parent"))
    agreement = Agreement(
        drafted_by=drafted_by,
        created_by=by.user,
        stage=data.get("stage") or AgreementStage.DRAFT,
        terminated_on=data.get("terminated_on"),
        **_pick(data, AGREEMENT_FIELDS),
        **_check_origin(by, {"origin_visit": data.get("origin_visit")}),
    )
    changes.create(agreement, action="agreements.agreement.create", institution_id=drafted_by.pk)
    for order, institution in enumerate(institutions):
        party = AgreementParty(
            agreement=agreement,
            institution=institution,
            order=order,
            reference=reference if institution == drafted_by else "",
        )
        changes.create(party, action="agreements.party.create", institution_id=drafted_by.pk)
    return agreement


def agreement_stage_update(
    *, changes: ChangeSet, agreement: Agreement, by: Actor, data: dict[str, Any]
) -> bool:
    """A changed agreement of a register import (see ``agreement_stage_create``); False when the
    row changes nothing. Its version is checked when the change set is written. The parent is
    not among what an import changes: a chain is checked against the stored agreements, and two
    rows of one file could close it into a loop."""
    data = _pick(data, tuple(f for f in AGREEMENT_FIELDS if f != "parent"))
    if all(getattr(agreement, name) == value for name, value in data.items()):
        return False
    if not access.can_edit_agreement(by, agreement):
        raise PermissionDenied
    if agreement.stage in FIXED_STAGES:
        raise _closed()
    return changes.update(
        agreement,
        data,
        action="agreements.agreement.update",
        institution_id=agreement.drafted_by_id,
    )


def party_stage_update(
    *, changes: ChangeSet, party: AgreementParty, by: Actor, data: dict[str, Any]
) -> bool:
    """A party's reference number as a register import gives it; False when unchanged."""
    data = _pick(data, PARTY_FIELDS)
    if all(getattr(party, name) == value for name, value in data.items()):
        return False
    if not access.can_edit_party(by, party):
        raise PermissionDenied
    return changes.update(
        party, data, action="agreements.party.update", institution_id=party.institution_id
    )


@transaction.atomic
def agreement_update(
    *,
    agreement: Agreement,
    by: Actor,
    data: dict[str, Any],
    version: int | None,
    parties: list[Institution] | None = None,
) -> bool:
    """Change the terms (and, with ``parties``, who the parties are); False when nothing
    changed. Removing a party removes its conditions' institution from nothing: a party that
    sends or receives in a condition stays."""
    if not access.can_edit_agreement(by, agreement):
        raise PermissionDenied
    _require_open(agreement)
    if "parent" in data:
        _check_parent(by, data["parent"])
        if data["parent"] is not None and _in_chain_below(agreement, data["parent"]):
            raise ServiceError(
                _("An agreement cannot be part of itself."), fields={"parent": [_("Not allowed.")]}
            )
    changed = save_updated(
        agreement,
        by=by,
        action="agreements.agreement.update",
        data=_pick(data, AGREEMENT_FIELDS),
        version=version,
        institution_id=agreement.drafted_by_id,
    )
    if parties is not None:
        changed = _set_parties(agreement, by, parties) or changed
    return changed


def _in_chain_below(agreement: Agreement, candidate: Agreement) -> bool:
    node: Agreement | None = candidate
    seen = set()
    while node is not None and node.pk not in seen:
        if node.pk == agreement.pk:
            return True
        seen.add(node.pk)
        node = node.parent
    return False


def _set_parties(agreement: Agreement, by: Actor, institutions: list[Institution]) -> bool:
    wanted = {i.pk: i for i in [agreement.drafted_by, *institutions]}
    if len(wanted) < 2:
        raise ServiceError(
            _("An agreement has two or more parties."), fields={"parties": [_("Add a party.")]}
        )
    current = {p.institution_id: p for p in agreement.parties.all()}
    in_conditions = set(agreement.conditions.values_list("sending_id", flat=True)) | set(
        agreement.conditions.values_list("receiving_id", flat=True)
    )
    removed = [p for pk, p in current.items() if pk not in wanted]
    blocked = [p for p in removed if p.institution_id in in_conditions]
    if blocked:
        raise ServiceError(
            _("%(party)s sends or receives in a condition: change the condition first.")
            % {"party": blocked[0]}
        )
    for party in removed:
        audit_record(
            actor=by,
            action="agreements.party.delete",
            obj=party,
            institution_id=agreement.drafted_by_id,
        )
        party.delete()
    order = max((p.order for p in current.values()), default=0)
    for pk, institution in wanted.items():
        if pk not in current:
            order += 1
            party = AgreementParty(agreement=agreement, institution=institution, order=order)
            save_created(
                party,
                by=by,
                action="agreements.party.create",
                institution_id=agreement.drafted_by_id,
            )
    return bool(removed) or any(pk not in current for pk in wanted)


@transaction.atomic
def party_update(
    *, party: AgreementParty, by: Actor, data: dict[str, Any], version: int | None
) -> bool:
    """A party keeps its own reference number, unit, signatory and signing day and place."""
    if not access.can_edit_party(by, party):
        raise PermissionDenied
    data = _pick(data, PARTY_FIELDS)
    unit = data.get("unit")
    if unit is not None and unit.institution_id != party.institution_id:
        raise ServiceError(
            _("Choose a unit of the party."), fields={"unit": [_("Not a unit of the party.")]}
        )
    signatory = data.get("signatory")
    if signatory is not None and signatory.institution_id != party.institution_id:
        raise ServiceError(
            _("Choose a person of the party."), fields={"signatory": [_("Not of the party.")]}
        )
    return save_updated(
        party,
        by=by,
        action="agreements.party.update",
        data=data,
        version=version,
        institution_id=party.institution_id,
    )


def _check_condition(agreement: Agreement, condition: Condition) -> None:
    parties = set(agreement.parties.values_list("institution_id", flat=True))
    for name in ("sending", "receiving"):
        institution_id = getattr(condition, f"{name}_id")
        if institution_id not in parties:
            raise ServiceError(
                _("Choose a party of the agreement."), fields={name: [_("Not a party.")]}
            )
        unit = getattr(condition, f"{name}_unit")
        if unit is not None and unit.institution_id != institution_id:
            raise ServiceError(
                _("Choose a unit of that institution."),
                fields={f"{name}_unit": [_("Not a unit of that institution.")]},
            )


@transaction.atomic
def condition_create(*, agreement: Agreement, by: Actor, data: dict[str, Any]) -> Condition:
    if not access.can_edit_agreement(by, agreement):
        raise PermissionDenied
    _require_open(agreement)
    condition = Condition(agreement=agreement, **_pick(data, CONDITION_FIELDS))
    if condition.sending_id:
        _check_condition(agreement, condition)
    save_created(
        condition,
        by=by,
        action="agreements.condition.create",
        institution_id=agreement.drafted_by_id,
    )
    return condition


@transaction.atomic
def condition_update(
    *, condition: Condition, by: Actor, data: dict[str, Any], version: int | None
) -> bool:
    agreement = condition.agreement
    if not access.can_edit_agreement(by, agreement):
        raise PermissionDenied
    _require_open(agreement)
    data = _pick(data, CONDITION_FIELDS)
    proposed = copy.copy(condition)
    for name, value in data.items():
        setattr(proposed, name, value)
    _check_condition(agreement, proposed)
    return save_updated(
        condition,
        by=by,
        action="agreements.condition.update",
        data=data,
        version=version,
        institution_id=agreement.drafted_by_id,
    )


@transaction.atomic
def condition_delete(*, condition: Condition, by: Actor) -> None:
    agreement = condition.agreement
    if not access.can_edit_agreement(by, agreement):
        raise PermissionDenied
    _require_open(agreement)
    audit_record(
        actor=by,
        action="agreements.condition.delete",
        obj=condition,
        institution_id=agreement.drafted_by_id,
    )
    condition.delete()


@transaction.atomic
def version_create(
    *, agreement: Agreement, by: Actor, data: dict[str, Any], upload: Any = None
) -> AgreementVersion:
    """A new text version (a draft text, or an uploaded signed scan or draft file); the
    earlier ones are kept as they were."""
    if not access.can_edit_agreement(by, agreement):
        raise PermissionDenied
    _require_not_terminated(_lock(agreement))
    data = _pick(data, VERSION_FIELDS)
    text = data.get("text") or {}
    if not upload and not any(str(v).strip() for v in text.values()):
        raise ServiceError(
            _("Give the text in at least one language, or a file."),
            fields={"text": [_("Required.")]},
        )
    last = agreement.versions.aggregate(n=Max("number"))["n"] or 0
    stored = None
    if upload:
        stored = stored_file_create(
            upload=upload,
            by=by.user,
            institution_id=agreement.drafted_by_id,
            allowed=VERSION_FILE_TYPES,
        )
    version = AgreementVersion(
        agreement=agreement, number=last + 1, file=stored, created_by=by.user, **data
    )
    save_created(
        version, by=by, action="agreements.version.create", institution_id=agreement.drafted_by_id
    )
    return version


def _loaded(agreement: Agreement) -> Agreement:
    """The agreement as stored now, with what its fingerprint and approvals read."""
    return Agreement.objects.prefetch_related(
        "parties", "conditions", "versions__file", "versions__approvals"
    ).get(pk=agreement.pk)


def current_version(agreement: Agreement) -> AgreementVersion | None:
    return agreement.versions.order_by("-number").first()


@transaction.atomic
def approval_create(
    *,
    version: AgreementVersion,
    party: AgreementParty,
    by: Actor,
    sha256: str | None = None,
    comment: str = "",
) -> Approval:
    """``party`` approves exactly ``version`` as it is now. ``sha256``, when given, is the
    fingerprint the approver was shown: if the content moved on since, EditConflict (409) and
    nothing is approved."""
    agreement = version.agreement
    if party.agreement_id != agreement.pk or not access.can_approve_for(by, party):
        raise PermissionDenied
    if agreement.stage == AgreementStage.TERMINATED:
        raise ServiceError(_("A terminated agreement is not approved."))
    latest = current_version(agreement)
    if latest is None or latest.pk != version.pk:
        raise EditConflict(_("A newer version of the text exists: approve that one."))
    content = content_of(_loaded(agreement), version)
    digest = sha256_of(content)
    if sha256 is not None and sha256 != digest:
        raise EditConflict(
            _("The agreement changed since you opened it. Read it again, then approve.")
        )
    approval = Approval(
        version=version,
        party=party,
        sha256=digest,
        content=content,
        approved_by=by.user,
        comment=comment[:1000],
    )
    approval.save()
    audit_record(
        actor=by,
        action="agreements.approval.create",
        obj=approval,
        institution_id=party.institution_id,
        after={"version": version.number, "sha256": digest},
    )
    return approval


@transaction.atomic
def agreement_stage_set(
    *,
    agreement: Agreement,
    by: Actor,
    stage: str,
    version: int | None,
    terminated_on: datetime.date | None = None,
    reason: dict[str, str] | None = None,
) -> bool:
    """Move the agreement on: draft → in negotiation → signed (once every party approved the
    current version) → terminated (with the day and the reason)."""
    if stage in (AgreementStage.SIGNED, AgreementStage.TERMINATED):
        if not access.can_sign_or_terminate(by, agreement):
            raise PermissionDenied
    elif not access.can_edit_agreement(by, agreement):
        raise PermissionDenied
    allowed = {
        AgreementStage.DRAFT: {AgreementStage.NEGOTIATION},
        AgreementStage.NEGOTIATION: {AgreementStage.DRAFT, AgreementStage.SIGNED},
        AgreementStage.SIGNED: {AgreementStage.TERMINATED},
        AgreementStage.TERMINATED: set(),
    }
    if stage not in allowed[AgreementStage(agreement.stage)]:
        raise ServiceError(_("This step is not possible from the agreement's stage."))
    data: dict[str, Any] = {"stage": stage}
    if stage == AgreementStage.SIGNED and not approval_status(_loaded(agreement)).by_all:
        raise ServiceError(_("Every party approves the current version before it is signed."))
    if stage == AgreementStage.TERMINATED:
        if terminated_on is None or not reason or not any(v.strip() for v in reason.values()):
            raise ServiceError(
                _("Give the day and the reason of the termination."),
                fields={"terminated_on": [_("Required.")], "termination_reason": [_("Required.")]},
            )
        data |= {"terminated_on": terminated_on, "termination_reason": reason}
    return save_updated(
        agreement,
        by=by,
        action="agreements.agreement.stage",
        data=data,
        version=version,
        institution_id=agreement.drafted_by_id,
    )


# Comments and links for partners without an account ----------------------------------------

LINK_DAYS = 14


def _token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def comment_create(
    *, version: AgreementVersion, party: AgreementParty, by: Actor, text: str
) -> VersionComment:
    """A party's member comments on a version, for its party."""
    if party.agreement_id != version.agreement_id or not access.can_edit_party(by, party):
        raise PermissionDenied
    _require_not_terminated(version.agreement)
    text = text.strip()[:4000]
    if not text:
        raise ServiceError(_("Write the comment."), fields={"text": [_("Required.")]})
    comment = VersionComment(version=version, party=party, text=text, author=by.user)
    save_created(
        comment, by=by, action="agreements.comment.create", institution_id=party.institution_id
    )
    return comment


def can_send_link(by: Actor, party: AgreementParty) -> bool:
    """The party's own admins and coordinators, and the drafting institution's: who may ask
    in an agreement's name. Staff may not (they may not approve either)."""
    return access.can_sign_or_terminate(by, party.agreement) or access.can_approve_for(by, party)


@transaction.atomic
def approval_link_create(
    *,
    version: AgreementVersion,
    party: AgreementParty,
    by: Actor,
    recipient: Any,
    language: str,
) -> tuple[ApprovalLink, str]:
    """Send a person of ``party``'s institution (its signatory, as its directory records them
    with their e-mail address) a link to read ``version`` and approve or comment on it, once,
    within ``LINK_DAYS``. Returns the link and its raw token (only its hash is kept).

    The address is the directory's, not one typed in: nobody sends a party's link to
    themselves. An address that is the account of somebody who is not a member of that party
    is refused for the same reason."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import timezone, translation

    agreement = version.agreement
    if party.agreement_id != agreement.pk or not can_send_link(by, party):
        raise PermissionDenied
    _require_not_terminated(agreement)
    latest = current_version(agreement)
    if latest is None or latest.pk != version.pk:
        raise ServiceError(_("A newer version of the text exists: send that one."))
    email = (getattr(recipient, "email", "") or "").strip().lower()
    if getattr(recipient, "institution_id", None) != party.institution_id or not email:
        raise ServiceError(
            _("Choose a person of the party with an e-mail address in the directory."),
            fields={"recipient": [_("Not a person of the party.")]},
        )
    outsider = (
        get_user_model()
        .objects.filter(email__iexact=email)
        .exclude(memberships__institution_id=party.institution_id)
        .exists()
    )
    if outsider:
        raise ServiceError(
            _("This address belongs to an account outside the party: the link is not sent."),
            fields={"recipient": [_("Not a person of the party.")]},
        )
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    raw = secrets.token_urlsafe(32)
    link = ApprovalLink.objects.create(
        version=version,
        party=party,
        recipient=recipient,
        recipient_email=email,
        recipient_name=recipient.display_name()[:200],
        language=language,
        token_hash=_token_digest(raw),
        expires_at=timezone.now() + datetime.timedelta(days=LINK_DAYS),
        created_by=by.user,
    )
    url = settings.LEIZU_BASE_URL.rstrip("/") + reverse("agreements:link", args=[raw])
    with translation.override(language):
        subject = _("Please approve: %(title)s") % {"title": agreement.title.localize(language)}
        body = render_to_string(
            "agreements/link_email.txt",
            {"link": link, "url": url, "agreement": agreement, "days": LINK_DAYS},
        )
    transaction.on_commit(lambda: send_mail(subject, body, None, [link.recipient_email]))
    audit_record(
        actor=by,
        action="agreements.link.create",
        obj=link,
        institution_id=party.institution_id,
        after={"email": link.recipient_email, "version": version.number},
    )
    return link, raw


@transaction.atomic
def approval_link_revoke(*, link: ApprovalLink, by: Actor) -> None:
    from django.utils import timezone

    if not can_send_link(by, link.party):
        raise PermissionDenied
    if ApprovalLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    ):
        audit_record(
            actor=by,
            action="agreements.link.revoke",
            obj=link,
            institution_id=link.party.institution_id,
        )


def link_for_token(raw: str) -> ApprovalLink | None:
    """The link a token opens, used or not (``unusable_because`` tells); None when unknown."""
    if not raw or len(raw) > 100:
        return None
    return (
        ApprovalLink.objects.select_related(
            "version", "version__agreement", "party", "party__institution"
        )
        .filter(token_hash=_token_digest(raw))
        .first()
    )


def link_problem(link: ApprovalLink) -> str:
    """Why the link cannot be used now: "revoked", "used", "expired", "outdated" (a newer
    version exists, or the agreement was terminated), or ""."""
    from django.utils import timezone

    problem = link.unusable_because(timezone.now())
    if problem:
        return problem
    agreement = link.version.agreement
    latest = current_version(agreement)
    if (
        agreement.stage == AgreementStage.TERMINATED
        or latest is None
        or latest.pk != link.version_id
    ):
        return "outdated"
    return ""


def _use(link: ApprovalLink) -> None:
    """Take the link's one use; refused when it is no longer usable (also by a concurrent use)."""
    from django.utils import timezone

    if link_problem(link):
        raise ServiceError(_("This link can no longer be used."))
    now = timezone.now()
    taken = ApprovalLink.objects.filter(
        pk=link.pk, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if not taken:
        raise ServiceError(_("This link can no longer be used."))


@transaction.atomic
def approval_via_link(*, link: ApprovalLink, sha256: str, comment: str = "") -> Approval:
    """The recipient approves the version the link opens, as it was shown to them."""
    _use(link)
    version, party = link.version, link.party
    content = content_of(_loaded(version.agreement), version)
    digest = sha256_of(content)
    if sha256 != digest:
        raise EditConflict(
            _("The agreement changed since you opened it. Read it again, then approve.")
        )
    approval = Approval.objects.create(
        version=version,
        party=party,
        sha256=digest,
        content=content,
        via_link=link,
        comment=comment.strip()[:1000],
    )
    audit_record(
        actor=None,
        action="agreements.approval.create",
        obj=approval,
        institution_id=party.institution_id,
        after={"version": version.number, "sha256": digest, "email": link.recipient_email},
    )
    return approval


@transaction.atomic
def comment_via_link(*, link: ApprovalLink, text: str) -> VersionComment:
    text = text.strip()[:4000]
    if not text:
        raise ServiceError(_("Write the comment."), fields={"text": [_("Required.")]})
    _use(link)
    comment = VersionComment.objects.create(
        version=link.version, party=link.party, text=text, via_link=link
    )
    audit_record(
        actor=None,
        action="agreements.comment.create",
        obj=comment,
        institution_id=link.party.institution_id,
        after={"email": link.recipient_email},
    )
    return comment
