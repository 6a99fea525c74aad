"""Form machinery shared by the apps: clean text on the way in, edits that carry their version."""

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from leizu.core.text import clean_text


def _multiline(widget: forms.Widget) -> bool:
    if isinstance(widget, forms.MultiWidget):
        return all(_multiline(w) for w in widget.widgets)
    return isinstance(widget, forms.Textarea)


def _cleaned(value: Any, *, multiline: bool) -> Any:
    if isinstance(value, str):
        return clean_text(value, multiline=multiline)
    if isinstance(value, list | tuple):
        return [_cleaned(v, multiline=multiline) for v in value]
    return value


FIRST_YEAR, LAST_YEAR = 1900, 2100


def _in_years(value: Any) -> None:
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise forms.ValidationError(
            _("Enter a date between the years %(first)s and %(last)s."),
            code="date_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


class CleanTextMixin:
    """Every submitted text loses its control characters (``core.text.clean_text``) before any
    field sees it; line breaks stay only in text areas.

    Hooked on the one method through which a bound field reads its raw value, so fields built
    by ModelForm from the models get it too. Dates are held to the years 1900 to 2100.
    """

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                field.validators.append(_in_years)

    def _widget_data_value(self, widget: forms.Widget, html_name: str) -> Any:
        value = super()._widget_data_value(widget, html_name)  # type: ignore[misc]
        return _cleaned(value, multiline=_multiline(widget))


def capitalise_labels(form: forms.BaseForm) -> None:
    """Labels start with a capital letter (model field names are lower case, as Django's are)."""
    for field in form.fields.values():
        if field.label:
            field.label = capfirst(field.label)


class CleanForm(CleanTextMixin, forms.Form):
    """A plain form whose text is cleaned on the way in."""


class VersionedForm(CleanTextMixin, forms.ModelForm):
    """Carries the version the editor loaded, so a concurrent save is detected.

    Editing a stored record needs it: a form sent without it is refused, never saved over
    whatever another editor saved meanwhile.
    """

    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk and data.get("version") is None and "version" not in self.errors:
            raise forms.ValidationError(
                _(
                    "This form was sent without the version of the record it was opened on, "
                    "so a change made meanwhile could be lost. Reload the page and make your "
                    "change again."
                ),
                code="version_missing",
            )
        return data

    def _post_clean(self) -> None:
        # Leave the instance untouched: the service applies the changes, validates the row,
        # checks the version and audits before/after. ModelForm would otherwise write the
        # input onto the instance here, before the service could see what changed.
        pass

    def changes(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in self._meta.fields or () if f in self.cleaned_data}


class WorkbookForm(CleanForm):
    """The upload of an "Import from Excel" page (``core.imports.background``)."""

    file = forms.FileField(label=_("Excel file (.xlsx)"))
