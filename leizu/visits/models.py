"""Delegation visits: the record from the plan to the report and the follow-up.

A visit has one host institution and any number of guest and accompanying (brokering)
institutions: together they are the visit's parties, and their staff are the ones who see it
(the rule is in ``visits/selectors.py``). Everything said and agreed during the visit is kept in
structured rows (statements, stated talent needs, cooperation interests, proposals) so that the
talent analysis and the follow-up can use them, and the news report is drafted from them.
"""

import datetime
import zoneinfo
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from leizu.core.multilingual import MultilingualField

# The languages a visit report is drafted in.
REPORT_LANGUAGES = ("zh-hans", "en", "ru", "kk", "uz")


class VisitDirection(models.TextChoices):
    INCOMING = "incoming", _("Incoming")
    OUTGOING = "outgoing", _("Outgoing")


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONFIRMED = "confirmed", _("Confirmed")
    HELD = "held", _("Held")
    REPORTED = "reported", _("Reported")
    CLOSED = "closed", _("Closed")


STATUS_ORDER = [s.value for s in VisitStatus]


class PolicyTag(models.Model):
    """A policy context a visit belongs to: a summit declaration, a national programme."""

    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name = MultilingualField(_("name"), required=True)
    description = MultilingualField(_("description"))

    class Meta:
        verbose_name = _("policy context")
        verbose_name_plural = _("policy contexts")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name.localize()


def _valid_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(_("Unknown time zone.")) from exc


class Visit(models.Model):
    """A delegation visit: incoming (guests come to the college) or outgoing (it goes abroad)."""

    direction = models.CharField(_("direction"), max_length=10, choices=VisitDirection.choices)
    title = MultilingualField(pgettext_lazy("heading", "title"), required=True)
    purpose = MultilingualField(_("purpose"))
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    # Agenda times are entered and shown in the time zone of the place of the visit.
    time_zone = models.CharField(
        _("time zone"), max_length=40, default="Asia/Shanghai", validators=[_valid_time_zone]
    )
    host = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="hosted_visits",
        verbose_name=_("host institution"),
    )
    # The party that keeps this record and edits the visit itself; its internal rows (trip
    # approvals, internal actions) are its own. The host of an incoming visit, the travelling
    # college of an outgoing one.
    organiser = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="organised_visits",
        verbose_name=_("organising institution"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    policy_tags = models.ManyToManyField(
        PolicyTag, blank=True, related_name="visits", verbose_name=_("policy context")
    )
    topics = MultilingualField(_("topics discussed"), help_text=_("One topic per line."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["start_date"], name="visit_start")]

    def __str__(self) -> str:
        return self.title.localize()

    def get_absolute_url(self) -> str:
        return reverse("visits:detail", args=[self.pk])

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day cannot be before the first day.")})

    def tzinfo(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    def allowed_statuses(self, today: datetime.date) -> list[str]:
        """Statuses the visit may move to: one step forward or back; held only once begun. A
        visit entered after the fact (it has begun, still planned) is held in one step."""
        i = STATUS_ORDER.index(self.status)
        allowed = [STATUS_ORDER[j] for j in (i - 1, i + 1) if 0 <= j < len(STATUS_ORDER)]
        if self.status == VisitStatus.PLANNED and self.start_date <= today:
            allowed.append(VisitStatus.HELD)
        if self.start_date > today:
            allowed = [s for s in allowed if STATUS_ORDER.index(s) < STATUS_ORDER.index("held")]
        return allowed

    def party_ids(self) -> set[int]:
        """The host and every guest and accompanying institution (uses prefetched parties)."""
        return {self.host_id, *(p.institution_id for p in self.parties.all())}

    def side_of(self, institution_id: int) -> str | None:
        if institution_id == self.host_id:
            return Side.HOST
        for party in self.parties.all():
            if party.institution_id == institution_id:
                return party.side
        return None


class Side(models.TextChoices):
    HOST = "host", _("Host")
    GUEST = "guest", _("Guest")
    ACCOMPANYING = "accompanying", _("Accompanying")


class VisitParty(models.Model):
    """A guest or accompanying (brokering) institution of a visit. The host is ``Visit.host``."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="parties")
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="visit_parties"
    )
    side = models.CharField(
        _("side"),
        max_length=15,
        choices=[(Side.GUEST, Side.GUEST.label), (Side.ACCOMPANYING, Side.ACCOMPANYING.label)],
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("party to a visit")
        verbose_name_plural = _("parties to visits")
        ordering = ["visit_id", "side", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "institution"], name="visit_party_unique")
        ]

    def __str__(self) -> str:
        return f"{self.visit_id} · {self.get_side_display()} · {self.institution_id}"


class ParticipantRole(models.TextChoices):
    HEAD = "head", _("Head of delegation")
    MEMBER = "member", _("Member")
    HOST_LEAD = "host_lead", _("Host lead")
    SPEAKER = "speaker", _("Speaker")
    INTERPRETER = "interpreter", _("Interpreter")
    STAFF = "staff", _("Staff")


class Participant(models.Model):
    """Somebody taking part in a visit: a named person, or a group ("staff of the Textile
    College", a unit's delegation) recorded as one row, with the position they held then."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        "institutions.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visit_participations",
        verbose_name=_("person"),
    )
    # A group instead of a person: the unit it comes from and/or how the report names it.
    unit = models.ForeignKey(
        "institutions.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("unit"),
    )
    group = MultilingualField(
        _("group"),
        help_text=_(
            "People taking part as a group, not by name, e.g. staff of the Textile College."
        ),
    )
    # The institution the person represented, as at the visit; decides the side.
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="+"
    )
    side = models.CharField(_("side"), max_length=15, choices=Side.choices)
    role = models.CharField(_("role in the visit"), max_length=15, choices=ParticipantRole.choices)
    # Empty position and title follow the person's current ones (never a copy).
    position_code = models.CharField(_("position"), max_length=40, blank=True)
    position = MultilingualField(_("position at the visit (other)"))
    title = MultilingualField(_("title at the visit"))
    protocol_order = models.PositiveSmallIntegerField(
        _("protocol order"), default=0, help_text=_("1 is the first in rank on its side.")
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["visit_id", "side", "protocol_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "person"], name="participant_unique_person")
        ]

    def __str__(self) -> str:
        return self.display_name()

    def is_group(self) -> bool:
        return self.person_id is None

    def display_name(self, language: str | None = None) -> str:
        """The person's name for readers of ``language``, or the group's name."""
        if self.person is not None:
            return self.person.display_name(language)
        if not self.group.is_empty():
            return self.group.localize(language)
        return self.unit.name.localize(language) if self.unit is not None else ""

    def position_label(self, language: str | None = None) -> str:
        """The position at the visit: from the vocabulary, else in words, else the person's."""
        from leizu.institutions.positions import position_label

        if self.position_code:
            return position_label(self.position_code, language)
        if not self.position.is_empty():
            return self.position.localize(language)
        if self.person is not None:
            return self.person.position_label(language)
        return ""

    def title_label(self, language: str | None = None) -> str:
        if not self.title.is_empty():
            return self.title.localize(language)
        if self.person is not None:
            return self.person.title.localize(language)
        return ""

    def position_language_missing(self, language: str) -> bool:
        """Whether the position is known but not written in ``language`` (for the checklist)."""
        if self.position_code:
            return False
        own = self.position
        if own.is_empty() and self.person is not None:
            if self.person.position_code:
                return False
            own = self.person.position
        return not own.is_empty() and not own.get(language)


class PartOfDay(models.TextChoices):
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    EVENING = "evening", _("Evening")
    WHOLE_DAY = "whole_day", _("Whole day")


# The time an item with only a part of the day is filed at, so the agenda sorts.
PART_OF_DAY_HOURS = {"morning": 9, "afternoon": 14, "evening": 19, "whole_day": 9}


class AgendaKind(models.TextChoices):
    MEETING = "meeting", _("Symposium or meeting")
    FACILITY_TOUR = "facility_tour", _("Facility tour")
    COMPANY_VISIT = "company_visit", _("Company visit")
    CLASS_OBSERVATION = "class_observation", _("Class observation")
    SIGNING = "signing", _("Signing ceremony")
    BANQUET = "banquet", _("Banquet")
    OTHER = "other", _("Other")


# Agenda kinds in which the guests see a place: what a report lists as "toured".
TOUR_KINDS = frozenset(
    {AgendaKind.FACILITY_TOUR, AgendaKind.COMPANY_VISIT, AgendaKind.CLASS_OBSERVATION}
)


class AgendaItem(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="agenda_items")
    kind = models.CharField(_("kind"), max_length=20, choices=AgendaKind.choices)
    title = MultilingualField(pgettext_lazy("heading", "title"))
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"), null=True, blank=True)
    part_of_day = models.CharField(
        _("part of the day"),
        max_length=10,
        choices=PartOfDay.choices,
        blank=True,
        help_text=_("When the exact time is not known: the day of the start and this."),
    )
    venue_unit = models.ForeignKey(
        "institutions.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("venue (unit)"),
        help_text=_("A training base, laboratory or other unit of a party."),
    )
    venue_text = MultilingualField(_("venue (other)"))
    participants = models.ManyToManyField(
        Participant, blank=True, related_name="agenda_items", verbose_name=_("people involved")
    )
    notes = MultilingualField(_("notes"))
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["visit_id", "starts_at", "id"]

    def __str__(self) -> str:
        return self.display_title()

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must be after the start.")})

    def display_title(self) -> str:
        return self.title.localize() or str(self.get_kind_display())

    def venue(self) -> str:
        return str(self.venue_unit) if self.venue_unit_id else self.venue_text.localize()


class StatementKind(models.TextChoices):
    SPEECH = "speech", _("Statement")
    IMPRESSION = "impression", _("Impression or remark")


class Statement(models.Model):
    """What a speaker said, summarised (the minutes of the visit), or an impression or remark
    of a party (the guests on a tour, or on the whole visit)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="statements")
    kind = models.CharField(
        _("kind"), max_length=12, choices=StatementKind.choices, default=StatementKind.SPEECH
    )
    # Whose words: the speaker's institution, or (an impression without a speaker) the party.
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
    )
    speaker = models.ForeignKey(
        Participant,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statements",
        verbose_name=_("speaker"),
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
        verbose_name=_("during"),
    )
    summary = MultilingualField(_("summary"), required=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["visit_id", "order", "id"]

    def __str__(self) -> str:
        return self.summary.localize()[:80]


class NeedHorizon(models.TextChoices):
    NOW = "now", _("Now")
    SHORT = "short", _("Within two years")
    MEDIUM = "medium", _("In three to five years")
    LONG = "long", _("Beyond five years")


class StatedNeed(models.Model):
    """A talent need an institution stated during the visit: evidence for the talent analysis."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="needs")
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("stated by (institution)"),
    )
    also_stated_by = models.ManyToManyField(
        "institutions.Institution",
        blank=True,
        related_name="+",
        verbose_name=_("stated jointly with"),
        help_text=_("Other parties that stated the same need."),
    )
    stated_by = models.ForeignKey(
        Participant,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needs",
        verbose_name=_("stated by (person)"),
    )
    field_code = models.CharField(
        _("field (ISCED-F 2013)"), max_length=4, help_text=_("Broad, narrow or detailed field.")
    )
    # Empty when only the field was named ("gaps in electrical automation").
    occupation = MultilingualField(
        _("occupation or skills"), help_text=_("In the words of the guests.")
    )
    isco_code = models.CharField(_("occupation (ISCO-08)"), max_length=4, blank=True)
    country = models.CharField(_("country"), max_length=2)
    region = MultilingualField(_("region"))
    headcount = models.PositiveIntegerField(_("headcount"), null=True, blank=True)
    level = models.CharField(_("level (ISCED 2011)"), max_length=2, blank=True)
    horizon = models.CharField(_("horizon"), max_length=10, choices=NeedHorizon.choices, blank=True)
    notes = MultilingualField(_("notes"))
    order = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("stated talent need")
        verbose_name_plural = _("stated talent needs")
        ordering = ["visit_id", "order", "id"]
        indexes = [models.Index(fields=["field_code", "country"], name="need_field_country")]

    def __str__(self) -> str:
        return self.occupation.localize()

    def clean(self) -> None:
        from leizu.core.reference import isced_fields, isced_levels

        errors = {}
        if self.field_code and self.field_code not in {r["code"] for r in isced_fields()}:
            errors["field_code"] = _("Choose a field of ISCED-F 2013.")
        if self.level and self.level not in {r["code"] for r in isced_levels()}:
            errors["level"] = _("Choose a level of ISCED 2011.")
        if self.isco_code and not (self.isco_code.isdigit() and len(self.isco_code) == 4):
            errors["isco_code"] = _("An ISCO-08 unit group has four digits.")
        if errors:
            raise ValidationError(errors)

    def field_label(self) -> str:
        from leizu.core.reference import isced_fields

        for row in isced_fields():
            if row["code"] == self.field_code:
                return row["labels"].localize()
        return self.field_code

    def level_label(self) -> str:
        from leizu.core.reference import isced_levels

        for row in isced_levels():
            if row["code"] == self.level:
                return row["labels"].localize()
        return self.level


class InterestKind(models.TextChoices):
    STUDENT_EXCHANGE = "student_exchange", _("Student exchanges")
    TEACHER_VISIT = "teacher_visit", _("Teacher visits")
    PROGRAMME = "programme", _("Programme construction")
    JOINT_SCHOOL = "joint_school", _("A jointly built school")
    INTERNSHIP = "internship", _("Internships")
    EQUIPMENT = "equipment", _("Equipment")
    RESEARCH = "research", _("Research")
    OTHER = "other", _("Other")


class CooperationInterest(models.Model):
    """A field of cooperation an institution said it wants."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="interests")
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InterestKind.choices)
    also_stated_by = models.ManyToManyField(
        "institutions.Institution",
        blank=True,
        related_name="+",
        verbose_name=_("stated jointly with"),
        help_text=_("Other parties that stated the same wish."),
    )
    description = MultilingualField(_("description"))
    stated_by = models.ForeignKey(
        Participant,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interests",
        verbose_name=_("stated by (person)"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("cooperation interest")
        verbose_name_plural = _("cooperation interests")
        ordering = ["visit_id", "kind", "id"]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class Reaction(models.TextChoices):
    NONE = "none", _("No reaction recorded")
    WELCOMED = "welcomed", _("Welcomed")
    INTERESTED = "interested", _("Showed great interest")
    AGREED = "agreed", _("Agreed")
    TO_STUDY = "to_study", _("To be studied")
    DECLINED = "declined", _("Declined")


class Proposal(models.Model):
    """Who proposed what during the visit, and how the other side reacted."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="proposals")
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by (institution)"),
    )
    proposed_by = models.ForeignKey(
        Participant,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
        verbose_name=_("proposed by (person)"),
    )
    proposed_by_unit = models.ForeignKey(
        "institutions.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("proposed by (unit)"),
        help_text=_("An office or school of the institution, when no one person proposed it."),
    )
    text = MultilingualField(_("proposal"), required=True)
    reaction = models.CharField(
        _("reaction"), max_length=10, choices=Reaction.choices, default=Reaction.NONE
    )
    reaction_text = MultilingualField(_("reaction in words"))
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["visit_id", "id"]

    def __str__(self) -> str:
        return self.text.localize()[:80]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
# Reminders: once when an action comes this close to its due date, again once it is overdue,
# then every REPEAT_OVERDUE_DAYS while it stays open.
REMIND_BEFORE_DAYS = 3
REPEAT_OVERDUE_DAYS = 7


class FollowUpAction(models.Model):
    """Something to do after the visit, owned by an institution (and a user), with a due date."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="actions")
    description = MultilingualField(_("what to do"), required=True)
    owner_institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible institution"),
    )
    owner_unit = models.ForeignKey(
        "institutions.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("responsible office"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visit_actions",
        verbose_name=_("responsible person"),
        help_text=_("Receives the due-date reminders."),
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    need = models.ForeignKey(
        StatedNeed,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("from the need"),
    )
    interest = models.ForeignKey(
        CooperationInterest,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("from the interest"),
    )
    proposal = models.ForeignKey(
        Proposal,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("from the proposal"),
    )
    internal = models.BooleanField(
        _("internal"),
        default=False,
        help_text=_("Seen only by the organising institution, not by the other parties."),
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    last_reminded_on = models.DateField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["status", "due_date"], name="action_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(need__isnull=True, interest__isnull=True)
                    | models.Q(need__isnull=True, proposal__isnull=True)
                    | models.Q(interest__isnull=True, proposal__isnull=True)
                ),
                name="action_one_outcome",
            )
        ]

    def __str__(self) -> str:
        return self.description.localize()[:80]

    def clean(self) -> None:
        if sum(x is not None for x in (self.need_id, self.interest_id, self.proposal_id)) > 1:
            raise ValidationError(_("An action comes from at most one outcome."))

    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    def is_overdue(self, today: datetime.date) -> bool:
        return self.is_open() and self.due_date is not None and self.due_date < today

    def outcome(self) -> Any:
        return self.need or self.interest or self.proposal

    def reminder_due(self, today: datetime.date) -> bool:
        """Whether today's reminder run should include this action."""
        if not self.is_open() or self.due_date is None:
            return False
        window = self.due_date - datetime.timedelta(days=REMIND_BEFORE_DAYS)
        if today < window:
            return False
        last = self.last_reminded_on
        if last is None:
            return True
        if today <= self.due_date:
            return last < window
        return last <= self.due_date or (today - last).days >= REPEAT_OVERDUE_DAYS


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class VisitReport(models.Model):
    """The news report of a visit in one language: drafted from the record, edited, published."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="reports")
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=[(c, n) for c, n in settings.LANGUAGES if c in REPORT_LANGUAGES],
    )
    title = models.CharField(_("headline"), max_length=300)
    body = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    generated_at = models.DateTimeField(_("drafted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("visit report")
        verbose_name_plural = _("visit reports")
        ordering = ["visit_id", "language"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "language"], name="report_one_per_language")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("visits:report", args=[self.visit_id, self.language])

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]


class ApprovalKind(models.TextChoices):
    APPLICATION = "application", _("Application for the trip")
    APPROVAL = "approval", _("Approval")
    PASSPORT_CHECKOUT = "passport_checkout", _("Passports checked out")
    PASSPORT_RETURN = "passport_return", _("Passports returned")
    POST_TRIP_REPORT = "post_trip_report", _("Post-trip report submitted")


# Default due dates of the steps, in days from the first day (negative: before) or, for steps
# after the trip, from the last day. Editable per visit; a college's own rules may differ.
APPROVAL_DEFAULTS: list[tuple[str, str, int]] = [
    (ApprovalKind.APPLICATION, "start", -45),
    (ApprovalKind.APPROVAL, "start", -21),
    (ApprovalKind.PASSPORT_CHECKOUT, "start", -3),
    (ApprovalKind.PASSPORT_RETURN, "end", 7),
    (ApprovalKind.POST_TRIP_REPORT, "end", 30),
]


class ApprovalStep(models.Model):
    """One step of the approval a Chinese college needs for an official trip abroad: internal to
    the visit's organising institution, never shown to the other parties."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="approval_steps")
    kind = models.CharField(_("step"), max_length=20, choices=ApprovalKind.choices)
    due_date = models.DateField(_("due"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering = ["visit_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "kind"], name="approval_step_unique_kind")
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    def is_overdue(self, today: datetime.date) -> bool:
        return self.done_on is None and self.due_date is not None and self.due_date < today


class VisitAttachment(models.Model):
    """A document or photo of a visit; the file is served only through the visit's access check."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="attachments")
    file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, related_name="+")
    caption = MultilingualField(_("caption"))
    is_photo = models.BooleanField(_("photo"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["visit_id", "-is_photo", "id"]

    def __str__(self) -> str:
        return self.caption.localize() or self.file.original_name

    def get_absolute_url(self) -> str:
        return reverse("visits:attachment", args=[self.pk])
