"""Agreements: the chain from a memorandum of understanding (MOU) to framework and programme
agreements, with annexes and renewals; their parties, one-way cooperation conditions, the text
versions and each party's approval of one exact version.

An agreement's **stage** is what people decide (drafting, negotiating, signed, terminated);
whether it is in force, expiring or expired follows from its dates on the day one asks
(``Agreement.state``), so it never goes stale between two runs of a task. "Approved by all
parties" follows from the approvals: an approval holds while the fingerprint of what was
approved (``agreements.fingerprint``) is still that of the current version.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from leizu.core.multilingual import MultilingualField

# A stage "signed" agreement is "expiring" this many days before it ends (the register's
# default; reminders have their own lead times per institution).
EXPIRING_DAYS = 90


class AgreementKind(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding")
    FRAMEWORK = "framework", _("Framework agreement")
    PROGRAMME = "programme", _("Programme agreement")
    ANNEX = "annex", _("Annex")
    RENEWAL = "renewal", _("Renewal")


class ProgrammeType(models.TextChoices):
    STUDENT_EXCHANGE = "student_exchange", _("Student exchange")
    TEACHER_EXCHANGE = "teacher_exchange", _("Teacher exchange")
    JOINT_PROGRAMME = "joint_programme", _("Joint programme")
    INTERNSHIP = "internship", _("Internship")
    JOINT_SCHOOL = "joint_school", _("Co-built school")
    EQUIPMENT_DONATION = "equipment_donation", _("Equipment donation")


class AgreementStage(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NEGOTIATION = "negotiation", _("In negotiation")
    SIGNED = "signed", _("Signed")
    TERMINATED = "terminated", _("Terminated")


class AgreementState(models.TextChoices):
    """What the register shows: the stage, with the dates of a signed agreement applied."""

    DRAFT = "draft", _("Draft")
    NEGOTIATION = "negotiation", _("In negotiation")
    APPROVED = "approved", _("Approved by all parties")
    SIGNED = "signed", _("Signed, not yet in force")
    IN_FORCE = "in_force", _("In force")
    EXPIRING = "expiring", _("Expiring")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


# The strongest first: what colours a partner on the map, what a register sorts by.
STATE_STRENGTH = [
    AgreementState.IN_FORCE,
    AgreementState.EXPIRING,
    AgreementState.SIGNED,
    AgreementState.APPROVED,
    AgreementState.NEGOTIATION,
    AgreementState.DRAFT,
    AgreementState.EXPIRED,
    AgreementState.TERMINATED,
]


class RenewalKind(models.TextChoices):
    NONE = "none", _("Not renewed")
    AUTOMATIC = "automatic", _("Renewed automatically unless denounced")
    BY_DECISION = "by_decision", _("Renewed by decision of the parties")


class Agreement(models.Model):
    """One agreement of the chain. The institution that drafts it keeps its text; every party
    keeps its own reference number, signatory and signing (``AgreementParty``)."""

    kind = models.CharField(_("kind"), max_length=12, choices=AgreementKind.choices)
    programme_type = models.CharField(
        _("programme"),
        max_length=20,
        choices=ProgrammeType.choices,
        blank=True,
        help_text=_("For a programme agreement: what it organises."),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=pgettext_lazy("agreement", "part of"),
        help_text=_("The agreement this one implements, annexes or renews."),
    )
    title = MultilingualField(pgettext_lazy("heading", "title"), required=True)
    summary = MultilingualField(_("summary"))
    drafted_by = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    # Where it came from: a visit and the proposal or wish stated there.
    origin_visit = models.ForeignKey(
        "visits.Visit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("from the visit"),
    )
    origin_proposal = models.ForeignKey(
        "visits.Proposal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("from the proposal"),
    )
    origin_interest = models.ForeignKey(
        "visits.CooperationInterest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("from the cooperation wish"),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Empty: without an end date.")
    )
    renewal = models.CharField(
        _("renewal"), max_length=12, choices=RenewalKind.choices, default=RenewalKind.NONE
    )
    renewal_years = models.PositiveSmallIntegerField(
        _("renewed for (years)"), null=True, blank=True, validators=[MaxValueValidator(50)]
    )
    denounce_days = models.PositiveSmallIntegerField(
        _("denounced at least (days before the end)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(3650)],
    )
    stage = models.CharField(
        _("stage"), max_length=12, choices=AgreementStage.choices, default=AgreementStage.DRAFT
    )
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = MultilingualField(_("reason for termination"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-valid_from", "-id"]
        indexes = [models.Index(fields=["stage", "valid_until"])]

    def __str__(self) -> str:
        return self.title.localize()

    def get_absolute_url(self) -> str:
        return reverse("agreements:detail", args=[self.pk])

    def clean(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end is before the start.")})
        if self.kind != AgreementKind.PROGRAMME and self.programme_type:
            raise ValidationError(
                {"programme_type": _("Only a programme agreement organises a programme.")}
            )
        if self.kind == AgreementKind.MOU and self.parent_id:
            raise ValidationError({"parent": _("A memorandum of understanding heads a chain.")})
        if self.kind in (AgreementKind.ANNEX, AgreementKind.RENEWAL) and not self.parent_id:
            raise ValidationError({"parent": _("Choose the agreement it annexes or renews.")})
        if self.renewal == RenewalKind.AUTOMATIC and not self.renewal_years:
            raise ValidationError({"renewal_years": _("For how many years is it renewed?")})
        if self.stage == AgreementStage.TERMINATED and not self.terminated_on:
            raise ValidationError({"terminated_on": _("Give the day it was terminated.")})

    def ends_on(self, today: datetime.date) -> datetime.date | None:
        """The day it ends, automatic renewals applied: renewed for ``renewal_years`` each time
        its end passed without being denounced."""
        end = self.valid_until
        if end is None or self.renewal != RenewalKind.AUTOMATIC or not self.renewal_years:
            return end
        while end < today:
            end = _add_years(end, self.renewal_years)
        return end

    def state(self, today: datetime.date, *, approved_by_all: bool = False) -> str:
        """What the agreement is on ``today``: its stage, with a signed one's dates applied."""
        if self.stage == AgreementStage.TERMINATED:
            return AgreementState.TERMINATED
        if self.stage != AgreementStage.SIGNED:
            if approved_by_all:
                return AgreementState.APPROVED
            return self.stage
        if self.valid_from and today < self.valid_from:
            return AgreementState.SIGNED
        end = self.ends_on(today)
        if end is None:
            return AgreementState.IN_FORCE
        if end < today:
            return AgreementState.EXPIRED
        if (end - today).days <= EXPIRING_DAYS:
            return AgreementState.EXPIRING
        return AgreementState.IN_FORCE


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class AgreementParty(models.Model):
    """An institution that is party to an agreement, with what that party keeps of its own:
    its reference number, its signatory and where and when it signed."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
    )
    unit = models.ForeignKey(
        "institutions.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("unit"),
    )
    reference = models.CharField(_("reference number"), max_length=60, blank=True)
    signatory = models.ForeignKey(
        "institutions.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("signatory"),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_at = MultilingualField(_("signed at (place)"))
    order = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "institution"], name="agreements_one_party_per_institution"
            )
        ]

    def __str__(self) -> str:
        return self.institution.display_short_name()


class ConditionKind(models.TextChoices):
    STUDENT_STUDY = "student_study", _("Student study")
    STUDENT_INTERNSHIP = "student_internship", _("Student internship")
    STAFF_TEACHING = "staff_teaching", _("Staff teaching")
    STAFF_TRAINING = "staff_training", _("Staff training")


class DurationUnit(models.TextChoices):
    MONTHS = "months", _("months")
    DAYS = "days", _("days")


class CefrLevel(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


class Condition(models.Model):
    """A one-way cooperation condition of an exchange or programme agreement: who sends whom
    to whom, in which field and at which level, how many places a year for how long. These are
    the quotas that exchange calls draw on."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="conditions")
    kind = models.CharField(_("kind"), max_length=20, choices=ConditionKind.choices)
    sending = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sending institution"),
    )
    sending_unit = models.ForeignKey(
        "institutions.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sending unit"),
    )
    receiving = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("receiving institution"),
    )
    receiving_unit = models.ForeignKey(
        "institutions.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("receiving unit"),
    )
    field_code = models.CharField(
        _("field (ISCED-F 2013)"), max_length=4, blank=True, help_text=_("Empty: any field.")
    )
    isced_level = models.CharField(_("level (ISCED 2011)"), max_length=1, blank=True)
    national_level = MultilingualField(
        _("national level"), help_text=_("As the sending country names it, e.g. 高职专科.")
    )
    places_per_year = models.PositiveSmallIntegerField(
        _("places per year"), validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    duration = models.PositiveSmallIntegerField(
        _("duration per year"), validators=[MinValueValidator(1), MaxValueValidator(366)]
    )
    duration_unit = models.CharField(
        pgettext_lazy("duration", "unit"),
        max_length=6,
        choices=DurationUnit.choices,
        default=DurationUnit.MONTHS,
    )
    language = models.CharField(
        _("language of instruction"), max_length=10, blank=True, help_text=_("E.g. ru, zh, en.")
    )
    cefr_level = models.CharField(
        _("language level (CEFR)"), max_length=2, choices=CefrLevel.choices, blank=True
    )
    first_year = models.PositiveSmallIntegerField(
        _("from the academic year starting in"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    last_year = models.PositiveSmallIntegerField(
        _("to the academic year starting in"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("cooperation condition")
        verbose_name_plural = _("cooperation conditions")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.sending.display_short_name()} → {self.receiving.display_short_name()}"

    def clean(self) -> None:
        if self.sending_id and self.sending_id == self.receiving_id:
            raise ValidationError({"receiving": _("Sending and receiving are the same.")})
        if self.first_year and self.last_year and self.last_year < self.first_year:
            raise ValidationError({"last_year": _("The last year is before the first.")})
        if self.duration_unit == DurationUnit.MONTHS and self.duration and self.duration > 12:
            raise ValidationError({"duration": _("At most 12 months a year.")})

    def duration_text(self) -> str:
        """ "5 months", "30 days", with the plural of the reader's language."""
        if self.duration_unit == DurationUnit.DAYS:
            return ngettext("%(n)s day", "%(n)s days", self.duration) % {"n": self.duration}
        return ngettext("%(n)s month", "%(n)s months", self.duration) % {"n": self.duration}

    def academic_years(self) -> str:
        """ "2026/27–2028/29", as offices write academic years."""
        first = f"{self.first_year}/{(self.first_year + 1) % 100:02d}"
        if self.last_year == self.first_year:
            return first
        return f"{first}–{self.last_year}/{(self.last_year + 1) % 100:02d}"


class VersionKind(models.TextChoices):
    DRAFT = "draft", _("Text")
    SIGNED_SCAN = "signed_scan", _("Signed scan")


class AgreementVersion(models.Model):
    """One version of an agreement's text, kept for ever: a text in the languages it was
    written in, and (a signed scan, a partner's draft) a file through the secure uploads."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    kind = models.CharField(
        _("kind"), max_length=12, choices=VersionKind.choices, default=VersionKind.DRAFT
    )
    text = MultilingualField(_("text"))
    file = models.ForeignKey(
        "core.StoredFile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("file"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("text version")
        verbose_name_plural = _("text versions")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="agreements_one_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number}"


class Approval(models.Model):
    """A party's approval of one version: the fingerprint of exactly what it approved (the
    version's text and file, the agreement's terms, parties and conditions as data) and that
    content itself, so that a later change shows what changed."""

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="approvals"
    )
    party = models.ForeignKey(AgreementParty, on_delete=models.CASCADE, related_name="approvals")
    sha256 = models.CharField(max_length=64)
    content = models.JSONField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A partner without an account approves through a link sent to it.
    via_link = models.ForeignKey(
        "ApprovalLink", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(auto_now_add=True)
    comment = models.CharField(_("comment"), max_length=1000, blank=True)

    class Meta:
        # A party approves again after a change: its latest approval of a version counts.
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["approved_at", "id"]

    def __str__(self) -> str:
        return f"{self.party} · v{self.version.number}"

    def approver_name(self) -> str:
        if self.approved_by is not None:
            return self.approved_by.get_full_name()
        if self.via_link is not None:
            link = self.via_link
            sender = link.created_by.get_full_name() if link.created_by else ""
            return _("%(recipient)s <%(email)s>, through a link sent by %(sender)s") % {
                "recipient": link.recipient_name,
                "email": link.recipient_email,
                "sender": sender,
            }
        return ""


class ApprovalLink(models.Model):
    """A link sent to a party's signatory who has no account: it opens one version read-only,
    in the recipient's language, and lets them approve it or comment, once. Only the hash of
    its token is stored; it expires and can be revoked."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="links")
    party = models.ForeignKey(AgreementParty, on_delete=models.CASCADE, related_name="links")
    # A person of the party's institution, as its directory records them (name and address
    # copied: what the link was sent to stays as it was).
    recipient = models.ForeignKey(
        "institutions.Person",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recipient"),
    )
    recipient_name = models.CharField(_("recipient"), max_length=200, blank=True)
    recipient_email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=10)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("approval link")
        verbose_name_plural = _("approval links")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.recipient_name or self.recipient_email

    def unusable_because(self, now: datetime.datetime) -> str:
        """Why the link no longer opens ("" while it does)."""
        if self.revoked_at is not None:
            return "revoked"
        if self.used_at is not None:
            return "used"
        if self.expires_at <= now:
            return "expired"
        return ""


class VersionComment(models.Model):
    """A party's comment on one text version (by a member, or through a link)."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="comments")
    party = models.ForeignKey(AgreementParty, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(_("comment"), max_length=4000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    via_link = models.ForeignKey(
        ApprovalLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]

    def author_name(self) -> str:
        if self.author is not None:
            return self.author.get_full_name()
        if self.via_link is not None:
            return self.via_link.recipient_name or self.via_link.recipient_email
        return ""


DEFAULT_LEAD_DAYS = [180, 90, 30]


class ReminderSettings(models.Model):
    """How long before an agreement ends (or its renewal must be decided) an institution's
    coordinators are reminded."""

    institution = models.OneToOneField(
        "institutions.Institution", on_delete=models.CASCADE, related_name="+"
    )
    lead_days = models.JSONField(_("reminders (days before)"), default=list)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    def __str__(self) -> str:
        return ", ".join(str(d) for d in self.lead_days)


class ReminderKind(models.TextChoices):
    END = "end", _("The agreement ends")
    DECISION = "decision", _("The renewal is to be decided")


class ReminderSent(models.Model):
    """A reminder that went out: one per agreement, institution, kind, lead time and date, so
    a lead time is reminded once however often the reminder run goes."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="+")
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    lead_days = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    recipients = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "institution", "kind", "lead_days", "due_on"],
                name="agreements_one_reminder_per_lead_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.kind} {self.lead_days}"
