"""Every page kind's queries stay the same as a plan's versions, a network's members and a
person's plans grow (DESIGN.md: "a small constant that does not grow with the number of rows
shown"). Each page is asked once to warm what it keeps, then counted as rendered (a plan's
page kept whole is counted in test_kept_plan_pages.py); the data grows; the same again. The
pages' own tests hold their exact budgets; this one holds them flat everywhere."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planner.models import (
    InitiativePlan,
    Membership,
    PlanPart,
    ReviewRequest,
    ShareLink,
)
from tests.pages import client_for

pytestmark = pytest.mark.django_db

GROWN = 50


@pytest.fixture
def example_copy(all_content, owner, network):
    """A copy of the English example plan (every step filled), shared with the network."""
    example = InitiativePlan.objects.examples_for("en").first()
    copy = example.duplicate(owner=owner)
    InitiativePlan.objects.filter(pk=copy.pk).update(network=network)
    return InitiativePlan.objects.get(pk=copy.pk)


def plan_pages(plan, share_token, review_token):
    pages = [
        reverse("planner:plan_detail", args=[plan.pk]),
        reverse("planner:plan_edit", args=[plan.pk]),
        reverse("planner:plan_print", args=[plan.pk]),
        reverse("planner:plan_check", args=[plan.pk]),
        reverse("planner:plan_reviews", args=[plan.pk]),
        reverse("planner:plan_log", args=[plan.pk]),
        reverse("planner:plan_sharing", args=[plan.pk]),
        reverse("planner:plan_export_markdown", args=[plan.pk]),
        reverse("planner:plan_export_json", args=[plan.pk]),
        reverse("planner:plan_export_docx", args=[plan.pk]),
        reverse("planner:plan_challenges", args=[plan.pk]),
        *(reverse("planner:plan_step", args=[plan.pk, number]) for number in range(1, 6)),
        *(reverse("planner:part_history", args=[plan.pk, kind]) for kind in PlanPart.Kind.values),
        reverse("planner:plan_list"),
        reverse("planner:my_plans_export"),
        reverse("planner:network_list"),
        reverse("planner:network_detail", args=[plan.network.slug]),
    ]
    anonymous = [
        reverse("planner:shared_plan", args=[share_token]),
        reverse("planner:review", args=[review_token]),
    ]
    return pages, anonymous


def counts(client, anonymous, pages, anonymous_pages):
    """Queries of each page, asked a second time (the first fills what pages keep)."""
    found = {}
    for who, paths in ((client, pages), (anonymous, anonymous_pages)):
        for path in paths:
            assert who.get(path).status_code == 200, path
            caches["plan_pages"].clear()  # rendered, not served kept (counted on its own)
            with CaptureQueriesContext(connection) as queries:
                assert who.get(path).status_code == 200, path
            found[path] = len(queries)
    return found


def add_versions(plan, owner, versions):
    for part in plan.parts.all():
        for n in range(versions):
            part.refresh_from_db()
            data = {**part.data, "grown": f"Saved again, {n}"}
            part.save_edit(data, part.version, owner)


def add_members(network, count):
    User = get_user_model()
    users = User.objects.bulk_create(User(username=f"member-{n}") for n in range(count))
    Membership.objects.bulk_create(
        Membership(network=network, user=user, role=Membership.Role.VIEWER) for user in users
    )


def add_plans(owner, network, count):
    InitiativePlan.objects.bulk_create(
        InitiativePlan(owner=owner, network=network if n % 2 else None, title=f"Plan {n}")
        for n in range(count)
    )


@pytest.mark.parametrize("reader", ["owner", "editor"])
@pytest.mark.parametrize("growth", ["versions", "members", "plans"])
def test_no_page_costs_more_as_the_data_grows(
    request, example_copy, owner, editor, network, monkeypatch, reader, growth
):
    monkeypatch.setattr(PlanPart, "SESSION_GAP", timedelta(0))  # each save its own version
    share = ShareLink.objects.create(plan=example_copy, created_by=owner)
    review = ReviewRequest.create_for(example_copy, "Women's Centre", "", owner, 7)
    pages, anonymous_pages = plan_pages(example_copy, share.token, review.token)
    if reader != "owner":  # the owner's own pages (sharing, reviews) answer others 403
        pages = [path for path in pages if "/sharing/" not in path and "/reviews/" not in path]
    client, anonymous = client_for(request.getfixturevalue(reader)), client_for()
    before = counts(client, anonymous, pages, anonymous_pages)
    if growth == "versions":
        add_versions(example_copy, owner, 20)
    elif growth == "members":
        add_members(network, GROWN)
    else:
        add_plans(owner, network, GROWN)
    after = counts(client, anonymous, pages, anonymous_pages)
    grew = {path: (before[path], after[path]) for path in pages + anonymous_pages}
    assert {path: n for path, n in grew.items() if n[0] != n[1]} == {}
