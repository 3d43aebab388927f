import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.page_cache import content_changed
from portal.search import fold
from tests.annexes.factories import make_levels, make_topics
from tests.toolkit.factories import make_step_page

pytestmark = pytest.mark.django_db
URL = "/search/"


@pytest.fixture
def content(db):
    make_step_page(number=1, slug="think", sections=1, items=1)
    make_topics(per_area=1, areas=2)
    make_levels(examples=1)


def test_it_finds_words_in_the_toolkit_and_the_annexes_grouped_by_place(client, content):
    response = client.get(URL, {"q": "Q1000"})  # an exercise question of THINK
    groups = response.context["groups"]
    assert [g.name for g in groups] == ["THINK"]
    assert groups[0].results[0].url == "/toolkit/think/#part-0-exercise"

    response = client.get(URL, {"q": "father"})
    names = [g.name for g in response.context["groups"]]
    assert names == ["Annex 2 – Topics"]
    assert response.context["groups"][0].results[0].url == "/annexes/topics/topic-0-0/"
    assert "<mark>father</mark>" in response.content.decode()

    response = client.get(URL, {"q": "Initiative 2-0"})
    assert (
        response.context["groups"][0].results[0].url == "/annexes/socio-ecological-model/#community"
    )


def test_every_word_must_match(client, content):
    assert client.get(URL, {"q": "father Q1000"}).context["groups"] == []


def test_it_folds_case_and_accents():
    assert fold("ÉQUALITÉ Öl") == "equalite ol"
    assert fold("ГЕНДЕР") == "гендер"


def test_accented_and_cyrillic_queries_work(client, content):
    assert client.get(URL, {"q": "FÀTHER"}).context["groups"][0].results
    response = client.get(URL, {"q": "гендерное равенство"})
    assert response.status_code == 200
    assert response.context["groups"] == []
    assert "Nothing in the guidance matches every word" in response.content.decode()


@pytest.mark.parametrize("query", ["", "   ", "\x07\x08"])
def test_an_empty_query_gets_a_clear_message(client, content, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert "Type a word or two to search for." in response.content.decode()


def test_a_null_character_gets_a_clear_message(client, content):
    response = client.get(URL, {"q": "father\x00"})
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()


def test_an_over_long_query_gets_a_clear_message(client, content):
    response = client.get(URL, {"q": "a" * 101})
    assert response.status_code == 200
    assert "at most 100 characters" in response.content.decode()


def test_search_without_a_query_shows_the_form(client, content):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["groups"] is None
    assert "Type a word" not in response.content.decode()


def test_snippets_escape_stored_html(client, db):
    page = make_step_page(number=1, slug="think", sections=1, items=1)
    page.sections.filter(slug="part-0").update(body="Evil <b>bold</b> & <i>it</i> findme")
    html = client.get(URL, {"q": "findme"}).content.decode()
    assert "<b>bold</b>" not in html


def test_it_runs_the_same_queries_however_much_content(client, db, django_assert_num_queries):
    make_step_page(number=1, slug="think", sections=1, items=1)
    make_topics(per_area=1, areas=1)
    make_levels(examples=1)
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"q": "topic"})
    make_step_page(number=2, slug="plan", sections=3, items=4)
    make_topics(per_area=3, areas=2, prefix="more-")
    content_changed()  # as an admin's save does
    with django_assert_num_queries(len(few)):
        client.get(URL, {"q": "topic"})
    assert len(few) <= 20
