"""The one-row form of the institutions' visibility rule agrees with the query form, so a page
can decide whether to link to a profile without asking the database again."""

import pytest

from conftest import PERSONAS
from leizu.institutions.access import can_see_institution, visible_institutions_q
from leizu.institutions.models import Institution


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "pending"])
def test_a_profile_is_linkable_exactly_when_the_directory_shows_it(actors, persona):
    actor = actors[persona]
    shown = set(
        Institution.objects.filter(visible_institutions_q(actor)).values_list("pk", flat=True)
    )
    for institution in Institution.objects.all():
        assert can_see_institution(actor, institution) == (institution.pk in shown), (
            persona,
            institution,
        )
