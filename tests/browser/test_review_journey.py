"""An accountability review on 375 px phones: the plan's owner asks a women's rights
organisation for a review; logged out, the reviewer opens the link, sees no referral or contact,
comments on step 4 and submits; an editor sees the comment beside step 4 and resolves it with
what the team changed; the print view shows both; revoking the link keeps the review.

The reviewer's phone runs without JavaScript: the review is one plain form. Every page the
journey reaches is checked with axe-core for WCAG 2.2 AA.
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from planner.models import InitiativePlan, Membership, Network, PlanPart, Review
from tests.browser.helpers import PHONE, accessible, field, flash

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORGANISATION = "Osh Women's Centre"
COMMENT = "Say what should change for the women and girls in these families."
CHANGED = "Added an objective on sharing care work at home, measured after three months."
REFERRAL = "Crisis line for families"
CONTACT = "+996 700 111 222"


@pytest.fixture
def team(site, django_user_model):
    """A plan shared with a network: its owner and an editor, each with a session cookie."""
    owner = django_user_model.objects.create_user("aibek", email="aibek@example.org")
    editor = django_user_model.objects.create_user("timur")
    network = Network.objects.create(name="Osh Youth", slug="osh-youth")
    network.add_member(owner, Membership.Role.ORGANISER)
    network.add_member(editor, Membership.Role.EDITOR)
    plan = InitiativePlan.objects.create(owner=owner, network=network, title="Fathers' evenings")
    parts = {
        PlanPart.Kind.STRATEGY: {"objectives": "Fathers spend an evening a week with their kids."},
        PlanPart.Kind.STAKEHOLDERS: {
            "stakeholders": [
                {"name": "Youth centre", "kind": "ngo", "role": "Hosts", "contact": CONTACT}
            ]
        },
        PlanPart.Kind.CHALLENGES: {
            "referrals": [{"name": REFERRAL, "kind": "helpline", "contact": "1234", "area": "Osh"}]
        },
    }
    for kind, data in parts.items():
        PlanPart.objects.create(plan=plan, kind=kind, data=data)
    cookies = {}
    for user in (owner, editor):
        client = Client()
        client.force_login(user)
        cookies[user.username] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return plan, cookies


def logged_in_phone(open_phone, site, cookie):
    page = open_phone()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site}])
    return page


def test_a_partner_reviews_the_plan_and_the_team_resolves_it(
    site, team, open_phone, axe_check, axe_without_script, mailoutbox
):
    plan, cookies = team

    # The owner asks for a review from the plan's page.
    owner = logged_in_phone(open_phone, site, cookies["aibek"])
    assert owner.viewport_size == PHONE
    owner.goto(f"{site}/plans/{plan.pk}/")
    reviews_region = owner.get_by_role("region", name="Reviews by partner organisations")
    expect(reviews_region).to_contain_text("No partner organisation has reviewed this plan yet.")
    reviews_region.get_by_role("link", name="Ask for a review").click()
    expect(owner.get_by_role("heading", level=1)).to_contain_text("Reviews of")
    accessible(owner, axe_check)  # the reviews page, nothing asked yet
    ask = owner.get_by_role("region", name="Ask for a review")
    field(ask, "Organisation").fill(ORGANISATION)
    field(ask, "Their e-mail (optional)").fill("centre@example.org")
    field(ask, "Link works for").select_option(label="7 days")
    ask.get_by_role("button", name="Make a review link").click()
    expect(flash(owner)).to_contain_text("The review link is ready")
    link = ask.locator(".send-link-url").inner_text()
    assert re.fullmatch(rf"{re.escape(site)}/review/[\w-]{{40,}}/", link)
    expect(ask).to_contain_text("Waiting for the review")
    accessible(owner, axe_check)  # with a link to send

    # Logged out and without JavaScript, the reviewer opens the link: no referral, no contact.
    reviewer = open_phone(javascript=False)
    reviewer.goto(link)
    expect(reviewer.get_by_role("heading", level=1)).to_contain_text("Fathers' evenings")
    main = reviewer.get_by_role("main")
    expect(main).to_contain_text("Youth centre")
    expect(main).not_to_contain_text(REFERRAL)
    expect(main).not_to_contain_text(CONTACT)
    axe_without_script(reviewer)  # the review form
    step_4 = reviewer.get_by_role("group", name=re.compile("Your comments on Step 4"))
    field(step_4, "Which field").select_option(label="Objectives")
    field(step_4, "Comment").fill(COMMENT)
    reviewer.get_by_role("radio", name="Concerns", exact=True).check()
    field(reviewer, "Overall comment").fill("A good start; involve the mothers.")
    reviewer.get_by_role("button", name="Submit the review").click()
    expect(flash(reviewer)).to_contain_text("Thank you: your review is submitted")
    expect(reviewer.get_by_role("region", name="Your review")).to_contain_text(COMMENT)
    axe_without_script(reviewer)  # the submitted review, read-only
    assert [m.to for m in mailoutbox] == [["aibek@example.org"]]

    # The editor sees the comment beside step 4 and resolves it with what they changed.
    editor = logged_in_phone(open_phone, site, cookies["timur"])
    editor.goto(f"{site}/plans/{plan.pk}/steps/4/")
    comments = editor.get_by_role("region", name="Review comments on this step")
    expect(comments).to_contain_text(COMMENT)
    expect(comments).to_contain_text("Objectives")
    accessible(editor, axe_check)  # step 4 with an open comment and its forms
    field(comments, "What we changed").fill(CHANGED)
    comments.get_by_role("button", name="Resolve").click()
    expect(flash(editor)).to_contain_text("The comment is resolved")
    expect(editor).to_have_url(re.compile(rf"/plans/{plan.pk}/steps/4/#review-comment-\d+$"))

    # The print view shows the comment and what was changed.
    editor.goto(f"{site}/plans/{plan.pk}/print/")
    printed = editor.get_by_role("region", name="Reviews by partner organisations")
    expect(printed).to_contain_text(COMMENT)
    expect(printed).to_contain_text(CHANGED)
    accessible(editor, axe_check)

    # The owner revokes the link: the reviewer's page is gone, the review stays.
    owner.goto(f"{site}/plans/{plan.pk}/reviews/")
    ask.get_by_role("button", name=re.compile("Revoke this link")).click()
    expect(flash(owner)).to_contain_text("The review link is revoked")
    received = owner.get_by_role("region", name="Reviews received")
    expect(received).to_contain_text(COMMENT)
    expect(received).to_contain_text(CHANGED)
    accessible(owner, axe_check)  # reviews page with a resolved comment
    assert reviewer.goto(link).status == 404
    assert Review.objects.submitted().count() == 1
