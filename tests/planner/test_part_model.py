"""PlanPart's rules: saves that name the version they start from, and restoring a version."""

import pytest

from planner.models import InitiativePlan, NotThisPartError, PlanPart, StaleEditError

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("every_save_a_version")]


@pytest.fixture
def part(plan):
    return plan.part(PlanPart.Kind.STRATEGY)


def test_a_part_is_created_empty_once(plan):
    first = plan.part(PlanPart.Kind.STRATEGY)
    again = plan.part(PlanPart.Kind.STRATEGY)
    assert first.pk == again.pk
    assert first.data == {} and first.version == 0 and first.is_empty


def test_save_edit_stores_the_data_and_counts_the_version(part, owner, editor):
    part.save_edit({"objectives": "Fathers share care 👨‍👧", "one_off": False}, 0, owner)
    part.save_edit({"objectives": "Отцы делят заботу", "one_off": True}, 1, editor)
    stored = PlanPart.objects.get(pk=part.pk)
    assert stored.data == {"objectives": "Отцы делят заботу", "one_off": True}
    assert stored.version == part.version == 2
    assert stored.updated_by == editor
    assert not stored.is_empty


def test_save_edit_touches_the_plan(part, owner):
    plan = part.plan
    before = InitiativePlan.objects.get(pk=plan.pk).updated_at
    part.save_edit({"objectives": "x"}, 0, owner)
    assert InitiativePlan.objects.get(pk=plan.pk).updated_at > before


def test_a_stale_save_is_refused_and_changes_nothing(part, owner, editor):
    loaded_by_owner = PlanPart.objects.get(pk=part.pk)
    loaded_by_editor = PlanPart.objects.get(pk=part.pk)
    loaded_by_owner.save_edit({"objectives": "Owner's"}, 0, owner)
    with pytest.raises(StaleEditError, match="Someone else saved this step"):
        loaded_by_editor.save_edit({"objectives": "Editor's"}, 0, editor)
    stored = PlanPart.objects.get(pk=part.pk)
    assert stored.data == {"objectives": "Owner's"} and stored.version == 1
    assert stored.updated_by == owner
    assert stored.history.count() == 2  # created, then the owner's save


def test_a_version_that_never_existed_is_refused(part, owner):
    with pytest.raises(StaleEditError):
        part.save_edit({"objectives": "x"}, 5, owner)
    assert PlanPart.objects.get(pk=part.pk).version == 0


def test_every_save_is_kept_in_the_history(part, owner):
    for n in range(3):
        part.save_edit({"objectives": f"Draft {n}"}, n, owner)
    history = list(part.history.order_by("history_date", "history_id"))
    assert [record.version for record in history] == [0, 1, 2, 3]
    assert [record.data for record in history] == [
        {},
        {"objectives": "Draft 0"},
        {"objectives": "Draft 1"},
        {"objectives": "Draft 2"},
    ]


def test_restore_makes_an_earlier_version_current_as_a_new_version(part, owner, editor):
    part.save_edit({"objectives": "First"}, 0, owner)
    part.save_edit({"objectives": "Second"}, 1, owner)
    first = part.history.get(version=1)
    part.restore(first, editor)
    stored = PlanPart.objects.get(pk=part.pk)
    assert stored.data == {"objectives": "First"}
    assert stored.version == 3 and stored.updated_by == editor
    assert part.history.count() == 4
    assert part.history.get(version=2).data == {"objectives": "Second"}


def test_restore_refuses_a_version_of_another_part(part, plan, owner):
    other = plan.part(PlanPart.Kind.FUNDING)
    other.save_edit({"grants_and_donors": "Elsewhere"}, 0, owner)
    with pytest.raises(NotThisPartError):
        part.restore(other.history.get(version=1), owner)
    assert PlanPart.objects.get(pk=part.pk).data == {}


def test_restore_from_a_stale_copy_is_refused(part, owner):
    part.save_edit({"objectives": "First"}, 0, owner)
    stale_copy = PlanPart.objects.get(pk=part.pk)
    part.save_edit({"objectives": "Second"}, 1, owner)
    with pytest.raises(StaleEditError):
        stale_copy.restore(part.history.get(version=1), owner)
    assert PlanPart.objects.get(pk=part.pk).data == {"objectives": "Second"}


@pytest.mark.parametrize(
    "data,empty",
    [
        ({}, True),
        ({"objectives": "", "one_off": False, "methods": []}, True),
        ({"stakeholders": [{"name": "", "objective_agreed": False}]}, True),
        ({"one_off": True}, False),
        ({"stakeholders": [{"name": "Ally"}]}, False),
    ],
)
def test_a_part_is_empty_until_it_holds_text(data, empty):
    assert PlanPart(kind=PlanPart.Kind.STRATEGY, data=data).is_empty is empty
