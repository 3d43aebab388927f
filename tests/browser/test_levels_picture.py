"""A plan's socio-ecological picture on a 375 px phone: the rings fit the screen without
sideways scrolling, every line of text stays inside its ring as the browser really draws it
(the server only counts characters), and the plan page stays axe-clean."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from planner.models import InitiativePlan, PlanPart, ShareLink
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
def test_the_picture_fits_a_phone_and_the_page_is_accessible(site, phone_page, axe_check, language):
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


def test_a_crowded_picture_fits_for_its_owner_and_on_a_share_link(
    site, phone_page, axe_check, django_user_model
):
    """Stakeholders on every ring that has any, more than a ring shows on one, long names: the
    owner's page (with its link to step 4) and the share link's stay within the phone."""
    owner = django_user_model.objects.create_user("owner", password="x")
    plan = InitiativePlan.objects.create(owner=owner, title="Crowded", language="en")
    kinds = ["youth_group", "formal_leader", "activist"] + ["sports"] * 8
    rows = [
        {"name": f"A stakeholder with a rather long name, number {n}", "kind": kind}
        for n, kind in enumerate(kinds)
    ]
    PlanPart.objects.create(plan=plan, kind=PlanPart.Kind.STAKEHOLDERS, data={"stakeholders": rows})
    PlanPart.objects.create(
        plan=plan,
        kind=PlanPart.Kind.STRATEGY,
        data={"levels": ["society"], "at_society": "Letters to the district council. " * 20},
    )
    client = Client()
    client.force_login(owner)
    phone_page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site,
            }
        ]
    )
    link = ShareLink.create_for(plan, owner)
    for path in [f"/plans/{plan.pk}/", f"/shared/{link.token}/"]:
        phone_page.goto(site + path)
        picture = phone_page.locator("#levels").get_by_role("img")
        expect(picture).to_contain_text("+6 more")
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert picture.evaluate(OVERRUNS) == []
        accessible(phone_page, axe_check)
