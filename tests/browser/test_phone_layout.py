"""The portal's frame on a phone: a compact header whose menu opens without script, a home page
whose first screen leads into the toolkit, its annexes and the planner, no sideways scrolling at
320 px, and the source's italics."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from annexes.models import Level, Topic
from planner.models import InitiativePlan, Membership, Network
from tests.browser.helpers import accessible
from tests.planner.factories import full_data, plan_without_parts
from toolkit.models import ResistanceReason

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_SCREEN = {"width": 375, "height": 667}
NARROW = {"width": 320, "height": 640}
WAYS_IN = ["THINK!", "PLAN!", "ACT!", "Annex 1", "Annex 2", "Planner"]
READING_PAGES = [
    "/",
    "/about/",
    "/search/?q=http",  # snippets with long URLs in them
    "/toolkit/think/",
    "/toolkit/plan/",
    "/toolkit/act/",
    "/toolkit/further-reading/",
    "/annexes/socio-ecological-model/",
    "/annexes/topics/",
    "/accounts/login/",
    "/accounts/signup/",
]


@pytest.fixture
def owner_plan(all_content, django_user_model):
    """A plan with every part filled from the real content, and the owner's session cookie."""
    from planner.models import PlanPart

    owner = django_user_model.objects.create_user("owner", password="x")
    network = Network.objects.create(name="Youth Network", slug="youth-network")
    network.add_member(owner, Membership.Role.ORGANISER)
    plan = plan_without_parts(
        InitiativePlan.objects.create(owner=owner, network=network, title="Fathers' evenings")
    )
    data = full_data(Topic.objects.first(), Level.objects.first(), ResistanceReason.objects.first())
    for kind, part_data in data.items():
        PlanPart.objects.create(plan=plan, kind=kind, data=part_data, version=2)
    client = Client()
    client.force_login(owner)
    return plan, client.cookies[settings.SESSION_COOKIE_NAME].value


def log_in(page, site, cookie):
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site}])


def header_height(page):
    return page.locator("header.site-header").bounding_box()["height"]


def test_the_header_stays_compact_on_reading_and_planner_pages(site, owner_plan, phone_page):
    plan, cookie = owner_plan
    topic = Topic.objects.first()
    for path in ["/", "/toolkit/think/", f"/annexes/topics/{topic.slug}/"]:
        phone_page.goto(site + path)
        assert header_height(phone_page) <= 100, path
    log_in(phone_page, site, cookie)
    for path in ["/plans/", f"/plans/{plan.pk}/steps/1/"]:
        phone_page.goto(site + path)
        assert header_height(phone_page) <= 100, path
        # The account links are behind the menu too.
        expect(phone_page.get_by_role("button", name="Log out")).to_be_hidden()


@pytest.mark.parametrize("javascript", [True, False])
def test_the_home_page_leads_into_the_guidance_on_its_first_screen(site, open_phone, javascript):
    page = open_phone(javascript=javascript)
    page.set_viewport_size(FIRST_SCREEN)
    page.goto(site + "/")
    ways_in = page.get_by_role("navigation", name="Start here")
    for name in WAYS_IN:
        link = ways_in.get_by_role("link", name=name)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["y"] + box["height"] <= FIRST_SCREEN["height"], f"{name} is below the fold"
    # The introduction follows.
    intro = page.locator("main .content-section").first
    assert intro.bounding_box()["y"] > ways_in.bounding_box()["y"]


@pytest.mark.parametrize("javascript", [True, False])
def test_the_menu_opens_without_script_and_its_links_work(site, open_phone, axe_check, javascript):
    page = open_phone(javascript=javascript)
    page.goto(site + "/")
    main_menu = page.get_by_role("navigation", name="Main")
    expect(main_menu).to_be_hidden()
    page.get_by_text("Menu", exact=True).click()
    expect(main_menu).to_be_visible()
    assert header_height(page) > 100  # open, it shows every link
    if javascript:
        accessible(page, axe_check)
    main_menu.get_by_role("link", name="Annex 1 – The socio-ecological model").click()
    expect(page).to_have_url(site + "/annexes/socio-ecological-model/")
    page.get_by_text("Menu", exact=True).click()
    link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Annex 1")
    expect(link).to_have_attribute("aria-current", "page")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Annex 2").click()
    expect(page).to_have_url(site + "/annexes/topics/")
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("search", name="Quick search").get_by_label("Search the guidance").fill("men")
    page.get_by_role("search", name="Quick search").get_by_role("button").click()
    expect(page).to_have_url(site + "/search/?q=men")


LONGEST_LINE = """p => {
    // The most characters on one rendered line of the paragraph `p`.
    const text = p.firstChild, lines = new Map();
    for (let i = 0; i < text.length; i++) {
        const range = document.createRange();
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        const top = Math.round(range.getBoundingClientRect().top);
        lines.set(top, (lines.get(top) || 0) + 1);
    }
    return Math.max(...lines.values());
}"""


def test_wide_screens_show_the_menu_open_in_one_row_and_text_at_a_reading_measure(
    site, chromium_browser
):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    for path in ["/ru/toolkit/think/", "/toolkit/think/"]:  # Russian's names are longer
        page.goto(site + path)
        expect(page.locator(".site-menu > summary")).to_be_hidden()
        links = page.locator("nav.site-nav a")
        expect(links.first).to_be_visible()
        tops = {round(link.bounding_box()["y"]) for link in links.all()}
        assert len(tops) == 1, (path, tops)
    paragraph = page.locator("#your-context p").first
    assert 60 <= paragraph.evaluate(LONGEST_LINE) <= 80
    # The intro's weight is a reading weight, not Bootstrap's thin .lead.
    page.goto(site + "/")
    assert page.locator(".lead").evaluate("lead => getComputedStyle(lead).fontWeight") == "400"
    context.close()


def test_no_page_is_wider_than_a_320px_screen(site, owner_plan, phone_page):
    plan, cookie = owner_plan
    phone_page.set_viewport_size(NARROW)
    topic = Topic.objects.first()
    pages = [*READING_PAGES, f"/annexes/topics/{topic.slug}/"]
    # The longest URL of the further reading, in a snippet; and a query that is one long word.
    pages += ["/search/?q=knowledge.unicef.org", "/search/?q=" + "https://example.org/" * 8]
    for path in pages:
        phone_page.goto(site + path)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW["width"], f"{path} is {width}px wide"
    log_in(phone_page, site, cookie)
    for path in [
        "/plans/",
        f"/plans/{plan.pk}/",
        f"/plans/{plan.pk}/steps/3/",
        f"/plans/{plan.pk}/challenges/",
        f"/plans/{plan.pk}/sharing/",
        "/networks/youth-network/",
    ]:
        phone_page.goto(site + path)
        assert phone_page.locator("h1").count() == 1, path  # the page itself, not a 404
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW["width"], f"{path} is {width}px wide"


def test_it_sets_what_the_source_sets_in_italics(site, phone_page):
    phone_page.goto(site + "/toolkit/think/")
    avoid = phone_page.locator(".aims-table td.avoid")
    assert avoid.count() == 3
    for cell in avoid.all():
        assert cell.evaluate("cell => getComputedStyle(cell).fontStyle") == "italic"
    phone_page.goto(site + "/toolkit/plan/")
    actions = phone_page.locator(".planning-steps-table .key-actions li")
    assert actions.count() == 15
    for action in actions.all():
        style = action.evaluate(
            "li => [getComputedStyle(li).fontStyle, getComputedStyle(li).listStyleType]"
        )
        assert style == ["italic", "disc"]


GAPS_AROUND_A_MARKER = """() => {
    // The first marker followed by punctuation ("Index⁵,"): the space before and after its digits.
    const sup = [...document.querySelectorAll("sup.footnote-ref")].find(
        (s) => s.nextSibling && /^[,.;]/.test(s.nextSibling.textContent)
    );
    const box = (node, start, end) => {
        const range = document.createRange();
        range.setStart(node, start);
        range.setEnd(node, end);
        return range.getBoundingClientRect();
    };
    const word = sup.previousSibling, digits = sup.querySelector("a").firstChild;
    const after = sup.nextSibling;
    const marker = box(digits, 0, digits.length);
    return [
        marker.left - box(word, word.length - 1, word.length).right,
        box(after, 0, 1).left - marker.right,
    ];
}"""


def test_footnote_markers_sit_on_the_word(site, phone_page):
    phone_page.goto(site + "/toolkit/think/")
    before, after = phone_page.evaluate(GAPS_AROUND_A_MARKER)
    assert before <= 1, f"{before}px between the word and its note marker"
    assert after <= 1, f"{after}px between the note marker and the comma"


def luminance(rgb):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(int(part)) for part in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_with_white(css_color):
    rgb = css_color.removeprefix("rgb(").removesuffix(")").split(",")[:3]
    return 1.05 / (luminance(rgb) + 0.05)


def test_form_controls_have_visible_borders_and_focus(site, owner_plan, phone_page):
    plan, cookie = owner_plan
    log_in(phone_page, site, cookie)
    phone_page.goto(f"{site}/plans/{plan.pk}/steps/3/")
    for selector in [".form-control", ".form-check-input"]:
        control = phone_page.locator(selector).first
        border = control.evaluate("c => getComputedStyle(c).borderTopColor")
        assert contrast_with_white(border) >= 3, f"{selector} border {border}"
        control.focus()
        outline = control.evaluate(
            "c => [getComputedStyle(c).outlineStyle, getComputedStyle(c).outlineWidth]"
        )
        assert outline == ["solid", "3px"], selector
