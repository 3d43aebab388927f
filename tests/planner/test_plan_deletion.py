"""A deleted plan leaves none of its text behind (issue 8, finding 6)."""

import pytest

from planner.models import InitiativePlan, PlanPart, ShareLink

pytestmark = pytest.mark.django_db

SECRET = "Call Aigerim on +996 555 000 111"


@pytest.fixture
def written(plan, owner):
    part = plan.part(PlanPart.Kind.CHALLENGES)
    part.save_edit({"referrals": [{"name": SECRET}]}, part.version, owner)
    part.save_edit({"resistance_approach": "Listen first"}, part.version, owner)
    ShareLink.create_for(plan, owner)
    return plan


def history_of(plan_id):
    return PlanPart.history.filter(plan_id=plan_id)


def test_deleting_a_plan_on_the_site_erases_its_history_and_links(client, owner, written):
    assert history_of(written.pk).exists()
    client.force_login(owner)
    assert client.post(f"/plans/{written.pk}/delete/").status_code == 302
    assert not history_of(written.pk).exists()
    assert not ShareLink.objects.filter(plan_id=written.pk).exists()
    assert not PlanPart.objects.filter(plan_id=written.pk).exists()


def test_deleting_plans_in_bulk_erases_their_history_too(written, private_plan, owner):
    part = private_plan.part(PlanPart.Kind.RESEARCH)
    part.save_edit({"age": SECRET}, part.version, owner)
    InitiativePlan.objects.filter(pk__in=[written.pk, private_plan.pk]).delete()
    assert not PlanPart.history.exists()


def test_other_plans_keep_their_history(written, private_plan, owner):
    part = private_plan.part(PlanPart.Kind.RESEARCH)
    part.save_edit({"age": "16-20"}, part.version, owner)
    written.delete()
    assert history_of(private_plan.pk).count() == 2


def test_tags_only_a_deleted_plan_used_go_with_it(owner, written, private_plan):
    from planner.models import PlanTag

    written.tags.set(["hiv-positive-girls-school-42", "sports"])
    private_plan.tags.set(["sports"])
    written.delete_by(owner)
    assert list(PlanTag.objects.values_list("name", flat=True)) == ["sports"]
