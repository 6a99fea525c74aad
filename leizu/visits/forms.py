import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from leizu.core.access import OWN_EDIT_ROLES, Actor
from leizu.core.forms import CleanForm, VersionedForm
from leizu.core.multilingual import Multilingual, MultilingualFormField
from leizu.core.reference import country_choices, isced_fields, isced_levels
from leizu.institutions.forms import position_select
from leizu.institutions.models import Institution, NameScript, OrgUnit, default_script
from leizu.institutions.selectors import institution_list
from leizu.visits import selectors
from leizu.visits.models import (
    PART_OF_DAY_HOURS,
    AgendaItem,
    ApprovalStep,
    CooperationInterest,
    FollowUpAction,
    InterestKind,
    Participant,
    PolicyTag,
    Proposal,
    StatedNeed,
    Statement,
    Visit,
    VisitReport,
)
from leizu.visits.services import (
    ACTION_FIELDS,
    AGENDA_FIELDS,
    APPROVAL_FIELDS,
    GROUP_FIELDS,
    INTEREST_FIELDS,
    NEED_FIELDS,
    PARTICIPANT_FIELDS,
    PROPOSAL_FIELDS,
    REPORT_FIELDS,
    STATEMENT_FIELDS,
    VISIT_FIELDS,
)

# Time zones offered for the place of a visit: the cooperation's own first.
TIME_ZONES = [
    "Asia/Shanghai",
    "Asia/Almaty",
    "Asia/Aqtobe",
    "Asia/Tashkent",
    "Asia/Samarkand",
    "Asia/Bishkek",
    "Asia/Dushanbe",
    "Asia/Ashgabat",
    "Europe/Moscow",
    "UTC",
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _choices(form: forms.BaseForm, name: str, choices: list[tuple[str, str]]) -> None:
    form.fields[name].choices = choices  # type: ignore[attr-defined]


def _textarea(form: forms.BaseForm, *names: str) -> None:
    """Show these multilingual fields as text areas."""
    for name in names:
        old = form.fields[name]
        form.fields[name] = MultilingualFormField(
            label=old.label,
            help_text=old.help_text,
            textarea=True,
            required=getattr(old, "multilingual_required", False),
        )


class _Labels:
    """Labels start with a capital, whether they come from the model or the form."""

    fields: dict[str, Any]

    def _capitalise_labels(self) -> None:
        for field in self.fields.values():
            if field.label:
                field.label = capfirst(field.label)


class InstitutionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Institution) -> str:
        return obj.display_short_name()


class InstitutionsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Institution) -> str:
        return obj.display_short_name()


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name()} · {obj.institution.display_short_name()}"


def _participant_label(obj: Participant) -> str:
    return " · ".join(x for x in (obj.display_name(), obj.position_label()) if x)


class ParticipantChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Participant) -> str:
        return _participant_label(obj)


class ParticipantsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Participant) -> str:
        return _participant_label(obj)


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{obj} · {obj.institution.display_short_name()}"


class UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name()


class VisitForm(_Labels, VersionedForm):
    host = InstitutionChoice(queryset=Institution.objects.none(), label=_("host institution"))
    # Checkboxes with a search box (visits/choose.js), not a list to Ctrl-click in.
    guests = InstitutionsChoice(
        queryset=Institution.objects.none(),
        label=_("guest institutions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    accompanying = InstitutionsChoice(
        queryset=Institution.objects.none(),
        label=_("accompanying or brokering organisations"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    policy_tags = forms.ModelMultipleChoiceField(
        queryset=PolicyTag.objects.all(),
        label=_("policy context"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    time_zone = forms.ChoiceField(
        label=_("time zone"), help_text=_("Agenda times are in the time zone of the place.")
    )

    class Meta:
        model = Visit
        fields = list(VISIT_FIELDS)
        widgets = {"start_date": DateInput, "end_date": DateInput}

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._capitalise_labels()
        institutions = institution_list(actor=actor).order_by("-is_host", "country", "id")
        for name in ("host", "guests", "accompanying"):
            self.fields[name].queryset = institutions  # type: ignore[attr-defined]
        # An institution created in the form's dialog joins this list (static/leizu.js).
        self.fields["host"].widget.attrs["data-institution-options"] = ""
        _choices(self, "time_zone", [(z, z) for z in TIME_ZONES])
        _textarea(self, "purpose", "topics")
        visit = self.instance
        if not visit.pk and not self.is_bound:
            # The host is usually the user's own institution: preselected.
            own = [m.institution_id for m in actor.memberships if m.role in OWN_EDIT_ROLES]
            if own:
                self.initial.setdefault("host", own[0])
        if visit.pk and not self.is_bound:
            parties = list(visit.parties.all())
            self.initial["guests"] = [p.institution_id for p in parties if p.side == "guest"]
            self.initial["accompanying"] = [
                p.institution_id for p in parties if p.side == "accompanying"
            ]
            self.initial["policy_tags"] = [t.pk for t in visit.policy_tags.all()]

    def parties(self) -> dict[str, Any]:
        return {
            "guests": list(self.cleaned_data.get("guests") or []),
            "accompanying": list(self.cleaned_data.get("accompanying") or []),
            "policy_tags": list(self.cleaned_data.get("policy_tags") or []),
        }


class _VisitPartForm(_Labels, VersionedForm):
    """A form for one part of a visit; choices come from the visit's parties."""

    def __init__(self, *args: Any, visit: Visit, institution_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._capitalise_labels()
        self.visit = visit
        self.institution_ids = institution_ids
        participants = Participant.objects.filter(visit=visit).select_related("person")
        for name, field in self.fields.items():
            if name == "institution" or name == "owner_institution":
                field.queryset = Institution.objects.filter(  # type: ignore[attr-defined]
                    pk__in=sorted(institution_ids)
                )
            elif (
                isinstance(field, forms.ModelChoiceField)
                and getattr(field.queryset, "model", None) is Participant
            ):
                field.queryset = participants
        if "institution" in self.fields and len(institution_ids) == 1 and not self.instance.pk:
            self.initial["institution"] = next(iter(institution_ids))


class ParticipantForm(_Labels, VersionedForm):
    """Add a participant: somebody already recorded, or a new person (quick add)."""

    person = PersonChoice(queryset=Institution.objects.none(), label=_("person"), required=False)
    new_institution = InstitutionChoice(
        queryset=Institution.objects.none(), label=_("institution"), required=False
    )
    new_family_name = forms.CharField(label=_("family name"), required=False, max_length=100)
    new_given_name = forms.CharField(label=_("given name"), required=False, max_length=100)
    new_patronymic = forms.CharField(label=_("patronymic"), required=False, max_length=100)
    new_name_script = forms.ChoiceField(
        label=_("script"),
        choices=[("", _("as usual in the institution's country")), *NameScript.choices],
        required=False,
    )
    new_email = forms.EmailField(label=_("e-mail"), required=False)
    group_unit = UnitChoice(
        queryset=OrgUnit.objects.none(),
        label=_("or a group: its unit"),
        required=False,
        help_text=_("For people taking part as a group, not by name."),
    )
    group = MultilingualFormField(
        label=_("or a group: its name"),
        help_text=_("e.g. staff of the Textile College"),
    )

    field_order = [
        "person",
        "new_institution",
        "new_family_name",
        "new_given_name",
        "new_patronymic",
        "new_name_script",
        "new_email",
        "group_unit",
        "group",
        *PARTICIPANT_FIELDS,
    ]

    class Meta:
        model = Participant
        fields = list(PARTICIPANT_FIELDS)

    def __init__(self, *args: Any, visit: Visit, institution_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._capitalise_labels()
        self.visit = visit
        # A party adds its own people; the organiser adds anybody's.
        self.fields["person"].queryset = selectors.people_for_visit(  # type: ignore[attr-defined]
            visit=visit, institution_ids=institution_ids
        )
        self.fields["new_institution"].queryset = Institution.objects.filter(  # type: ignore[attr-defined]
            pk__in=sorted(institution_ids)
        )
        self.fields["group_unit"].queryset = selectors.units_for_visit(visit=visit).filter(  # type: ignore[attr-defined]
            institution_id__in=sorted(institution_ids)
        )
        self.fields["protocol_order"].required = False
        position_select(self)
        self.fields["position"].help_text = _("Left empty: the person's current position.")
        self.fields["title"].help_text = _("Left empty: the person's current title.")

    def is_group(self) -> bool:
        data = self.cleaned_data
        return (
            not data.get("person")
            and not data.get("new_family_name")
            and bool(data.get("group_unit") or not (data.get("group") or Multilingual()).is_empty())
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_group():
            unit = data.get("group_unit")
            if not data.get("new_institution") and unit is not None:
                data["new_institution"] = unit.institution
            if not data.get("new_institution"):
                self.add_error("new_institution", _("Choose the group's institution."))
        elif not data.get("person"):
            if not data.get("new_family_name") or not data.get("new_institution"):
                raise forms.ValidationError(
                    _(
                        "Choose a person, enter a new person's institution and family name, "
                        "or name a group."
                    )
                )
            if not data.get("new_name_script"):
                # A person's usual script follows the institution's country.
                data["new_name_script"] = default_script(data["new_institution"].country)
        return data

    def group_data(self) -> dict[str, Any]:
        return {
            "unit": self.cleaned_data.get("group_unit"),
            "group": self.cleaned_data.get("group") or Multilingual(),
        }

    def new_person(self) -> dict[str, Any] | None:
        if self.cleaned_data.get("person"):
            return None
        return {
            "family_name": self.cleaned_data["new_family_name"],
            "given_name": self.cleaned_data.get("new_given_name", ""),
            "patronymic": self.cleaned_data.get("new_patronymic", ""),
            "name_script": self.cleaned_data["new_name_script"],
            "email": self.cleaned_data.get("new_email", ""),
        }

    def changes(self) -> dict[str, Any]:
        data = super().changes()
        data["protocol_order"] = data.get("protocol_order") or 0
        return data


class ParticipantEditForm(_Labels, VersionedForm):
    class Meta:
        model = Participant
        fields = [*PARTICIPANT_FIELDS, *GROUP_FIELDS]

    def __init__(self, *args: Any, visit: Visit, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._capitalise_labels()
        position_select(self)
        if self.instance.is_group():
            self.fields["unit"].queryset = selectors.units_for_visit(visit=visit).filter(  # type: ignore[attr-defined]
                institution_id=self.instance.institution_id
            )
        else:
            del self.fields["unit"], self.fields["group"]
            self.fields["position"].help_text = _("Left empty: the person's current position.")
            self.fields["title"].help_text = _("Left empty: the person's current title.")

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in super().changes().items() if k in self.fields}


class AgendaItemForm(_Labels, VersionedForm):
    venue_unit = UnitChoice(
        queryset=OrgUnit.objects.none(), label=_("venue (unit)"), required=False
    )
    participants = ParticipantsChoice(
        queryset=Participant.objects.none(),
        label=_("people involved"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    day = forms.DateField(
        label=_("day"),
        required=False,
        widget=DateInput,
        help_text=_("With a part of the day, when the exact time is not known."),
    )

    field_order = ["kind", "title", "starts_at", "ends_at", "day", "part_of_day"]

    class Meta:
        model = AgendaItem
        fields = list(AGENDA_FIELDS)
        widgets = {"starts_at": DateTimeInput, "ends_at": DateTimeInput}

    def __init__(self, *args: Any, visit: Visit, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._capitalise_labels()
        self.fields["venue_unit"].queryset = selectors.units_for_visit(visit=visit)  # type: ignore[attr-defined]
        self.fields["venue_unit"].help_text = AgendaItem._meta.get_field("venue_unit").help_text
        self.fields["participants"].queryset = Participant.objects.filter(  # type: ignore[attr-defined]
            visit=visit
        ).select_related("person")
        if self.instance.pk and not self.is_bound:
            self.initial["participants"] = [p.pk for p in self.instance.participants.all()]
            if self.instance.part_of_day:
                self.initial["day"] = timezone.localtime(self.instance.starts_at).date()
        self.fields["starts_at"].required = False
        self.fields["starts_at"].help_text = _("Or give the day and the part of the day.")
        _textarea(self, "notes")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        part, day = data.get("part_of_day"), data.get("day")
        if part and day:
            # Filed at the usual hour of that part of the day, in the visit's time zone.
            hour = PART_OF_DAY_HOURS[part]
            data["starts_at"] = timezone.make_aware(
                datetime.datetime.combine(day, datetime.time(hour)), timezone.get_current_timezone()
            )
        elif part and not data.get("starts_at"):
            self.add_error("day", _("Give the day."))
        elif not data.get("starts_at") and "starts_at" not in self.errors:
            self.add_error("starts_at", _("Give the start, or the day and the part of the day."))
        return data

    def participant_list(self) -> list[Participant]:
        return list(self.cleaned_data.get("participants") or [])


class StatementForm(_VisitPartForm):
    speaker = ParticipantChoice(
        queryset=Participant.objects.none(),
        label=_("speaker"),
        required=False,
        help_text=_("An impression of the guests as a whole needs no speaker."),
    )
    agenda_item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(), label=_("during"), required=False
    )

    class Meta:
        model = Statement
        fields = list(STATEMENT_FIELDS)

    def __init__(self, *args: Any, visit: Visit, institution_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, visit=visit, institution_ids=institution_ids, **kwargs)
        self.fields["speaker"].queryset = (  # type: ignore[attr-defined]
            Participant.objects.filter(
                visit=visit, institution_id__in=sorted(institution_ids)
            ).select_related("person")
        )
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(visit=visit)  # type: ignore[attr-defined]
        self.fields["order"].required = False
        self.fields["institution"].required = False
        self.fields["institution"].help_text = _("Left empty: the speaker's institution.")
        _textarea(self, "summary")


# The broad fields this cooperation names most (engineering, manufacturing; business; ICT;
# education) come first in the list of a need's field.
USUAL_BROAD_FIELDS = ("07", "04", "06", "01")


def _isced_field_choices() -> list[tuple[Any, Any]]:
    """ISCED-F fields grouped by broad field (a group per broad field, its narrow and detailed
    fields inside, indented), in the user's language, the cooperation's usual fields first."""
    rows = isced_fields()
    groups: dict[str, list[tuple[str, str]]] = {}
    for r in rows:
        broad = r["code"][:2]
        indent = {"broad": "", "narrow": " ", "detailed": "  "}[r["level"]]
        groups.setdefault(broad, []).append((r["code"], f"{indent}{r['code']} {r['labels']}"))
    names = {r["code"]: f"{r['code']} {r['labels']}" for r in rows if r["level"] == "broad"}
    order = [*USUAL_BROAD_FIELDS, *(b for b in groups if b not in USUAL_BROAD_FIELDS)]
    return [("", "---------")] + [(names[b], groups[b]) for b in order if b in groups]


class _JointMixin:
    """Other parties that state the same row with the institution: only those one records for
    (a party does not put words into another party's mouth; the organiser records for all)."""

    fields: dict[str, Any]
    instance: Any

    def _joint(self, institution_ids: set[int]) -> None:
        if len(institution_ids) < 2:
            del self.fields["also_stated_by"]
            return
        field = self.fields["also_stated_by"]
        field.queryset = Institution.objects.filter(pk__in=sorted(institution_ids))
        field.widget = forms.CheckboxSelectMultiple()
        field.widget.choices = field.choices
        field.label_from_instance = lambda obj: obj.display_short_name()


class NeedForm(_JointMixin, _VisitPartForm):
    stated_by = ParticipantChoice(
        queryset=Participant.objects.none(), label=_("stated by (person)"), required=False
    )
    field_code = forms.ChoiceField(label=_("field (ISCED-F 2013)"))
    level = forms.ChoiceField(label=_("level (ISCED 2011)"), required=False)
    country = forms.ChoiceField(
        label=_("country"), required=False, help_text=_("Left empty: the institution's country.")
    )

    class Meta:
        model = StatedNeed
        fields = [*(f for f in NEED_FIELDS if f != "order"), "also_stated_by"]

    def __init__(self, *args: Any, visit: Visit, institution_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, visit=visit, institution_ids=institution_ids, **kwargs)
        # A list to search in (visits/choose.js), grouped by broad field; a new need may name
        # several fields at once (one need each), as partners name them in one breath.
        fields = _isced_field_choices()[1:]
        if self.instance.pk:
            self.fields["field_code"].widget = forms.RadioSelect()
            _choices(self, "field_code", fields)
        else:
            del self.fields["field_code"]
            self.fields["field_codes"] = forms.MultipleChoiceField(
                label=capfirst(_("fields (ISCED-F 2013)")),
                choices=fields,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Several fields: one need each, with the same details below."),
            )
            self.order_fields(["institution", "stated_by", "field_codes"])
        _choices(
            self,
            "level",
            [("", "---------")]
            + [
                (r["code"], f"{r['code']} {r['labels']}")
                for r in isced_levels()
                if r["code"] in "345678"
            ],
        )
        _choices(self, "country", [("", "---------"), *country_choices()])
        _textarea(self, "notes")
        self._joint(institution_ids)


class InterestForm(_JointMixin, _VisitPartForm):
    stated_by = ParticipantChoice(
        queryset=Participant.objects.none(), label=_("stated by (person)"), required=False
    )

    class Meta:
        model = CooperationInterest
        fields = [*INTEREST_FIELDS, "also_stated_by"]

    def __init__(self, *args: Any, visit: Visit, institution_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, visit=visit, institution_ids=institution_ids, **kwargs)
        if not self.instance.pk:
            # Several wishes stated at once: one interest each.
            del self.fields["kind"]
            self.fields["kinds"] = forms.MultipleChoiceField(
                label=capfirst(_("kinds")),
                choices=InterestKind.choices,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Several kinds: one wish each, with the same description."),
            )
            self.order_fields(["institution", "kinds"])
        _textarea(self, "description")
        self._joint(institution_ids)


class ProposalForm(_VisitPartForm):
    proposed_by = ParticipantChoice(
        queryset=Participant.objects.none(), label=_("proposed by (person)"), required=False
    )

    proposed_by_unit = UnitChoice(
        queryset=OrgUnit.objects.none(), label=_("proposed by (unit)"), required=False
    )

    class Meta:
        model = Proposal
        fields = list(PROPOSAL_FIELDS)

    def __init__(self, *args: Any, visit: Visit, institution_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, visit=visit, institution_ids=institution_ids, **kwargs)
        self.fields["proposed_by_unit"].queryset = selectors.units_for_visit(visit=visit).filter(  # type: ignore[attr-defined]
            institution_id__in=sorted(institution_ids)
        )
        self.fields["proposed_by_unit"].help_text = Proposal._meta.get_field(
            "proposed_by_unit"
        ).help_text
        _textarea(self, "text", "reaction_text")


class ActionForm(_VisitPartForm):
    owner_unit = UnitChoice(
        queryset=OrgUnit.objects.none(), label=_("responsible office"), required=False
    )
    owner = UserChoice(
        queryset=Institution.objects.none(), label=_("responsible person"), required=False
    )

    class Meta:
        model = FollowUpAction
        fields = list(ACTION_FIELDS)
        widgets = {"due_date": DateInput}

    def __init__(self, *args: Any, visit: Visit, institution_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, visit=visit, institution_ids=institution_ids, **kwargs)
        self.fields["owner_unit"].queryset = selectors.units_for_visit(visit=visit)  # type: ignore[attr-defined]
        self.fields["owner"].queryset = selectors.users_for_visit(visit=visit)  # type: ignore[attr-defined]
        self.fields["owner"].help_text = FollowUpAction._meta.get_field("owner").help_text
        self.fields["need"].queryset = StatedNeed.objects.filter(visit=visit)  # type: ignore[attr-defined]
        self.fields["interest"].queryset = CooperationInterest.objects.filter(visit=visit)  # type: ignore[attr-defined]
        self.fields["proposal"].queryset = Proposal.objects.filter(visit=visit)  # type: ignore[attr-defined]
        if not self.instance.pk and not self.is_bound:
            self.initial["owner_institution"] = visit.organiser_id
        _textarea(self, "description")


class ApprovalStepForm(_Labels, VersionedForm):
    owner = UserChoice(
        queryset=Institution.objects.none(), label=_("responsible person"), required=False
    )

    class Meta:
        model = ApprovalStep
        fields = list(APPROVAL_FIELDS)
        widgets = {"due_date": DateInput, "done_on": DateInput}

    def __init__(self, *args: Any, visit: Visit, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._capitalise_labels()
        self.fields["owner"].queryset = selectors.users_for_visit(visit=visit)  # type: ignore[attr-defined]


class ReportForm(VersionedForm):
    class Meta:
        model = VisitReport
        fields = list(REPORT_FIELDS)
        widgets = {"body": forms.Textarea(attrs={"rows": 22})}


class AttachmentForm(CleanForm):
    file = forms.FileField(
        label=_("file"), help_text=_("Photos (PNG, JPEG, WebP), PDF, Word or Excel.")
    )
    caption = MultilingualFormField(label=_("caption"))
