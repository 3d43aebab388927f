"""A step's fields drawn as crispy-forms' Bootstrap 5 pack draws them, without templates.

A step page shows up to 50 list rows of five fields each. Crispy draws each field through half a
dozen template includes, and Django draws a select through two includes per option, which made
the fields most of the page's cost. `step_field` writes the same markup in Python: crispy's
wrapper, label (with the asterisk of a required field), errors and help text around the input
Django's own widget template would give, from the widget's own context (so its attributes,
aria-describedby and aria-invalid among them, are Django's). Widgets other than the plain ones
below (groups of tick boxes, radio buttons, the topics) still go through crispy.
tests/planner/test_step_fields.py holds the two to the same HTML.
"""

import html

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The widgets drawn here (exactly these classes, with Django's templates), each with the class
# crispy gives its input besides the widget's own name.
_INPUT_CLASS: dict[type[forms.Widget], str] = {
    forms.TextInput: "form-control",
    forms.NumberInput: "form-control",
    forms.Textarea: "form-control",
    forms.Select: "form-select",
    forms.CheckboxInput: "form-check-input",
}


@register.filter
def step_field(field: BoundField) -> SafeString:
    """`field` as `{{ field|as_crispy_field }}` draws it."""
    widget = field.field.widget
    if type(widget) is forms.HiddenInput and not field.field.show_hidden_initial:
        # As `{{ field }}`: crispy draws a hidden input bare. A step has one per list row.
        return _widget(field, {})
    input_class = _INPUT_CLASS.get(type(widget))
    if input_class is None or widget.template_name != type(widget).template_name:
        return as_crispy_field(field)
    errors = field.errors
    rendered_input = _widget(field, {"class": _css_class(widget, input_class, bool(errors))})
    if isinstance(widget, forms.CheckboxInput):
        return _checkbox(field, rendered_input, errors)
    label = ""
    if field.label:
        label = format_html(
            '<label{} class="form-label{}">{}{}</label>',
            format_html(' for="{}"', field.id_for_label) if field.id_for_label else "",
            _required_class(field),
            field.label,
            _asterisk(field),
        )
    return format_html(
        '<div id="div_{}" class="mb-3{}">{}{}{}</div>',
        field.auto_id,
        _wrapper_classes(field),
        label,
        rendered_input,
        _help_text_and_errors(field, errors),
    )


def _checkbox(field, rendered_input, errors):
    return format_html(
        '<div class="mb-3"><div id="div_{}" class="form-check{}">{}'
        '<label for="{}" class="form-check-label{}">{}{}</label>{}</div></div>',
        field.auto_id,
        _wrapper_classes(field),
        rendered_input,
        field.id_for_label,
        _required_class(field),
        field.label,
        _asterisk(field),
        _help_text_and_errors(field, errors),
    )


def _css_class(widget, input_class, invalid):
    """The input's classes as crispy's {% crispy_field %} sets them: the widget's own, its name,
    then crispy's."""
    name = type(widget).__name__.lower()
    css = widget.attrs.get("class", "")
    if not css:
        css = name
    elif name not in css:
        css = f"{css} {name}"
    for extra in (input_class, "is-invalid") if invalid else (input_class,):
        if extra not in css.split():
            css = f"{css} {extra}"
    return css


def _wrapper_classes(field):
    classes = field.css_classes()
    return f" {classes}" if classes else ""


def _required_class(field):
    return " requiredField" if field.field.required else ""


def _asterisk(field):
    return mark_safe('<span class="asteriskField">*</span>') if field.field.required else ""


def _help_text_and_errors(field, errors):
    """Errors first, then help text: crispy's help_text_and_errors.html with its defaults."""
    parts = []
    if errors:
        parts.append(
            format_html(
                '<div id="{}_error" class="invalid-feedback">{}</div>',
                errors.field_id if errors.field_id is not None else "None",
                format_html_join(
                    "",
                    '<p id="error_{}_{}"><strong>{}</strong></p>',
                    ((number, field.auto_id, error) for number, error in enumerate(errors, 1)),
                ),
            )
        )
    if field.help_text:
        # Help text is the portal's own (forms.py), marked safe as crispy does.
        help_id = format_html('id="{}_helptext" ', field.auto_id) if field.auto_id else ""
        parts.append(
            format_html(
                '<div {}class="form-text">{}</div>', help_id, mark_safe(str(field.help_text))
            )
        )
    return mark_safe("".join(conditional_escape(part) for part in parts))


def _widget(field, attrs):
    """What `field.as_widget(attrs=attrs)` gives, from the same widget context, written here
    rather than through Django's widget templates (input.html, textarea.html, select.html).
    Plain strings with _escape, as this runs for every option of every select."""
    widget = field.field.widget
    if field.field.localize:
        widget.is_localized = True
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    name, shown_attrs = _escape(context["name"]), _attrs(context["attrs"])
    if isinstance(widget, forms.Select):
        return mark_safe(f'<select name="{name}"{shown_attrs}>{_options(context)}\n</select>')
    if isinstance(widget, forms.Textarea):
        text = _escape(context["value"]) if context["value"] else ""
        return mark_safe(f'<textarea name="{name}"{shown_attrs}>\n{text}</textarea>')
    value = context["value"]
    shown_value = f' value="{_escape(value)}"' if value is not None else ""
    input_type = _escape(context["type"])
    return mark_safe(f'<input type="{input_type}" name="{name}"{shown_value}{shown_attrs}>')


def _options(context):
    shown = []
    for group_name, options, _index in context["optgroups"]:
        if group_name:
            shown.append(f'\n  <optgroup label="{_escape(group_name)}">')
        for option in options:
            value, label = _escape(option["value"]), _escape(option["label"])
            shown.append(f'\n  <option value="{value}"{_attrs(option["attrs"])}>{label}</option>')
        if group_name:
            shown.append("\n  </optgroup>")
    return "".join(shown)


def _attrs(attrs):
    """django/forms/widgets/attrs.html: True as a bare name, False left out."""
    return "".join(
        f" {_escape(name)}" if value is True else f' {_escape(name)}="{_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _escape(value):
    """conditional_escape, without the check for lazy arguments that it makes on every call."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))
