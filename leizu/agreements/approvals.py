"""Where the approval of an agreement stands: for the current text version, each party's latest
approval and whether it still holds (its fingerprint is that of the content now), and if not,
what changed since. Reads only; the selectors and the signing service use it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from leizu.agreements.fingerprint import changed_parts, content_of, sha256_of


@dataclass
class PartyApproval:
    party: Any
    approval: Any | None  # the party's latest approval of the current version
    holds: bool
    changed: list[str] = field(default_factory=list)

    @property
    def changed_labels(self) -> list[str]:
        """What changed since the approval, in the reader's words."""
        from leizu.agreements.models import Agreement

        words = {
            "parties": _("parties"),
            "conditions": _("cooperation conditions"),
            "text": _("text"),
            "file": _("file"),
            "version": _("version"),
        }
        labels = []
        for part in self.changed:
            if part in words:
                labels.append(str(words[part]))
                continue
            field: Any = Agreement._meta.get_field(part.removesuffix("_id"))
            labels.append(str(getattr(field, "verbose_name", None) or part))
        return labels


@dataclass
class ApprovalStatus:
    version: Any | None
    sha256: str
    parties: list[PartyApproval]

    @property
    def by_all(self) -> bool:
        return self.version is not None and all(p.holds for p in self.parties)


def approval_status(agreement: Any) -> ApprovalStatus:
    """From the agreement with its parties, conditions and versions (and their approvals)
    loaded: ``prefetch_related("parties", "conditions", "versions__approvals")`` reads it
    in a fixed number of queries."""
    versions = sorted(agreement.versions.all(), key=lambda v: v.number)
    parties = list(agreement.parties.all())
    if not versions:
        return ApprovalStatus(None, "", [PartyApproval(p, None, False) for p in parties])
    version = versions[-1]
    content = content_of(agreement, version)
    digest = sha256_of(content)
    latest: dict[int, Any] = {}
    for approval in sorted(version.approvals.all(), key=lambda a: (a.approved_at, a.pk)):
        latest[approval.party_id] = approval
    rows = []
    for party in parties:
        approval = latest.get(party.pk)
        holds = approval is not None and approval.sha256 == digest
        changed = [] if approval is None or holds else changed_parts(approval.content, content)
        rows.append(PartyApproval(party, approval, holds, changed))
    return ApprovalStatus(version, digest, rows)
