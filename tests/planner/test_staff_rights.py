"""Staff status gives no planner rights (issue 8, finding 1).

A content editor needs `is_staff` and the toolkit's permissions to use the admin; neither lets
them read, edit, share or delete someone else's plan, or enter someone else's network. Even a
superuser is a stranger on the site: operators look at plans only in the admin (see
test_planner_admin.py), where every look is recorded.
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from planner.models import InitiativePlan, Invitation, Membership, ShareLink

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["content-editor", "superuser", "operator"])
def powerful(request, make_user):
    """Staff with content permissions, a superuser, and an operator who may inspect plans."""
    if request.param == "superuser":
        return make_user("root", is_staff=True, is_superuser=True)
    user = make_user(request.param, is_staff=True)
    perms = Permission.objects.filter(content_type__app_label="toolkit")
    if request.param == "operator":
        perms = perms | Permission.objects.filter(codename="inspect_plan")
    user.user_permissions.set(perms)
    return user


def plan_urls(plan, link):
    base = f"/plans/{plan.pk}/"
    gets = ["", "edit/", "print/", "export.md", "export.json", "steps/1/", "challenges/"]
    gets += ["sharing/", "delete/", "history/research/", "export.docx"]
    posts = ["edit/", "delete/", "archive/", "duplicate/", "steps/1/", "sharing/", "links/new/"]
    posts += [f"links/{link.pk}/revoke/"]
    return [("get", base + path) for path in gets] + [("post", base + path) for path in posts]


def test_staff_get_404_on_every_plan_url_of_others(client, powerful, plan, private_plan, owner):
    client.force_login(powerful)
    for target in (plan, private_plan):
        link = ShareLink.create_for(target, owner)
        for method, url in plan_urls(target, link):
            response = getattr(client, method)(url, {"title": "Taken", "network": ""})
            assert response.status_code == 404, f"{method} {url} -> {response.status_code}"
        link.refresh_from_db()
        assert link.is_active
    plan.refresh_from_db()
    assert plan.title == "Fathers' football evenings" and plan.network is not None
    assert InitiativePlan.objects.filter(owner=powerful).count() == 0  # no duplicate either


def test_staff_see_no_plans_of_others_in_lists(client, powerful, plan, private_plan):
    client.force_login(powerful)
    html = client.get("/plans/").content.decode()
    assert plan.title.replace("'", "&#x27;") not in html and private_plan.title not in html
    assert not InitiativePlan.objects.visible_to(powerful).exclude(is_example=True).exists()


def test_staff_get_404_on_every_network_url_of_others(client, powerful, network, owner):
    invitation = Invitation.create_for(network, Membership.Role.VIEWER, owner)
    member = network.membership_of(owner)
    client.force_login(powerful)
    slug = network.slug
    assert client.get(f"/networks/{slug}/").status_code == 404
    for url in [
        f"/networks/{slug}/invite/",
        f"/networks/{slug}/leave/",
        f"/networks/{slug}/members/{member.pk}/role/",
        f"/networks/{slug}/members/{member.pk}/remove/",
        f"/networks/{slug}/invitations/{invitation.pk}/revoke/",
    ]:
        response = client.post(url, {"role": Membership.Role.ORGANISER})
        assert response.status_code == 404, url
    assert network.name not in client.get(reverse("planner:network_list")).content.decode()
    assert not Invitation.objects.exclude(pk=invitation.pk).exists()
    assert network.membership_of(powerful) is None
