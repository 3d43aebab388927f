"""The planner in the admin (issue 8, findings 1 and 5): plans only for operators with the
inspect permission, every look recorded and shown to the owner; nothing in the admin breaks the
site's rules."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from planner.models import Membership, PlanInspection, PlanPart

pytestmark = pytest.mark.django_db


@pytest.fixture
def content_editor(make_user):
    user = make_user("content-editor", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["toolkit", "planner"]).exclude(
            codename="inspect_plan"
        )
    )
    return user


@pytest.fixture
def operator(make_user):
    user = make_user("operator", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["inspect_plan", "view_initiativeplan"])
    )
    return user


def plan_admin_url(plan):
    return reverse("admin:planner_initiativeplan_change", args=[plan.pk])


def test_staff_without_the_permission_see_no_plan_in_the_admin(client, content_editor, plan):
    client.force_login(content_editor)
    assert client.get(reverse("admin:planner_initiativeplan_changelist")).status_code == 403
    assert client.get(plan_admin_url(plan)).status_code == 403
    assert "Initiative plans" not in client.get(reverse("admin:index")).content.decode()
    assert not PlanInspection.objects.exists()


def test_an_operator_looks_and_the_owner_is_told(client, operator, owner, plan):
    part = plan.part(PlanPart.Kind.RESEARCH)
    part.save_edit({"barriers": "Night shifts"}, part.version, owner)
    client.force_login(operator)
    response = client.get(plan_admin_url(plan))
    assert response.status_code == 200 and "Night shifts" in response.content.decode()
    look = PlanInspection.objects.get()
    assert (look.plan, look.inspector, look.inspector_name) == (plan, operator, "operator")
    client.force_login(owner)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "Looked at by site operators" in html and "operator" in html


def test_only_the_owner_is_told_of_looks(client, operator, editor, plan):
    PlanInspection.record(plan, operator, "test")
    client.force_login(editor)
    assert "Looked at by site operators" not in client.get(plan.get_absolute_url()).content.decode()


def test_an_operator_cannot_change_a_plan_in_the_admin(client, operator, plan):
    client.force_login(operator)
    client.post(plan_admin_url(plan), {"title": "Changed by an operator"})
    plan.refresh_from_db()
    assert plan.title == "Fathers' football evenings"


def test_the_admin_cannot_remove_a_networks_last_organiser(client, make_user, owner, network):
    admin = make_user("admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:planner_network_change", args=[network.pk])
    html = client.get(url).content.decode()
    assert "memberships-0-DELETE" not in html  # memberships are read-only here
    membership = network.membership_of(owner)
    client.post(
        url,
        {
            "name": network.name,
            "description": "",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": membership.pk,
            "memberships-0-DELETE": "on",
            "invitations-TOTAL_FORMS": "0",
            "invitations-INITIAL_FORMS": "0",
        },
    )
    assert network.memberships.filter(role=Membership.Role.ORGANISER).exists()
    assert (
        reverse("admin:index") + "planner/membership/"
        not in client.get(reverse("admin:index")).content.decode()
    )


def test_the_plan_list_shows_no_titles_and_the_delete_page_is_a_recorded_look(
    client, operator, plan
):
    client.force_login(operator)
    listing = client.get(reverse("admin:planner_initiativeplan_changelist"))
    assert listing.status_code == 200 and str(plan.pk) in listing.content.decode()
    assert "Fathers&#x27; football evenings" not in listing.content.decode()
    assert not PlanInspection.objects.exists()
    operator.user_permissions.add(Permission.objects.get(codename="delete_initiativeplan"))
    page = client.get(reverse("admin:planner_initiativeplan_delete", args=[plan.pk]))
    assert page.status_code == 200
    assert PlanInspection.objects.get().what == "the admin's page to delete the plan"


def test_the_owner_is_told_how_often_operators_looked(client, operator, owner, plan):
    for _ in range(25):
        PlanInspection.record(plan, operator, "the plan's page in the admin")
    client.force_login(owner)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "They have looked at this plan 25 times; the latest are listed here." in html
    assert html.count("(the plan&#x27;s page in the admin)") == 20
