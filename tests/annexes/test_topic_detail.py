import pytest

from tests.annexes.factories import make_topics

pytestmark = pytest.mark.django_db


def test_it_shows_the_example_questions_area_tags_and_related_topics(client):
    make_topics(per_area=2, areas=2)
    response = client.get("/annexes/topics/topic-0-0/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Example of topic 0-0" in html
    assert html.count("Question 0?") == 1 and "Question 1?" in html
    assert 'href="/annexes/topics/?area=area-0"' in html
    assert 'href="/annexes/topics/?tag=shared"' in html
    related = [topic.slug for topic in response.context["related"]]
    assert related[0] == "topic-0-1"  # same area first
    assert set(related) == {"topic-0-1", "topic-1-0", "topic-1-1"}  # others share a tag
    assert 'href="/toolkit/plan/#topics-and-entry-points"' in html


def test_it_answers_404_for_an_unknown_topic(client, db):
    assert client.get("/annexes/topics/no-such-topic/").status_code == 404


def test_it_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    make_topics(per_area=4, areas=3)
    with django_assert_max_num_queries(8):
        client.get("/annexes/topics/topic-0-0/")
