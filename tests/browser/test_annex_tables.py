"""The annexes' tables: real tables on a wide screen, stacked cards on a phone that never make
the page wider than the screen, and no accessibility violations either way."""

import pytest

from annexes.models import Level, Topic
from tests.browser.helpers import PHONE, WAIT_MS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1280, "height": 900}
ANNEXES = [
    ("/annexes/socio-ecological-model/", ".levels-table", Level),
    ("/annexes/topics/", ".topics-table", Topic),
]


@pytest.fixture
def open_at(chromium_browser):
    contexts = []

    def open_at(viewport, **options):
        context = chromium_browser.new_context(viewport=viewport, **options)
        context.set_default_timeout(WAIT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_at
    for context in contexts:
        context.close()


def row_displays(page, table):
    return page.locator(f"{table} tbody tr").evaluate_all(
        "rows => rows.map(row => getComputedStyle(row).display)"
    )


@pytest.mark.parametrize(("path", "table", "model"), ANNEXES)
def test_on_a_wide_screen_an_annex_is_a_table_a_row_per_record(
    site, open_at, axe_check, path, table, model
):
    page = open_at(WIDE)
    page.goto(site + path)
    displays = row_displays(page, table)
    assert displays == ["table-row"] * model.objects.count()
    assert page.locator(f"{table} thead").evaluate("e => getComputedStyle(e).display") == (
        "table-header-group"
    )
    assert axe_check(page) == []


@pytest.mark.parametrize(("path", "table", "model"), ANNEXES)
def test_on_a_phone_an_annex_is_stacked_cards_no_wider_than_the_screen(
    site, open_at, axe_check, path, table, model
):
    page = open_at(PHONE, is_mobile=True, has_touch=True)
    page.goto(site + path)
    assert row_displays(page, table) == ["block"] * model.objects.count()
    cells = page.locator(f"{table} tbody td").evaluate_all(
        "cells => cells.map(cell => getComputedStyle(cell).display)"
    )
    assert set(cells) == {"block"}
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_check(page) == []


def test_the_figure_links_each_level_to_its_row(site, open_at):
    page = open_at(PHONE, is_mobile=True, has_touch=True)
    page.goto(site + "/annexes/socio-ecological-model/")
    figure = page.get_by_role("figure", name="Figure 1: A socio-ecological model")
    levels = figure.get_by_role("listitem")
    assert levels.count() == Level.objects.count()
    figure.get_by_role("link", name="Strengthening individual knowledge and skills").click()
    page.wait_for_url("**#individual")
    row = page.locator("tr#individual")
    assert row.get_by_role("rowheader").inner_text() == (
        "Strengthening individual knowledge and skills"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
