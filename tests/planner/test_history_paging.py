"""A part's history in pages: every version is reachable and restorable, at a fixed query cost."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planner.models import PlanPart
from planner.selectors import HISTORY_PER_PAGE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("every_save_a_version")]

RESEARCH = PlanPart.Kind.RESEARCH


def history_url(plan, page=None):
    url = f"/plans/{plan.pk}/history/{RESEARCH}/"
    return url if page is None else f"{url}?page={page}"


@pytest.fixture
def long_history(plan, owner):
    """The research part (made by the fixture) saved a page and 5 times more: a full first
    page, then 6 versions on the second."""
    part = plan.part(RESEARCH)
    for n in range(HISTORY_PER_PAGE + 5):
        part.save_edit({"age": f"Answer {n}"}, part.version, owner)
    return part


def versions_on(html):
    return [int(number) for number in re.findall(r"Version (\d+)\s", html)]


def test_every_version_is_on_one_of_the_pages(client, owner, plan, long_history):
    client.force_login(owner)
    first = client.get(history_url(plan)).content.decode()
    second = client.get(history_url(plan, 2)).content.decode()
    assert versions_on(first) == list(range(HISTORY_PER_PAGE + 5, 5, -1))
    assert versions_on(second) == list(range(5, -1, -1))
    # Only the very newest version is the current one.
    assert first.count("current</span>") == 1 and "current</span>" not in second


def test_the_pages_link_to_each_other(client, owner, plan, long_history):
    client.force_login(owner)
    first = client.get(history_url(plan)).content.decode()
    second = client.get(history_url(plan, 2)).content.decode()
    assert '<nav aria-label="Pages of earlier versions">' in first
    assert 'href="?page=2"' in first and "Page 1 of 2" in first
    assert 'href="?page=1"' in second and "Page 2 of 2" in second
    assert 'rel="next"' in first and 'rel="next"' not in second
    assert 'rel="prev"' in second and 'rel="prev"' not in first


def test_a_short_history_has_no_page_links(client, owner, plan):
    client.force_login(owner)
    html = client.get(history_url(plan)).content.decode()
    assert "Pages of earlier versions" not in html


def test_the_oldest_version_is_restored_from_the_last_page(client, owner, plan, long_history):
    oldest = long_history.history.order_by("history_date", "history_id").first()
    restore = f"/plans/{plan.pk}/history/{RESEARCH}/{oldest.history_id}/restore/"
    client.force_login(owner)
    assert f'action="{restore}"' in client.get(history_url(plan, 2)).content.decode()
    response = client.post(restore)
    assert response.status_code == 302
    long_history.refresh_from_db()
    assert long_history.data == oldest.data == {"age": "18-25", "barriers": "Shift work"}
    assert long_history.version == HISTORY_PER_PAGE + 6


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "1.5", "9" * 30])
def test_a_page_that_does_not_exist_is_not_found(client, owner, plan, long_history, page):
    client.force_login(owner)
    assert client.get(history_url(plan, page)).status_code == 404


def test_a_page_costs_the_same_queries_however_long_the_history(
    client, owner, plan, django_assert_max_num_queries
):
    client.force_login(owner)
    with CaptureQueriesContext(connection) as short:
        client.get(history_url(plan))
    part = plan.part(RESEARCH)
    for n in range(120):
        part.save_edit({"age": f"Answer {n}"}, part.version, owner)
    for page in [1, 2, 3]:
        with django_assert_max_num_queries(len(short.captured_queries)):
            response = client.get(history_url(plan, page))
        assert response.status_code == 200
