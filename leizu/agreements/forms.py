from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from leizu.agreements import access
from leizu.agreements.models import (
    Agreement,
    AgreementParty,
    AgreementVersion,
    Condition,
)
from leizu.agreements.services import (
    AGREEMENT_FIELDS,
    CONDITION_FIELDS,
    PARTY_FIELDS,
    VERSION_FIELDS,
)
from leizu.core.access import Actor
from leizu.core.forms import CleanForm, VersionedForm
from leizu.core.multilingual import MultilingualFormField
from leizu.core.reference import isced_fields, isced_levels
from leizu.institutions.models import Institution, OrgUnit, Person
from leizu.institutions.selectors import institution_list


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class InstitutionsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Institution) -> str:
        return obj.display_short_name()

    def _check_values(self, value: Any) -> Any:
        # An id past the database's integers is no choice (SQLite would overflow on it).
        for pk in value or []:
            if not str(pk).isdigit() or int(pk) >= 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]


class InstitutionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Institution) -> str:
        return obj.display_short_name()


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{obj} · {obj.institution.display_short_name()}"


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.display_name()


class AgreementChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agreement) -> str:
        return f"{obj.get_kind_display()}: {obj}"


def _capitalise(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if field.label:
            field.label = capfirst(field.label)


def _textarea(form: forms.BaseForm, *names: str) -> None:
    for name in names:
        old = form.fields[name]
        form.fields[name] = MultilingualFormField(
            label=old.label,
            help_text=old.help_text,
            textarea=True,
            required=getattr(old, "multilingual_required", False),
        )


class AgreementForm(VersionedForm):
    """The terms of an agreement, and its parties (checkboxes with a search box)."""

    drafted_by = InstitutionChoice(
        queryset=Institution.objects.none(), label=_("drafted by"), required=False
    )
    parties = InstitutionsChoice(
        queryset=Institution.objects.none(),
        label=_("parties"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The drafting institution is a party too."),
    )
    parent = AgreementChoice(
        queryset=Agreement.objects.none(),
        label=pgettext_lazy("agreement", "part of"),
        required=False,
    )

    class Meta:
        model = Agreement
        fields = list(AGREEMENT_FIELDS)
        widgets = {"valid_from": DateInput, "valid_until": DateInput}

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _capitalise(self)
        self.fields["parties"].queryset = institution_list(actor=actor).order_by(  # type: ignore[attr-defined]
            "-is_host", "country", "id"
        )
        self.fields["parent"].queryset = Agreement.objects.filter(  # type: ignore[attr-defined]
            access.visible_agreements_q(actor)
        ).exclude(pk=self.instance.pk or 0)
        self.fields["parent"].help_text = Agreement._meta.get_field("parent").help_text
        _textarea(self, "summary")
        agreement = self.instance
        if agreement.pk:
            del self.fields["drafted_by"]
            if not self.is_bound:
                self.initial["parties"] = [p.institution_id for p in agreement.parties.all()]
        else:
            own = access.drafter_institution_ids(actor)
            drafters = (
                Institution.objects.all()
                if actor.is_operator
                else Institution.objects.filter(pk__in=own)
            )
            self.fields["drafted_by"].queryset = drafters  # type: ignore[attr-defined]
            self.fields["drafted_by"].required = True
            if own and not self.is_bound:
                self.initial.setdefault("drafted_by", own[0])

    def party_list(self) -> list[Institution]:
        return list(self.cleaned_data.get("parties") or [])


class PartyForm(VersionedForm):
    unit = UnitChoice(queryset=OrgUnit.objects.none(), label=_("unit"), required=False)
    signatory = PersonChoice(queryset=Person.objects.none(), label=_("signatory"), required=False)

    class Meta:
        model = AgreementParty
        fields = list(PARTY_FIELDS)
        widgets = {"signed_on": DateInput}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _capitalise(self)
        institution = self.instance.institution
        self.fields["unit"].queryset = OrgUnit.objects.filter(  # type: ignore[attr-defined]
            institution=institution
        ).select_related("institution")
        self.fields["signatory"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            institution=institution
        )


def _field_choices() -> list[tuple[str, Any]]:
    return [("", _("Any field"))] + [
        (r["code"], f"{r['code']} {r['labels']}") for r in isced_fields()
    ]


class ConditionForm(VersionedForm):
    sending = InstitutionChoice(queryset=Institution.objects.none(), label=_("sending institution"))
    receiving = InstitutionChoice(
        queryset=Institution.objects.none(), label=_("receiving institution")
    )
    sending_unit = UnitChoice(
        queryset=OrgUnit.objects.none(), label=_("sending unit"), required=False
    )
    receiving_unit = UnitChoice(
        queryset=OrgUnit.objects.none(), label=_("receiving unit"), required=False
    )
    field_code = forms.ChoiceField(label=_("field (ISCED-F 2013)"), required=False)
    isced_level = forms.ChoiceField(label=_("level (ISCED 2011)"), required=False)

    class Meta:
        model = Condition
        fields = list(CONDITION_FIELDS)

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _capitalise(self)
        parties = Institution.objects.filter(pk__in=agreement.parties.values("institution_id"))
        units = OrgUnit.objects.filter(institution__in=parties).select_related("institution")
        for name in ("sending", "receiving"):
            self.fields[name].queryset = parties  # type: ignore[attr-defined]
            self.fields[f"{name}_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["field_code"].choices = _field_choices()  # type: ignore[attr-defined]
        self.fields["isced_level"].choices = [("", "---------")] + [  # type: ignore[attr-defined]
            (r["code"], f"{r['code']} {r['labels']}")
            for r in isced_levels()
            if r["code"] in "345678"
        ]


class VersionForm(VersionedForm):
    upload = forms.FileField(
        label=_("file"),
        required=False,
        help_text=_("The signed scan (PDF, JPEG, PNG) or a draft in Word (.docx)."),
    )

    class Meta:
        model = AgreementVersion
        fields = list(VERSION_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _capitalise(self)
        _textarea(self, "text")


class ApprovalForm(CleanForm):
    """The fingerprint the approver was shown travels with the approval: if the agreement
    changed since, nothing is approved."""

    sha256 = forms.CharField(widget=forms.HiddenInput, min_length=64, max_length=64)
    party = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    comment = forms.CharField(
        label=_("comment"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StageForm(CleanForm):
    stage = forms.CharField(max_length=12)
    version = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    terminated_on = forms.DateField(required=False, widget=DateInput)
    reason = MultilingualFormField(label=_("reason for termination"), textarea=True)


class CommentForm(CleanForm):
    party = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    text = forms.CharField(
        label=_("comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class LinkForm(CleanForm):
    """Send a party's signatory, who has no account, a link to approve or comment once."""

    party = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    recipient = forms.IntegerField(label=_("recipient"), min_value=1, max_value=2**63 - 1)
    language = forms.ChoiceField(label=_("language"), choices=settings.LANGUAGES)


class LinkAnswerForm(CleanForm):
    """What the recipient of a link does: approve the version shown (its fingerprint travels
    with the answer) or comment on it."""

    answer = forms.ChoiceField(choices=[("approve", "approve"), ("comment", "comment")])
    sha256 = forms.CharField(required=False, max_length=64)
    text = forms.CharField(required=False, max_length=4000)


class ReminderSettingsForm(CleanForm):
    institution = InstitutionChoice(queryset=Institution.objects.none(), label=_("institution"))
    lead_days = forms.CharField(
        label=_("reminders (days before)"),
        max_length=40,
        help_text=_("Up to five numbers, e.g. 180, 90, 30."),
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _capitalise(self)
        self.fields["institution"].queryset = Institution.objects.filter(  # type: ignore[attr-defined]
            pk__in=access.approver_institution_ids(actor)
        )

    def clean_lead_days(self) -> list[int]:
        raw = self.cleaned_data["lead_days"].replace(";", ",").replace(" ", ",")
        try:
            return [int(part) for part in raw.split(",") if part.strip()]
        except ValueError as exc:
            raise forms.ValidationError(
                _("Write whole numbers of days, e.g. 180, 90, 30.")
            ) from exc
