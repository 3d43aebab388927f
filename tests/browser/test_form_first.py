"""The form first on a phone (issue 12): a step's form starts on the first screen, the list of
the plan's parts is one line, the toolkit's guidance follows the form one tap away, and shows
open beside the form on a wide screen; without script too. Step 3's topics come grouped by
thematic area, each topic's questions one tap away."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from planner.models import InitiativePlan
from tests.browser.helpers import accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_SCREEN = {"width": 375, "height": 667}
WIDE = {"width": 1280, "height": 800}


@pytest.fixture
def owner_plan(all_content, django_user_model):
    """An empty plan, as a facilitator has just started it, and its owner's session cookie."""
    owner = django_user_model.objects.create_user("owner", password="x")
    plan = InitiativePlan.objects.create(owner=owner, title="Fathers' evenings")
    client = Client()
    client.force_login(owner)
    return plan, client.cookies[settings.SESSION_COOKIE_NAME].value


def open_step(page, site, cookie, plan, number):
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site}])
    page.goto(f"{site}/plans/{plan.pk}/steps/{number}/")


def first_field(page):
    return page.locator("#step-form").locator("input:visible, textarea:visible, select:visible")


def guidance_heading(page):
    return page.get_by_role("heading", name="What the toolkit says", exact=True)


@pytest.mark.parametrize("javascript", [True, False])
def test_on_a_phone_the_form_comes_first_and_the_guidance_is_one_tap_away(
    site, owner_plan, open_phone, axe_check, javascript
):
    plan, cookie = owner_plan
    page = open_phone(javascript=javascript)
    page.set_viewport_size(FIRST_SCREEN)
    open_step(page, site, cookie, plan, 1)
    field = first_field(page).first
    assert field.bounding_box()["y"] < FIRST_SCREEN["height"], "step 1's form starts below"
    # The parts of the plan: one line that opens the list, named as before.
    progress = page.get_by_role("navigation", name="Parts of the plan")
    step_two = progress.get_by_role("link", name="2. Identify stakeholders")
    expect(step_two).to_be_hidden()
    assert progress.bounding_box()["height"] < 60
    # The guidance: after the form, closed.
    guidance = page.locator("details.step-guidance-toggle")
    expect(guidance).not_to_have_attribute("open", "")
    expect(guidance_heading(page)).to_be_hidden()
    assert guidance.bounding_box()["y"] > page.locator("#step-form").bounding_box()["y"]
    if javascript:
        accessible(page, axe_check)
    page.get_by_text("What the toolkit says about this step").click()
    expect(guidance_heading(page)).to_be_visible()
    expect(page.locator(".step-guidance")).to_contain_text("What it means")
    if javascript:
        accessible(page, axe_check)
    page.get_by_text("Parts of the plan", exact=True).click()
    expect(step_two).to_be_visible()
    step_two.click()
    expect(page).to_have_url(f"{site}/plans/{plan.pk}/steps/2/")


def test_on_a_phone_step_three_shows_topics_before_the_guidance(
    site, owner_plan, open_phone, axe_check
):
    plan, cookie = owner_plan
    page = open_phone()
    page.set_viewport_size(FIRST_SCREEN)
    open_step(page, site, cookie, plan, 3)
    first_box = page.get_by_role("checkbox").first
    box = first_box.bounding_box()
    assert box["y"] < FIRST_SCREEN["height"], "the first topic is below the first screen"
    assert box["y"] < page.locator("details.step-guidance-toggle").bounding_box()["y"]
    # Grouped by thematic area; every topic's questions one tap away.
    area = page.locator("fieldset.topic-area").first
    expect(area.locator("legend")).to_be_visible()
    questions = area.locator(".topic-questions").first
    expect(questions).to_be_hidden()
    area.locator("summary").first.click()
    expect(questions).to_be_visible()
    assert questions.locator("li").count() >= 1
    first_box.check()
    expect(first_box).to_be_checked()
    accessible(page, axe_check)


def test_on_a_wide_screen_the_guidance_shows_open_beside_the_form(
    site, owner_plan, chromium_browser, axe_check
):
    plan, cookie = owner_plan
    context = chromium_browser.new_context(viewport=WIDE)
    page = context.new_page()
    open_step(page, site, cookie, plan, 3)
    expect(guidance_heading(page)).to_be_visible()
    expect(page.get_by_text("What the toolkit says about this step")).to_be_hidden()
    form, guidance = page.locator("#step-form"), page.locator(".step-guidance")
    assert guidance.bounding_box()["x"] > form.bounding_box()["x"] + form.bounding_box()["width"]
    # The parts of the plan in one row, open.
    links = page.get_by_role("navigation", name="Parts of the plan").get_by_role("link")
    expect(links.first).to_be_visible()
    assert len({round(link.bounding_box()["y"]) for link in links.all()}) <= 2
    accessible(page, axe_check)
    context.close()
