from datetime import timedelta

import pytest
from django.utils import timezone

from planner.models import InitiativePlan, Network, PlanPart, ShareLink
from tests.planner.factories import fill_plan, plan_without_parts

pytestmark = pytest.mark.django_db

MANAGE_MATRIX = [
    ("anonymous", 302),
    ("outsider", 404),
    ("viewer", 403),
    ("editor", 403),
    ("organiser", 403),
    ("owner", 200),
    ("staff", 404),
]


def login(client, user):
    if user is not None:
        client.force_login(user)


def assert_refused(response, status):
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/accounts/login/?next=")


@pytest.fixture
def link(plan, owner):
    return ShareLink.objects.create(plan=plan, created_by=owner)


# --- plan_sharing ---------------------------------------------------------------------------


@pytest.mark.parametrize("role, status", MANAGE_MATRIX)
def test_only_the_owner_opens_the_sharing_page(client, cast, plan, link, role, status):
    login(client, cast[role])
    response = client.get(f"/plans/{plan.pk}/sharing/")
    if status != 200:
        assert_refused(response, status)
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert f"http://testserver/shared/{link.token}/" in html
    assert "Youth Network" in html and "Active" in html
    assert f'action="/plans/{plan.pk}/links/{link.pk}/revoke/"' in html


@pytest.mark.parametrize("role, status", MANAGE_MATRIX)
def test_only_the_owner_shares_with_a_network(client, cast, private_plan, network, role, status):
    login(client, cast[role])
    response = client.post(f"/plans/{private_plan.pk}/sharing/", {"network": network.pk})
    private_plan.refresh_from_db()
    if status == 200:
        assert response.status_code == 302
        assert response["Location"] == f"/plans/{private_plan.pk}/sharing/"
        assert private_plan.network == network
    else:
        # The members cannot even see it: the private plan is not shared with them.
        expected = 404 if role in ("outsider", "viewer", "editor", "organiser") else status
        assert_refused(response, expected)
        assert private_plan.network is None


def test_sharing_with_a_network_lets_its_members_read(client, owner, viewer, private_plan, network):
    client.force_login(viewer)
    assert client.get(f"/plans/{private_plan.pk}/").status_code == 404
    client.force_login(owner)
    client.post(f"/plans/{private_plan.pk}/sharing/", {"network": network.pk})
    client.force_login(viewer)
    assert client.get(f"/plans/{private_plan.pk}/").status_code == 200


def test_the_owner_makes_a_plan_private_again(client, owner, viewer, plan):
    client.force_login(owner)
    response = client.post(f"/plans/{plan.pk}/sharing/", {"network": ""})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.network is None
    client.force_login(viewer)
    assert client.get(f"/plans/{plan.pk}/").status_code == 404


def test_a_plan_is_shared_only_with_one_of_the_owners_networks(client, owner, outsider, plan):
    elsewhere = Network.create("Elsewhere", "", outsider)
    client.force_login(owner)
    response = client.post(f"/plans/{plan.pk}/sharing/", {"network": elsewhere.pk})
    assert response.status_code == 400
    assert "network" in response.context["network_form"].errors
    plan.refresh_from_db()
    assert plan.network.slug == "youth-network"


@pytest.mark.parametrize("role", ["owner", "staff", "outsider"])
def test_an_example_plan_is_not_shared_with_a_network(client, cast, network, role):
    example = InitiativePlan.objects.create(title="Example", is_example=True)
    client.force_login(cast[role])
    # Everyone reads an example; nobody manages it on the site (it has no owner).
    assert client.get(f"/plans/{example.pk}/sharing/").status_code == 403
    assert client.post(f"/plans/{example.pk}/sharing/", {"network": network.pk}).status_code == 403
    example.refresh_from_db()
    assert example.network is None


def test_an_owner_without_networks_is_told_how_to_make_one(client, make_user):
    loner = make_user("loner")
    plan = InitiativePlan.objects.create(owner=loner, title="Alone")
    client.force_login(loner)
    page = client.get(f"/plans/{plan.pk}/sharing/").content.decode()
    assert 'href="/networks/new/"' in page


def test_the_sharing_page_refuses_other_methods(client, owner, plan):
    client.force_login(owner)
    assert client.put(f"/plans/{plan.pk}/sharing/").status_code == 405


# --- share_link_create ----------------------------------------------------------------------


@pytest.mark.parametrize("role, status", MANAGE_MATRIX)
def test_only_the_owner_makes_links(client, cast, plan, role, status):
    login(client, cast[role])
    response = client.post(f"/plans/{plan.pk}/links/new/", {"expires_in_days": "7"})
    if status != 200:
        assert_refused(response, status)
        assert not ShareLink.objects.exists()
        return
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{plan.pk}/sharing/"
    link = ShareLink.objects.get()
    assert link.plan == plan and link.created_by == cast[role] and link.is_active
    expected = timezone.now() + timedelta(days=7)
    assert abs(link.expires_at - expected) < timedelta(minutes=1)


def test_a_link_may_work_until_revoked(client, owner, plan):
    client.force_login(owner)
    client.post(f"/plans/{plan.pk}/links/new/", {"expires_in_days": "0"})
    assert ShareLink.objects.get().expires_at is None


@pytest.mark.parametrize("days", ["5", "-1", "forever", ""])
def test_a_bad_expiry_gives_a_form_error_and_no_link(client, owner, plan, days):
    client.force_login(owner)
    response = client.post(f"/plans/{plan.pk}/links/new/", {"expires_in_days": days})
    assert response.status_code == 400
    assert "expires_in_days" in response.context["link_form"].errors
    assert not ShareLink.objects.exists()


def test_making_a_link_refuses_other_methods(client, owner, plan):
    client.force_login(owner)
    assert client.get(f"/plans/{plan.pk}/links/new/").status_code == 405


# --- share_link_revoke ----------------------------------------------------------------------


@pytest.mark.parametrize("role, status", MANAGE_MATRIX)
def test_only_the_owner_revokes_links(client, cast, plan, link, role, status):
    login(client, cast[role])
    response = client.post(f"/plans/{plan.pk}/links/{link.pk}/revoke/")
    link.refresh_from_db()
    if status != 200:
        assert_refused(response, status)
        assert link.is_active
        return
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{plan.pk}/sharing/"
    assert link.revoked_at is not None and not link.is_active


def test_a_link_is_revoked_only_through_its_own_plan(client, owner, plan, private_plan, link):
    client.force_login(owner)
    response = client.post(f"/plans/{private_plan.pk}/links/{link.pk}/revoke/")
    assert response.status_code == 404
    link.refresh_from_db()
    assert link.is_active


def test_revoking_refuses_other_methods(client, owner, plan, link):
    client.force_login(owner)
    assert client.get(f"/plans/{plan.pk}/links/{link.pk}/revoke/").status_code == 405
    link.refresh_from_db()
    assert link.is_active


def test_the_sharing_page_tells_active_expired_and_revoked_links_apart(client, owner, plan):
    active = ShareLink.objects.create(plan=plan, created_by=owner)
    expired = ShareLink.objects.create(
        plan=plan, created_by=owner, expires_at=timezone.now() - timedelta(hours=1)
    )
    revoked = ShareLink.objects.create(plan=plan, created_by=owner)
    revoked.revoke()
    client.force_login(owner)
    response = client.get(f"/plans/{plan.pk}/sharing/")
    states = {item["link"].pk: item["state"] for item in response.context["links"]}
    assert states == {active.pk: "active", expired.pk: "expired", revoked.pk: "revoked"}
    html = response.content.decode()
    assert active.token in html
    assert expired.token not in html and revoked.token not in html  # only working links shown
    assert f"/links/{revoked.pk}/revoke/" not in html


# --- shared_plan ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "outsider", "viewer", "editor", "owner", "staff"])
def test_anyone_with_the_link_reads_the_plan(client, cast, plan, link, role):
    login(client, cast[role])
    response = client.get(f"/shared/{link.token}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fathers&#x27; football evenings" in html and "Shift work" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex"
    assert f"/plans/{plan.pk}/" not in html  # no edit, share or other plan links


def test_the_shared_page_hides_the_referrals_that_members_see(client, viewer, plan, link):
    fill_plan(plan_without_parts(plan))
    shared = client.get(f"/shared/{link.token}/").content.decode()
    assert "Challenges approach respectfully" in shared
    assert "Referral psychosocial support centre" not in shared
    assert "Support services for referrals" not in shared  # the list's heading
    client.force_login(viewer)
    detail = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "Referral psychosocial support centre" in detail


def test_the_shared_page_does_not_name_the_owner_or_network(client, plan, link):
    html = client.get(f"/shared/{link.token}/").content.decode()
    assert "Youth Network" not in html and ">owner<" not in html


def test_revoked_expired_and_unknown_links_are_not_found(client, owner, plan, link):
    expired = ShareLink.objects.create(
        plan=plan, created_by=owner, expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert client.get(f"/shared/{expired.token}/").status_code == 404
    assert client.get("/shared/not-a-token/").status_code == 404
    assert client.get(f"/shared/{link.token}/").status_code == 200
    link.revoke()
    assert client.get(f"/shared/{link.token}/").status_code == 404


def test_the_shared_page_escapes_user_text(client, owner):
    plan = InitiativePlan.objects.create(owner=owner, title="<script>x</script>")
    PlanPart.objects.create(plan=plan, kind="research", data={"age": "<b>18</b>"})
    link = ShareLink.objects.create(plan=plan, created_by=owner)
    html = client.get(f"/shared/{link.token}/").content.decode()
    assert "<script>x" not in html and "<b>18" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "&lt;b&gt;18&lt;/b&gt;" in html


def test_the_shared_page_refuses_other_methods(client, link):
    assert client.post(f"/shared/{link.token}/").status_code == 405
