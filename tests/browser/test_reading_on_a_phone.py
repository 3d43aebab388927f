import pytest

from tests.browser.helpers import open_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, toolkit_content):
    return live_server.url


def test_it_reaches_think_plan_and_act_through_the_navigation(site, phone_page, axe_check):
    page = phone_page
    page.goto(site + "/")
    assert (
        page.locator("h1").inner_text() == "Engaging Young Men in the Promotion of Gender Equality"
    )
    assert axe_check(page) == []

    for label, path, heading in [
        ("THINK!", "/toolkit/think/", "Step 1: THINK!"),
        ("PLAN!", "/toolkit/plan/", "Step 2: PLAN!"),
        ("ACT!", "/toolkit/act/", "Step 3: ACT!"),
    ]:
        open_menu(page)
        page.get_by_role("navigation", name="Main").get_by_role("link", name=label).click()
        page.wait_for_url(site + path)
        assert page.locator("h1").inner_text() == heading
        assert axe_check(page) == [], f"axe violations on {path}"


def test_it_fits_a_phone_screen_without_sideways_scrolling(site, phone_page):
    for path in [
        "/",
        "/toolkit/think/",
        "/toolkit/plan/",
        "/toolkit/act/",
        "/toolkit/further-reading/",
    ]:
        phone_page.goto(site + path)
        overflow = phone_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"


def test_it_stacks_the_planning_table_as_cards_on_a_phone(site, phone_page):
    phone_page.goto(site + "/toolkit/plan/")
    header = phone_page.locator(".planning-steps-table thead")
    assert header.bounding_box()["height"] <= 1  # visually hidden, still read by screen readers
    first_row = phone_page.locator(".planning-steps-table tbody tr").first
    assert first_row.evaluate("row => getComputedStyle(row).display") == "block"


def test_it_shows_the_further_reading_and_about_pages_without_violations(
    site, phone_page, axe_check
):
    for path in ["/toolkit/further-reading/", "/about/"]:
        phone_page.goto(site + path)
        assert axe_check(phone_page) == [], f"axe violations on {path}"
