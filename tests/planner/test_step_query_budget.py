"""Query budgets of the walk-through (issue 14): a step page costs the same queries however many
list rows it shows, an autosave a stated number, and a step's history the same however many
versions it has. Each page is asked once before counting, so that what every page keeps per
content stamp (the menu) is built."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.page_cache import content_changed
from planner.forms import new_row_id
from planner.models import MergeBase, PlanPart
from planner.selectors import HISTORY_PER_PAGE
from tests.planner.test_steps import form_data, guidance, step_url  # noqa: F401 (a fixture)
from toolkit.models import PlanningStep

pytestmark = pytest.mark.django_db

STAKEHOLDERS = PlanPart.Kind.STAKEHOLDERS
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")

# An autosave of a step saved before, by its owner, not the first in its editing session: the
# session, the user with their time zone (portal/auth_backend.py), the plan, the part (read),
# the part (locked), the newest version (does this save extend it?), the part's UPDATE, the
# version's UPDATE, the merge base's INSERT and the plan's updated_at. Transaction control is
# not counted: a test runs inside a transaction, so the save's own shows as savepoints here.
AUTOSAVE_QUERIES = 10


def queries_of(request):
    request()  # untimed: builds what pages keep
    caches["plan_pages"].clear()  # the page rendered, not served kept (kept_pages.py)
    with CaptureQueriesContext(connection) as queries:
        response = request()
    assert response.status_code == 200, response.content[:500]
    return [
        query["sql"]
        for query in queries.captured_queries
        if not query["sql"].upper().startswith(TRANSACTION_CONTROL)
    ]


def stakeholders(count):
    return [
        {
            "row_id": new_row_id(),
            "name": f"Ally {n}",
            "kind": "ngo",
            "role": "Hosts",
            "contact": "",
            "objective_agreed": n % 2 == 0,
        }
        for n in range(count)
    ]


@pytest.mark.parametrize("role", ["owner", "editor", "viewer"])
def test_a_step_page_costs_the_same_queries_with_1_or_20_rows(client, cast, plan, role):
    part = plan.part(STAKEHOLDERS)
    part.save_edit({"notes": "", "stakeholders": stakeholders(1)}, 0, cast["owner"])
    client.force_login(cast[role])
    page = step_url(plan, 2)
    one = queries_of(lambda: client.get(page))
    part.save_edit({"notes": "", "stakeholders": stakeholders(20)}, 1, cast["owner"])
    twenty = queries_of(lambda: client.get(page))
    assert len(twenty) == len(one), "\n".join(twenty)
    assert client.get(page).content.decode().count('name="stakeholders-19-name"') == (
        role != "viewer"
    )


def autosaves(client, plan, rows, version):
    """Autosaves of step 2 as the script sends them, each typing more notes on the version the
    one before answered with."""
    typed = 0

    def autosave():
        nonlocal typed, version
        typed += 1
        data = form_data(version, {"stakeholders": rows}, notes=f"Typed {typed}")
        data["stakeholders-INITIAL_FORMS"] = len(rows)
        response = client.post(step_url(plan, 2), data, headers={"X-Autosave": "1"})
        version = response.json()["version"]
        return response

    return autosave


@pytest.mark.parametrize("rows", [1, 20])
def test_an_autosave_costs_a_stated_number_of_queries(client, owner, plan, rows):
    part = plan.part(STAKEHOLDERS)
    saved = stakeholders(rows)
    part.save_edit({"notes": "", "stakeholders": saved}, 0, owner)
    client.force_login(owner)
    queries = queries_of(autosaves(client, plan, saved, version=1))
    assert len(queries) == AUTOSAVE_QUERIES, "\n".join(queries)
    part.refresh_from_db()
    assert part.data["notes"] == "Typed 2" and len(part.data["stakeholders"]) == rows
    # Both autosaves extended the version the first save made (after the empty part's
    # creation); each kept its merge base.
    assert part.history.count() == 2
    assert set(part.merge_bases.values_list("version", flat=True)) == {1, 2, 3}


def test_old_merge_bases_go_on_every_twentieth_version_only(owner, plan):
    part = plan.part(STAKEHOLDERS)
    long_ago = timezone.now() - MergeBase.KEPT_FOR - timedelta(hours=1)
    MergeBase.objects.create(part=part, version=0, data={}, saved_at=long_ago)
    for version in range(MergeBase.PRUNE_EVERY - 1):
        part.save_edit({"notes": f"Version {version + 1}"}, version, owner)
    assert part.merge_bases.filter(version=0).exists()
    part.save_edit({"notes": "Twentieth"}, MergeBase.PRUNE_EVERY - 1, owner)
    assert not part.merge_bases.filter(version=0).exists()
    assert part.merge_bases.count() == MergeBase.PRUNE_EVERY  # the recent ones stay


def add_versions(part, count, people):
    """`count` versions by turns of `people` (so none folds into another), each changing the
    notes and a row, one of them a restore."""
    for n in range(count):
        part.refresh_from_db()
        rows = [dict(row) for row in part.data.get("stakeholders") or stakeholders(2)]
        rows[n % len(rows)]["role"] = f"Role {n}"
        data = {"notes": f"Notes {n}", "stakeholders": rows}
        part.save_edit(data, part.version, people[n % len(people)])
    part.restore(part.history.order_by("history_id")[1], people[0])


def test_the_history_costs_the_same_queries_at_3_or_60_versions(client, cast, plan):
    part = plan.part(STAKEHOLDERS)
    people = [cast["owner"], cast["editor"], cast["organiser"]]
    add_versions(part, 3, people)
    client.force_login(cast["editor"])
    page = f"/plans/{plan.pk}/history/{STAKEHOLDERS}/"
    few = queries_of(lambda: client.get(page))
    add_versions(part, 57, people)
    many = queries_of(lambda: client.get(page))
    assert len(many) == len(few), "\n".join(many)
    assert client.get(page).content.decode().count('<h2 id="version-') == HISTORY_PER_PAGE
    older = queries_of(lambda: client.get(page + "?page=2"))
    assert len(older) == len(few)


@pytest.mark.usefixtures("guidance")
def test_the_guidance_is_kept_until_the_content_changes(client, owner, plan):
    client.force_login(owner)
    assert "Meaning of step 2" in client.get(step_url(plan, 2)).content.decode()
    before = queries_of(lambda: client.get(step_url(plan, 2)))
    assert not [sql for sql in before if "toolkit_" in sql]  # kept: no toolkit content read
    PlanningStep.objects.filter(number=2).update(what_it_means="Edited meaning")
    content_changed()  # as the content admin and the content commands do
    page = client.get(step_url(plan, 2)).content.decode()
    assert "Edited meaning" in page and "Meaning of step 2" not in page
