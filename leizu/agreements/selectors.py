"""Reads of agreements, always scoped to the actor (``agreements/access.py``), each in a fixed
number of queries however many agreements, parties or conditions there are."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet

from leizu.agreements import access
from leizu.agreements.approvals import ApprovalStatus, approval_status
from leizu.agreements.models import (
    STATE_STRENGTH,
    Agreement,
    AgreementParty,
    AgreementState,
    AgreementVersion,
    Approval,
    ApprovalLink,
    Condition,
    VersionComment,
)
from leizu.core.access import Actor, get_or_404
from leizu.core.models import AuditEntry

LINK_LANGUAGE_BY_COUNTRY = {
    "CN": "zh-hans",
    "KZ": "kk",
    "UZ": "uz",
    "KG": "ru",
    "TJ": "ru",
    "RU": "ru",
}


def _with_parts(qs: QuerySet[Agreement]) -> QuerySet[Agreement]:
    return qs.select_related("drafted_by", "parent").prefetch_related(
        Prefetch(
            "parties",
            queryset=AgreementParty.objects.select_related("institution", "unit", "signatory"),
        ),
        Prefetch(
            "versions",
            queryset=AgreementVersion.objects.select_related("file").prefetch_related(
                Prefetch(
                    "approvals",
                    queryset=Approval.objects.select_related("approved_by", "via_link"),
                )
            ),
        ),
        Prefetch(
            "conditions",
            queryset=Condition.objects.select_related(
                "sending", "receiving", "sending_unit", "receiving_unit"
            ),
        ),
    )


def _mask(actor: Actor, agreements: list[Agreement]) -> None:
    """Mark what of an agreement's links the actor may follow: the agreement it is part of and
    the visit it came from are shown only to who sees them (two queries)."""
    from leizu.visits.access import visible_visits_q
    from leizu.visits.models import Visit

    parents = {a.parent_id for a in agreements if a.parent_id}
    visits = {a.origin_visit_id for a in agreements if a.origin_visit_id}
    seen_parents = set(
        Agreement.objects.filter(access.visible_agreements_q(actor), pk__in=parents).values_list(
            "pk", flat=True
        )
        if parents
        else []
    )
    seen_visits = set(
        Visit.objects.filter(visible_visits_q(actor), pk__in=visits).values_list("pk", flat=True)
        if visits
        else []
    )
    for a in agreements:
        a.parent_visible = a.parent_id in seen_parents  # type: ignore[attr-defined]
        a.origin_visible = a.origin_visit_id in seen_visits  # type: ignore[attr-defined]


@dataclass
class RegisterRow:
    agreement: Agreement
    state: str
    ends_on: datetime.date | None
    partners: list[Any]
    approvals: ApprovalStatus

    @property
    def state_label(self) -> str:
        return str(AgreementState(self.state).label)


def agreement_register(
    *,
    actor: Actor,
    today: datetime.date,
    partner: int | None = None,
    country: str | None = None,
    kind: str | None = None,
    state: str | None = None,
    expiring_within: int | None = None,
) -> list[RegisterRow]:
    """The agreements the actor sees, with their state on ``today``, filtered. States follow
    from dates, so the filters apply after reading (a register holds hundreds, not millions)."""
    qs = Agreement.objects.filter(access.visible_agreements_q(actor))
    if partner:
        qs = qs.filter(parties__institution_id=partner)
    if country:
        qs = qs.filter(parties__institution__country=country)
    if kind:
        qs = qs.filter(kind=kind)
    rows = []
    own = set(access.reader_institution_ids(actor))
    for agreement in _with_parts(qs.distinct()):
        status = approval_status(agreement)
        current = agreement.state(today, approved_by_all=status.by_all)
        if state and current != state:
            continue
        ends = agreement.ends_on(today)
        if expiring_within is not None and (
            ends is None
            or not (today <= ends <= today + datetime.timedelta(days=expiring_within))
            or current in ("expired", "terminated")
        ):
            continue
        partners = [p.institution for p in agreement.parties.all() if p.institution_id not in own]
        rows.append(RegisterRow(agreement, current, ends, partners, status))
    strength = [str(s) for s in STATE_STRENGTH]
    rows.sort(key=lambda r: (strength.index(r.state), -(r.agreement.pk)))
    _mask(actor, [r.agreement for r in rows])
    return rows


def agreement_get(*, actor: Actor, pk: Any) -> Agreement:
    return get_or_404(
        Agreement.objects.filter(access.visible_agreements_q(actor)).select_related("drafted_by"),
        pk=pk,
    )


def agreement_get_for_edit(*, actor: Actor, pk: Any) -> Agreement:
    """The agreement if the actor may edit it; 404 if unseen; PermissionDenied if read-only."""
    agreement = agreement_get(actor=actor, pk=pk)
    if not access.can_edit_agreement(actor, agreement):
        raise PermissionDenied
    return agreement


def party_get(*, actor: Actor, pk: Any) -> AgreementParty:
    return get_or_404(
        AgreementParty.objects.filter(
            access.visible_agreements_q(actor, "agreement__")
        ).select_related("agreement", "institution"),
        pk=pk,
    )


def condition_get(*, actor: Actor, pk: Any) -> Condition:
    return get_or_404(
        Condition.objects.filter(access.visible_agreements_q(actor, "agreement__")).select_related(
            "agreement"
        ),
        pk=pk,
    )


def version_get(*, actor: Actor, pk: Any) -> AgreementVersion:
    return get_or_404(
        AgreementVersion.objects.filter(
            access.visible_agreements_q(actor, "agreement__")
        ).select_related("agreement", "file"),
        pk=pk,
    )


@dataclass
class ChainNode:
    agreement: Agreement
    children: list[ChainNode] = field(default_factory=list)


def _chain(actor: Actor, agreement: Agreement) -> ChainNode:
    """The agreement's chain as the actor sees it, from its topmost visible ancestor down
    (one query: the actor's agreements are few)."""
    visible = {
        a.pk: a
        for a in Agreement.objects.filter(access.visible_agreements_q(actor)).only(
            "id", "parent_id", "kind", "title", "stage", "valid_from", "valid_until"
        )
    }
    root = visible.get(agreement.pk, agreement)
    climbed = {root.pk}
    while root.parent_id in visible and root.parent_id not in climbed:  # a cycle stops here
        root = visible[root.parent_id]
        climbed.add(root.pk)
    children: dict[int | None, list[Agreement]] = {}
    for a in visible.values():
        children.setdefault(a.parent_id, []).append(a)

    def build(node: Agreement, seen: frozenset[int]) -> ChainNode:
        below = sorted(
            children.get(node.pk, []), key=lambda a: (a.valid_from or datetime.date.min, a.pk)
        )
        return ChainNode(node, [build(c, seen | {c.pk}) for c in below if c.pk not in seen])

    return build(root, frozenset({root.pk}))


@dataclass
class AgreementRecord:
    agreement: Agreement
    state: str
    ends_on: datetime.date | None
    parties: list[AgreementParty]
    conditions: list[Condition]
    versions: list[AgreementVersion]
    approvals: ApprovalStatus
    chain: ChainNode
    history: list[AuditEntry]
    can_edit: bool
    can_sign: bool

    @property
    def state_label(self) -> str:
        return str(AgreementState(self.state).label)

    own_party_ids: set[int]  # the parties the actor approves for
    editable_party_ids: set[int]
    linkable_party_ids: set[int]  # the parties the actor may send an approval link for
    links: list[ApprovalLink]
    comments: list[VersionComment]


def agreement_record(*, actor: Actor, pk: Any, today: datetime.date) -> AgreementRecord:
    qs = _with_parts(Agreement.objects.filter(access.visible_agreements_q(actor)))
    agreement = get_or_404(
        qs.select_related("origin_visit", "origin_proposal", "origin_interest"), pk=pk
    )
    status = approval_status(agreement)
    _mask(actor, [agreement])
    parties = list(agreement.parties.all())
    conditions = list(agreement.conditions.all())
    versions = sorted(agreement.versions.all(), key=lambda v: v.number)
    history = list(
        AuditEntry.objects.filter(
            Q(object_type="agreements.agreement", object_id=str(agreement.pk))
            | Q(object_type="agreements.party", object_id__in=[str(p.pk) for p in parties])
            | Q(object_type="agreements.condition", object_id__in=[str(c.pk) for c in conditions])
            | Q(object_type="agreements.version", object_id__in=[str(v.pk) for v in versions])
            | Q(
                object_type="agreements.approval",
                object_id__in=[str(a.pk) for v in versions for a in v.approvals.all()],
            )
        )
        .select_related("actor")
        .order_by("-at", "-id")[:200]
    )
    from leizu.agreements.services import can_send_link

    linkable = {p.pk for p in parties if can_send_link(actor, p)}
    from leizu.institutions.models import Person

    # Whom a party's link may go to: its people with an e-mail address in the directory.
    people: dict[int, list[Any]] = {}
    if linkable:
        for person in (
            Person.objects.filter(
                institution_id__in=[p.institution_id for p in parties if p.pk in linkable]
            )
            .exclude(email="")
            .order_by("family_name", "id")
        ):
            people.setdefault(person.institution_id, []).append(person)
    for p in parties:
        p.link_people = people.get(p.institution_id, [])  # type: ignore[attr-defined]
        # The language a link to the party's signatory is offered in, from its country.
        p.suggested_language = LINK_LANGUAGE_BY_COUNTRY.get(p.institution.country, "en")  # type: ignore[attr-defined]
    current = status.version
    links = (
        list(
            ApprovalLink.objects.filter(party_id__in=linkable, version__agreement=agreement)
            .select_related("party__institution", "version")
            .order_by("-created_at")
        )
        if linkable
        else []
    )
    comments = (
        list(
            VersionComment.objects.filter(version=current)
            .select_related("author", "via_link", "party__institution")
            .order_by("created_at", "id")
        )
        if current is not None
        else []
    )
    return AgreementRecord(
        agreement=agreement,
        state=agreement.state(today, approved_by_all=status.by_all),
        ends_on=agreement.ends_on(today),
        parties=parties,
        conditions=conditions,
        versions=versions,
        approvals=status,
        chain=_chain(actor, agreement),
        history=history,
        can_edit=access.can_edit_agreement(actor, agreement),
        can_sign=access.can_sign_or_terminate(actor, agreement),
        own_party_ids={p.pk for p in parties if access.can_approve_for(actor, p)},
        editable_party_ids={p.pk for p in parties if access.can_edit_party(actor, p)},
        linkable_party_ids=linkable,
        links=links,
        comments=comments,
    )


def link_get(*, actor: Actor, pk: Any) -> ApprovalLink:
    """A link of an agreement the actor sees, for one of the parties it may send links for."""
    from leizu.agreements.services import can_send_link

    link = get_or_404(
        ApprovalLink.objects.filter(
            access.visible_agreements_q(actor, "version__agreement__")
        ).select_related("party", "party__agreement", "version", "version__agreement"),
        pk=pk,
    )
    if not can_send_link(actor, link.party):
        raise PermissionDenied
    return link


@dataclass
class LinkRecord:
    agreement: Agreement
    version: AgreementVersion
    parties: list[AgreementParty]
    conditions: list[Condition]
    sha256: str
    texts: list[tuple[str, str]]  # (language, text), the link's language first


def link_record(*, link: ApprovalLink) -> LinkRecord:
    """What the recipient of a link reads: the version it opens, with the agreement's terms,
    parties and conditions as they are now, and their fingerprint."""
    agreement = _with_parts(Agreement.objects.all()).get(pk=link.version.agreement_id)
    status = approval_status(agreement)
    text = link.version.text or {}
    order = [link.language, *(code for code in text if code != link.language)]
    return LinkRecord(
        agreement=agreement,
        version=link.version,
        parties=list(agreement.parties.all()),
        conditions=list(agreement.conditions.all()),
        sha256=status.sha256,
        texts=[(code, text[code]) for code in order if text.get(code)],
    )


def partner_map(*, rows: list[RegisterRow]) -> dict[str, dict[str, Any]]:
    """For the register's map: each partner country's strongest agreement state (in force
    first, see ``STATE_STRENGTH``) and its partners, from the register's rows (no query)."""
    strength = [str(s) for s in STATE_STRENGTH]
    countries: dict[str, dict[str, Any]] = {}
    for row in rows:
        for institution in row.partners:
            entry = countries.setdefault(institution.country, {"state": row.state, "partners": {}})
            if strength.index(row.state) < strength.index(entry["state"]):
                entry["state"] = row.state
            entry["partners"][institution.pk] = institution.display_short_name()
    return {
        country: {
            "state": entry["state"],
            "label": str(AgreementState(entry["state"]).label),
            "strength": len(strength) - strength.index(entry["state"]),
            "partners": sorted(entry["partners"].values()),
        }
        for country, entry in countries.items()
    }
