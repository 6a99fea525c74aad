from typing import Any

from django import template
from django.conf import settings

from leizu.core.links import web_url as _web_url
from leizu.core.reference import country_name

register = template.Library()


@register.filter
def country(code: str) -> str:
    return country_name(code) if code else ""


@register.filter
def web_url(value: Any) -> str:
    """A stored link fit for ``href``: the link if it is http(s), else empty (never a script)."""
    return _web_url(value)


@register.filter
def in_language(value: Any, language: str) -> str:
    """The text of a multilingual value in one language, without fallback."""
    return (value or {}).get(language, "")


@register.simple_tag
def language_name(code: str) -> str:
    return dict(settings.LANGUAGES).get(code, code)
