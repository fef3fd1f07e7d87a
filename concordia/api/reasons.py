"""Why the API refused a value, in the language the request asks for (Accept-Language; the
person's saved language governs pages only): pydantic writes its reasons in English, so each
kind of refusal that a body of this API can meet has its own message here, keyed by pydantic's
error type. The ``code`` beside the reason stays pydantic's type, for programs."""

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext


def _characters(word: str) -> Callable[[Mapping[str, Any]], str]:
    def reason(ctx: Mapping[str, Any]) -> str:
        n = int(ctx.get(word, 0))
        if word == "min_length":
            return ngettext("Give at least %(n)d character.", "Give at least %(n)d characters.",
                            n) % {"n": n}
        return ngettext("Give at most %(n)d character.", "Give at most %(n)d characters.",
                        n) % {"n": n}
    return reason


def _items(word: str) -> Callable[[Mapping[str, Any]], str]:
    def reason(ctx: Mapping[str, Any]) -> str:
        n = int(ctx.get(word, 0))
        if word == "min_length":
            return ngettext("Give at least %(n)d item.", "Give at least %(n)d items.",
                            n) % {"n": n}
        return ngettext("Give at most %(n)d item.", "Give at most %(n)d items.", n) % {"n": n}
    return reason


def _choose(ctx: Mapping[str, Any]) -> str:
    return _("Choose one of: %(expected)s.") % {"expected": ctx.get("expected", "")}


def _json_type(ctx: Mapping[str, Any]) -> str:
    # The JSON type is named as core.api_schemas names it (in English: "a string", "an array").
    return _("Give a value of this JSON type: %(expected)s.") % {"expected": ctx.get("expected")}


def _decimals(ctx: Mapping[str, Any]) -> str:
    return _("Give at most %(n)s decimals.") % {"n": ctx.get("decimal_places", "")}


WHOLE_NUMBER = gettext_lazy("Give a whole number.")
NUMBER = gettext_lazy("Give a number.")
DATE = gettext_lazy("Give a date as YYYY-MM-DD.")
DATETIME = gettext_lazy("Give a date and time as YYYY-MM-DDTHH:MM:SS with its offset, "
                        "as in 2026-03-01T14:00:00+01:00.")
OBJECT = gettext_lazy("Give a JSON object.")

REASONS: dict[str, Promise | Callable[[Mapping[str, Any]], str]] = {
    "missing": gettext_lazy("This field is required."),
    "json_type": _json_type,
    "extra_forbidden": gettext_lazy("This field is not known here."),
    "string_type": gettext_lazy("Give text."),
    "string_too_short": _characters("min_length"),
    "string_too_long": _characters("max_length"),
    "string_pattern_mismatch": gettext_lazy("This value does not have the required form."),
    "int_type": WHOLE_NUMBER,
    "int_parsing": WHOLE_NUMBER,
    "int_from_float": WHOLE_NUMBER,
    "float_type": NUMBER,
    "float_parsing": NUMBER,
    "decimal_type": NUMBER,
    "decimal_parsing": NUMBER,
    "finite_number": NUMBER,
    "decimal_max_places": _decimals,
    "decimal_max_digits": gettext_lazy("This number has too many digits."),
    "greater_than": lambda ctx: _("Give a value above %(n)s.") % {"n": ctx.get("gt")},
    "greater_than_equal": lambda ctx: _("Give a value of at least %(n)s.") % {"n": ctx.get("ge")},
    "less_than": lambda ctx: _("Give a value below %(n)s.") % {"n": ctx.get("lt")},
    "less_than_equal": lambda ctx: _("Give a value of at most %(n)s.") % {"n": ctx.get("le")},
    "bool_type": gettext_lazy("Give true or false."),
    "bool_parsing": gettext_lazy("Give true or false."),
    "date_type": DATE,
    "date_parsing": DATE,
    "date_from_datetime_parsing": DATE,
    "date_from_datetime_inexact": DATE,
    "datetime_type": DATETIME,
    "datetime_parsing": DATETIME,
    "datetime_from_date_parsing": DATETIME,
    "timezone_aware": DATETIME,
    "enum": _choose,
    "literal_error": _choose,
    "list_type": gettext_lazy("Give a list."),
    "too_short": _items("min_length"),
    "too_long": _items("max_length"),
    "dict_type": OBJECT,
    "model_type": OBJECT,
    "model_attributes_type": OBJECT,
    "json_invalid": gettext_lazy("The body is not valid JSON."),
    "uuid_type": gettext_lazy("Give a UUID."),
    "uuid_parsing": gettext_lazy("Give a UUID."),
    "url_type": gettext_lazy("Give a web address."),
    "url_parsing": gettext_lazy("Give a web address."),
    "url_scheme": gettext_lazy("Give a web address."),
}

# Our own validators raise ValueError with a message already in the reader's language; pydantic
# puts this before it.
VALUE_ERROR_PREFIX = "Value error, "


def reason(error: Mapping[str, Any]) -> str:
    """The reason for one of pydantic's errors (``ValidationError.errors``), translated."""
    kind = str(error.get("type", ""))
    message = str(error.get("msg", ""))
    if kind == "value_error":
        return message.removeprefix(VALUE_ERROR_PREFIX)
    explain = REASONS.get(kind)
    if explain is None:
        return message
    if isinstance(explain, Promise):
        return str(explain)
    return explain(error.get("ctx") or {})
