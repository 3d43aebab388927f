import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, all_content):
    return live_server.url


def test_it_finds_the_fatherhood_topics_in_a_few_taps_and_opens_one(site, phone_page, axe_check):
    page = phone_page
    # the header's menu that leads here is tested with the header; this starts at the annex
    page.goto(site + "/annexes/topics/")
    assert axe_check(page) == []
    all_topics = page.locator(".topics-table tbody tr").count()

    # the tags are folded away, so that a phone shows topics first
    page.get_by_text("Filter by tag").click()
    page.get_by_role("navigation", name="Tags").get_by_role("link", name="fatherhood").click()
    page.wait_for_url("**/annexes/topics/?tag=fatherhood")
    fatherhood = page.locator(".topic-title").all_inner_texts()
    assert 0 < len(fatherhood) < all_topics
    assert "Parental leave, family leave, paternity leave" in fatherhood
    assert axe_check(page) == []

    page.get_by_role("link", name="Parental leave, family leave, paternity leave").click()
    page.wait_for_url("**/annexes/topics/*/")
    questions = page.locator(".topic-questions li").all_inner_texts()
    assert "How do we challenge the idea that caregiving is only women's work?" in questions
    assert axe_check(page) == []


def test_it_filters_by_area_and_text_without_javascript(site, chromium_browser, axe_check):
    context = chromium_browser.new_context(
        viewport={"width": 375, "height": 740}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(site + "/annexes/topics/")
    page.get_by_label("Search topics").fill("health")
    page.get_by_label("Thematic area").select_option(label="Gender and men's well-being")
    page.get_by_role("button", name="Show topics").click()
    page.wait_for_url("**/annexes/topics/?q=health&area=gender-and-mens-well-being")
    titles = page.locator(".topic-title").all_inner_texts()
    assert "Men's health is public health" in titles
    assert page.get_by_text("Clear all filters").is_visible()
    context.close()


def test_search_and_annex_1_have_no_accessibility_violations(site, phone_page, axe_check):
    for path in ["/search/?q=fathers", "/search/?q=", "/annexes/socio-ecological-model/"]:
        phone_page.goto(site + path)
        assert axe_check(phone_page) == [], f"axe violations on {path}"
