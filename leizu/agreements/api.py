"""The agreements API: the register, an agreement's terms and parties, each party's own row,
cooperation conditions, text versions and each party's approval of one exact version.
Access follows ``agreements/access.py`` through the selectors and services."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from leizu.agreements import access, selectors, services
from leizu.agreements.models import Agreement
from leizu.agreements.schemas import (
    AgreementApprovalIn,
    AgreementApprovalOut,
    AgreementConditionIn,
    AgreementConditionOut,
    AgreementConditionPatch,
    AgreementIn,
    AgreementOut,
    AgreementPartyOut,
    AgreementPartyPatch,
    AgreementPatch,
    AgreementRecordOut,
    AgreementRegisterFilter,
    AgreementRegisterRowOut,
    AgreementStageIn,
    AgreementVersionIn,
    AgreementVersionOut,
    AgreementVersionUploadIn,
)
from leizu.core.access import Actor, actor_for
from leizu.core.errors import ServiceError
from leizu.core.schemas import READ_ERRORS, WRITE_ERRORS, Pages
from leizu.institutions import selectors as institution_selectors
from leizu.institutions.models import Institution

router = Router(tags=["agreements"])


class _AgreementWith:
    """An agreement read with what a selector worked out about it (its state on a day, its
    end, its parts as loaded): those first, then the agreement's own fields."""

    def __init__(self, agreement: Agreement, **worked_out: Any) -> None:
        self._agreement = agreement
        self.__dict__.update(worked_out)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._agreement, name)


# Turning ids into objects the actor may use ------------------------------------------------------


def _institutions(actor: Actor, ids: list[int]) -> list[Institution]:
    return [institution_selectors.institution_get(actor=actor, pk=pk) for pk in dict.fromkeys(ids)]


def _drafted_by(actor: Actor, pk: int | None) -> Institution:
    """The institution named, or the actor's own one in whose name it drafts."""
    if pk is None:
        own = access.drafter_institution_ids(actor)
        if not own:
            if actor.is_operator:
                message = _("This field is required.")
                raise ServiceError(message, fields={"drafted_by_id": [message]})
            raise PermissionDenied
        pk = own[0]
    return institution_selectors.institution_get(actor=actor, pk=pk)


def _terms(actor: Actor, payload: AgreementIn | AgreementPatch, *, partial: bool) -> dict[str, Any]:
    data = payload.dict(
        exclude_unset=partial,
        exclude={
            "version",
            "drafted_by_id",
            "party_ids",
            "origin_proposal_id",
            "origin_interest_id",
        },
    )
    if "parent_id" in data:
        pk = data.pop("parent_id")
        data["parent"] = None if pk is None else selectors.agreement_get(actor=actor, pk=pk)
    return data


def _origin(actor: Actor, payload: AgreementIn) -> dict[str, Any]:
    """The visit's proposal or cooperation wish it is drafted from, as the actor sees it."""
    from leizu.visits.selectors import item_get

    origin = {}
    if payload.origin_proposal_id is not None:
        origin["origin_proposal"] = item_get(
            actor=actor, kind="proposal", pk=payload.origin_proposal_id
        )
    if payload.origin_interest_id is not None:
        origin["origin_interest"] = item_get(
            actor=actor, kind="interest", pk=payload.origin_interest_id
        )
    if len({outcome.visit_id for outcome in origin.values()}) > 1:
        raise ServiceError(
            _("The proposal is not of that visit."),
            fields={"origin_interest_id": [_("The proposal is not of that visit.")]},
        )
    return origin


def _condition_data(
    actor: Actor,
    agreement: Agreement,
    payload: AgreementConditionIn | AgreementConditionPatch,
    *,
    partial: bool,
) -> dict[str, Any]:
    """Sending and receiving are parties of the agreement (400 otherwise); units are those
    the actor sees (the service checks they are of that institution)."""
    data = payload.dict(exclude_unset=partial, exclude={"version"})
    parties = {
        p.institution_id: p.institution for p in agreement.parties.select_related("institution")
    }
    for side in ("sending", "receiving"):
        if f"{side}_id" in data:
            pk = data.pop(f"{side}_id")
            if pk not in parties:
                raise ServiceError(
                    _("Choose a party of the agreement."),
                    fields={f"{side}_id": [_("Not a party.")]},
                )
            data[side] = parties[pk]
        if f"{side}_unit_id" in data:
            pk = data.pop(f"{side}_unit_id")
            data[f"{side}_unit"] = (
                None if pk is None else institution_selectors.unit_get(actor=actor, pk=pk)
            )
    return data


def _approving_party(actor: Actor, agreement: Agreement, pk: int | None) -> Any:
    """The party named, or the one party of the agreement the actor approves for."""
    if pk is not None:
        return selectors.party_get(actor=actor, pk=pk)
    mine = [p for p in agreement.parties.all() if access.can_approve_for(actor, p)]
    if not mine:
        raise PermissionDenied
    if len(mine) > 1:
        message = _("This field is required.")
        raise ServiceError(_("Choose a party of the agreement."), fields={"party_id": [message]})
    return mine[0]


def _agreement(actor: Actor, pk: int) -> Agreement:
    """The agreement as stored after a write, read again as the actor sees it."""
    return selectors.agreement_get(actor=actor, pk=pk)


# Agreements --------------------------------------------------------------------------------------


@router.get(
    "/agreements",
    response={200: list[AgreementRegisterRowOut], **READ_ERRORS},
    summary="The register: the agreements you see with their state today, the strongest first",
)
@paginate(Pages)
def agreement_list(request: HttpRequest, filters: Query[AgreementRegisterFilter]) -> Any:
    rows = selectors.agreement_register(
        actor=actor_for(request),
        today=timezone.localdate(),
        partner=filters.partner,
        country=filters.country,
        kind=filters.kind,
        state=filters.state,
        expiring_within=filters.expiring_within,
    )
    return [
        _AgreementWith(r.agreement, state=r.state, ends_on=r.ends_on, partners=r.partners)
        for r in rows
    ]


@router.post(
    "/agreements",
    response={201: AgreementOut, **WRITE_ERRORS},
    summary="Draft an agreement (also from a visit's proposal or cooperation wish)",
)
def agreement_create(request: HttpRequest, payload: AgreementIn) -> Any:
    actor = actor_for(request)
    drafted_by = _drafted_by(actor, payload.drafted_by_id)
    agreement = services.agreement_create(
        by=actor,
        drafted_by=drafted_by,
        data={**_terms(actor, payload, partial=False), **_origin(actor, payload)},
        parties=_institutions(actor, payload.party_ids),
    )
    return Status(201, _agreement(actor, agreement.pk))


@router.get(
    "/agreements/{agreement_id}",
    response={200: AgreementRecordOut, **READ_ERRORS},
    summary="Read an agreement: terms, parties, conditions, text versions and approvals",
)
def agreement_get(request: HttpRequest, agreement_id: int) -> Any:
    actor = actor_for(request)
    record = selectors.agreement_record(actor=actor, pk=agreement_id, today=timezone.localdate())
    return _AgreementWith(
        record.agreement,
        state=record.state,
        ends_on=record.ends_on,
        parties=record.parties,
        conditions=record.conditions,
        versions=record.versions,
        approval_status=record.approvals,
        can_edit=record.can_edit,
        can_sign=record.can_sign,
        approves_for_party_ids=sorted(record.own_party_ids),
        edits_party_ids=sorted(record.editable_party_ids),
    )


@router.patch(
    "/agreements/{agreement_id}",
    response={200: AgreementOut, **WRITE_ERRORS},
    summary="Change an agreement's terms or its parties (until it is signed)",
)
def agreement_update(request: HttpRequest, agreement_id: int, payload: AgreementPatch) -> Any:
    actor = actor_for(request)
    agreement = selectors.agreement_get_for_edit(actor=actor, pk=agreement_id)
    parties = (
        _institutions(actor, payload.party_ids) if "party_ids" in payload.model_fields_set else None
    )
    services.agreement_update(
        agreement=agreement,
        by=actor,
        data=_terms(actor, payload, partial=True),
        version=payload.version,
        parties=parties,
    )
    return _agreement(actor, agreement.pk)


@router.post(
    "/agreements/{agreement_id}/stage",
    response={200: AgreementOut, **WRITE_ERRORS},
    summary="Move an agreement on: negotiation, signed (once all parties approved), terminated",
)
def agreement_stage(request: HttpRequest, agreement_id: int, payload: AgreementStageIn) -> Any:
    actor = actor_for(request)
    agreement = selectors.agreement_get(actor=actor, pk=agreement_id)
    services.agreement_stage_set(
        agreement=agreement,
        by=actor,
        stage=payload.stage,
        version=payload.version,
        terminated_on=payload.terminated_on,
        reason={str(code): text for code, text in payload.termination_reason.items()} or None,
    )
    return _agreement(actor, agreement.pk)


# Each party's own row ----------------------------------------------------------------------------


@router.patch(
    "/agreements/parties/{party_id}",
    response={200: AgreementPartyOut, **WRITE_ERRORS},
    summary="Change a party's own row: reference number, unit, signatory, signing",
)
def agreement_party_update(
    request: HttpRequest, party_id: int, payload: AgreementPartyPatch
) -> Any:
    actor = actor_for(request)
    party = selectors.party_get(actor=actor, pk=party_id)
    data = payload.dict(exclude_unset=True, exclude={"version"})
    if "unit_id" in data:
        pk = data.pop("unit_id")
        data["unit"] = None if pk is None else institution_selectors.unit_get(actor=actor, pk=pk)
    if "signatory_id" in data:
        pk = data.pop("signatory_id")
        data["signatory"] = (
            None if pk is None else institution_selectors.person_get(actor=actor, pk=pk)
        )
    services.party_update(party=party, by=actor, data=data, version=payload.version)
    return party


# Cooperation conditions --------------------------------------------------------------------------


@router.get(
    "/agreements/{agreement_id}/conditions",
    response={200: list[AgreementConditionOut], **READ_ERRORS},
    summary="List an agreement's cooperation conditions",
)
def agreement_condition_list(request: HttpRequest, agreement_id: int) -> Any:
    agreement = selectors.agreement_get(actor=actor_for(request), pk=agreement_id)
    return list(agreement.conditions.all())


@router.post(
    "/agreements/{agreement_id}/conditions",
    response={201: AgreementConditionOut, **WRITE_ERRORS},
    summary="Add a cooperation condition: who sends whom, how many places a year",
)
def agreement_condition_create(
    request: HttpRequest, agreement_id: int, payload: AgreementConditionIn
) -> Any:
    actor = actor_for(request)
    agreement = selectors.agreement_get_for_edit(actor=actor, pk=agreement_id)
    data = _condition_data(actor, agreement, payload, partial=False)
    return Status(201, services.condition_create(agreement=agreement, by=actor, data=data))


@router.patch(
    "/agreements/conditions/{condition_id}",
    response={200: AgreementConditionOut, **WRITE_ERRORS},
    summary="Change a cooperation condition",
)
def agreement_condition_update(
    request: HttpRequest, condition_id: int, payload: AgreementConditionPatch
) -> Any:
    actor = actor_for(request)
    condition = selectors.condition_get(actor=actor, pk=condition_id)
    services.condition_update(
        condition=condition,
        by=actor,
        data=_condition_data(actor, condition.agreement, payload, partial=True),
        version=payload.version,
    )
    return condition


@router.delete(
    "/agreements/conditions/{condition_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove a cooperation condition",
)
def agreement_condition_delete(request: HttpRequest, condition_id: int) -> Any:
    actor = actor_for(request)
    condition = selectors.condition_get(actor=actor, pk=condition_id)
    services.condition_delete(condition=condition, by=actor)
    return Status(204, None)


# Text versions and approvals ---------------------------------------------------------------------


@router.get(
    "/agreements/{agreement_id}/versions",
    response={200: list[AgreementVersionOut], **READ_ERRORS},
    summary="List an agreement's text versions with their approvals, the oldest first",
)
def agreement_version_list(request: HttpRequest, agreement_id: int) -> Any:
    agreement = selectors.agreement_get(actor=actor_for(request), pk=agreement_id)
    return list(agreement.versions.select_related("file").prefetch_related("approvals"))


@router.post(
    "/agreements/{agreement_id}/versions",
    response={201: AgreementVersionOut, **WRITE_ERRORS},
    summary="Add a text version; the parties approve it next",
)
def agreement_version_create(
    request: HttpRequest, agreement_id: int, payload: AgreementVersionIn
) -> Any:
    actor = actor_for(request)
    agreement = selectors.agreement_get_for_edit(actor=actor, pk=agreement_id)
    version = services.version_create(agreement=agreement, by=actor, data=payload.dict())
    return Status(201, version)


@router.post(
    "/agreements/{agreement_id}/versions/upload",
    response={201: AgreementVersionOut, **WRITE_ERRORS},
    summary="Add a version as a file (multipart): the signed scan (PDF, JPEG, PNG) or a .docx",
)
def agreement_version_upload(
    request: HttpRequest,
    agreement_id: int,
    file: File[UploadedFile],
    data: Form[AgreementVersionUploadIn],
) -> Any:
    actor = actor_for(request)
    agreement = selectors.agreement_get_for_edit(actor=actor, pk=agreement_id)
    version = services.version_create(agreement=agreement, by=actor, data=data.dict(), upload=file)
    return Status(201, version)


@router.post(
    "/agreements/versions/{version_id}/approvals",
    response={201: AgreementApprovalOut, **WRITE_ERRORS},
    summary="Approve the current version on behalf of a party (409 if it changed since)",
)
def agreement_approval_create(
    request: HttpRequest, version_id: int, payload: AgreementApprovalIn
) -> Any:
    actor = actor_for(request)
    version = selectors.version_get(actor=actor, pk=version_id)
    approval = services.approval_create(
        version=version,
        party=_approving_party(actor, version.agreement, payload.party_id),
        by=actor,
        sha256=payload.sha256,
        comment=payload.comment,
    )
    return Status(201, approval)
