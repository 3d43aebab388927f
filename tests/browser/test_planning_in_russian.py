"""A Russian-speaking facilitator plans in Russian (issue 9): a phone set to Russian logs in,
starts a plan, writes step 1 beside the toolkit's Russian guidance, saves, and downloads the plan
as Markdown with Russian labels; axe-core finds no violation on the Russian pages.

Russian labels come from the catalogue (gettext under translation.override), so a better
translation there changes no test.
"""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from planner.models import InitiativePlan, PlanPart
from tests.browser.helpers import PASSWORD, accessible, field, flash

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def ru(text):
    with translation.override("ru"):
        translated = gettext(text)
    assert translated != text, f"the Russian catalogue lacks {text!r}"
    return translated


def test_a_russian_speaking_facilitator_writes_a_step_and_exports_it_in_russian(
    site, russian_phone, axe_check, django_user_model, tmp_path
):
    django_user_model.objects.create_user("gulnara", password=PASSWORD)
    page = russian_phone

    # Log in, in Russian.
    page.goto(site + "/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "ru"
    page.locator("#id_username").fill("gulnara")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name=ru("Log in")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ru("Planner"))

    # Start a plan: it is written in Russian, the language the facilitator reads.
    page.get_by_role("link", name=ru("Start a plan")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ru("Start a plan"))
    field(page, ru("Title")).fill("Вечера отцов в Оше")
    page.get_by_role("button", name=ru("Start the plan")).click()
    page.wait_for_url(re.compile(r"/plans/[0-9a-f-]{36}/steps/1/$"))
    plan = InitiativePlan.objects.get(title="Вечера отцов в Оше")
    assert plan.language == "ru" and plan.owner.username == "gulnara"

    # Step 1 beside the toolkit's guidance, all in Russian.
    assert page.locator("html").get_attribute("lang") == "ru"
    expect(page.get_by_role("heading", level=1)).to_contain_text(ru("Research target groups"))
    expect(page.locator(".step-guidance")).to_contain_text(ru("What it means"))
    accessible(page, axe_check)
    barriers = field(page, ru("Barriers to change"))
    expect(barriers).to_have_attribute("lang", "ru")  # plan text, in the plan's language
    barriers.fill("Насмешки друзей и родственников")
    field(page, ru("Age")).fill("От 18 до 30 лет")
    page.get_by_role("button", name=ru("Save"), exact=True).click()
    expect(flash(page)).to_have_text(ru("Saved"))
    part = PlanPart.objects.get(plan=plan, kind=PlanPart.Kind.RESEARCH)
    assert part.data["barriers"] == "Насмешки друзей и родственников"

    # The plan's page, and its Markdown with Russian labels.
    page.get_by_role("link", name="Вечера отцов в Оше").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Вечера отцов в Оше")
    accessible(page, axe_check)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=ru("Download as Markdown (.md)")).click()
    path = tmp_path / "plan.md"
    download_info.value.save_as(path)
    markdown = path.read_text(encoding="utf-8")
    assert markdown.startswith("# Вечера отцов в Оше\n")
    step_1 = ru("Step %(number)s: %(title)s") % {
        "number": 1,
        "title": ru("Research target groups"),
    }
    assert f"## {step_1}" in markdown
    assert f"**{ru('Barriers to change')}**\n\nНасмешки друзей и родственников" in markdown
    assert f"**{ru('Age')}**\n\nОт 18 до 30 лет" in markdown
    assert f"- **{ru('Status')}:** {ru('Draft')}" in markdown
    assert "Barriers to change" not in markdown and "Step 1" not in markdown
