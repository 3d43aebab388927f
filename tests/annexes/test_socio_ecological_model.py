import pytest

from tests.annexes.factories import make_levels

pytestmark = pytest.mark.django_db
URL = "/annexes/socio-ecological-model/"


def test_it_shows_the_levels_in_order_with_goals_and_example_links(client):
    make_levels(examples=2)
    html = client.get(URL).content.decode()
    positions = [
        html.index(f'id="{slug}"') for slug in ["individual", "family", "community", "society"]
    ]
    assert positions == sorted(positions)
    assert "Goal 3" in html
    assert html.count('href="https://example.org/"') == 8
    assert "Source: CDC." in html


def test_it_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    make_levels(examples=1)
    with django_assert_num_queries(4) as few:
        client.get(URL)
    assert len(few) == 4


def test_it_answers_404_before_content_is_loaded(client, db):
    assert client.get(URL).status_code == 404
