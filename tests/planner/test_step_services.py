"""planner/services.py for the walk-through: saving a step says saved / invalid / conflict /
gone, and restoring a version restored / not found / refused. The step pages that call these
are tested in test_steps.py, test_history.py and test_concurrent_saves.py."""

import pytest
from django.http import QueryDict

from planner import services
from planner.models import InitiativePlan, PlanPart
from planner.services import RestoreOutcome, StepSaveOutcome
from planner.walkthrough import STEPS_BY_KIND

pytestmark = pytest.mark.django_db
RESEARCH = STEPS_BY_KIND[PlanPart.Kind.RESEARCH]
STAKEHOLDERS = STEPS_BY_KIND[PlanPart.Kind.STAKEHOLDERS]


def research_post(version, **fields):
    data = QueryDict(mutable=True)
    data.update({"version": str(version), **fields})
    return data


def stakeholders_post(version, rows):
    data = QueryDict(mutable=True)
    data.update(
        {
            "version": str(version),
            "stakeholders-TOTAL_FORMS": str(len(rows)),
            "stakeholders-INITIAL_FORMS": "0",
        }
    )
    for index, row in enumerate(rows):
        data.update({f"stakeholders-{index}-{name}": value for name, value in row.items()})
    return data


def test_a_valid_save_is_saved(plan, editor):
    part = plan.parts.get(kind=PlanPart.Kind.RESEARCH)
    outcome = services.save_step(
        plan=plan, spec=RESEARCH, data=research_post(part.version, age="16-20"), user=editor
    )
    assert outcome.status == StepSaveOutcome.SAVED
    part.refresh_from_db()
    assert part.data["age"] == "16-20"
    assert outcome.part.version == part.version and part.updated_by == editor


def test_a_step_nobody_saved_yet_is_made_by_its_first_save(plan, editor):
    outcome = services.save_step(
        plan=plan,
        spec=STAKEHOLDERS,
        data=stakeholders_post(0, [{"name": "Youth centre", "kind": "ngo"}]),
        user=editor,
    )
    assert outcome.status == StepSaveOutcome.SAVED, outcome.formsets
    rows = plan.parts.get(kind=PlanPart.Kind.STAKEHOLDERS).data["stakeholders"]
    assert [row["name"] for row in rows] == ["Youth centre"]


def test_rows_marked_for_removal_or_left_empty_are_not_kept(plan, editor):
    data = stakeholders_post(
        0,
        [
            {"name": "Kept", "kind": "ngo"},
            {"name": "Removed", "kind": "ngo", "DELETE": "on"},
            {},
        ],
    )
    outcome = services.save_step(plan=plan, spec=STAKEHOLDERS, data=data, user=editor)
    assert outcome.status == StepSaveOutcome.SAVED, outcome.formsets
    rows = plan.parts.get(kind=PlanPart.Kind.STAKEHOLDERS).data["stakeholders"]
    assert [row["name"] for row in rows] == ["Kept"]


def test_an_invalid_save_saves_nothing_and_keeps_the_forms_with_their_errors(plan, editor):
    part = plan.parts.get(kind=PlanPart.Kind.RESEARCH)
    before = (part.version, part.data)
    outcome = services.save_step(
        plan=plan, spec=RESEARCH, data=research_post(part.version, age="x" * 5000), user=editor
    )
    assert outcome.status == StepSaveOutcome.INVALID and not outcome.version_error
    assert outcome.form.has_error("age")
    assert outcome.form["age"].value() == "x" * 5000
    part.refresh_from_db()
    assert (part.version, part.data) == before


@pytest.mark.parametrize("version", ["", "x", "-1"])
def test_a_save_without_a_usable_version_is_invalid_and_says_so(plan, editor, version):
    outcome = services.save_step(
        plan=plan, spec=RESEARCH, data=research_post(version, age="16-20"), user=editor
    )
    assert outcome.status == StepSaveOutcome.INVALID and outcome.version_error
    assert plan.parts.get(kind=PlanPart.Kind.RESEARCH).data["age"] == "18-25"


def test_a_save_on_top_of_someone_else_s_is_a_conflict_with_their_part(plan, editor, owner):
    part = plan.parts.get(kind=PlanPart.Kind.RESEARCH)
    loaded = part.version
    part.save_edit({"age": "Theirs"}, loaded, owner)
    outcome = services.save_step(
        plan=plan, spec=RESEARCH, data=research_post(loaded, age="Mine"), user=editor
    )
    assert outcome.status == StepSaveOutcome.CONFLICT
    assert [(c.name, c.mine, c.theirs) for c in outcome.conflicts] == [("age", "Mine", "Theirs")]
    assert outcome.part.data["age"] == "Theirs" and outcome.part.updated_by == editor
    assert outcome.form["age"].value() == "Mine"  # the text typed is kept
    assert plan.parts.get(kind=PlanPart.Kind.RESEARCH).data["age"] == "Theirs"


def test_a_save_to_a_deleted_plan_is_gone(plan, editor):
    stale = InitiativePlan.objects.get(pk=plan.pk)
    plan.delete()
    outcome = services.save_step(
        plan=stale, spec=STAKEHOLDERS, data=stakeholders_post(0, []), user=editor
    )
    assert outcome.status == StepSaveOutcome.GONE
    assert not InitiativePlan.objects.filter(pk=plan.pk).exists()


def test_restore_brings_back_an_earlier_version(plan, editor):
    part = plan.parts.get(kind=PlanPart.Kind.RESEARCH)
    part.save_edit({"age": "Later"}, part.version, editor)
    earlier = part.history.order_by("history_date", "history_id").first()
    outcome = services.restore_part(
        plan=plan, spec=RESEARCH, history_id=earlier.history_id, user=editor
    )
    assert outcome.status == RestoreOutcome.RESTORED and outcome.record == earlier
    assert plan.parts.get(kind=PlanPart.Kind.RESEARCH).data == earlier.data


def test_restore_of_another_step_s_version_is_not_found(plan, editor):
    research = plan.parts.get(kind=PlanPart.Kind.RESEARCH)
    record = research.history.first()
    stakeholders = plan.part(PlanPart.Kind.STAKEHOLDERS)
    stakeholders.save_edit({"stakeholders": []}, stakeholders.version, editor)
    outcome = services.restore_part(
        plan=plan, spec=STAKEHOLDERS, history_id=record.history_id, user=editor
    )
    assert outcome.status == RestoreOutcome.NOT_FOUND


def test_restore_of_a_step_nobody_saved_is_not_found(plan, editor):
    outcome = services.restore_part(plan=plan, spec=STAKEHOLDERS, history_id=1, user=editor)
    assert outcome.status == RestoreOutcome.NOT_FOUND
