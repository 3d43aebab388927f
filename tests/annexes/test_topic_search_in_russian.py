"""Annex 2's topic filter for a Russian reader (issue 9, item 7): `?q=` matches the texts the
reader sees (Russian, or the English of what is not translated yet), Cyrillic in any case on
SQLite too, and Russian word forms on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from annexes.models import Topic
from core.page_cache import content_changed
from tests.annexes.factories import make_topics

pytestmark = pytest.mark.django_db
URL = "/ru/annexes/topics/"
PATERNITY_LEAVE = "parental-leave-family-leave-paternity-leave"
on_postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="word forms come from PostgreSQL's full-text search; CI runs this on PostgreSQL",
)


def slugs(response):
    return [topic.slug for _, topics in response.context["topic_groups"] for topic in topics]


@pytest.mark.parametrize("query", ["Отцы", "отцы", "ОТЦЫ"])
def test_a_russian_word_finds_its_topic_in_any_case(client, all_content, query):
    # "... активно участвуют в воспитании детей как отцы?", a question of the topic
    response = client.get(URL, {"q": query})
    assert slugs(response) == [PATERNITY_LEAVE]
    assert '<html lang="ru"' in response.content.decode()


@pytest.mark.parametrize("query", ["ОТЦОВСКИЙ ОТПУСК", "ТЫ ТЕПЕРЬ ЧТО, МАМА"])
def test_titles_and_examples_match_in_any_case(client, all_content, query):
    assert slugs(client.get(URL, {"q": query})) == [PATERNITY_LEAVE]


def test_area_and_tag_names_match_in_russian(client, all_content):
    in_family_life = slugs(client.get(URL, {"q": "ГЕНДЕР И СЕМЕЙНАЯ ЖИЗНЬ"}))
    assert PATERNITY_LEAVE in in_family_life
    assert len(in_family_life) == 4
    assert PATERNITY_LEAVE in slugs(client.get(URL, {"q": "Отцовство"}))  # a tag


def test_the_text_filter_combines_with_area_and_tag(client, all_content):
    assert slugs(client.get(URL, {"q": "отцы", "area": "gender-and-family-life"})) == [
        PATERNITY_LEAVE
    ]
    assert slugs(client.get(URL, {"q": "отцы", "area": "gender-in-the-workplace"})) == []
    assert slugs(client.get(URL, {"q": "ОТЦЫ", "tag": "fatherhood"})) == [PATERNITY_LEAVE]
    assert slugs(client.get(URL, {"q": "ОТЦЫ", "tag": "stereotypes"})) == [PATERNITY_LEAVE]
    assert slugs(client.get(URL, {"q": "ОТЦЫ", "tag": "money"})) == []


def test_a_russian_reader_finds_the_english_text_shown_in_its_place(client, all_content):
    topic = Topic.objects.get(slug="money-matters")
    assert slugs(client.get(URL, {"q": "money"})) == []  # translated: the reader sees Russian
    Topic.objects.filter(pk=topic.pk).update(title_ru=None, example_ru="")
    content_changed()  # as an admin's save does
    response = client.get(URL, {"q": "MONEY"})
    assert slugs(response) == ["money-matters"]
    assert topic.title_en in response.content.decode()


def test_an_english_reader_searches_the_english(client, all_content):
    response = client.get("/annexes/topics/", {"q": "Hands-On Fathers"})
    assert slugs(response) == [PATERNITY_LEAVE]
    assert slugs(client.get("/annexes/topics/", {"q": "отцы"})) == []


def test_the_text_filter_runs_the_same_queries_for_few_or_many_topics(
    client, django_assert_num_queries
):
    make_topics(per_area=1, areas=1)
    with CaptureQueriesContext(connection) as few:
        response = client.get(URL, {"q": "father", "tag": "shared"})
    assert len(slugs(response)) == 1
    with translation.override("en"):  # a Russian request leaves Russian active
        make_topics(per_area=5, areas=3, prefix="more-")
    content_changed()
    with django_assert_num_queries(len(few)):
        response = client.get(URL, {"q": "FATHER", "tag": "shared"})
    assert len(slugs(response)) == 16
    assert len(few) <= 8 + 3  # the list's own, and three that read the topics' texts


@on_postgresql_only
@pytest.mark.parametrize("query", ["отцов", "отцам", "об отцах"])
def test_on_postgresql_russian_word_forms_match(client, all_content, query):
    assert PATERNITY_LEAVE in slugs(client.get(URL, {"q": query}))


@on_postgresql_only
def test_on_postgresql_word_forms_follow_the_readers_language(client, all_content):
    # English forms for the English reader, whose pages have no "отцы" ...
    assert slugs(client.get("/annexes/topics/", {"q": "отцов"})) == []
    assert PATERNITY_LEAVE in slugs(client.get("/annexes/topics/", {"q": "father"}))
    # ... and Russian ones for a reader of a language shown in Russian while untranslated
    with translation.override("kk"):
        assert PATERNITY_LEAVE in [topic.slug for topic in Topic.objects.filter_by(text="отцов")]


@on_postgresql_only
def test_on_postgresql_english_fallback_text_matches_its_word_forms(client, all_content):
    Topic.objects.filter(slug="money-matters").update(title_ru=None, example_ru=None)
    content_changed()
    # "the father controls all the finances": English forms, as the reader sees English there
    assert slugs(client.get(URL, {"q": "controlled"})) == ["money-matters"]
