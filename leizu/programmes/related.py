"""What the programmes app offers on other apps' records: a visit's wish for programme
construction opens what the host can build with that partner."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from leizu.core.access import Actor
from leizu.core.related import Related
from leizu.programmes import access


def build_together_from(actor: Actor, interest: Any) -> list[Related]:
    """ "What we can build together" on a wish for programme construction (no query)."""
    if interest.kind != "programme" or not access.plans_with(actor, interest.institution_id):
        return []
    url = reverse("programmes:together_with", args=[interest.institution_id])
    return [Related(text=_("What we can build together"), url=url)]
