"""Site-wide search for a Russian reader (issue 9, item 7): the guidance is searched as the reader
reads it, in Russian (a block still in English included), with Cyrillic case folded on any
database, and results link to the Russian pages."""

import re

import pytest

from annexes.models import Topic
from core.page_cache import content_changed
from toolkit.models import Section

pytestmark = pytest.mark.django_db
URL = "/ru/search/"
PATERNITY_LEAVE = "/ru/annexes/topics/parental-leave-family-leave-paternity-leave/"


def found(response):
    return [result.url for group in response.context["groups"] for result in group.results]


@pytest.mark.parametrize("query", ["Отцы", "отцы", "ОТЦЫ", "оТцЫ"])
def test_a_russian_word_finds_the_russian_text_in_any_case(client, all_content, query):
    # "... активно участвуют в воспитании детей как отцы?", a question of the topic
    response = client.get(URL, {"q": query})
    assert found(response) == [PATERNITY_LEAVE]
    html = response.content.decode()
    assert '<html lang="ru"' in html
    assert "<mark>отцы</mark>" in html  # marked as written, whatever the query's case
    group = response.context["groups"][0]
    assert group.name.startswith("Приложение 2")
    assert group.results[0].title.startswith("Отпуск по уходу за ребёнком")


def test_results_in_the_toolkit_link_to_its_russian_pages(client, all_content):
    urls = found(client.get(URL, {"q": "ОТЦОВСТВО"}))
    assert "/ru/toolkit/plan/#topics-and-entry-points" in urls
    assert "/ru/toolkit/act/#recommendation-7" in urls
    assert PATERNITY_LEAVE in urls
    assert all(url.startswith("/ru/") for url in urls)


def test_a_browser_in_russian_is_sent_to_the_russian_search(client, all_content):
    response = client.get("/search/", {"q": "Отцы"}, HTTP_ACCEPT_LANGUAGE="ru", follow=True)
    assert response.redirect_chain[-1][0].startswith("/ru/search/?q=")
    assert found(response) == [PATERNITY_LEAVE]


def test_every_russian_word_must_match(client, all_content):
    assert found(client.get(URL, {"q": "отцовский отпуск"})) == [PATERNITY_LEAVE]
    assert found(client.get(URL, {"q": "отцовский футбол"})) == []


def test_an_english_word_finds_a_block_still_in_english(client, all_content):
    section = Section.objects.filter(page__slug="think").exclude(body_en="").first()
    words = [w for w in re.findall(r"[A-Za-z]+", section.body_en) if len(w) >= 7][:2]
    assert len(words) == 2
    query = " ".join(words)
    anchor = f"/ru/toolkit/think/#{section.slug}"
    assert anchor not in found(client.get(URL, {"q": query}))  # its Russian has no such words

    Section.objects.filter(pk=section.pk).update(body_ru=None)  # e.g. its English just changed
    content_changed()  # as the admin's save does: search keeps its texts until then
    assert anchor in found(client.get(URL, {"q": query.upper()}))


def test_an_untranslated_topic_is_found_by_its_english_text(client, all_content):
    topic = Topic.objects.get(slug="money-matters")
    Topic.objects.filter(pk=topic.pk).update(example_ru="")
    word = max(re.findall(r"[A-Za-z]+", topic.example_en), key=len)
    assert "/ru/annexes/topics/money-matters/" in found(client.get(URL, {"q": word}))


def test_an_english_reader_still_searches_the_english(client, all_content):
    response = client.get("/search/", {"q": "FATHERS"})
    assert "/annexes/topics/parental-leave-family-leave-paternity-leave/" in found(response)
    assert found(client.get("/search/", {"q": "отцы"})) == []
