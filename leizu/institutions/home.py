"""What the institutions capability shows on the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from leizu.core.access import Actor
from leizu.core.home import Panel
from leizu.core.reference import country_name
from leizu.institutions.models import Institution
from leizu.institutions.selectors import institution_count_by_country


def home_panels(actor: Actor) -> list[Panel]:
    if not actor.is_authenticated:
        return []
    panels = []
    if actor.sees_network:
        rows = institution_count_by_country(actor=actor)
        panels.append(
            Panel(
                title=_("Cooperation network"),
                figure=str(sum(r["n"] for r in rows)),
                items=[
                    {
                        "text": country_name(r["country"]),
                        "note": str(r["n"]),
                        "url": reverse("institutions:directory") + f"?country={r['country']}",
                    }
                    for r in rows[:8]
                ],
                link=reverse("institutions:directory"),
                link_text=_("Open the directory"),
            )
        )
    own = Institution.objects.filter(id__in=sorted(actor.institution_ids)).order_by("id")
    items = []
    for institution in own:
        missing = [
            label
            for label, value in (
                (_("description"), not institution.description.is_empty()),
                (_("website"), bool(institution.website)),
                (_("logo"), bool(institution.logo_id)),
                (_("names in all five languages"), len(institution.name.all_texts()) >= 5),
            )
            if not value
        ]
        note = (
            _("missing: %(items)s") % {"items": ", ".join(str(m) for m in missing)}
            if missing
            else _("complete")
        )
        items.append(
            {"text": str(institution), "url": institution.get_absolute_url(), "note": note}
        )
    if items:
        panels.append(Panel(title=_("My institution's profile"), items=items))
    return panels
