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
