import contextlib
import threading
import time

import pytest
from django.db import connection

from planner.models import InitiativePlan, PlanPart, StaleEditError

# Threads need committed rows and their own connections.
pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 20


def run_together(work, count=WRITERS):
    barrier = threading.Barrier(count)
    errors = []

    def worker(index):
        try:
            barrier.wait()
            work(index)
        except Exception as error:  # every failure is the finding
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
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
            copies[index].save_details(details, 0)

    errors = run_together(delete_or_save)
    assert all(isinstance(error, PlanGoneError | StaleEditError) for error in errors), errors
    assert not InitiativePlan.objects.filter(pk=plan.pk).exists()


def test_a_role_change_waits_for_an_account_deletion_that_chose_its_successor(
    django_user_model, monkeypatch
):
    """Deleting account a chooses who takes over while it collects; organiser b, stepping down
    at that moment, must wait and then find themselves the last organiser (issue 8, finding 5)."""
    from django.db.models.deletion import Collector

    from planner.models import LastOrganiserError, Membership, Network
    from planner.services import delete_account

    a, b, c = (django_user_model.objects.create_user(name) for name in "abc")
    network = Network.create("Two organisers", "", organiser=a)
    network.add_member(b, Membership.Role.ORGANISER)
    network.add_member(c, Membership.Role.EDITOR)
    collected = threading.Event()
    real_delete = Collector.delete

    def delete_slowly(collector):
        collected.set()
        time.sleep(0.5)  # the other request comes in now
        return real_delete(collector)

    monkeypatch.setattr(Collector, "delete", delete_slowly)
    errors = []

    def step_down():
        collected.wait(5)
        try:
            network.change_role(network.membership_of(b), Membership.Role.EDITOR, by=b)
        except LastOrganiserError as error:
            errors.append(error)
        finally:
            connection.close()

    other = threading.Thread(target=step_down)
    other.start()
    delete_account(a)
    other.join()
    assert network.memberships.filter(role=Membership.Role.ORGANISER).count() == 1
    assert len(errors) == 1


def test_accepting_and_demoting_the_inviter_together_never_deadlock(django_user_model):
    """Both lock the memberships first, then the invitation (PostgreSQL detected a deadlock when
    they locked in opposite orders)."""
    from planner.models import Invitation, InvitationError, Membership, Network

    organisers = [django_user_model.objects.create_user(f"boss-{i}") for i in range(2)]
    network = Network.create("Invites", "", organiser=organisers[0])
    network.add_member(organisers[1], Membership.Role.ORGANISER)
    invitations = [Invitation.create_for(network, "editor", organisers[1]) for _ in range(10)]
    guests = [django_user_model.objects.create_user(f"guest-{i}") for i in range(10)]

    def work(index):
        if index < 10:
            # Withdrawn by the demotion first: that is an answer, not a failure.
            with contextlib.suppress(InvitationError):
                invitations[index].accept(guests[index])
        else:
            membership = network.membership_of(organisers[1])
            network.change_role(membership, Membership.Role.EDITOR, by=organisers[0])

    assert run_together(work, count=11) == []
    assert network.membership_of(organisers[1]).role == Membership.Role.EDITOR
