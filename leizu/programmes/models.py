"""Programme catalogues: national classifiers of vocational programmes as versioned reference
data (China's 2021 catalogue ships with the project; other countries' and editions are
imported by users), each code with its parent chain, names in the five languages and its
ISCED-F 2013 field with the basis and confidence of that mapping."""

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
        ordering = ["catalogue", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "code"], name="catalogue_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name.localize()}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:entry", args=[self.pk])
