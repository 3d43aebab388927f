"""What Django's form fields make of submitted text: the oracle the hostile-input tests check
the saved and shown values against."""

import json

from django import forms

INVALID = object()  # what an oracle returns for a value the form must refuse
NUL_ERROR = "Null characters are not allowed."


def cleaned_text(value, max_length=None, required=False):
    """What Django's CharField keeps of `value` (strip=True), or INVALID.

    Django strips leading and trailing whitespace (str.strip(), which also drops \\x1c-\\x1f and
    \\x85), keeps \\r\\n as sent (it does not normalise line endings), counts length in code
    points after stripping, and refuses NUL characters with a form error.
    """
    value = value.strip()
    if required and not value:
        return INVALID
    if max_length is not None and len(value) > max_length:
        return INVALID
    if "\x00" in value:
        return INVALID
    return value


def checkbox_value(raw):
    """What Django's CheckboxInput makes of a submitted value (None: not submitted)."""
    return raw is not None and raw != "" and raw.lower() != "false"


def int_or_none(text):
    """The key a ModelChoiceField looks up: the primary key field reads it with int()."""
    try:
        return int(text)
    except ValueError:
        return None


def shown_again(raw, form_field):
    """A submitted value as the refused form shows it again: as sent, except that crispy's
    `specialspaceless` turns 3 or more whitespace characters between two tags into one space,
    so a textarea that holds only whitespace comes back holding " " (a cosmetic quirk: such
    text saves as "" anyway)."""
    raw = raw or ""
    if isinstance(form_field.widget, forms.Textarea) and raw.isspace() and len(raw) >= 2:
        return " "
    return raw


def contains_nul(*values):
    return any("\x00" in value for value in values)


def assert_no_nul_stored(*values):
    assert "\x00" not in json.dumps(values, ensure_ascii=False, default=str)
