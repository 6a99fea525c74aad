from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from leizu.core.links import WebURLField
from leizu.core.multilingual import MultilingualField
from leizu.institutions import names
from leizu.institutions.names import PersonName


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


# The script people of a country usually write their names in (Uzbekistan and Turkmenistan write
# Latin officially; Kazakhstan's Latin alphabet is not yet in passports).
_CYRILLIC_COUNTRIES = frozenset({"KZ", "RU", "KG", "TJ", "BY", "MN", "UA"})


def default_script(country: str) -> str:
    if country == "CN":
        return NameScript.CHINESE
    if country in _CYRILLIC_COUNTRIES:
        return NameScript.CYRILLIC
    return NameScript.LATIN


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

    def display_name(self, language: str | None = None, *, country: str | None = None) -> str:
        """The name as readers of ``language`` expect it written (see ``name_for``)."""
        return self.name_for(language, country=country).text

    def name_for(self, language: str | None = None, *, country: str | None = None) -> PersonName:
        """The spelling for readers of ``language``, and whether it was derived.

        A stored spelling (native, variant, passport) always wins; a missing script is derived
        (leizu.institutions.names) rather than replaced by one the reader may not read. Chinese
        readers: Chinese characters, family name first without a space (a foreign name's
        transcription: given·family). Russian and Kazakh readers: Cyrillic, derived by Palladius
        for Chinese names, else Latin, in official order (family, given, patronymic). Uzbek
        readers: Latin in the same order. English readers: Latin, given name first, except that a
        Chinese name is never reversed. ``country`` (the institution's, for the Cyrillic
        transliteration system) is read from the institution only when it is already loaded.
        """
        language = (language or translation.get_language() or "en").lower()
        if language.startswith("zh"):
            hans = self._stored_spelling("Hans")
            if hans is not None:
                if self.name_script == "Hans":
                    return PersonName(f"{hans['family']}{hans.get('given') or ''}", "Hans")
                # Chinese transcriptions of foreign names: given name, middle dot, family name.
                text = "·".join(p for p in (hans.get("given"), hans.get("family")) if p)
                return PersonName(text, "Hans")
            return self._latin_name("en", country)
        if language.startswith(("ru", "kk")):
            cyrillic = self._stored_spelling("Cyrl")
            if cyrillic is not None:
                return PersonName(self._official_order(cyrillic), "Cyrl")
            derived = self._derived_spelling("Cyrl", country)
            if derived is not None:
                return PersonName(self._official_order(derived), "Cyrl", True, derived["system"])
            return self._latin_name(language, country)
        return self._latin_name(language, country)

    def _stored_spelling(self, script: str) -> dict[str, str] | None:
        """The first stored spelling in ``script`` (passport Latin counts as Latin, last)."""
        stored = (s for s in self.spellings() if s.get("script") == script and s.get("family"))
        found = next(stored, None)
        if found is None and script == "Latn" and self.passport_family_name:
            found = {
                "script": "Latn",
                "family": names.name_case(self.passport_family_name),
                "given": names.name_case(self.passport_given_name),
                "patronymic": "",
            }
        return found

    def _derived_spelling(self, script: str, country: str | None) -> dict[str, str] | None:
        """The name derived from the native spelling into ``script``, where a system exists."""
        if self.name_script == "Hans":
            derive = names.hans_to_pinyin if script == "Latn" else names.hans_to_palladius
            parts = derive(self.family_name, self.given_name)
            if parts is None:
                return None
            system = names.PINYIN if script == "Latn" else names.PALLADIUS
            return {"family": parts[0], "given": parts[1], "patronymic": "", "system": system}
        if self.name_script == "Cyrl" and script == "Latn":
            if country is None and Person.institution.is_cached(self):  # type: ignore[attr-defined]
                country = self.institution.country
            native = (self.family_name, self.given_name, self.patronymic)
            system = names.cyrillic_system(native, country)
            family, given, patronymic = (names.cyrillic_to_latin(p, system) for p in native)
            return {"family": family, "given": given, "patronymic": patronymic, "system": system}
        return None

    def _latin_name(self, language: str, country: str | None) -> PersonName:
        spelling = self._stored_spelling("Latn")
        derived = spelling is None
        if spelling is None:
            spelling = self._derived_spelling("Latn", country)
        if spelling is None:
            # Nothing in Latin and nothing to derive it from: the native spelling as it is.
            native = self.spellings()[0]
            if self.name_script == "Hans":
                return PersonName(f"{native['family']}{native['given']}", "Hans")
            return PersonName(self._official_order(native), self.name_script)
        system = spelling.get("system", "") if derived else ""
        if language.startswith(("ru", "kk", "uz")) or self.name_script == "Hans":
            # Official order; and a Chinese name keeps its family name first for every reader.
            text = self._official_order(spelling)
        else:
            text = " ".join(p for p in (spelling.get("given"), spelling.get("family")) if p)
        return PersonName(text, "Latn", derived, system)

    @staticmethod
    def _official_order(spelling: dict[str, str]) -> str:
        parts = (spelling.get("family"), spelling.get("given"), spelling.get("patronymic"))
        return " ".join(p for p in parts if p)
