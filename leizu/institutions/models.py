from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from leizu.core.links import WebURLField
from leizu.core.multilingual import MultilingualField


class InstitutionKind(models.TextChoices):
    COLLEGE = "college", _("College")
    TECHNICAL_SCHOOL = "technical_school", _("Technical school")
    UNIVERSITY = "university", _("University")
    COMPANY = "company", _("Company")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    GOVERNMENT_BODY = "government_body", _("Government body")
    OTHER = "other", _("Other")


class IdentifierScheme(models.TextChoices):
    CN_USCC = "cn_uscc", _("China: unified social credit code")
    KZ_BIN = "kz_bin", _("Kazakhstan: BIN")
    UZ_STIR = "uz_stir", _("Uzbekistan: STIR (INN)")
    OTHER = "other", _("Other national identifier")


class Institution(models.Model):
    """A party to cooperation: a college, a company, an institute, a government body."""

    kind = models.CharField(_("kind"), max_length=30, choices=InstitutionKind.choices)
    country = models.CharField(_("country"), max_length=2)
    city = MultilingualField(_("city"))
    name = MultilingualField(_("full name"), required=True)
    short_name = MultilingualField(_("short name"))
    national_id_scheme = models.CharField(
        _("national identifier type"), max_length=20, choices=IdentifierScheme.choices, blank=True
    )
    national_id = models.CharField(_("national identifier"), max_length=40, blank=True)
    schac_code = models.CharField(_("SCHAC code"), max_length=100, blank=True)
    erasmus_code = models.CharField(_("Erasmus code"), max_length=40, blank=True)
    website = WebURLField(_("website"), blank=True)
    description = MultilingualField(_("description"))
    logo = models.ForeignKey(
        "core.StoredFile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The college (or colleges) that runs this platform: its staff see the whole network.
    is_host = models.BooleanField(_("host institution"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["id"]
        # Covers the directory's country filter and its list of countries without the table;
        # the directory's order, so a page is read from the index without sorting the table.
        indexes = [
            models.Index(fields=["country", "is_active"], name="institution_country"),
            models.Index(fields=["-is_host", "country", "id"], name="institution_directory"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "national_id_scheme", "national_id"],
                condition=~models.Q(national_id=""),
                name="institution_unique_national_id",
            )
        ]

    def __str__(self) -> str:
        return self.name.localize()

    def get_absolute_url(self) -> str:
        return reverse("institutions:detail", args=[self.pk])

    def display_short_name(self) -> str:
        return self.short_name.localize() or self.name.localize()


class UnitKind(models.TextChoices):
    SCHOOL = "school", _("School or faculty")
    DEPARTMENT = "department", _("Department")
    OFFICE = "office", _("Office")
    LABORATORY = "laboratory", _("Laboratory")
    TRAINING_BASE = "training_base", _("Training base")
    CENTRE = "centre", _("Centre")
    OTHER = "other", _("Other")


class OrgUnit(models.Model):
    """A school, office, laboratory or training base inside an institution."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("part of"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    name = MultilingualField(_("name"), required=True)
    code = models.CharField(_("code"), max_length=40, blank=True)
    description = MultilingualField(_("description"))
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        ordering = ["institution_id", "id"]

    def __str__(self) -> str:
        return self.name.localize()

    def get_absolute_url(self) -> str:
        return reverse("institutions:unit_edit", args=[self.pk])


class NameScript(models.TextChoices):
    LATIN = "Latn", _("Latin")
    CYRILLIC = "Cyrl", _("Cyrillic")
    CHINESE = "Hans", _("Chinese")


class Person(models.Model):
    """A person of the network. Names are structured, never parsed out of one string."""

    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="people", verbose_name=_("institution")
    )
    unit = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        verbose_name=_("unit"),
    )
    # The name as the person's own country writes it.
    family_name = models.CharField(_("family name"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    name_script = models.CharField(_("script"), max_length=4, choices=NameScript.choices)
    # The same name in other scripts: [{"script": "Cyrl", "family": …, "given": …,
    # "patronymic": …}]. Never derived automatically: transcriptions are chosen by the person.
    name_variants = models.JSONField(_("other spellings"), default=list, blank=True)
    passport_family_name = models.CharField(_("family name (passport)"), max_length=100, blank=True)
    passport_given_name = models.CharField(_("given name (passport)"), max_length=100, blank=True)
    # A position of the vocabulary (leizu.institutions.positions), else in words.
    position_code = models.CharField(_("position"), max_length=40, blank=True)
    position = MultilingualField(_("position (other)"))
    title = MultilingualField(_("title"), help_text=_("Academic or honorific title"))
    languages = models.JSONField(_("languages"), default=list, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    messenger = models.CharField(
        _("messenger"), max_length=100, blank=True, help_text=_("WeChat, Telegram or WhatsApp ID")
    )
    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name", "given_name", "id"]

    def __str__(self) -> str:
        return self.display_name()

    def get_absolute_url(self) -> str:
        return reverse("institutions:person_edit", args=[self.pk])

    def position_label(self, language: str | None = None) -> str:
        from leizu.institutions.positions import position_label

        if self.position_code:
            return position_label(self.position_code, language)
        return self.position.localize(language)

    def spellings(self) -> list[dict[str, str]]:
        """All spellings of the name: native first, then variants, then passport Latin."""
        native = {
            "script": self.name_script,
            "family": self.family_name,
            "given": self.given_name,
            "patronymic": self.patronymic,
        }
        result = [native] + [dict(v) for v in self.name_variants or []]
        if self.passport_family_name:
            result.append(
                {
                    "script": "passport",
                    "family": self.passport_family_name,
                    "given": self.passport_given_name,
                    "patronymic": "",
                }
            )
        return result

    def display_name(self, language: str | None = None) -> str:
        """The name as readers of ``language`` expect it written.

        Chinese readers: a Chinese spelling, family name first without a space. Russian, Kazakh
        and Uzbek readers: Cyrillic or Latin in official order (family, given, patronymic).
        English readers: given name first, in Latin (the passport spelling when no other).
        """
        language = language or translation.get_language() or "en"
        by_script: dict[str, dict[str, str]] = {}
        for spelling in self.spellings():
            by_script.setdefault(spelling["script"], spelling)
        if language == "zh-hans" and "Hans" in by_script:
            s = by_script["Hans"]
            if self.name_script == "Hans":
                return f"{s['family']}{s['given']}"
            # Chinese transcriptions of foreign names: given name, middle dot, family name.
            return "·".join(p for p in (s.get("given"), s.get("family")) if p)
        if language in ("ru", "kk"):
            order = ["Cyrl", "Latn", "passport", "Hans"]
        elif language == "uz":
            order = ["Latn", "Cyrl", "passport", "Hans"]
        else:
            order = ["Latn", "passport", "Cyrl", "Hans"]
        spelling = next((by_script[s] for s in order if s in by_script), self.spellings()[0])
        if spelling["script"] == "Hans":
            return f"{spelling['family']}{spelling['given']}"
        if spelling["script"] == "passport":
            spelling = {k: v.title() for k, v in spelling.items()}
        parts = [
            spelling.get("family", ""),
            spelling.get("given", ""),
            spelling.get("patronymic", ""),
        ]
        if language not in ("ru", "kk", "uz"):
            parts = [spelling.get("given", ""), spelling.get("family", "")]
        return " ".join(p for p in parts if p)
