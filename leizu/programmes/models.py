"""Programme catalogues and the programmes institutions offer.

Catalogues: national classifiers of vocational programmes as versioned reference
data (China's 2021 catalogue ships with the project; other countries' and editions are
imported by users), each code with its parent chain, names in the five languages and its
ISCED-F 2013 field with the basis and confidence of that mapping. Programmes: what an
institution teaches, grouped into professional clusters, with intake and graduates by year."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from leizu.core.multilingual import MultilingualField


class EntryKind(models.TextChoices):
    CATEGORY = "category", pgettext_lazy("catalogue level", "major category")
    CLASS = "class", pgettext_lazy("catalogue level", "programme class")
    PROGRAMME = "programme", pgettext_lazy("catalogue level", "programme")


class EntryStatus(models.TextChoices):
    VERIFIED = "verified", pgettext_lazy("catalogue code", "verified")
    SINGLE_SOURCE = "single-source", pgettext_lazy("catalogue code", "one source only")
    CONFLICT = "conflict", pgettext_lazy("catalogue code", "sources disagree")
    UNVERIFIED = "unverified", pgettext_lazy("catalogue code", "not verified")


class Confidence(models.TextChoices):
    HIGH = "high", pgettext_lazy("confidence", "high")
    MEDIUM = "medium", pgettext_lazy("confidence", "medium")
    LOW = "low", pgettext_lazy("confidence", "low")


class Catalogue(models.Model):
    """One edition of one country's programme classifier."""

    country = models.CharField(_("country"), max_length=2)
    classifier = models.CharField(
        _("classifier"), max_length=40, help_text=_("A short code of the classifier")
    )
    edition = models.CharField(_("edition"), max_length=40)
    name = MultilingualField(pgettext_lazy("heading", "name"), required=True)
    source = MultilingualField(_("source"))
    shipped = models.BooleanField(
        _("shipped with Leizu"), default=False, help_text=_("Reference data of the project")
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
        help_text=_("The institution that imported it and keeps it"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("programme catalogue")
        verbose_name_plural = _("programme catalogues")
        ordering = ["country", "classifier", "-edition"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "classifier", "edition"], name="catalogue_unique_edition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name.localize()} ({self.edition})"

    def get_absolute_url(self) -> str:
        return reverse("programmes:catalogue", args=[self.pk])


class CatalogueEntry(models.Model):
    """A code of a catalogue: a major category, a programme class or a programme."""

    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="entries")
    code = models.CharField(_("code"), max_length=20)
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    level = models.CharField(
        _("national level"),
        max_length=40,
        blank=True,
        help_text=_("The level of education the code belongs to in its country"),
    )
    name = MultilingualField(pgettext_lazy("heading", "name"), required=True)
    edition = models.CharField(
        _("edition"), max_length=20, blank=True, help_text=_("When the code was added")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=EntryStatus.choices, default=EntryStatus.UNVERIFIED
    )
    sources = models.CharField(_("sources"), max_length=200, blank=True)
    isced_f = models.CharField(_("field (ISCED-F 2013)"), max_length=4, blank=True)
    isced_confidence = models.CharField(
        _("confidence of the field"), max_length=6, choices=Confidence.choices, blank=True
    )
    isced_basis = models.TextField(_("why this field"), max_length=500, blank=True)
    order = models.PositiveIntegerField(default=0)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("catalogue code")
        verbose_name_plural = _("catalogue codes")
        ordering = ["catalogue_id", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "code"], name="catalogue_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name.localize()}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:entry", args=[self.pk])


class CreditSystem(models.TextChoices):
    CN = "cn", pgettext_lazy("credit system", "Chinese credits (学分)")
    KZ = "kz", pgettext_lazy("credit system", "Kazakhstan credits")
    UZ = "uz", pgettext_lazy("credit system", "Uzbekistan credits")
    ECTS = "ects", pgettext_lazy("credit system", "ECTS credits")


class ProgrammeGroup(models.Model):
    """A professional cluster (专业群): programmes of one institution built and run together
    for one industry chain."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="programme_groups"
    )
    name = MultilingualField(pgettext_lazy("heading", "name"), required=True)
    description = MultilingualField(_("description"))
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("programme group")
        verbose_name_plural = _("programme groups")
        ordering = ["institution_id", "id"]

    def __str__(self) -> str:
        return self.name.localize()


class Programme(models.Model):
    """A programme an institution offers, with its national code and levels kept apart."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="programmes"
    )
    group = models.ForeignKey(
        ProgrammeGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("programme group"),
    )
    catalogue_entry = models.ForeignKey(
        CatalogueEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("catalogue code"),
    )
    name = MultilingualField(pgettext_lazy("heading", "name"), required=True)
    national_level = models.CharField(_("national level"), max_length=40, blank=True)
    isced_level = models.CharField(_("level (ISCED 2011)"), max_length=1, blank=True)
    eqf_level = models.PositiveSmallIntegerField(
        _("level (EQF/NQF)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
    )
    isced_f = models.CharField(_("field (ISCED-F 2013)"), max_length=4, blank=True)
    duration_years = models.DecimalField(
        _("duration (years)"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("8"))],
    )
    credits = models.DecimalField(
        _("credits"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("1000"))],
    )
    credit_system = models.CharField(
        _("credit system"), max_length=4, choices=CreditSystem.choices, blank=True
    )
    languages = models.JSONField(_("languages of instruction"), default=list, blank=True)
    occupations = models.JSONField(
        _("occupations it prepares for (ISCO-08)"), default=list, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["institution_id", "group_id", "id"]

    def __str__(self) -> str:
        return self.name.localize()

    def get_absolute_url(self) -> str:
        return reverse("programmes:programme", args=[self.pk])

    def clean(self) -> None:
        from leizu.core.reference import LANGUAGE_SCRIPTS, isced_levels
        from leizu.talent.codes import isced_detailed_codes, isco_codes

        errors: dict[str, list[Any]] = {}
        if self.isced_f and self.isced_f not in isced_detailed_codes():
            errors["isced_f"] = [_("Choose a detailed field of ISCED-F 2013.")]
        if self.isced_level and self.isced_level not in {r["code"] for r in isced_levels()}:
            errors["isced_level"] = [_("Choose a level of ISCED 2011.")]
        if not isinstance(self.languages, list) or any(
            c not in LANGUAGE_SCRIPTS for c in self.languages
        ):
            errors["languages"] = [_("Choose languages from the list.")]
        if not isinstance(self.occupations, list) or any(
            c not in isco_codes() for c in self.occupations
        ):
            errors["occupations"] = [_("Choose ISCO-08 unit groups from the list.")]
        elif len(self.occupations) > 20:
            errors["occupations"] = [_("At most 20 occupations.")]
        if self.group_id and self.group and self.group.institution_id != self.institution_id:
            errors["group"] = [_("The group belongs to another institution.")]
        if (
            self.catalogue_entry_id
            and self.catalogue_entry
            and self.catalogue_entry.kind != "programme"
        ):
            errors["catalogue_entry"] = [_("Choose a programme code, not a class or category.")]
        if errors:
            raise ValidationError(errors)


class ProgrammeYear(models.Model):
    """Intake and graduates of a programme in one year: the supply side of the talent gap."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    intake = models.PositiveIntegerField(
        _("students admitted"), null=True, blank=True, validators=[MaxValueValidator(100_000)]
    )
    graduates = models.PositiveIntegerField(
        _("graduates"), null=True, blank=True, validators=[MaxValueValidator(100_000)]
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("programme year")
        verbose_name_plural = _("programme years")
        ordering = ["programme_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="programme_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.year}"


class Course(models.Model):
    """A course of a programme's plan (人才培养方案), with its hours, credits and practice share."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="courses")
    code = models.CharField(_("course code"), max_length=20, blank=True)
    name = MultilingualField(pgettext_lazy("heading", "name"), required=True)
    hours = models.PositiveSmallIntegerField(
        _("hours"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(2000)],
    )
    credits = models.DecimalField(
        _("credits"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("60"))],
    )
    practice_share = models.PositiveSmallIntegerField(
        _("practice share (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["programme_id", "order", "id"]

    def __str__(self) -> str:
        return self.name.localize()


class LearningOutcome(models.Model):
    """What a learner can do after a course, as a short statement in several languages."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="outcomes")
    text = MultilingualField(_("learning outcome"), required=True)
    order = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("learning outcome")
        verbose_name_plural = _("learning outcomes")
        ordering = ["course_id", "order", "id"]

    def __str__(self) -> str:
        return self.text.localize()


class LinkStatus(models.TextChoices):
    SUGGESTED = "suggested", pgettext_lazy("skill link", "suggested")
    CONFIRMED = "confirmed", pgettext_lazy("skill link", "confirmed")
    REJECTED = "rejected", pgettext_lazy("skill link", "rejected")


class OutcomeSkill(models.Model):
    """A learning outcome linked to a taxonomy skill: suggested by the engine with a score,
    confirmed or rejected by a reviewer. A reviewed link is never changed by a new suggestion."""

    outcome = models.ForeignKey(LearningOutcome, on_delete=models.CASCADE, related_name="skills")
    skill = models.CharField(_("skill"), max_length=60)
    score = models.FloatField(_("score"), default=0.0)
    words = models.CharField(_("words"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=LinkStatus.choices, default=LinkStatus.SUGGESTED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("skill of a learning outcome")
        verbose_name_plural = _("skills of learning outcomes")
        ordering = ["outcome_id", "-score", "skill"]
        constraints = [
            models.UniqueConstraint(fields=["outcome", "skill"], name="outcome_skill_unique")
        ]

    def __str__(self) -> str:
        return f"{self.outcome_id}:{self.skill}"
