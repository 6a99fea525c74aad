"""Talent demand: evidence (postings, stated needs, survey rows), supply and the taxonomy's
user extensions. Codes (ISCO-08, ISCED-F, countries, regions) are plain columns so they group
and index; the figures are aggregates over them (see ``figures.py``).
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from leizu.core.jobs import LeasedJob
from leizu.core.links import WebURLField

# A machine classification goes before a reviewer when its score is below the threshold, or
# when the runner-up occupation is within the margin of it (the classifier hesitates).
REVIEW_THRESHOLD = 0.6
REVIEW_MARGIN = 0.05


class ImportKind(models.TextChoices):
    POSTINGS = "postings", _("Vacancy postings")
    SURVEY = "survey", _("Survey rows")


class ImportStatus(models.TextChoices):
    DRAFT = "draft", _("Choosing the columns")
    QUEUED = "queued", _("Waiting to start")
    CHECKING = "checking", _("Checking rows")
    SAVING = "saving", _("Saving")
    CLASSIFYING = "classifying", _("Classifying")
    DONE = "done", _("Done")
    FAILED = "failed", _("Nothing saved")


# Postings of an import in these states are not published (yet, or ever): nobody sees them.
UNPUBLISHED = [
    ImportStatus.DRAFT,
    ImportStatus.QUEUED,
    ImportStatus.CHECKING,
    ImportStatus.SAVING,
    ImportStatus.FAILED,
]


class ImportJob(LeasedJob):
    """One upload of evidence, imported by tasks stage by stage (its ``status``); its row
    shows the progress and holds the lease of the task working on it (``core.jobs``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The upload, stored under MEDIA_ROOT with a generated name (never the uploader's).
    file_path = models.CharField(max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10)
    file_size = models.PositiveBigIntegerField(default=0)
    # Target field → source column, and values for fields the file lacks.
    mapping = models.JSONField(_("columns"), default=dict, blank=True)
    defaults = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.DRAFT
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    to_classify = models.PositiveIntegerField(default=0)
    classified_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(_("added"), default=0)
    duplicate_count = models.PositiveIntegerField(_("already recorded"), default=0)
    # [{"row": 12, "column": "date", "message": "…"}]; the first few hundred are kept.
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("talent:import_detail", args=[self.pk])

    def is_running(self) -> bool:
        return self.status not in (ImportStatus.DRAFT, ImportStatus.DONE, ImportStatus.FAILED)

    def progress(self) -> tuple[int, int]:
        """(done, total) of the current phase, for the progress bar."""
        if self.status == ImportStatus.CLASSIFYING:
            return self.classified_rows, max(self.to_classify, 1)
        if self.status == ImportStatus.DONE:
            return 1, 1
        return self.processed_rows, max(self.total_rows, self.processed_rows, 1)

    def percent(self) -> int:
        done, total = self.progress()
        return min(100, int(100 * done / total))


class Evidence(models.Model):
    """What every item of demand evidence keeps: source, date, country, region and language."""

    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    country = models.CharField(_("country"), max_length=2)
    region = models.CharField(_("region"), max_length=10, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    import_job = models.ForeignKey(
        ImportJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class PostingQuerySet(models.QuerySet):
    def published(self) -> "PostingQuerySet":
        """Without the postings of imports not published: an import saves its postings in
        short batches and publishes them all at once, by its status (``talent.io``)."""
        unpublished = ImportJob.objects.filter(status__in=UNPUBLISHED).values("pk")
        return self.exclude(import_job__in=unpublished)

    def counted_once(self) -> "PostingQuerySet":
        """Each posting once, however many institutions hold a copy: the copy stored first
        counts (its codes, its openings), so demand does not grow when a second institution
        imports the same posting."""
        earlier = Posting.objects.filter(
            content_hash=models.OuterRef("content_hash"), pk__lt=models.OuterRef("pk")
        )
        return self.filter(~models.Exists(earlier))


class PostingManager(models.Manager.from_queryset(PostingQuerySet)):  # type: ignore[misc]
    def get_queryset(self) -> PostingQuerySet:
        return super().get_queryset().published()


class Posting(Evidence):
    """A vacancy posting. Its codes are the reviewer's when reviewed, else the machine's."""

    title = models.CharField(pgettext_lazy("job posting", "title"), max_length=500)
    text = models.TextField(_("text"), blank=True)
    employer = models.CharField(_("employer"), max_length=300, blank=True)
    posted_on = models.DateField(_("date"))
    openings = models.PositiveIntegerField(_("openings"), default=1)
    url = WebURLField(_("link"), max_length=500, blank=True)
    # sha256 of normalised title + text + employer + country + date: the same posting twice in
    # one institution's evidence is one posting. It is unique per institution, never across
    # them, so an import tells nothing of what another institution holds; the figures count a
    # posting once all the same (``counted_once``).
    content_hash = models.CharField(max_length=64)
    machine_isco08 = models.CharField(max_length=4, blank=True)
    machine_isced_f = models.CharField(max_length=4, blank=True)
    score = models.FloatField(_("confidence"), null=True, blank=True)
    classification = models.JSONField(null=True, blank=True, editable=False)
    classified_at = models.DateTimeField(null=True, blank=True)
    reviewed_isco08 = models.CharField(_("occupation (reviewed)"), max_length=4, blank=True)
    reviewed_isced_f = models.CharField(_("field (reviewed)"), max_length=4, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    needs_review = models.BooleanField(default=False)
    # The codes the figures count: the reviewer's if any, else the machine's.
    isco08 = models.CharField(_("occupation"), max_length=4, blank=True)
    isced_f = models.CharField(_("field"), max_length=4, blank=True)

    # Every reader sees published postings only; an import counts and removes its own rows
    # through ``_base_manager``.
    objects = PostingManager()

    class Meta:
        verbose_name = _("vacancy posting")
        verbose_name_plural = _("vacancy postings")
        ordering = ["-posted_on", "-id"]
        indexes = [
            models.Index(fields=["posted_on", "country"], name="posting_date_country"),
            models.Index(fields=["isced_f", "country", "region"], name="posting_field"),
            models.Index(fields=["isco08"], name="posting_occupation"),
            models.Index(fields=["institution", "posted_on"], name="posting_institution"),
            models.Index(
                fields=["score"], condition=models.Q(needs_review=True), name="posting_review"
            ),
            models.Index(
                fields=["id"], condition=models.Q(classified_at__isnull=True), name="posting_todo"
            ),
        ]
        constraints = [
            # content_hash first: the index also finds the other institutions' copies.
            models.UniqueConstraint(
                fields=["content_hash", "institution"], name="posting_unique_content"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("talent:posting_detail", args=[self.pk])

    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None


class NeedKind(models.TextChoices):
    STATEMENT = "statement", _("Stated by a partner")
    SURVEY = "survey", _("Survey row")


DEFAULT_RELIABILITY = {NeedKind.STATEMENT: 0.5, NeedKind.SURVEY: 0.7}


class StatedNeed(Evidence):
    """A headcount of people needed, stated by a partner or answered in a survey."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=NeedKind.choices, default=NeedKind.STATEMENT
    )
    isced_f = models.CharField(_("field of education (ISCED-F)"), max_length=4, blank=True)
    occupation = models.CharField(_("occupation"), max_length=300)
    isco08 = models.CharField(_("occupation code (ISCO-08)"), max_length=4, blank=True)
    employer = models.CharField(_("employer"), max_length=300, blank=True)
    headcount = models.PositiveIntegerField(
        _("headcount"), validators=[MinValueValidator(1), MaxValueValidator(1_000_000)]
    )
    level = models.CharField(_("level (ISCED 2011)"), max_length=2, blank=True)
    horizon_year = models.PositiveSmallIntegerField(
        _("needed by (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    stated_on = models.DateField(_("date"))
    reliability = models.FloatField(
        _("reliability"),
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("How far the headcount is to be believed, from 0 to 1: it weighs the figures."),
    )
    note = models.TextField(_("note"), blank=True)
    # Survey rows imported from a file: the same row twice is one row.
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("stated need")
        verbose_name_plural = _("stated needs")
        ordering = ["-stated_on", "-id"]
        indexes = [
            models.Index(fields=["stated_on", "country"], name="need_date_country"),
            models.Index(fields=["institution", "stated_on"], name="need_institution"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_hash"],
                condition=~models.Q(content_hash=""),
                name="need_unique_content",
            )
        ]

    def __str__(self) -> str:
        return f"{self.occupation} ({self.headcount})"

    def get_absolute_url(self) -> str:
        return reverse("talent:need_edit", args=[self.pk])


class GraduateSupply(models.Model):
    """Graduates a year in one field, country and region: the supply side of a gap."""

    isced_f = models.CharField(_("field of education (ISCED-F)"), max_length=4)
    country = models.CharField(_("country"), max_length=2)
    region = models.CharField(_("region"), max_length=10, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    graduates = models.PositiveIntegerField(_("graduates"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("graduate supply")
        verbose_name_plural = _("graduate supply")
        ordering = ["-year", "country", "region", "isced_f"]
        constraints = [
            models.UniqueConstraint(
                fields=["isced_f", "country", "region", "year"], name="supply_unique_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.isced_f} {self.country} {self.region} {self.year}: {self.graduates}"

    def get_absolute_url(self) -> str:
        return reverse("talent:supply_edit", args=[self.pk])


class OccupationAlias(models.Model):
    """A user's name for an occupation, added to the shipped taxonomy's aliases."""

    isco08 = models.CharField(_("occupation code (ISCO-08)"), max_length=4)
    language = models.CharField(_("language"), max_length=10)
    text = models.CharField(_("alias"), max_length=200)
    weight = models.FloatField(
        _("weight"),
        default=1.0,
        validators=[MinValueValidator(0.1), MaxValueValidator(1.0)],
        help_text=_("1 for an exact name of the occupation, less for a vaguer one."),
    )
    isced_f = models.CharField(_("field of education (ISCED-F)"), max_length=4, blank=True)
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("occupation alias")
        verbose_name_plural = _("occupation aliases")
        ordering = ["isco08", "language", "text"]
        constraints = [
            models.UniqueConstraint(fields=["isco08", "language", "text"], name="alias_unique")
        ]

    def __str__(self) -> str:
        return f"{self.isco08} {self.language}: {self.text}"


class SkillTerm(models.Model):
    """A user's skill label: finding it in a posting points at an occupation."""

    isco08 = models.CharField(_("occupation code (ISCO-08)"), max_length=4)
    language = models.CharField(_("language"), max_length=10)
    label = models.CharField(_("skill"), max_length=200)
    weight = models.FloatField(
        _("weight"), default=1.0, validators=[MinValueValidator(0.1), MaxValueValidator(1.0)]
    )
    isced_f = models.CharField(_("field of education (ISCED-F)"), max_length=4, blank=True)
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["isco08", "language", "label"]
        constraints = [
            models.UniqueConstraint(fields=["isco08", "language", "label"], name="skill_unique")
        ]

    def __str__(self) -> str:
        return f"{self.isco08} {self.language}: {self.label}"
