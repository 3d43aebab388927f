import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.page_cache import content_changed
from tests.annexes.factories import make_topics
from tests.annexes.html import attrs, children, find, find_all, text, tree

pytestmark = pytest.mark.django_db
URL = "/annexes/topics/"


def titles(response):
    return [topic.title for _, topics in response.context["topic_groups"] for topic in topics]


def test_it_lists_all_topics_grouped_by_area(client):
    make_topics(per_area=2, areas=2)
    response = client.get(URL)
    assert response.status_code == 200
    assert [area.slug for area, _ in response.context["topic_groups"]] == ["area-0", "area-1"]
    assert titles(response) == ["Topic 0-0", "Topic 0-1", "Topic 1-0", "Topic 1-1"]


def test_it_filters_by_area(client):
    make_topics()
    assert titles(client.get(URL, {"area": "area-1"})) == ["Topic 1-0", "Topic 1-1"]


def test_it_filters_by_tag(client):
    make_topics()
    assert titles(client.get(URL, {"tag": "own-0-1"})) == ["Topic 0-1"]
    assert len(titles(client.get(URL, {"tag": "shared"}))) == 4


def test_it_searches_text_in_titles_examples_and_questions(client):
    topics = make_topics()
    topics[2].questions.create(text="What about grandparents?")
    assert titles(client.get(URL, {"q": "GRANDPARENTS"})) == ["Topic 1-0"]
    assert titles(client.get(URL, {"q": "topic 0-1"})) == ["Topic 0-1"]


def test_it_combines_filters(client):
    make_topics()
    response = client.get(URL, {"area": "area-0", "tag": "shared", "q": "0-0"})
    assert titles(response) == ["Topic 0-0"]
    html = response.content.decode()
    assert "Area: Area 0" in html
    assert "Tag: shared" in html
    # each active filter can be removed on its own, keeping the others
    assert 'href="?area=area-0&amp;tag=shared"' in html
    assert 'href="?tag=shared&amp;q=0-0"' in html


@pytest.mark.parametrize(
    "params",
    [
        {"area": "nowhere"},
        {"tag": "no-such-tag"},
        {"q": "zzz"},
        {"area": "Ünïcode/../x"},
        {"q": "x" * 5000},
        {"q": "\x00\x01"},
    ],
)
def test_unknown_or_bad_filters_give_an_empty_friendly_page(client, params):
    make_topics()
    response = client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert titles(response) == []
    assert "No topic matches these filters." in html
    assert "Clear the filters and show all topics" in html


def test_it_runs_the_same_queries_for_few_or_many_topics(client, django_assert_num_queries):
    make_topics(per_area=1, areas=1)
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"tag": "shared"})
    make_topics(per_area=5, areas=3, prefix="more-")
    content_changed()  # as an admin's save does
    with django_assert_num_queries(len(few)):
        client.get(URL, {"tag": "shared"})
    assert len(few) <= 8


def test_it_refuses_post(client, db):
    assert client.post(URL).status_code == 405


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="word forms come from PostgreSQL's full-text search; CI runs this on PostgreSQL",
)
def test_on_postgresql_the_text_filter_finds_word_forms(client):
    topics = make_topics(per_area=1, areas=2)
    topics[1].questions.create(text="What do young fathers need?")
    assert titles(client.get(URL, {"q": "father needs"})) == ["Topic 1-0"]


def test_the_topics_are_a_table_a_row_per_topic_grouped_by_area(client):
    make_topics(per_area=2, areas=2)
    table = find(tree(client.get(URL)), "table", "topics-table")
    assert text(find(table, "caption")) == "Annex 2 – Topics"
    headers = [text(th) for th in find_all(find(table, "thead"), "th", scope="col")]
    assert headers == ["Thematic area", "Topic", "Example", "Possible questions"]
    groups = [g for g in children(table, "tbody")]
    assert [attrs(g)["id"] for g in groups] == ["area-area-0", "area-area-1"]
    for n, group in enumerate(groups):
        area = find(group, "th", scope="rowgroup")
        assert (text(area), attrs(area)["rowspan"]) == (f"Area {n}", "2")
        rows = children(group, "tr")
        assert len(rows) == 2
        for t, row in enumerate(rows):
            link = find(find(row, "th", scope="row"), "a")
            assert (text(link), attrs(link)["href"]) == (
                f"Topic {n}-{t}",
                f"/annexes/topics/topic-{n}-{t}/",
            )
            example, questions = children(row, "td")
            assert attrs(example)["data-label"] == "Example"
            assert text(example) == f"Example of topic {n}-{t} about a father's day."
            assert attrs(questions)["data-label"] == "Possible questions"
            assert [text(li) for li in find_all(questions, "li")] == ["Question 0?", "Question 1?"]


def test_a_filtered_table_keeps_the_rowspan_of_the_rows_shown(client):
    make_topics(per_area=3, areas=2)
    table = find(tree(client.get(URL, {"tag": "own-1-2"})), "table", "topics-table")
    (group,) = children(table, "tbody")
    assert attrs(find(group, "th", scope="rowgroup"))["rowspan"] == "1"
    assert len(children(group, "tr")) == 1


def test_no_table_when_no_topic_matches(client):
    make_topics()
    assert list(find_all(tree(client.get(URL, {"q": "zzz"})), "table")) == []


def test_the_filter_form_is_named_by_its_heading_and_the_tags_are_folded_away(client):
    make_topics()
    page = tree(client.get(URL))
    form = find(page, "form", "topic-filters")
    heading = find(page, "h2", id=attrs(form)["aria-labelledby"])
    assert attrs(form)["role"] == "search"
    assert text(heading) == "Filter topics"
    tags = find(page, "details", "tag-cloud")
    assert "open" not in attrs(tags)
    assert text(find(tags, "summary")) == "Filter by tag"
    assert len(list(find_all(find(tags, "nav"), "a"))) == 5  # "shared" and one per topic
