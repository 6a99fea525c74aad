"""Links for partners without an account: sent to a party's signatory, they open one version
read-only in the recipient's language and let them approve or comment once; they cannot be
used twice, after expiry, after being withdrawn, or once the text has a newer version."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from leizu.agreements import services
from leizu.agreements.approvals import approval_status
from leizu.agreements.models import Approval, ApprovalLink, VersionComment
from leizu.agreements.services import _loaded
from leizu.core.models import AuditEntry
from leizu.institutions.services import person_create


@pytest.fixture
def sent(world, actors, coordinator):
    """An agreement of the host and partner B with a version, and a link e-mailed to partner
    B's signatory: (agreement, version, partner B's party, token)."""
    host, uz1 = world["institutions"]["host"], world["institutions"]["uz1"]
    by = actors["coordinator"]
    agreement = services.agreement_create(
        by=by,
        drafted_by=host,
        data={"kind": "mou", "title": {"en": "Linked MOU", "uz": "Havolali memorandum"}},
        parties=[uz1],
    )
    version = services.version_create(
        agreement=agreement, by=by, data={"text": {"en": "Article 1.", "uz": "1-modda."}}
    )
    party = agreement.parties.get(institution=uz1)
    signatory = person_create(
        by=by,
        institution=uz1,
        data={
            "family_name": "Xoʻjayev",
            "given_name": "Sardor",
            "name_script": "Latn",
            "email": "Sardor@Example.UZ",
        },
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = coordinator.post(
            f"/agreements/versions/{version.pk}/links/new/",
            {"party": party.pk, "recipient": signatory.pk, "language": "uz"},
        )
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.to == ["sardor@example.uz"]
    token = re.search(r"/agreements/link/([^/\s]+)/", message.body).group(1)
    assert ApprovalLink.objects.get().token_hash != token  # only its hash is kept
    return agreement, version, party, token


def _link(token: str) -> str:
    return f"/agreements/link/{token}/"


def test_the_link_opens_the_version_in_the_recipients_language_without_an_account(sent):
    agreement, _version, _party, token = sent
    response = Client().get(_link(token))
    assert response.status_code == 200 and response["Content-Language"] == "uz"
    page = response.content.decode()
    assert "Havolali memorandum" in page and "1-modda." in page
    assert approval_status(_loaded(agreement)).sha256 in page


def test_an_approval_through_the_link_is_recorded_once_with_the_fingerprint(sent):
    agreement, _version, party, token = sent
    sha = approval_status(_loaded(agreement)).sha256
    page = Client().post(_link(token), {"answer": "approve", "sha256": sha, "text": "Rozimiz"})
    assert page.status_code == 200 and 'id="link-done"' in page.content.decode()
    approval = Approval.objects.get(party=party)
    assert (approval.sha256, approval.via_link.recipient_email) == (sha, "sardor@example.uz")
    assert approval.comment == "Rozimiz"
    status = approval_status(_loaded(agreement))
    assert [p.holds for p in status.parties if p.party.pk == party.pk] == [True]
    assert AuditEntry.objects.filter(action="agreements.approval.create").exists()
    # A second use, whatever it asks for, is refused and records nothing.
    again = Client().post(_link(token), {"answer": "approve", "sha256": sha})
    assert again.status_code == 410 and 'id="link-problem"' in again.content.decode()
    assert Approval.objects.filter(party=party).count() == 1
    assert Client().get(_link(token)).status_code == 410


def test_a_comment_through_the_link_uses_it_up(sent):
    _agreement, version, party, token = sent
    assert Client().post(_link(token), {"answer": "comment", "text": "Modda 2?"}).status_code == 200
    assert VersionComment.objects.get(version=version, party=party).text == "Modda 2?"
    assert Client().post(_link(token), {"answer": "comment", "text": "Yana"}).status_code == 410
    assert VersionComment.objects.filter(version=version).count() == 1


def test_an_expired_link_opens_no_longer(sent):
    _agreement, _version, party, token = sent
    ApprovalLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    sha = approval_status(_loaded(party.agreement)).sha256
    assert Client().post(_link(token), {"answer": "approve", "sha256": sha}).status_code == 410
    assert not Approval.objects.filter(party=party).exists()


def test_a_withdrawn_link_opens_no_longer(sent, coordinator):
    _agreement, _version, _party, token = sent
    link = ApprovalLink.objects.get()
    assert coordinator.post(f"/agreements/links/{link.pk}/revoke/").status_code == 302
    assert Client().get(_link(token)).status_code == 410
    assert AuditEntry.objects.filter(action="agreements.link.revoke").exists()


def test_a_link_does_not_open_another_version(sent, actors):
    agreement, _version, _party, token = sent
    # Words no token can hold by chance (a page's random tokens once held "v2").
    newer = "Текст новой редакции"
    services.version_create(
        agreement=agreement, by=actors["coordinator"], data={"text": {"en": newer}}
    )
    response = Client().get(_link(token))
    assert response.status_code == 410 and newer not in response.content.decode()


def test_what_changed_after_the_link_was_opened_is_not_approved_and_the_link_stays(sent, actors):
    agreement, _version, party, token = sent
    shown = approval_status(_loaded(agreement)).sha256
    services.agreement_update(
        agreement=agreement,
        by=actors["coordinator"],
        data={"valid_until": datetime.date(2031, 1, 1)},
        version=agreement.version,
    )
    response = Client().post(_link(token), {"answer": "approve", "sha256": shown})
    with translation.override("uz"):  # the link's language
        message = gettext("The agreement changed since you opened it. Read it again, then approve.")
    assert response.status_code == 200 and escape(message) in response.content.decode()
    assert not Approval.objects.filter(party=party).exists()
    assert ApprovalLink.objects.get().used_at is None  # read it again and approve


def test_an_unknown_token_is_a_404_and_others_may_not_withdraw_a_link(sent, clients):
    assert Client().get(_link("not-a-token")).status_code == 404
    link = ApprovalLink.objects.get()
    assert clients["partner_b"].post(f"/agreements/links/{link.pk}/revoke/").status_code == 403
    assert clients["partner_a"].post(f"/agreements/links/{link.pk}/revoke/").status_code == 404
    assert ApprovalLink.objects.get().revoked_at is None
