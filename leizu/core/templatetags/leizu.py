from typing import Any

from django import template
from django.conf import settings

from leizu.core.reference import country_name

register = template.Library()


@register.filter
def country(code: str) -> str:
    return country_name(code) if code else ""


@register.filter
def in_language(value: Any, language: str) -> str:
    """The text of a multilingual value in one language, without fallback."""
    return (value or {}).get(language, "")


@register.simple_tag
def language_name(code: str) -> str:
    return dict(settings.LANGUAGES).get(code, code)
