"""What the talent capability shows on the home page (two small grouped queries)."""

import datetime

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from leizu.core.access import Actor
from leizu.core.home import Panel
from leizu.talent import access, selectors
from leizu.talent.codes import field_title
from leizu.talent.models import Posting


def home_panels(actor: Actor) -> list[Panel]:
    if not access.can_read(actor):
        return []
    since = timezone.localdate() - datetime.timedelta(days=365)
    rows = list(
        Posting.objects.counted_once()
        .filter(posted_on__gte=since)
        .exclude(isced_f="")
        .values("isced_f")
        .annotate(n=Sum("openings"))
        .order_by("-n", "isced_f")
    )
    dashboard = reverse("talent:dashboard")
    panels = [
        Panel(
            title=_("Talent demand in the last 12 months"),
            figure=str(sum(r["n"] or 0 for r in rows)),
            items=[
                {
                    "text": field_title(r["isced_f"]),
                    "note": str(r["n"]),
                    "url": f"{dashboard}?{urlencode({'field': r['isced_f']})}",
                }
                for r in rows[:5]
            ],
            empty_text=_("No vacancy postings yet."),
            link=dashboard,
            link_text=_("Open the talent-gap dashboard"),
        )
    ]
    if access.can_import(actor):
        queue = selectors.review_queue(actor=actor)
        waiting = queue.count()
        if waiting:
            panels.append(
                Panel(
                    title=_("Classifications to review"),
                    figure=str(waiting),
                    items=[
                        {
                            "text": p.title,
                            "url": p.get_absolute_url(),
                            "note": f"{p.score or 0:.2f}",
                        }
                        for p in queue.only("id", "title", "score")[:4]
                    ],
                    link=reverse("talent:review"),
                    link_text=_("Review low-confidence postings"),
                )
            )
    return panels
