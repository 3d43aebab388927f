"""Every row of a step's list gets an id (ListRowForm.row_id), so that edits merge row by row.

Rows had only their position. Within one part, the row at a position keeps one id across the
part's history and its current text, so that older versions still compare and merge with the
current one as they did before (by position).
"""

import uuid

from django.db import migrations

LISTS = ("stakeholders", "budget_lines", "referrals")


def _with_ids(data, ids):
    if not isinstance(data, dict):
        return data, False
    changed = False
    for key in LISTS:
        rows = data.get(key)
        if not isinstance(rows, list):
            continue
        for position, row in enumerate(rows):
            if isinstance(row, dict) and not row.get("row_id"):
                row["row_id"] = ids.setdefault((key, position), uuid.uuid4().hex)
                changed = True
    return data, changed


def add_row_ids(apps, schema_editor):
    PlanPart = apps.get_model("planner", "PlanPart")
    HistoricalPlanPart = apps.get_model("planner", "HistoricalPlanPart")
    ids_by_part = {}
    for part in PlanPart.objects.only("pk", "data").iterator():
        data, changed = _with_ids(part.data, ids_by_part.setdefault(part.pk, {}))
        if changed:
            PlanPart.objects.filter(pk=part.pk).update(data=data)
    for record in HistoricalPlanPart.objects.only("history_id", "id", "data").iterator():
        data, changed = _with_ids(record.data, ids_by_part.setdefault(record.id, {}))
        if changed:
            HistoricalPlanPart.objects.filter(pk=record.pk).update(data=data)


class Migration(migrations.Migration):
    dependencies = [("planner", "0004_status_in_life_order")]

    operations = [migrations.RunPython(add_row_ids, migrations.RunPython.noop)]
