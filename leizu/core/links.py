"""Links to the web given by users: an institution's website, a vacancy posting's link.

Only http and https are accepted: a ``javascript:`` or ``data:`` link shown on a page would run
in the session of whoever clicks it (stored XSS). Forms, the API and imports check with
``validate_web_url``; pages show a stored link only through ``web_url`` (the ``web_url``
template filter), so a link stored before the rule, or by a path that skipped it, stays inert.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

WEB_SCHEMES = ["http", "https"]
NOT_A_WEB_URL = _("Enter a web address that starts with http:// or https://.")

validate_web_url = URLValidator(schemes=WEB_SCHEMES, message=NOT_A_WEB_URL)


def web_url(value: Any) -> str:
    """The link if it is a web address (http or https), else an empty string."""
    text = str(value or "")
    try:
        validate_web_url(text)
    except ValidationError:
        return ""
    return text


class WebURLField(models.URLField):
    """A URL field for web addresses only (http or https)."""

    default_validators = [validate_web_url]
