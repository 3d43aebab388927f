"""Two people plan together on two phones, and a plan is shown to a partner by a read-only link.

Every person has a browser context of their own; every distinct page they reach is checked with
axe-core for WCAG 2.2 AA.
"""

import re

import pytest
from playwright.sync_api import expect

from planner.models import InitiativePlan, Membership, PlanPart, ShareLink
from tests.browser.helpers import (
    accessible,
    create_network,
    field,
    finish_sign_up,
    flash,
    open_menu,
    sign_up,
    start_plan,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NETWORK = "Bishkek Brothers"
CONFLICT = "Saved, except one field that"


def save(page):
    page.get_by_role("button", name="Save", exact=True).click()


# --- 3. Invitation, a network's plan, a conflicting save and the history -------------------------


def test_two_members_plan_together_and_a_conflicting_save_keeps_the_text(
    site, open_phone, axe_check
):
    # A signs up, creates the network and starts a plan with a first answer.
    a = open_phone()
    sign_up(a, site, "aibek")
    create_network(a, NETWORK)
    plan_id = start_plan(a, site, "Dads' football league")
    step_1 = f"{site}/plans/{plan_id}/steps/1/"
    field(a, "Age").fill("16 to 20")
    save(a)
    expect(flash(a)).to_have_text("Saved")

    # A invites an editor from the network's page and reads the link off the page.
    open_menu(a)
    a.get_by_role("navigation", name="Account").get_by_role("link", name="My networks").click()
    a.get_by_role("link", name=NETWORK).click()
    expect(a.get_by_role("heading", level=1)).to_have_text(NETWORK)
    invitations = a.get_by_role("region", name="Invite members")
    expect(invitations).to_contain_text("No open invitations")
    field(invitations, "Role").select_option(label="Editor")
    invitations.get_by_role("button", name="Create an invitation link").click()
    expect(flash(a)).to_contain_text("Invitation created for the role “Editor”")
    expect(invitations).to_contain_text("Invitation link for the role “Editor”")
    invitation_link = invitations.locator(".send-link-url").inner_text()
    assert re.fullmatch(rf"{re.escape(site)}/networks/join/[\w-]{{40,}}/", invitation_link)
    accessible(a, axe_check)  # the network's page, organiser's view, with an open invitation

    # B opens the link on another phone, has no account yet, signs up and comes back to it.
    b = open_phone()
    b.goto(invitation_link)
    expect(b.get_by_role("heading", level=1)).to_have_text("Log in")
    expect(b.get_by_role("main")).to_contain_text("Please log in to see that page.")
    accessible(b, axe_check)  # the log-in page
    b.get_by_role("main").get_by_role("link", name="Create an account").click()
    expect(b.get_by_role("heading", level=1)).to_have_text("Create an account")
    accessible(b, axe_check)  # the sign-up page
    field(b, "Username").fill("bolot")
    field(b, "E-mail address").fill("bolot@example.org")
    b.get_by_role("button", name="Create my account").click()
    finish_sign_up(b, site, "bolot", axe_check)
    expect(b).to_have_url(invitation_link)
    expect(flash(b)).to_contain_text("Welcome, bolot! Your account is ready.")
    expect(b.get_by_role("heading", level=1)).to_have_text(f"Join {NETWORK}")
    expect(b.get_by_role("main")).to_contain_text(f"join the youth network {NETWORK} as Editor")
    accessible(b, axe_check)
    b.get_by_role("button", name=f"Join {NETWORK}").click()
    expect(flash(b)).to_contain_text(f"Welcome to {NETWORK}. You joined as Editor.")
    expect(b.get_by_role("heading", level=1)).to_have_text(NETWORK)
    expect(b.get_by_role("main")).to_contain_text("Your role: Editor")
    expect(b.get_by_role("region", name="Invite members")).to_have_count(0)
    accessible(b, axe_check)  # the network's page, member's view
    membership = Membership.objects.get(user__username="bolot")
    assert membership.network.name == NETWORK and membership.role == Membership.Role.EDITOR

    # Nothing is shared yet: B does not see A's plan.
    b.goto(f"{site}/plans/")
    expect(b.get_by_role("region", name="My networks' plans")).to_contain_text(
        "No one has shared a plan with your networks yet."
    )

    # A shares the plan with the network on its sharing page.
    a.goto(f"{site}/plans/{plan_id}/")
    a.get_by_role("navigation", name="What you can do with this plan").get_by_role(
        "link", name="Share"
    ).click()
    expect(a.get_by_role("heading", level=1)).to_have_text("Share “Dads' football league”")
    accessible(a, axe_check)
    field(a, "Share with network").select_option(label=NETWORK)
    save(a)
    expect(flash(a)).to_contain_text(f"The plan is shared with {NETWORK}")
    assert InitiativePlan.objects.get(pk=plan_id).network.name == NETWORK

    # B finds it among the networks' plans, opens it and edits step 1.
    b.reload()
    network_plans = b.get_by_role("region", name="My networks' plans")
    expect(network_plans).to_contain_text("aibek")
    accessible(b, axe_check)
    network_plans.get_by_role("link", name="Dads' football league").click()
    expect(b.get_by_role("heading", level=1)).to_have_text("Dads' football league")
    expect(b.get_by_role("main")).to_contain_text(f"Shared with the network {NETWORK}")
    expect(b.get_by_role("link", name="Manage sharing")).to_have_count(0)  # not the owner
    accessible(b, axe_check)  # the overview, an editor's view
    b.get_by_role("link", name="Step 1: Research target groups").click()
    b.wait_for_url(step_1)
    expect(field(b, "Age")).to_have_value("16 to 20")
    field(b, "Profession").fill("Apprentices and students")
    save(b)
    expect(flash(b)).to_have_text("Saved")
    part = PlanPart.objects.get(plan_id=plan_id, kind=PlanPart.Kind.RESEARCH)
    assert part.version == 2 and part.updated_by.username == "bolot"
    assert part.data["profession"] == "Apprentices and students"

    # Both open step 1 at version 2; B saves first, then A with other text.
    a.goto(step_1)
    b.goto(step_1)
    expect(a.locator("input[name=version]")).to_have_value("2")
    expect(b.locator("input[name=version]")).to_have_value("2")
    field(b, "Age").fill("18 to 24")
    save(b)
    expect(flash(b)).to_have_text("Saved")
    field(a, "Age").fill("15 to 19")
    save(a)
    # Both changed the age: the rest of A's save is kept, the age waits for A's choice.
    alert = a.get_by_role("alert").filter(has_text=CONFLICT)
    expect(alert).to_contain_text("bolot also changed meanwhile")
    expect(field(a, "Age")).to_have_value("15 to 19")  # A's own text is kept
    expect(field(a, "Profession")).to_have_value("Apprentices and students")
    expect(a.locator("#id_age-conflict")).to_contain_text("18 to 24")  # beside the field
    accessible(a, axe_check)  # the conflict page
    part.refresh_from_db()
    assert part.version == 4 and part.data["age"] == "18 to 24"
    a.get_by_label("Theirs: the text shown here").check()
    save(a)
    expect(flash(a)).to_have_text("Saved")
    expect(field(a, "Age")).to_have_value("18 to 24")

    # A looks at the history and restores version 1, A's first answer.
    a.get_by_role("link", name="Earlier versions of this step").click()
    expect(a.get_by_role("heading", level=1)).to_have_text(
        "Earlier versions: Research target groups"
    )
    # B's two saves within minutes are one version, and so are A's.
    current = a.get_by_role("region", name=re.compile(r"^Version 5"))
    expect(current).to_contain_text("current")
    expect(current).to_contain_text("saved by aibek")
    bs = a.get_by_role("region", name=re.compile(r"^Version 3"))
    expect(bs).to_contain_text("saved by bolot")
    expect(bs).to_contain_text("18 to 24")
    accessible(a, axe_check)
    a.get_by_role("button", name="Restore version 1").click()
    a.wait_for_url(step_1)
    expect(flash(a)).to_contain_text("Restored the version saved on")
    expect(field(a, "Age")).to_have_value("16 to 20")
    expect(field(a, "Profession")).to_have_value("")
    part.refresh_from_db()
    assert part.version == 6 and part.updated_by.username == "aibek"
    assert part.data["age"] == "16 to 20" and part.data["profession"] == ""
    # B, reloading, sees the restored text too.
    b.reload()
    expect(field(b, "Age")).to_have_value("16 to 20")


# --- 4. A read-only link for someone without an account ------------------------------------------


def test_a_share_link_shows_the_plan_without_referrals_until_it_is_revoked(
    site, open_phone, axe_check
):
    a = open_phone()
    sign_up(a, site, "cholpon")
    plan_id = start_plan(a, site, "Open doors")
    field(a, "Motivators for change").fill("Pride in their younger brothers")
    save(a)
    expect(flash(a)).to_have_text("Saved")
    a.goto(f"{site}/plans/{plan_id}/challenges/")
    field(a, "How you will handle resistance").fill("Invite the imam to the first evening")
    row = a.get_by_role("group", name="Add a new entry", exact=True)
    field(row, "Name").fill("Confidential Shelter Kant")
    field(row, "Kind").select_option(label="Social welfare")
    save(a)
    expect(flash(a)).to_have_text("Saved")

    a.goto(f"{site}/plans/{plan_id}/sharing/")
    expect(a.get_by_role("main")).to_contain_text("The plan's owner is not in any network yet.")
    field(a, "Link works for").select_option(label="Until revoked")
    a.get_by_role("button", name="Create a link").click()
    expect(flash(a)).to_contain_text("The link is ready")
    links = a.get_by_role("region", name="Read-only links")
    expect(links).to_contain_text("Active")
    expect(links).to_contain_text("works until revoked")
    share_link = links.locator(".send-link-url").inner_text()
    assert re.fullmatch(rf"{re.escape(site)}/shared/[\w-]{{40,}}/", share_link)
    accessible(a, axe_check)  # the sharing page with a link

    # Someone without an account opens the link on their own phone.
    guest = open_phone()
    response = guest.goto(share_link)
    assert response.status == 200
    expect(guest.get_by_role("heading", level=1)).to_have_text("Open doors")
    main = guest.get_by_role("main")
    expect(main).to_contain_text("Pride in their younger brothers")
    expect(main).to_contain_text("Invite the imam to the first evening")
    expect(main).not_to_contain_text("Confidential Shelter Kant")
    expect(main).not_to_contain_text("Support services for referrals")
    expect(main).not_to_contain_text("cholpon")  # the owner's name is not shown either
    # Nothing to edit: no links into the plan's own pages, no forms in the page's content.
    expect(guest.locator(f'a[href*="/plans/{plan_id}"]')).to_have_count(0)
    expect(main.get_by_role("link", name=re.compile("Edit"))).to_have_count(0)
    expect(main.locator("form")).to_have_count(0)
    open_menu(guest)
    expect(guest.get_by_role("navigation", name="Account")).to_contain_text("Log in")
    accessible(guest, axe_check)
    # The plan's own pages stay closed to the guest: they are asked to log in.
    guest.goto(f"{site}/plans/{plan_id}/")
    expect(guest.get_by_role("heading", level=1)).to_have_text("Log in")
    accessible(guest, axe_check)  # the log-in page
    guest.go_back()
    expect(guest).to_have_url(share_link)
    expect(guest.get_by_role("heading", level=1)).to_have_text("Open doors")

    # A revokes the link; the guest's next load finds nothing.
    links.get_by_role("button", name="Revoke this link").click()
    expect(flash(a)).to_contain_text("The link is revoked")
    expect(a.get_by_role("region", name="Read-only links")).to_contain_text("Revoked")
    expect(a.get_by_role("region", name="Read-only links").locator("code")).to_have_count(0)
    assert ShareLink.objects.get(plan_id=plan_id).revoked_at is not None
    response = guest.reload()
    assert response.status == 404
    expect(guest.locator("body")).not_to_contain_text("Pride in their younger brothers")
    accessible(guest, axe_check)  # the "not found" page
