"""A facilitator opens the portal once online, then reads the toolkit in a room without a
connection (issue 11): the service worker kept the toolkit, both annexes and the topics in the
reader's language; a planner page offline says so instead of showing anything private."""

import pytest
from playwright.sync_api import expect

from annexes.models import Annex, Topic
from tests.browser.conftest import record_csp_violations
from tests.browser.helpers import PHONE, WAIT_MS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(chromium_browser):
    context = chromium_browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, service_workers="allow"
    )
    context.set_default_timeout(WAIT_MS * 3)  # the worker fetches some 25 pages first
    problems = []
    record_csp_violations(context, problems)
    yield context
    context.close()
    assert problems == []


def headings_offline(context, site, prefix):
    """Visits home and THINK online, waits until the footer says the pages are kept, goes
    offline and returns each page's <h1> (a planner page first: it proves the network is gone)."""
    page = context.new_page()
    page.goto(f"{site}{prefix}/")
    expect(page.locator("#offline-status")).to_be_visible()
    page.goto(f"{site}{prefix}/toolkit/think/")
    context.set_offline(True)
    topic = Topic.objects.order_by("area__order", "order").last()
    headings = {}
    for path in (
        "/plans/",
        "/toolkit/think/",
        "/toolkit/act/",
        "/annexes/socio-ecological-model/",
        "/annexes/topics/",
        f"/annexes/topics/{topic.slug}/",
    ):
        page.goto(f"{site}{prefix}{path}")
        headings[path] = page.locator("h1").inner_text()
    context.set_offline(False)
    return page, headings, topic


def test_the_toolkit_reads_offline_after_one_visit(site, phone):
    page, headings, topic = headings_offline(phone, site, "")
    assert headings["/plans/"] == "You are offline"
    assert "Secret" not in page.content()
    assert headings["/toolkit/think/"].endswith("THINK!")
    assert headings["/toolkit/act/"].endswith("ACT!")
    assert headings["/annexes/socio-ecological-model/"] == Annex.objects.get(number=1).title
    assert headings["/annexes/topics/"] == Annex.objects.get(number=2).title
    assert headings[f"/annexes/topics/{topic.slug}/"] == topic.title


def test_a_russian_reader_keeps_the_russian_pages(site, phone):
    _page, headings, topic = headings_offline(phone, site, "/ru")
    assert headings["/plans/"] == "Нет подключения к интернету"
    assert headings["/toolkit/think/"] == "Шаг 1: ДУМАЙ!"
    assert headings["/annexes/topics/"] == Annex.objects.get(number=2).title_ru
    assert headings[f"/annexes/topics/{topic.slug}/"] == topic.title_ru
