"""Adding, moving and removing a step's list rows without JavaScript.

The rows' buttons submit the whole form with `rows=add:<list>`, `up:<list>:<index>`,
`down:<list>:<index>` or `remove:<list>:<index>`. Nothing is saved: the page comes back with the
rows rearranged and everything typed kept, and the person saves when they choose. Each row keeps
its hidden `row_id`, so that a later save still merges row by row (planner/merge.py).
"""

import re

from django.http import QueryDict

from .forms import list_formset

ACTION = "rows"
MAX_ROWS = 50  # as forms.list_formset allows
_ACTION = re.compile(r"^(add):([\w-]+)$|^(up|down|remove):([\w-]+):([0-9]{1,3})$", re.ASCII)


def rearranged(data, list_keys):
    """`(data, focus)` with the rows of one list added, moved or removed as the POST asks;
    None when the POST is not a row action (a save).

    `focus` says where the person continues: {"key", "index", "target"} with target "input"
    (the row's first field), "up" or "down" (that button of the row) or "add" (the list's "Add
    another" button); None when the action made no sense (an unknown list, an index out of
    range): the page is then shown again unchanged, as posted.
    """
    if ACTION not in data:
        return None
    unchanged = _without_action(data)
    match = _ACTION.fullmatch(data.get(ACTION) or "")
    if not match:
        return unchanged, None
    verb = match.group(1) or match.group(3)
    key = match.group(2) or match.group(4)
    if key not in list_keys:
        return unchanged, None
    rows, saved = _rows(data, key)
    index = int(match.group(5)) if match.group(5) else None
    outcome = _apply(verb, rows, index)
    if outcome is None:
        return unchanged, None
    order, focus = outcome
    return _with_rows(unchanged, key, rows, order, saved), {"key": key, **focus}


def _apply(verb, rows, index):
    """The new order, as old positions (None: a new empty row), and where focus goes."""
    order = list(range(len(rows)))
    if verb == "add":
        if len(rows) >= MAX_ROWS:
            return None
        return [*order, None], {"index": len(rows), "target": "input"}
    if index >= len(rows):
        return None
    if verb == "remove":
        del order[index]
        if not order:
            return order, {"index": None, "target": "add"}
        return order, {"index": min(index, len(order) - 1), "target": "input"}
    to = index - 1 if verb == "up" else index + 1
    if not 0 <= to < len(rows):
        return None
    order[index], order[to] = order[to], order[index]
    # The same button again, so that pressing it twice moves the row twice; at either end
    # of the list that button is gone, and the other one is there.
    target = verb
    if to == 0:
        target = "down"
    elif to == len(rows) - 1:
        target = "up"
    return order, {"index": to, "target": target}


def _rows(data, key):
    """The rows of list `key` as posted, each {field: [values]}, and how many of the first
    ones were saved rows (the formset's INITIAL_FORMS)."""
    total = _count(data, f"{key}-TOTAL_FORMS", MAX_ROWS)
    saved = _count(data, f"{key}-INITIAL_FORMS", total)
    rows = [{} for _ in range(total)]
    field_key = re.compile(rf"^{re.escape(key)}-([0-9]+)-(.+)$", re.ASCII)
    for name, values in data.lists():
        match = field_key.fullmatch(name)
        if match and int(match.group(1)) < total:
            rows[int(match.group(1))][match.group(2)] = values
    return rows, saved


def _count(data, name, most):
    try:
        return max(0, min(int(data.get(name, "")), most))
    except ValueError:
        return 0


def _with_rows(data, key, rows, order, saved):
    result = QueryDict(mutable=True)
    prefix = f"{key}-"
    for name, values in data.lists():
        # The list's own keys are written again below; its management form too.
        if not (name.startswith(prefix) and name[len(prefix) :][:1].isdigit()):
            result.setlist(name, values)
    for position, old in enumerate(order):
        for name, values in (rows[old] if old is not None else {}).items():
            result.setlist(f"{key}-{position}-{name}", values)
    # Saved rows are checked strictly when saving (a saved row left blank is an error, not a
    # removal); a new row is skipped while it is empty. A new row moved up among saved ones
    # must stay skippable, so only the saved rows still at the top count as saved.
    leading_saved = 0
    for old in order:
        if old is None or old >= saved:
            break
        leading_saved += 1
    result[f"{key}-TOTAL_FORMS"] = str(len(order))
    result[f"{key}-INITIAL_FORMS"] = str(leading_saved)
    return result


def _without_action(data):
    result = data.copy()
    result.pop(ACTION, None)
    return result


def unchecked_forms(spec, data, focus=None):
    """The step's form and list formsets showing `data` as typed, unbound, so that nothing is
    validated and no error is shown: the person has not asked to save. The first field of the
    row that `focus` names gets `autofocus`, so that the person goes on typing there."""
    form = spec.form_class()
    form.initial = _raw_values(form, data)
    formsets = {}
    for key, (row_form, _label) in spec.lists.items():
        rows, saved = _rows(data, key)
        shown = [_raw_values(row_form(prefix=f"{key}-{index}"), data) for index in range(len(rows))]
        formset_class = _formset_shown_again(list_formset(row_form), len(shown), saved)
        formsets[key] = formset_class(initial=shown, prefix=key)
    if focus and focus["target"] == "input":
        row = formsets[focus["key"]].forms[focus["index"]]
        first = next(field for field in row.fields.values() if not field.widget.is_hidden)
        first.widget.attrs["autofocus"] = True
    return form, formsets


def _raw_values(form, data):
    """Each field's value as posted, as its widget reads it (a tick box's "on" as True)."""
    return {
        name: field.widget.value_from_datadict(data, None, form.add_prefix(name))
        for name, field in form.fields.items()
    }


def _formset_shown_again(formset_class, total, saved):
    """An unbound formset of exactly `total` rows, the first `saved` of them saved ones, so that
    its management form posts the same counts back."""

    class ShownAgain(formset_class):
        def initial_form_count(self):
            return saved

        def total_form_count(self):
            return total

    return ShownAgain
