import threading

import pytest
from django.db import connection

from planner.models import InitiativePlan, PlanPart, StaleEditError

# Threads need committed rows and their own connections.
pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 20


def run_together(work):
    barrier = threading.Barrier(WRITERS)
    errors = []

    def worker(index):
        try:
            barrier.wait()
            work(index)
        except Exception as error:  # noqa: BLE001 - every failure is the finding
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_twenty_concurrent_saves_of_different_plans_all_land(django_user_model):
    user = django_user_model.objects.create_user("writer")
    parts = [
        InitiativePlan.objects.create(owner=user, title=f"Plan {i}").part(PlanPart.Kind.RESEARCH)
        for i in range(WRITERS)
    ]

    def save(index):
        parts[index].save_edit({"age": f"group {index}"}, 0, user)

    assert run_together(save) == []
    for index, part in enumerate(parts):
        part.refresh_from_db()
        assert part.data == {"age": f"group {index}"} and part.version == 1


def test_twenty_concurrent_saves_of_one_step_keep_exactly_one(django_user_model):
    user = django_user_model.objects.create_user("writer")
    part = InitiativePlan.objects.create(owner=user, title="Shared").part(PlanPart.Kind.RESEARCH)

    def save(index):
        # Everyone loaded version 0: one save wins, the others are refused as stale.
        PlanPart.objects.get(pk=part.pk).save_edit({"age": f"writer {index}"}, 0, user)

    errors = run_together(save)
    assert len(errors) == WRITERS - 1
    assert all(isinstance(error, StaleEditError) for error in errors)
    part.refresh_from_db()
    assert part.version == 1
    assert part.history.count() == 2  # created, then the one save that won


def test_organisers_stepping_down_together_always_leave_one(django_user_model):
    """Every organiser of a network steps down at the same moment, each from a membership read
    before the others' change: the locked rule lets all but one through (issue 8, finding 5)."""
    from planner.models import Membership, Network, PlannerError

    organisers = [django_user_model.objects.create_user(f"organiser-{i}") for i in range(WRITERS)]
    network = Network.create("Many organisers", "", organiser=organisers[0])
    for user in organisers[1:]:
        network.add_member(user, Membership.Role.ORGANISER)
    stale = [network.membership_of(user) for user in organisers]

    def step_down(index):
        network.change_role(stale[index], Membership.Role.EDITOR, by=organisers[index])

    errors = run_together(step_down)
    assert len(errors) == 1 and isinstance(errors[0], PlannerError)
    assert network.memberships.filter(role=Membership.Role.ORGANISER).count() == 1


def test_a_details_save_racing_a_delete_never_brings_the_plan_back(django_user_model):
    """Half the threads delete the plan, half save its details from a copy read before: the plan
    stays deleted (issue 8, finding 3)."""
    from planner.models import PlanGoneError

    user = django_user_model.objects.create_user("writer")
    plan = InitiativePlan.objects.create(owner=user, title="To delete")
    copies = [InitiativePlan.objects.get(pk=plan.pk) for _ in range(WRITERS)]
    details = {"title": "Back again", "summary": "", "status": "draft", "tags": []}

    def delete_or_save(index):
        if index % 2:
            copies[index].delete()
        else:
            copies[index].save_details(details, 0, user)

    errors = run_together(delete_or_save)
    assert all(isinstance(error, PlanGoneError | StaleEditError) for error in errors), errors
    assert not InitiativePlan.objects.filter(pk=plan.pk).exists()
