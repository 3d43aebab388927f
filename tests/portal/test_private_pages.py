"""What browsers and proxies may keep (issue 8, findings 9 and 11): nothing of a logged-in
user's pages or of a page reached by a live token; kept reading pages keep saying their
language and what they vary by."""

import pytest
from django.urls import reverse

from planner.models import InitiativePlan, Invitation, Membership, Network, ShareLink

pytestmark = pytest.mark.django_db


def is_private(response):
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


@pytest.fixture
def owner(django_user_model):
    return django_user_model.objects.create_user("owner", password="owner-password")


@pytest.fixture
def plan(owner):
    network = Network.create("Network", "", organiser=owner)
    return InitiativePlan.objects.create(owner=owner, network=network, title="Plan")


def test_every_page_and_download_of_a_logged_in_user_is_private(client, all_content, owner, plan):
    client.force_login(owner)
    base = f"/plans/{plan.pk}/"
    urls = [base, base + "print/", base + "export.md", base + "export.json", base + "sharing/"]
    urls += [base + "edit/", base + "steps/1/", "/plans/", "/plans/export.json"]
    urls += [base + "export.docx"]
    urls += [reverse("planner:network_detail", args=[plan.network.slug]), "/networks/"]
    urls += ["/accounts/delete/", "/toolkit/plan/", "/"]  # reading pages too: logged-in header
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert is_private(response), f"{url}: {response.get('Cache-Control')}"


def test_a_refused_or_missing_page_of_a_logged_in_user_is_private_too(client, owner):
    client.force_login(owner)
    response = client.get("/plans/00000000-0000-4000-8000-000000000000/")
    assert response.status_code == 404 and is_private(response)


def test_pages_reached_by_a_live_token_are_private(client, owner, plan, django_user_model):
    link = ShareLink.create_for(plan, owner)
    shared = client.get(link.get_absolute_url())
    assert shared.status_code == 200 and is_private(shared)
    invitation = Invitation.create_for(plan.network, Membership.Role.VIEWER, owner)
    client.force_login(django_user_model.objects.create_user("invited"))
    page = client.get(invitation.get_absolute_url())
    assert page.status_code == 200 and is_private(page)
    client.logout()
    reset = client.get("/accounts/reset/MQ/set-password/")
    assert is_private(reset)


def test_public_reading_pages_stay_cacheable_for_anonymous_readers(client, all_content):
    response = client.get("/toolkit/plan/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_kept_page_keeps_its_language_and_vary_headers(client, all_content):
    first = client.get("/toolkit/think/", HTTP_ACCEPT_LANGUAGE="en")
    kept = client.get("/toolkit/think/", HTTP_ACCEPT_LANGUAGE="en")
    assert kept.content == first.content
    for response in (first, kept):
        assert response["Content-Language"] == "en"
        vary = {v.strip() for v in response["Vary"].split(",")}
        assert {"Cookie", "Accept-Language"} <= vary
