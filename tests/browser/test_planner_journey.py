"""New people using the planner on a phone, end to end: sign up, write a whole plan through the
step forms, lose a tab mid-step, print, and work without JavaScript.

Every person has a browser context of their own (their own cookies and localStorage), as two
phones would. Every distinct page they reach is checked with axe-core for WCAG 2.2 AA.
The helpers that act as a person would are in tests/browser/helpers.py.
"""

import re

import pytest
from playwright.sync_api import expect

from planner.models import InitiativePlan, Membership, Network, PlanPart
from tests.browser.helpers import (
    PASSWORD,
    WAIT_MS,
    accessible,
    create_network,
    field,
    flash,
    open_menu,
    sign_up,
    start_plan,
)
from tests.planner.factories import without_row_ids

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The server writes the time: the site's zone (Asia/Almaty), labelled, in English's format.
SAVED_AT = re.compile(r"^Saved at (\d{1,2}(:\d\d)? [ap]\.m\.|noon|midnight) \(UTC\+5\)$")
TOPIC = "Sharing responsibilities at home"  # an Annex 2 topic (fixtures/annexes.json)
TOPIC_SLUG = "sharing-responsibilities-at-home"
LEVEL = "Mobilizing communities using a community-based approach"  # an Annex 1 level
REASON = "A discomfort in talking about gender-related issues"  # a toolkit resistance reason


def save_and_go_on(page, button, next_url):
    """Saves with a button (a real form POST, not the autosave) and lands on `next_url`."""
    page.get_by_role("button", name=button).click()
    page.wait_for_url(next_url)
    # Only the buttons' POST sets this message; an autosave answers JSON.
    expect(flash(page)).to_have_text("Saved")


# --- 1. A whole plan, step by step ---------------------------------------------------------------


def test_a_new_user_writes_a_whole_plan_through_the_step_forms(site, open_phone, axe_check):
    page = open_phone()
    sign_up(page, site, "amina", axe_check)
    create_network(page, "Osh Young Fathers", axe_check)
    accessible(page, axe_check)  # the new network's page, as its organiser
    plan_id = start_plan(page, site, "Fathers' evenings", axe_check)
    step_url = f"{site}/plans/{plan_id}/steps/{{}}/"

    # Step 1: research target groups.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Research target groups")
    accessible(page, axe_check)
    field(page, "Age").fill("18 to 30")
    field(page, "Location").fill("Osh, southern districts")
    field(page, "Barriers to change").fill("Shame about doing care work")
    save_and_go_on(page, "Save and go to the next step", step_url.format(2))

    # Step 2: stakeholders, one row.
    accessible(page, axe_check)
    row = page.get_by_role("group", name="Add a new entry", exact=True)
    field(row, "Name").fill("Osh Women's Centre")
    field(row, "Kind").select_option(label="Women's rights organisation")
    field(row, "Their role in the initiative").fill("Co-facilitates the evenings")
    field(row, "We share a common understanding of the objective").check()
    field(page, "Notes on the collective effort").fill("Monthly check-in with the centre")
    save_and_go_on(page, "Save and go to the next step", step_url.format(3))
    # Back on step 2: the saved row is shown again, and a new empty entry for the next one.
    page.goto(step_url.format(2))
    saved_row = page.get_by_role("group", name="Entry 1", exact=True)
    expect(field(saved_row, "Name")).to_have_value("Osh Women's Centre")
    expect(field(saved_row, "Kind")).to_have_value("womens_rights")
    new_row = page.get_by_role("group", name="Add a new entry", exact=True)
    expect(field(new_row, "Name")).to_have_value("")
    page.goto(step_url.format(3))

    # Step 3: entry points, one Annex 2 topic ticked.
    accessible(page, axe_check)
    page.get_by_role("checkbox", name=TOPIC, exact=True).check()
    field(page, "Shared values that frame the conversation").fill("Fairness at home")
    save_and_go_on(page, "Save and go to the next step", step_url.format(4))
    page.goto(step_url.format(3))
    expect(page.get_by_role("checkbox", name=TOPIC, exact=True)).to_be_checked()
    # The chosen topic's Annex 2 questions are shown beside the form.
    expect(page.get_by_role("region", name="Questions for your topics")).to_contain_text(TOPIC)
    accessible(page, axe_check)
    page.goto(step_url.format(4))

    # Step 4: strategy.
    accessible(page, axe_check)
    field(page, "Objectives").fill("Fathers share the care of their children")
    page.get_by_role("checkbox", name="Dialogue group", exact=True).check()
    page.get_by_role("checkbox", name=LEVEL, exact=True).check()
    field(page, "Timeline").fill("Six evenings from March")
    save_and_go_on(page, "Save and go to the next step", step_url.format(5))

    # Step 5: funding, one budget line.
    accessible(page, axe_check)
    row = page.get_by_role("group", name="Add a new entry", exact=True)
    field(row, "Item").fill("Tea and bread")
    field(row, "Amount").fill("250")
    field(row, "Notes").fill("For six evenings")
    field(page, "In-kind support: venues").fill("The youth centre's hall")
    save_and_go_on(page, "Save and go to the challenges", f"{site}/plans/{plan_id}/challenges/")

    # The challenges: one resistance reason and one referral.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Planning for challenges")
    accessible(page, axe_check)
    page.get_by_role("checkbox", name=REASON, exact=True).check()
    field(page, "How you will handle resistance").fill("Start from what fathers want")
    row = page.get_by_role("group", name="Add a new entry", exact=True)
    field(row, "Name").fill("Crisis line Osh")
    field(row, "Kind").select_option(label="Helpline")
    field(row, "Contact").fill("+996 555 000 111")
    save_and_go_on(page, "Save and go to the plan overview", f"{site}/plans/{plan_id}/")

    # The overview shows everything and full progress.
    expect(page.get_by_role("heading", level=1)).to_have_text("Fathers' evenings")
    expect(page.locator(".plan-meta")).to_contain_text("6 of 6 parts written")
    steps = page.get_by_role("region", name="Progress through the steps")
    expect(steps.get_by_role("listitem")).to_have_count(6)
    expect(
        steps.get_by_role("listitem").filter(has_text=re.compile(r":\s*written\s*$"))
    ).to_have_count(6)
    expect(steps).not_to_contain_text("still empty")
    for text in [
        "18 to 30",
        "Shame about doing care work",
        "Osh Women's Centre",
        "Co-facilitates the evenings",
        TOPIC,
        "Fairness at home",
        "Fathers share the care of their children",
        "Dialogue group",
        LEVEL,
        "Tea and bread",
        "The youth centre's hall",
        REASON,
        "Start from what fathers want",
        "Crisis line Osh",  # the owner sees the referrals
    ]:
        expect(page.locator("main")).to_contain_text(text)
    accessible(page, axe_check)

    # The database holds what the forms sent.
    plan = InitiativePlan.objects.get(pk=plan_id)
    assert plan.owner.username == "amina" and plan.owner.email == "amina@example.org"
    network = Network.objects.get(name="Osh Young Fathers")
    assert network.membership_of(plan.owner).role == Membership.Role.ORGANISER
    assert plan.network is None  # not shared until the owner says so
    assert plan.progress() == (6, 6)
    data = {part.kind: without_row_ids(part.data) for part in plan.parts.all()}
    assert all(part.version >= 1 for part in plan.parts.all())
    assert data[PlanPart.Kind.RESEARCH]["age"] == "18 to 30"
    assert data[PlanPart.Kind.RESEARCH]["barriers"] == "Shame about doing care work"
    assert data[PlanPart.Kind.STAKEHOLDERS]["stakeholders"] == [
        {
            "name": "Osh Women's Centre",
            "kind": "womens_rights",
            "role": "Co-facilitates the evenings",
            "contact": "",
            "objective_agreed": True,
        }
    ]
    assert data[PlanPart.Kind.STAKEHOLDERS]["notes"] == "Monthly check-in with the centre"
    assert data[PlanPart.Kind.ENTRY_POINTS]["topics"] == [TOPIC_SLUG]
    assert data[PlanPart.Kind.STRATEGY]["methods"] == ["dialogue_group"]
    assert data[PlanPart.Kind.STRATEGY]["levels"] == ["community"]
    assert data[PlanPart.Kind.STRATEGY]["one_off"] is False
    assert data[PlanPart.Kind.FUNDING]["budget_lines"] == [
        {"item": "Tea and bread", "amount": "250", "notes": "For six evenings"}
    ]
    assert data[PlanPart.Kind.CHALLENGES]["resistance_reasons"] == [4]
    assert data[PlanPart.Kind.CHALLENGES]["referrals"] == [
        {"name": "Crisis line Osh", "kind": "helpline", "contact": "+996 555 000 111", "area": ""}
    ]


# --- 2. A tab closed mid-step ------------------------------------------------------------------


def test_text_typed_before_the_tab_closed_is_there_when_the_step_is_opened_again(
    site, open_phone, axe_check
):
    page = open_phone()
    sign_up(page, site, "bakyt")
    plan_id = start_plan(page, site, "Football and fairness")
    step_1 = f"{site}/plans/{plan_id}/steps/1/"
    context = page.context

    # Closed before the autosave (3 s after typing stops) could send anything.
    field(page, "Where and when you can best reach them").fill("After training on Saturdays")
    page.close()
    assert not PlanPart.objects.filter(plan_id=plan_id, kind=PlanPart.Kind.RESEARCH).exists()

    page = context.new_page()
    page.goto(step_1)
    # Nothing reached the server: the text comes back from the draft kept in this browser...
    status = page.locator("#autosave-status")
    expect(status).to_have_text("Restored your unsaved text. It is not saved yet.")
    expect(field(page, "Where and when you can best reach them")).to_have_value(
        "After training on Saturdays"
    )
    accessible(page, axe_check)
    # ...and is then saved without the person doing anything.
    expect(status).to_have_text(SAVED_AT, timeout=WAIT_MS)
    part = PlanPart.objects.get(plan_id=plan_id, kind=PlanPart.Kind.RESEARCH)
    assert part.data["where_and_when"] == "After training on Saturdays" and part.version == 1

    # Closed right after the autosave: the server has it, and no draft is left behind.
    field(page, "Motivators for change").fill("Their coach's example")
    # The status already says "Saved at" from the first save: wait for the second one.
    expect(page.locator("input[name=version]")).to_have_value("2", timeout=WAIT_MS)
    expect(status).to_have_text(SAVED_AT)
    page.close()
    page = context.new_page()
    page.goto(step_1)
    expect(field(page, "Motivators for change")).to_have_value("Their coach's example")
    expect(field(page, "Where and when you can best reach them")).to_have_value(
        "After training on Saturdays"
    )
    expect(page.locator("#autosave-status")).to_have_text("")  # nothing restored from a draft
    part.refresh_from_db()
    assert part.data["motivators"] == "Their coach's example" and part.version == 2
    assert (
        page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('planner-draft')).length")
        == 0
    )


# --- 5. Printing ---------------------------------------------------------------------------------


def test_the_print_page_prints_the_plan_without_the_navigation(site, open_phone, axe_check):
    page = open_phone()
    sign_up(page, site, "dilnoza")
    plan_id = start_plan(page, site, "Care at home")
    field(page, "Barriers to change").fill("Jokes from friends")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(flash(page)).to_have_text("Saved")
    page.goto(f"{site}/plans/{plan_id}/")
    page.get_by_role("navigation", name="What you can do with this plan").get_by_role(
        "link", name="Print"
    ).click()
    page.wait_for_url(f"{site}/plans/{plan_id}/print/")
    accessible(page, axe_check)
    open_menu(page)
    main_nav = page.get_by_role("navigation", name="Main")
    back = page.get_by_role("link", name="Back to the plan")
    expect(main_nav).to_be_visible()
    expect(back).to_be_visible()

    page.emulate_media(media="print")
    expect(main_nav).to_be_hidden()
    expect(page.get_by_role("navigation", name="Account")).to_be_hidden()
    expect(page.get_by_role("search")).to_be_hidden()
    expect(back).to_be_hidden()
    expect(page.locator("footer")).to_be_hidden()
    # What is printed: the plan.
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Care at home")
    expect(page.get_by_text("Jokes from friends")).to_be_visible()
    expect(page.get_by_role("heading", name="Step 1: Research target groups")).to_be_visible()
    page.emulate_media(media="screen")
    expect(main_nav).to_be_visible()


# --- 6. Without JavaScript -----------------------------------------------------------------------


def test_without_javascript_a_user_logs_in_and_saves_a_step(site, open_phone, django_user_model):
    django_user_model.objects.create_user("erlan", password=PASSWORD)
    page = open_phone(javascript=False)
    page.goto(site + "/plans/")
    page.get_by_role("link", name="Log in").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    field(page, "Username").fill("erlan")
    field(page, "Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{site}/plans/")
    open_menu(page)
    expect(page.get_by_role("link", name="Account (erlan)")).to_be_visible()

    plan_id = start_plan(page, site, "Without scripts")
    expect(page.locator("#autosave-status")).to_have_text("")
    field(page, "Religion").fill("Mostly Muslim, some Orthodox")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(f"{site}/plans/{plan_id}/steps/1/")
    expect(flash(page)).to_have_text("Saved")
    expect(field(page, "Religion")).to_have_value("Mostly Muslim, some Orthodox")
    part = PlanPart.objects.get(plan_id=plan_id, kind=PlanPart.Kind.RESEARCH)
    assert part.data["religion"] == "Mostly Muslim, some Orthodox" and part.version == 1
    assert part.updated_by.username == "erlan"
