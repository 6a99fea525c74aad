from typing import Any, cast

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from leizu.core.forms import VersionedForm
from leizu.core.multilingual import MultilingualFormField
from leizu.core.reference import country_choices, language_choices
from leizu.institutions.models import Institution, NameScript, OrgUnit, Person
from leizu.institutions.positions import position_choices
from leizu.institutions.services import INSTITUTION_FIELDS, PERSON_FIELDS, UNIT_FIELDS


class InstitutionForm(VersionedForm):
    country = forms.ChoiceField(label=capfirst(_("country")))
    description = MultilingualFormField(label=capfirst(_("description")), textarea=True)
    logo_upload = forms.FileField(
        label=capfirst(_("logo")), required=False, help_text=_("PNG, JPEG, WebP or GIF")
    )

    class Meta:
        model = Institution
        fields = list(INSTITUTION_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["country"]).choices = [
            ("", "---------"),
            *country_choices(),
        ]


class InstitutionQuickForm(InstitutionForm):
    """What a new institution needs to be chosen at once (from a visit form's dialog); the rest
    is filled in on its page later."""

    class Meta(InstitutionForm.Meta):
        fields = ["name", "kind", "country", "city"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["description"], self.fields["logo_upload"]


class OrgUnitForm(VersionedForm):
    class Meta:
        model = OrgUnit
        fields = list(UNIT_FIELDS)

    def __init__(self, *args: Any, institution: Institution, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.filter(institution=institution)
        if self.instance.pk:
            units = units.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = units  # type: ignore[attr-defined]


_VARIANT_SCRIPTS = (("cyrl", "Cyrl"), ("latn", "Latn"), ("hans", "Hans"))


def position_select(form: forms.BaseForm) -> None:
    """The form's position_code as a choice from the vocabulary, in the user's language, grouped;
    the position in words stays possible beside it (people's and participants' forms)."""
    form.fields["position_code"] = forms.ChoiceField(
        label=capfirst(_("position")),
        required=False,
        choices=position_choices(),
        help_text=_("Choose from the list, or write the position in words below."),
    )


class PersonForm(VersionedForm):
    """A person's structured name: the native spelling plus optional spellings in other scripts."""

    languages = forms.MultipleChoiceField(
        label=capfirst(_("languages")), required=False, widget=forms.CheckboxSelectMultiple
    )
    cyrl_family = forms.CharField(label=_("family name (Cyrillic)"), required=False)
    cyrl_given = forms.CharField(label=_("given name (Cyrillic)"), required=False)
    cyrl_patronymic = forms.CharField(label=_("patronymic (Cyrillic)"), required=False)
    latn_family = forms.CharField(label=_("family name (Latin)"), required=False)
    latn_given = forms.CharField(label=_("given name (Latin)"), required=False)
    latn_patronymic = forms.CharField(label=_("patronymic (Latin)"), required=False)
    hans_family = forms.CharField(label=_("family name (Chinese)"), required=False)
    hans_given = forms.CharField(label=_("given name (Chinese)"), required=False)

    class Meta:
        model = Person
        fields = [f for f in PERSON_FIELDS if f != "name_variants"]

    def __init__(self, *args: Any, institution: Institution, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["languages"]).choices = language_choices()
        self.fields["unit"].queryset = OrgUnit.objects.filter(  # type: ignore[attr-defined]
            institution=institution
        )
        self.fields["name_script"].initial = NameScript.CYRILLIC
        position_select(self)
        if self.instance.pk and not self.is_bound:
            for variant in self.instance.name_variants or []:
                prefix = variant.get("script", "").lower()
                for part in ("family", "given", "patronymic"):
                    key = f"{prefix}_{part}"
                    if key in self.fields:
                        self.initial[key] = variant.get(part, "")

    def changes(self) -> dict[str, Any]:
        data = super().changes()
        variants = []
        for prefix, script in _VARIANT_SCRIPTS:
            if script == self.cleaned_data.get("name_script"):
                continue
            family = self.cleaned_data.get(f"{prefix}_family", "")
            if family:
                variants.append(
                    {
                        "script": script,
                        "family": family,
                        "given": self.cleaned_data.get(f"{prefix}_given", ""),
                        "patronymic": self.cleaned_data.get(f"{prefix}_patronymic", ""),
                    }
                )
        data["name_variants"] = variants
        return data
