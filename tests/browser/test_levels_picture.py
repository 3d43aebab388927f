"""A plan's socio-ecological picture on a 375 px phone: the rings fit the screen without
sideways scrolling, every line of text stays inside its ring as the browser really draws it
(the server only counts characters), and the plan page stays axe-clean."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from planner.models import InitiativePlan
from tests.browser.helpers import PHONE, accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# For each <text>, how far its right edge runs past the ring drawn just before it (in the
# viewBox's units); the rings are <rect>s, each followed by its own lines.
OVERRUNS = """svg => {
  const overruns = [];
  let ring = null;
  for (const element of svg.children) {
    if (element.tagName === "rect") { ring = element.getBBox(); continue; }
    const line = element.getBBox();
    const past = line.x + line.width - (ring.x + ring.width);
    if (past > 0) overruns.push([element.textContent, past]);
  }
  return overruns;
}"""


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_picture_fits_a_phone_and_the_page_is_accessible(
    site, phone_page, axe_check, language
):
    call_command("load_example_plan", verbosity=0)
    example = InitiativePlan.objects.examples().get(language=language)
    prefix = "" if language == "en" else f"/{language}"
    phone_page.goto(f"{site}{prefix}/plans/{example.pk}/")
    section = phone_page.locator("#levels")
    picture = section.get_by_role("img")
    expect(picture).to_be_visible()
    picture.scroll_into_view_if_needed()
    box = picture.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert box["width"] >= 300  # the width of the phone, not a thumbnail
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert picture.evaluate(OVERRUNS) == []
    expect(section.locator(".levels-in-words > li")).to_have_count(4)
    section.screenshot(path=f"/tmp/levels-picture-{language}.png")
    accessible(phone_page, axe_check)
