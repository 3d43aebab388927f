"""Every reader's page of the URL map passes axe (WCAG 2.2 AA and best practices) on a phone:
the pages the journeys do not pass through too (account settings, password reset, a part's
history, the delete confirmations, the network list and form, the invitation, the 404 page).

The same walk as the HTML checker's (tests/test_valid_html.py), in English, as an anonymous
reader and as a plan's owner; a page that redirects (the planner to the log-in page) is checked
where it lands, once.
"""

import pytest
from django.conf import settings
from django.test import Client

from tests.portal.test_every_page_in_russian import reader_pages
from tests.urlwalk import build_world, url_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# A file the browser saves rather than shows (the HTML checker reads it).
DOWNLOADS = {"toolkit_download"}


def session_cookie(user):
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def check_every_page(page, site, world, axe_check):
    checked, problems = set(), {}
    for name, pattern in reader_pages():
        if name in DOWNLOADS:
            continue
        response = page.goto(site + url_for(name, pattern, world["kwargs"]))
        if page.url in checked or "text/html" not in response.headers.get("content-type", ""):
            continue
        checked.add(page.url)
        violations = axe_check(page)
        if violations:
            problems[f"{name} {page.url}"] = violations
    return checked, problems


@pytest.mark.parametrize("who", ["anonymous", "owner"])
def test_every_page_has_no_axe_violations(site, django_user_model, phone_page, axe_check, who):
    world = build_world(django_user_model)
    if who == "owner":
        cookie = {"name": settings.SESSION_COOKIE_NAME, "url": site}
        phone_page.context.add_cookies([{**cookie, "value": session_cookie(world["owner"])}])
    checked, problems = check_every_page(phone_page, site, world, axe_check)
    assert problems == {}
    # The walk reached the reader's and the planner's pages, not only the log-in page.
    expected = ["/annexes/topics/", "/search/"]
    if who == "owner":
        expected += ["/accounts/settings/", "/history/", "/delete/", "/networks/new/"]
    else:
        expected += ["/accounts/login/", "/accounts/signup/", "/password_reset/"]
    for part in expected:
        assert any(part in url for url in checked), part
