"""A phone set to Russian reads the toolkit in Russian (issue 9): the interface from the Russian
catalogue, the content from its Russian translation, `<html lang="ru">`, and axe-core finds no
violation on the Russian pages."""

import pytest

from tests.browser.helpers import PHONE, open_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "path, heading",
    [
        ("/", "Вовлечение молодых мужчин в продвижение гендерного равенства"),
        ("/toolkit/think/", "Шаг 1: ДУМАЙ!"),
        ("/toolkit/plan/", None),
        ("/toolkit/act/", None),
        ("/annexes/socio-ecological-model/", None),
        ("/annexes/topics/", None),
    ],
)
def test_a_russian_phone_reads_the_toolkit_in_russian(
    site, russian_phone, axe_check, path, heading
):
    page = russian_phone
    page.goto(site + path)
    assert page.locator("html").get_attribute("lang") == "ru"
    h1 = page.locator("h1").inner_text()
    if heading:
        assert h1 == heading
    assert any("а" <= letter <= "я" for letter in h1.lower()), f"{path}: {h1!r} is not Russian"
    assert axe_check(page) == [], f"axe violations on the Russian {path}"
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the Russian {path} scrolls sideways by {overflow}px"


def test_a_russian_phone_switches_to_english_and_back_without_javascript(site, chromium_browser):
    context = chromium_browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="ru-RU", java_script_enabled=False
    )
    page = context.new_page()
    page.goto(site + "/toolkit/think/")
    assert page.url == site + "/ru/toolkit/think/"  # the first visit follows the phone's language
    assert page.locator("html").get_attribute("lang") == "ru"

    open_menu(page)
    page.get_by_role("link", name="English").click()
    assert page.url == site + "/toolkit/think/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Step 1: THINK!"
    # Remembered: the phone still asks for Russian, the reader chose English.
    page.goto(site + "/annexes/topics/")
    assert page.url == site + "/annexes/topics/"
    assert page.locator("html").get_attribute("lang") == "en"

    open_menu(page)
    page.get_by_role("link", name="Русский").click()
    assert page.url == site + "/ru/annexes/topics/"
    assert page.locator("html").get_attribute("lang") == "ru"
    page.goto(site + "/toolkit/think/")
    assert page.url == site + "/ru/toolkit/think/"
    context.close()
