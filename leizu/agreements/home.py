"""What the agreements capability shows on the home page, on institution profiles and on the
page of the visit an agreement came from."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from leizu.agreements import access, selectors
from leizu.agreements.models import Agreement, AgreementStage, AgreementState
from leizu.core.access import Actor
from leizu.core.home import Panel
from leizu.core.related import Related
from leizu.core.timeline import Event

SOON_DAYS = 90


def home_panels(actor: Actor) -> list[Panel]:
    """Agreements that end soon, and versions waiting for the actor's approval."""
    if not actor.is_authenticated or not access.sees_agreements(actor):
        return []
    today = timezone.localdate()
    rows = selectors.agreement_register(actor=actor, today=today)
    ending = [
        r
        for r in rows
        if r.state in (AgreementState.IN_FORCE, AgreementState.EXPIRING)
        and r.ends_on is not None
        and (r.ends_on - today).days <= SOON_DAYS
    ]
    ending.sort(key=lambda r: r.ends_on or today)
    approvers = set(access.approver_institution_ids(actor))
    awaiting = [
        r
        for r in rows
        if r.agreement.stage in (AgreementStage.DRAFT, AgreementStage.NEGOTIATION)
        and r.approvals.version is not None
        and any(not p.holds and p.party.institution_id in approvers for p in r.approvals.parties)
    ]
    return [
        Panel(
            title=_("Agreements ending soon"),
            figure=str(len(ending)) if ending else "",
            items=[
                {
                    "text": str(r.agreement),
                    "url": r.agreement.get_absolute_url(),
                    "note": _("ends %(date)s")
                    % {"date": formats.date_format(r.ends_on or today, "SHORT_DATE_FORMAT")},
                }
                for r in ending[:6]
            ],
            empty_text=_("No agreement ends within 90 days."),
            link=reverse("agreements:register") + f"?expiring_within={SOON_DAYS}",
            link_text=_("Open the register"),
        ),
        Panel(
            title=_("Awaiting your approval"),
            figure=str(len(awaiting)) if awaiting else "",
            items=[
                {
                    "text": str(r.agreement),
                    "url": r.agreement.get_absolute_url() + "#approval",
                    "note": _("version %(number)s")
                    % {"number": getattr(r.approvals.version, "number", "")},
                }
                for r in awaiting[:6]
            ],
            empty_text=_("Nothing waits for your approval."),
        ),
    ]


def timeline_events(actor: Actor, institution_id: int) -> list[Event]:
    """The agreements an institution is party to, as the actor may see them."""
    events = []
    qs = Agreement.objects.filter(
        access.visible_agreements_q(actor), parties__institution_id=institution_id
    ).distinct()
    for agreement in qs:
        if agreement.stage == AgreementStage.SIGNED and agreement.valid_from:
            text = _("Agreement in force from this day: %(title)s") % {"title": agreement}
            day = agreement.valid_from
        else:
            text = _("Agreement drafted: %(title)s") % {"title": agreement}
            day = timezone.localdate(agreement.created_at)
        events.append(
            Event(date=day, text=text, url=agreement.get_absolute_url(), kind="agreement")
        )
    return events


def from_visit(actor: Actor, visit: Any) -> list[Related]:
    """The agreements drafted from a visit (or from its proposals and wishes)."""
    today = timezone.localdate()
    qs = Agreement.objects.filter(access.visible_agreements_q(actor), origin_visit=visit)
    return [
        Related(
            text=str(agreement),
            url=agreement.get_absolute_url(),
            note=f"{agreement.get_kind_display()} · {AgreementState(agreement.state(today)).label}",
        )
        for agreement in qs.order_by("id")
    ]


def draft_from(actor: Actor, outcome: Any) -> list[Related]:
    """ "Draft an agreement" on a visit's proposal or cooperation wish (no query)."""
    if not access.can_draft(actor):
        return []
    kind = "proposal" if outcome._meta.model_name == "proposal" else "interest"
    url = reverse("agreements:create") + f"?{kind}={outcome.pk}"
    return [Related(text=_("Draft an agreement"), url=url)]
