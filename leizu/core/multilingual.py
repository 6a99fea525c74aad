"""Multilingual text: one JSON value per field, ``{"zh-hans": "…", "ru": "…"}``.

Read it through ``Multilingual.localize()`` (or ``str()``), which follows the fallback chain of
the active language from ``settings.LEIZU_LANGUAGE_FALLBACKS``. Codes and slugs stay in plain
columns so they index; search uses a separate normalised column (see ``core.text``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from leizu.core.text import clean_text

# Longest text of one language: a line (a name, a title) or paragraphs (a description, notes).
# Forms and the API hold each field to its own bound; the model field to the longer one, so no
# way in (an import included) stores more.
LINE_LENGTH = 500
PARAGRAPHS_LENGTH = 20_000


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def fallback_chain(language: str | None = None) -> list[str]:
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    chains: dict[str, list[str]] = settings.LEIZU_LANGUAGE_FALLBACKS
    if language in chains:
        return chains[language]
    base = language.split("-")[0]
    return chains.get(base, [language, *language_codes()])


class Multilingual(dict):
    """A dict of language → text that renders in the active language, with fallbacks."""

    def localize(self, language: str | None = None) -> str:
        for code in fallback_chain(language):
            value = self.get(code)
            if value:
                return str(value)
        for value in self.values():
            if value:
                return str(value)
        return ""

    def __str__(self) -> str:
        return self.localize()

    def __html__(self) -> str:
        from django.utils.html import conditional_escape

        return str(conditional_escape(self.localize()))

    def is_empty(self) -> bool:
        return not any(self.values())

    def all_texts(self) -> list[str]:
        """Every non-empty text, in the order of the interface languages."""
        order = {code: i for i, code in enumerate(language_codes())}
        keys = sorted(self, key=lambda k: (order.get(k, len(order)), k))
        return [str(self[k]) for k in keys if self[k]]


def clean_multilingual(value: Any) -> Multilingual:
    """Accept a dict (or a plain string, taken as English) and keep only known languages."""
    if value is None or value == "":
        return Multilingual()
    if isinstance(value, str):
        return Multilingual({"en": value.strip()} if value.strip() else {})
    if not isinstance(value, dict):
        raise ValidationError(_("Enter text as an object of language codes to texts."))
    known = set(language_codes())
    unknown = sorted(set(value) - known)
    if unknown:
        raise ValidationError(
            _("Unknown language code(s): %(codes)s."), params={"codes": ", ".join(unknown)}
        )
    texts = {k: clean_text(str(v)).strip() for k, v in value.items() if v is not None}
    return Multilingual({k: v for k, v in texts.items() if v})


class MultilingualDescriptor(DeferredAttribute):
    """Wraps every assigned dict in ``Multilingual`` so ``obj.name.localize()`` always works."""

    def __set__(self, instance: Any, value: Any) -> None:
        if isinstance(value, dict) and not isinstance(value, Multilingual):
            value = Multilingual(value)
        instance.__dict__[self.field.attname] = value


class MultilingualField(models.JSONField):
    """A JSON column holding one text per language; Python value is ``Multilingual``."""

    descriptor_class = MultilingualDescriptor

    def __init__(self, *args: Any, required: bool = False, **kwargs: Any) -> None:
        self.required = required
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", not required)
        kwargs.setdefault(
            "error_messages", {"blank": _("Enter the text in at least one language.")}
        )
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.required:
            kwargs["required"] = True
        return name, path, args, kwargs

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        value = super().from_db_value(value, expression, connection)
        return Multilingual(value) if isinstance(value, dict) else value

    def to_python(self, value: Any) -> Any:
        return clean_multilingual(value)

    def validate(self, value: Any, model_instance: Any) -> None:
        super().validate(value, model_instance)
        if isinstance(value, dict) and any(len(str(v)) > PARAGRAPHS_LENGTH for v in value.values()):
            raise ValidationError(
                _("Each language's text may have at most %(limit)s characters."),
                code="max_length",
                params={"limit": PARAGRAPHS_LENGTH},
            )

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        return MultilingualFormField(
            required=kwargs.get("required", self.required),
            label=kwargs.get("label", capfirst(self.verbose_name)),
            help_text=self.help_text,
            textarea=kwargs.get("textarea", False),
        )


class MultilingualWidget(forms.MultiWidget):
    template_name = "core/widgets/multilingual.html"

    def __init__(self, textarea: bool = False, attrs: dict[str, Any] | None = None) -> None:
        widget = forms.Textarea(attrs={"rows": 3}) if textarea else forms.TextInput()
        self.languages = language_codes()
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            code: widget for code in self.languages
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[str]:
        if isinstance(value, str):
            import json

            try:
                value = json.loads(value)
            except ValueError:
                value = {"en": value}
        value = value or {}
        return [value.get(code, "") for code in self.languages]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        names = dict(settings.LANGUAGES)
        for code, sub in zip(self.languages, context["widget"]["subwidgets"], strict=True):
            sub["language"] = code
            sub["language_name"] = names[code]
        return context


class MultilingualFormField(forms.MultiValueField):
    def __init__(self, *, required: bool = False, textarea: bool = False, **kwargs: Any) -> None:
        limit = PARAGRAPHS_LENGTH if textarea else LINE_LENGTH
        fields = [forms.CharField(required=False, max_length=limit) for _code in language_codes()]
        kwargs.pop("max_length", None)
        super().__init__(
            fields=fields,
            widget=MultilingualWidget(textarea=textarea),
            require_all_fields=False,
            required=False,
            **kwargs,
        )
        self.multilingual_required = required

    def compress(self, data_list: list[str]) -> Multilingual:
        data_list = data_list or [""] * len(language_codes())
        return clean_multilingual(dict(zip(language_codes(), data_list, strict=True)))

    def clean(self, value: Any) -> Multilingual:
        result = super().clean(value)
        if self.multilingual_required and result.is_empty():
            raise ValidationError(_("Enter the text in at least one language."), code="required")
        return result
