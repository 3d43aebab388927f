"""A step saved except the fields two people changed at once: the form shown again with what
is saved now, the person's own text in each of those fields, and beside each one the other
person's text and a choice of which to keep (services.RESOLVE)."""

import copy
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _

from ..forms import is_plan_text
from ..models import PlanPart
from ..services import RESOLVE


@dataclass(frozen=True)
class ConflictBox:
    """What the page shows beside one field in conflict."""

    choice_name: str  # the radio buttons' name: services.RESOLVE + the field's path
    field_id: str  # the input's id, for the summary's link and aria-describedby
    label: str
    theirs: str  # the other person's value, for reading
    is_plan_text: bool  # typed by people (in the plan's language), not one of the portal's choices


def shown_with_conflicts(spec, outcome, user):
    """The step page's context after a save with conflicts: the form and formsets, the
    conflicts for the summary and who else changed the step."""
    part = outcome.part
    shown = copy.deepcopy(part.data)
    for conflict in outcome.conflicts:
        target = _row(shown, conflict) if conflict.list_key else shown
        if target is not None:
            target[conflict.name] = conflict.mine
    form = spec.form_class(initial={**shown, "version": part.version})
    formsets = spec.formsets(PlanPart(kind=spec.kind, data=shown))
    summary = []
    for conflict in outcome.conflicts:
        box = _attach(conflict, form, formsets)
        if box is not None:
            summary.append(box)
    context = {
        "form": form,
        "formsets": formsets,
        "conflicts": summary,
        "conflict_by": _other_author(part, user),
    }
    return context


def _row(data, conflict):
    rows = data.get(conflict.list_key) or []
    return next((row for row in rows if row.get("row_id") == conflict.row_id), None)


def _attach(conflict, form, formsets):
    """Give the field's bound field (or its row) the box to show, and mark the input."""
    if not conflict.list_key:
        if conflict.name not in form.fields:
            return None
        box = _box(form, conflict.name, conflict.theirs, RESOLVE + conflict.name)
        form[conflict.name].conflict = box
        return box
    formset = formsets.get(conflict.list_key)
    rows = formset.forms if formset else []
    row = next((r for r in rows if r.initial.get("row_id") == conflict.row_id), None)
    if row is None or conflict.name not in row.fields:
        return None
    path = f"{RESOLVE}{conflict.list_key}:{conflict.row_id}:{conflict.name}"
    box = _box(row, conflict.name, conflict.theirs, path)
    row.conflicts = [*getattr(row, "conflicts", []), box]
    return box


def _box(form, name, theirs, choice_name):
    bound = form[name]
    field_id = bound.id_for_label or f"{bound.auto_id}_0"
    described_by = f"{field_id}-conflict"
    form.fields[name].widget.attrs["aria-describedby"] = described_by
    form_field = form.fields[name]
    return ConflictBox(
        choice_name,
        field_id,
        str(bound.label),
        _readable(form_field, theirs),
        is_plan_text(form_field),
    )


def _readable(form_field, value):
    """A stored value as the form would show it: choices by their labels."""
    if isinstance(form_field, forms.BooleanField):
        return _("Yes") if value else _("No")
    choices = dict(getattr(form_field, "choices", None) or [])
    if isinstance(value, list):
        return ", ".join(str(choices.get(item, item)) for item in value)
    if choices:
        return str(choices.get(value, value or ""))
    return "" if value is None else str(value)


def _other_author(part, user):
    """Who else saved this step most recently: the person whose text is in conflict."""
    record = (
        part.history.exclude(updated_by=user)
        .exclude(updated_by=None)
        .select_related("updated_by")
        .order_by("-history_id")
        .first()
    )
    return record.updated_by if record else None
