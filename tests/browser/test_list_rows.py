"""A list grows and is reordered on a 375 px phone without JavaScript: "Add another entry" three
times, three stakeholders typed, one save; then the third moved up and saved again."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from planner.models import InitiativePlan, PlanPart
from tests.browser.helpers import field, flash

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAKEHOLDERS = [
    ("Osh Women's Centre", "Women's rights organisation"),
    ("Imam of the central mosque", "Religious community"),
    ("FC Alay youth team", "Sports community"),
]


def saved_names(plan):
    part = plan.parts.get(kind=PlanPart.Kind.STAKEHOLDERS)
    return [row["name"] for row in part.data["stakeholders"]]


def test_a_list_grows_and_is_reordered_without_script(
    site, no_script_phone, axe_without_script, django_user_model
):
    page = no_script_phone
    owner = django_user_model.objects.create_user("owner", password="x")
    plan = InitiativePlan.objects.create(owner=owner, title="Fathers' evenings")
    client = Client()
    client.force_login(owner)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site}])
    page.goto(f"{site}/plans/{plan.pk}/steps/2/")
    field(page, "Notes on the collective effort").fill("Monthly check-in")

    add = page.get_by_role("button", name="Add another entry")
    for clicks in range(1, 4):
        add.click()
        # One more empty row each time, where the cursor now is; nothing saved, nothing wrong.
        new_row = page.locator(f"#stakeholders-{clicks}")
        expect(field(new_row, "Name")).to_be_focused()
        expect(page.locator("#stakeholders-rows > fieldset")).to_have_count(1 + clicks)
        expect(page.locator(".alert-danger, .is-invalid")).to_have_count(0)
    expect(field(page, "Notes on the collective effort")).to_have_value("Monthly check-in")
    assert not plan.parts.filter(kind=PlanPart.Kind.STAKEHOLDERS).exists()
    axe_without_script(page)

    for index, (name, kind) in enumerate(STAKEHOLDERS):
        row = page.locator(f"#stakeholders-{index}")
        field(row, "Name").fill(name)
        field(row, "Kind").select_option(label=kind)
    # Enter in a field saves, as "Save" does, rather than pressing a row's own button.
    field(page.locator("#stakeholders-2"), "Name").press("Enter")
    expect(flash(page)).to_have_text("Saved")
    assert saved_names(plan) == [name for name, _kind in STAKEHOLDERS]

    # The third moves up: the page shows it second, its "Move up" focused again; Save keeps it.
    page.get_by_role("button", name="Move up entry 3").click()
    second = page.locator("#stakeholders-1")
    expect(field(second, "Name")).to_have_value(STAKEHOLDERS[2][0])
    expect(second.get_by_role("button", name="Move up entry 2")).to_be_focused()
    assert saved_names(plan) == [name for name, _kind in STAKEHOLDERS]
    axe_without_script(page)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(flash(page)).to_have_text("Saved")
    assert saved_names(plan) == [STAKEHOLDERS[0][0], STAKEHOLDERS[2][0], STAKEHOLDERS[1][0]]
    expect(field(page.locator("#stakeholders-1"), "Name")).to_have_value(STAKEHOLDERS[2][0])
    # Nothing is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_with_script_a_row_action_is_not_undone_by_the_draft(site, open_phone, django_user_model):
    """autosave.js keeps a draft of the form when it is sent; after a row action the text sits
    at new places, so that draft must not be put back over them."""
    page = open_phone()
    owner = django_user_model.objects.create_user("owner", password="x")
    plan = InitiativePlan.objects.create(owner=owner, title="Fathers' evenings")
    client = Client()
    client.force_login(owner)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site}])
    page.goto(f"{site}/plans/{plan.pk}/steps/2/")
    page.get_by_role("button", name="Add another entry").click()
    field(page.locator("#stakeholders-1"), "Name").fill("Second")
    field(page.locator("#stakeholders-0"), "Name").fill("First")
    page.get_by_role("button", name="Move up entry 2").click()
    expect(field(page.locator("#stakeholders-0"), "Name")).to_have_value("Second")
    page.wait_for_timeout(500)  # the script's restoring runs on load
    expect(field(page.locator("#stakeholders-0"), "Name")).to_have_value("Second")
    expect(field(page.locator("#stakeholders-1"), "Name")).to_have_value("First")
    expect(page.locator("#autosave-status")).not_to_contain_text("Restored")
