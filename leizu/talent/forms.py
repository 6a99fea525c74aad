from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from leizu.core.forms import CleanForm, VersionedForm
from leizu.core.reference import country_choices, isced_levels, language_choices
from leizu.institutions.models import Institution
from leizu.talent.codes import field_choices, isco_choices
from leizu.talent.io import FIELD_LABELS, fields_for
from leizu.talent.models import GraduateSupply, ImportKind, StatedNeed
from leizu.talent.regions import region_choices
from leizu.talent.services import NEED_FIELDS, SUPPLY_FIELDS

BLANK = [("", "---------")]
COOPERATION_COUNTRIES = ["KZ", "UZ", "KG", "TJ", "CN"]


def _code_fields(form: forms.BaseForm) -> None:
    """Choices for the code fields that a form has."""
    if "country" in form.fields:
        form.fields["country"] = forms.ChoiceField(
            label=_("country"), choices=BLANK + country_choices()
        )
    if "region" in form.fields:
        form.fields["region"] = forms.ChoiceField(
            label=_("region"),
            required=False,
            choices=BLANK + region_choices(),
            help_text=_("Leave empty when the evidence is about the whole country."),
        )
    if "isced_f" in form.fields:
        form.fields["isced_f"] = forms.ChoiceField(
            label=_("field of education (ISCED-F)"),
            required=form.fields["isced_f"].required,
            choices=BLANK + field_choices(),
        )
    if "isco08" in form.fields:
        form.fields["isco08"] = forms.ChoiceField(
            label=_("occupation code (ISCO-08)"),
            required=form.fields["isco08"].required,
            choices=BLANK + isco_choices(),
        )
    if "language" in form.fields:
        form.fields["language"] = forms.ChoiceField(
            label=_("language"), required=False, choices=BLANK + language_choices()
        )
    if "level" in form.fields:
        form.fields["level"] = forms.ChoiceField(
            label=_("level (ISCED 2011)"),
            required=False,
            choices=BLANK + [(r["code"], f"{r['code']} {r['labels']}") for r in isced_levels()],
        )


class NeedForm(VersionedForm):
    class Meta:
        model = StatedNeed
        fields = list(NEED_FIELDS)
        widgets = {
            # A date field takes ISO dates whatever the language shows (31.12.2026 in ru).
            "stated_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, institutions: list[Institution] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["isced_f"].required = True
        _code_fields(self)
        if institutions is not None and len(institutions) > 1:
            self.fields["institution"] = forms.ModelChoiceField(
                label=_("stated by (institution)"),
                queryset=Institution.objects.filter(pk__in=[i.pk for i in institutions]),
                initial=institutions[0].pk,
            )
            self.order_fields(["institution"])

    def changes(self) -> dict[str, Any]:
        data = super().changes()
        data.pop("institution", None)
        return data


class SupplyForm(VersionedForm):
    class Meta:
        model = GraduateSupply
        fields = list(SUPPLY_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["isced_f"].required = True
        _code_fields(self)


class UploadForm(CleanForm):
    file = forms.FileField(
        label=_("File"), help_text=_("CSV (UTF-8), JSON lines or an Excel workbook (.xlsx).")
    )
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportKind.choices)
    institution = forms.ModelChoiceField(
        label=_("on behalf of"), queryset=Institution.objects.none(), required=False
    )
    country = forms.ChoiceField(label=_("Country of rows without one"), required=False)
    language = forms.ChoiceField(label=_("Language of rows without one"), required=False)
    source = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=300,
        help_text=_("Where the rows come from, e.g. a job board; kept with every row."),
    )

    def __init__(self, *args: Any, institutions: list[Institution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.filter(  # type: ignore[attr-defined]
            pk__in=[i.pk for i in institutions]
        )
        if institutions:
            self.fields["institution"].initial = institutions[0].pk
        if len(institutions) <= 1:
            self.fields["institution"].widget = forms.HiddenInput()
        self.fields["country"].choices = BLANK + country_choices()  # type: ignore[attr-defined]
        self.fields["language"].choices = BLANK + language_choices()  # type: ignore[attr-defined]

    def defaults(self) -> dict[str, Any]:
        return {k: self.cleaned_data.get(k, "") for k in ("country", "language", "source")}


class MappingForm(CleanForm):
    """One select per target field: which column of the file holds it."""

    def __init__(self, *args: Any, kind: str, columns: list[str], mapping: dict, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [("", _("(not in the file)")), *[(c, c) for c in columns]]
        self.required_names = []
        for name, required, _words in fields_for(kind):
            self.fields[name] = forms.ChoiceField(
                label=FIELD_LABELS.get(name, name),
                choices=choices,
                required=False,
                initial=mapping.get(name, ""),
            )
            if required:
                self.required_names.append(name)

    def mapping(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if v}


class ReviewForm(CleanForm):
    isco08 = forms.ChoiceField(label=_("occupation code (ISCO-08)"))
    isced_f = forms.ChoiceField(label=_("field of education (ISCED-F)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["isco08"].choices = BLANK + isco_choices()  # type: ignore[attr-defined]
        self.fields["isced_f"].choices = BLANK + field_choices()  # type: ignore[attr-defined]


class ClassifyForm(CleanForm):
    title = forms.CharField(label=_("Title"), max_length=500)
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        help_text=_("Leave empty to let the classifier recognise it."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("recognise"))] + [  # type: ignore[attr-defined]
            (c, n) for c, n in language_choices() if c in ("zh", "en", "ru", "kk", "uz")
        ]


class AliasForm(CleanForm):
    isco08 = forms.ChoiceField(label=_("occupation code (ISCO-08)"))
    language = forms.ChoiceField(label=_("language"))
    text = forms.CharField(label=_("alias"), max_length=200)
    weight = forms.FloatField(label=_("weight"), min_value=0.1, max_value=1.0, initial=1.0)
    isced_f = forms.ChoiceField(label=_("field of education (ISCED-F)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["isco08"].choices = BLANK + isco_choices()  # type: ignore[attr-defined]
        self.fields["isced_f"].choices = BLANK + field_choices()  # type: ignore[attr-defined]
        self.fields["language"].choices = [  # type: ignore[attr-defined]
            (c, n) for c, n in language_choices() if c in ("zh", "en", "ru", "kk", "uz")
        ]


class SkillForm(AliasForm):
    text = None  # type: ignore[assignment]
    label = forms.CharField(label=_("skill"), max_length=200)
    field_order = ["isco08", "language", "label", "weight", "isced_f"]
