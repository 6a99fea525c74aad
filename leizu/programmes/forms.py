from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from leizu.core.access import Actor
from leizu.core.forms import CleanForm, VersionedForm, capitalise_labels
from leizu.core.reference import isced_levels, language_choices
from leizu.institutions.models import Institution
from leizu.programmes import access, selectors
from leizu.programmes.models import CatalogueEntry, Programme, ProgrammeGroup
from leizu.programmes.services import GROUP_FIELDS, PROGRAMME_FIELDS
from leizu.talent.codes import field_choices, isco_choices


class CodeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: CatalogueEntry) -> str:
        return f"{obj.code} {obj.name.localize()}"


class ProgrammeForm(VersionedForm):
    catalogue_entry = CodeChoice(
        queryset=CatalogueEntry.objects.none(), label=_("catalogue code"), required=False
    )
    isced_f = forms.ChoiceField(
        label=_("field (ISCED-F 2013)"),
        required=False,
        help_text=_("Empty: the field of the catalogue code"),
    )
    isced_level = forms.ChoiceField(label=_("level (ISCED 2011)"), required=False)
    languages = forms.MultipleChoiceField(
        label=_("languages of instruction"), required=False, widget=forms.CheckboxSelectMultiple
    )
    occupations = forms.MultipleChoiceField(
        label=_("occupations it prepares for (ISCO-08)"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Programme
        fields = list(PROGRAMME_FIELDS)

    def __init__(self, *args: Any, actor: Actor, institution: Institution, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        capitalise_labels(self)
        self.fields["group"].queryset = ProgrammeGroup.objects.filter(  # type: ignore[attr-defined]
            institution=institution
        )
        self.fields["catalogue_entry"].queryset = selectors.programme_codes(  # type: ignore[attr-defined]
            actor=actor
        )
        self.fields["isced_f"].choices = [("", "---------"), *field_choices()]  # type: ignore[attr-defined]
        self.fields["isced_level"].choices = [("", "---------")] + [  # type: ignore[attr-defined]
            (r["code"], f"{r['code']} {r['labels']}")
            for r in isced_levels()
            if r["code"] in "345678"
        ]
        self.fields["languages"].choices = language_choices()  # type: ignore[attr-defined]
        self.fields["occupations"].choices = isco_choices()  # type: ignore[attr-defined]


class NewProgrammeForm(ProgrammeForm):
    """A new programme is added for one of the institutions the actor edits programmes of."""

    institution = forms.ModelChoiceField(
        queryset=Institution.objects.none(), label=_("institution")
    )

    field_order = ["institution"]

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        institutions = Institution.objects.order_by("id")
        if not actor.is_operator:
            institutions = institutions.filter(pk__in=access.editor_institution_ids(actor))
        first = institutions.first()
        super().__init__(*args, actor=actor, institution=first, **kwargs)  # type: ignore[arg-type]
        self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]
        self.fields["institution"].label = capfirst(str(self.fields["institution"].label))
        if first is not None:
            self.initial.setdefault("institution", first.pk)
        # Groups of every institution offered; the service checks the group's institution.
        self.fields["group"].queryset = ProgrammeGroup.objects.filter(  # type: ignore[attr-defined]
            institution__in=institutions
        )


class YearForm(CleanForm):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    intake = forms.IntegerField(
        label=_("students admitted"), required=False, min_value=0, max_value=100_000
    )
    graduates = forms.IntegerField(
        label=_("graduates"), required=False, min_value=0, max_value=100_000
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1
    )


class GroupForm(VersionedForm):
    class Meta:
        model = ProgrammeGroup
        fields = list(GROUP_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        capitalise_labels(self)


class NewGroupForm(GroupForm):
    institution = forms.ModelChoiceField(
        queryset=Institution.objects.none(), label=_("institution")
    )

    field_order = ["institution"]

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        institutions = Institution.objects.order_by("id")
        if not actor.is_operator:
            institutions = institutions.filter(pk__in=access.editor_institution_ids(actor))
        self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]
        self.fields["institution"].label = capfirst(str(self.fields["institution"].label))


class LinkReviewForm(CleanForm):
    status = forms.ChoiceField(choices=[("confirmed", "confirmed"), ("rejected", "rejected")])
    version = forms.IntegerField(min_value=1, max_value=2**31 - 1)
