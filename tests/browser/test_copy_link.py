"""Passing a link on from a phone: on a 375 px screen the owner makes a read-only link, copies it
with one tap (the clipboard then holds it and the page says so), and finds Telegram and WhatsApp
beside it; an organiser does the same with an invitation. Without JavaScript there is no copy
button, and the link is still there to read and select."""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from planner.models import InitiativePlan, Invitation, Membership, Network
from tests.browser.helpers import PHONE, accessible, field, flash

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 640}


@pytest.fixture
def owner_cookie(site, django_user_model):
    """A plan shared with a network its owner organises, and the owner's session cookie."""
    owner = django_user_model.objects.create_user("aibek", password="x")
    network = Network.objects.create(name="Osh Youth", slug="osh-youth")
    network.add_member(owner, Membership.Role.ORGANISER)
    plan = InitiativePlan.objects.create(owner=owner, network=network, title="Fathers' evenings")
    client = Client()
    client.force_login(owner)
    return plan, owner, client.cookies[settings.SESSION_COOKIE_NAME].value


def log_in(page, site, cookie):
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site}])


def make_a_link(page, site, plan):
    page.goto(f"{site}/plans/{plan.pk}/sharing/")
    field(page, "Link works for").select_option(label="Until revoked")
    page.get_by_role("button", name="Create a link").click()
    expect(flash(page)).to_contain_text("The link is ready")
    return page.get_by_role("region", name="Read-only links")


def test_the_owner_copies_a_new_link_on_a_phone(site, owner_cookie, open_phone, axe_check):
    plan, _owner, cookie = owner_cookie
    page = open_phone()
    assert page.viewport_size == PHONE
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    log_in(page, site, cookie)

    links = make_a_link(page, site, plan)
    # Who sees the plan is said first, before the forms.
    expect(page.locator("main section").first).to_have_accessible_name("Who sees this plan")
    expect(page.get_by_role("region", name="Who sees this plan")).to_contain_text(
        "The plan is shared with “Osh Youth”"
    )
    shown = links.locator(".send-link-url").inner_text()
    assert re.fullmatch(rf"{re.escape(site)}/shared/[\w-]{{40,}}/", shown)

    links.get_by_role("button", name="Copy link").click()
    expect(links.get_by_role("status")).to_have_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == shown

    telegram = links.get_by_role("link", name="Send via Telegram")
    whatsapp = links.get_by_role("link", name="Send via WhatsApp")
    expect(telegram).to_be_visible()
    expect(whatsapp).to_be_visible()
    assert telegram.get_attribute("href").startswith("https://t.me/share/url?url=http%3A%2F%2F")
    assert whatsapp.get_attribute("href").startswith("https://wa.me/?text=")
    accessible(page, axe_check)

    # The whole link wraps on the narrowest phone rather than widen the page.
    page.set_viewport_size(NARROW)
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    box = links.locator(".send-link-url").bounding_box()
    assert box["x"] + box["width"] <= NARROW["width"]


def test_an_organiser_copies_an_invitation(site, owner_cookie, open_phone, axe_check):
    plan, owner, cookie = owner_cookie
    invitation = Invitation.create_for(plan.network, Membership.Role.EDITOR, created_by=owner)
    page = open_phone()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    log_in(page, site, cookie)
    page.goto(f"{site}/networks/{plan.network.slug}/")

    invitations = page.get_by_role("region", name="Invite members")
    invitations.get_by_role("button", name="Copy link").click()
    expect(invitations.get_by_role("status")).to_have_text("Link copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{site}/networks/join/{invitation.token}/"
    expect(invitations.get_by_role("link", name="Send via Telegram")).to_be_visible()
    accessible(page, axe_check)


def test_without_javascript_the_link_shows_with_no_copy_button(site, owner_cookie, open_phone):
    plan, _owner, cookie = owner_cookie
    page = open_phone(javascript=False)
    log_in(page, site, cookie)

    links = make_a_link(page, site, plan)
    expect(links.locator(".send-link-url")).to_be_visible()
    expect(links.locator(".send-link-url")).to_have_text(re.compile(rf"^{re.escape(site)}/shared/"))
    expect(links.get_by_role("button", name="Copy link")).to_have_count(0)
    expect(links.get_by_text("Copy link")).to_be_hidden()
    expect(links.get_by_role("link", name="Send via Telegram")).to_be_visible()
    expect(links.get_by_role("link", name="Send via WhatsApp")).to_be_visible()
