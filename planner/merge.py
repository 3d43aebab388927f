"""Three-way merge of a step's data, so that two people editing one step at once both keep
their work.

`base` is what the person's form was loaded with, `mine` what they send, `theirs` what is
saved now. A field only one side changed takes that side's value; a field both changed to
different values is a Conflict, which keeps `theirs` until the person chooses. Lists of
choices (topics, methods) merge as sets: what each side ticked or unticked is applied. Lists
of rows (stakeholders, budget lines, referrals) merge row by row through each row's `row_id`,
then field by field within a row.
"""

from dataclasses import dataclass, field
from typing import Any

ROW_ID = "row_id"


@dataclass(frozen=True)
class Conflict:
    """One field both sides changed: a part's field (`list_key` empty) or a field of the row
    `row_id` of the list `list_key`."""

    name: str
    mine: Any
    theirs: Any
    list_key: str = ""
    row_id: str = ""


@dataclass
class Merge:
    data: dict[str, Any]
    conflicts: list[Conflict] = field(default_factory=list)


def is_empty(value: Any) -> bool:
    return value in (None, "", [], False)


def same(a: Any, b: Any) -> bool:
    # A field missing from older data is the same as one left empty.
    return a == b or (is_empty(a) and is_empty(b))


def merge(
    base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any], list_keys: set[str]
) -> Merge:
    result = Merge(data={})
    for name in [*theirs, *(name for name in mine if name not in theirs)]:
        b, m, t = base.get(name), mine.get(name), theirs.get(name)
        if name in list_keys:
            result.data[name] = _merge_rows(name, b or [], m or [], t or [], result.conflicts)
            continue
        value, conflicting = merge_value(b, m, t)
        result.data[name] = value
        if conflicting:
            result.conflicts.append(Conflict(name, m, t))
    return result


def merge_value(b: Any, m: Any, t: Any) -> tuple[Any, bool]:
    """The merged value and whether both sides changed it differently (then `t` stays)."""
    if same(m, t) or same(m, b):
        return t, False
    if same(t, b):
        return m, False
    if _is_choice_list(b) and _is_choice_list(m) and _is_choice_list(t):
        removed = [item for item in (b or []) if item not in m]
        added = [item for item in m if item not in (b or []) and item not in t]
        return [item for item in t if item not in removed] + added, False
    return t, True


def _is_choice_list(value: Any) -> bool:
    return value is None or (
        isinstance(value, list) and all(isinstance(item, str | int) for item in value)
    )


def _by_id(rows: list[Any]) -> dict[str, dict[str, Any]]:
    return {row[ROW_ID]: row for row in rows if isinstance(row, dict) and row.get(ROW_ID)}


def _merge_rows(
    key: str, base: list[Any], mine: list[Any], theirs: list[Any], conflicts: list[Conflict]
) -> list[dict[str, Any]]:
    b, m, t = _by_id(base), _by_id(mine), _by_id(theirs)
    merged: dict[str, dict[str, Any]] = {}
    for row_id in [*t, *(row_id for row_id in m if row_id not in t)]:
        if row_id in m and row_id in t:
            merged[row_id] = _merge_row(key, b.get(row_id, {}), m[row_id], t[row_id], conflicts)
        elif row_id in m:
            # Theirs removed it: gone, unless mine changed it (then nothing I typed is lost).
            if row_id not in b or not _same_row(m[row_id], b[row_id]):
                merged[row_id] = m[row_id]
        elif row_id not in b or not _same_row(t[row_id], b[row_id]):
            merged[row_id] = t[row_id]  # theirs added or changed it; mine removed or lacked it
    # Whose order counts: mine, if I moved rows; else theirs (which may have moved some).
    kept_base = [row_id for row_id in m if row_id in b]
    i_reordered = kept_base != [row_id for row_id in b if row_id in m]
    first, second = (m, t) if i_reordered else (t, m)
    order = [row_id for row_id in [*first, *second, *merged] if row_id in merged]
    return [merged[row_id] for row_id in dict.fromkeys(order)]


def _same_row(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all(same(a.get(name), b.get(name)) for name in {*a, *b})


def _merge_row(
    key: str,
    base: dict[str, Any],
    mine: dict[str, Any],
    theirs: dict[str, Any],
    conflicts: list[Conflict],
) -> dict[str, Any]:
    row = {}
    for name in [*theirs, *(name for name in mine if name not in theirs)]:
        b, m, t = base.get(name), mine.get(name), theirs.get(name)
        value, conflicting = merge_value(b, m, t)
        row[name] = value
        if conflicting:
            conflicts.append(Conflict(name, m, t, list_key=key, row_id=theirs[ROW_ID]))
    return row
