"""Search keeps its texts read and folded, one index per content stamp and language (issue 14):
a search reads no content, and an admin's edit (a new stamp) is found by the next search."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.page_cache import content_changed
from portal import search
from tests.annexes.factories import make_levels, make_topics
from tests.toolkit.factories import make_step_page
from toolkit.models import Section

pytestmark = pytest.mark.django_db

# Tables the index reads; a search with a warm index must not touch them.
CONTENT_TABLES = ("toolkit_section", "toolkit_footnote", "annexes_topic", "annexes_level")


@pytest.fixture
def content(db):
    make_step_page(number=1, slug="think", sections=2, items=2)
    make_topics(per_area=3, areas=2)
    make_levels(examples=2)


def found(response):
    return [result.url for group in response.context["groups"] for result in group.results]


def test_an_edit_is_found_once_it_sets_a_new_content_stamp(client, content):
    assert found(client.get("/search/", {"q": "zebrafinch"})) == []
    Section.objects.filter(slug="part-1").update(body="A zebrafinch sings.")
    # Kept until the stamp changes (another spelling: not the kept page of the first search)
    assert found(client.get("/search/", {"q": "Zebrafinch"})) == []

    content_changed()  # as the admin's save does

    assert found(client.get("/search/", {"q": "ZEBRAFINCH"})) == ["/toolkit/think/#part-1"]
    assert "<mark>zebrafinch</mark>" in client.get("/search/", {"q": "zebrafinch"}).text


def queries_of(client, path, query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, {"q": query})
    assert response.status_code == 200
    return response, [query["sql"] for query in queries]


def test_a_search_with_a_warm_index_reads_no_content(client, content):
    counts = {}
    for path in ("/search/", "/ru/search/"):
        client.get(path, {"q": "warm"})  # builds this language's index
        many, many_sql = queries_of(client, path, "topic")
        none, none_sql = queries_of(client, path, "nowhere")
        assert len(found(many)) >= 6 and found(none) == []
        assert not any(table in sql for table in CONTENT_TABLES for sql in many_sql + none_sql)
        counts[path] = (len(many_sql), len(none_sql))
    # The same few (the stamp and the page's navigation), however many results, in either language
    assert len(set(counts.values())) == 1 and len(set(counts["/search/"])) == 1
    assert counts["/search/"][0] <= 3


def test_a_cold_index_is_read_in_the_same_queries_however_much_content(client, content):
    _, few = queries_of(client, "/search/", "topic")
    make_step_page(number=2, slug="plan", sections=3, items=3)
    make_topics(per_area=4, areas=2, prefix="more-")
    content_changed()
    _, more = queries_of(client, "/search/", "topic")
    assert len(more) == len(few)


def test_only_the_current_stamps_indexes_are_kept(client, content):
    client.get("/search/", {"q": "topic"})
    client.get("/ru/search/", {"q": "topic"})
    assert {language for _, language in search._index.stamps()} == {"en", "ru"}
    content_changed()
    client.get("/search/", {"q": "part"})
    assert len(search._index.stamps()) == 1  # the old stamp's English and Russian are gone
