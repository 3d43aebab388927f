import pytest
from django.urls import reverse

from tests.toolkit.factories import make_step_page
from toolkit.models import Footnote, Section

pytestmark = pytest.mark.django_db


def test_it_shows_the_four_think_questions_and_three_aims(client, toolkit_content):
    response = client.get("/toolkit/think/")
    assert response.status_code == 200
    html = response.content.decode()
    for question in [
        "What are three different common gender norms that you can identify in your community?",
        "How do dominant gender norms in your community affect men and boys?",
        "How do dominant gender norms in your community affect women and girls?",
        "What benefits could women and men in your community gain from more gender equality?",
    ]:
        assert question in html
    assert html.count('class="think-question"') == 4
    assert html.count('id="aim-') == 3
    assert "Categorize all men as “bad actors”." in html


def test_it_shows_five_planning_steps_with_their_key_actions(client, toolkit_content):
    html = client.get("/toolkit/plan/").content.decode()
    for anchor in [
        "research-target-groups",
        "stakeholders-and-allies",
        "topics-and-entry-points",
        "strategic-approach",
        "funding-and-resources",
    ]:
        assert f'id="{anchor}"' in html
        assert f'href="#{anchor}"' in html  # the page's table of contents
    assert "Identify barriers and motivators for change." in html
    assert "Leverage in-kind support (venues, facilitators, materials)." in html
    assert html.count('<th scope="col">') == 4


def test_it_shows_the_five_reasons_for_resistance_and_the_moveable_middle(client, toolkit_content):
    html = client.get("/toolkit/plan/").content.decode()
    section = html.split('id="resistance"')[1].split("</section>")[0]
    assert section.count("<li>") == 5
    assert "moveable middle" in section
    for anchor in ["referrals", "accountability"]:
        assert f'id="{anchor}"' in html


def test_it_shows_eight_recommendations_each_with_do_and_dont(client, toolkit_content):
    html = client.get("/toolkit/act/").content.decode()
    for number in range(1, 9):
        assert f'id="recommendation-{number}"' in html
    assert html.count('class="do"') == 8
    assert html.count('class="dont"') == 8
    assert "Completely replace in-person meetings and live interactions." in html


def test_it_links_each_step_to_the_next(client, toolkit_content):
    assert 'href="/toolkit/plan/" rel="next"' in client.get("/toolkit/think/").content.decode()
    assert 'href="/toolkit/act/" rel="next"' in client.get("/toolkit/plan/").content.decode()
    act = client.get("/toolkit/act/").content.decode()
    assert 'href="/toolkit/further-reading/" rel="next"' in act


def test_it_links_footnote_citations_to_their_notes(client, toolkit_content):
    html = client.get("/toolkit/think/").content.decode()
    for number in [5, 6, 7, 8]:
        assert f'href="#fn-{number}" id="fnref-{number}"' in html
        assert f'<li id="fn-{number}" value="{number}">' in html
    assert "Global Gender Gap Index" in html.split('id="fnref-5"')[0][-400:]


def test_it_shows_an_admin_edit_at_the_next_request(client, toolkit_content):
    section = Section.objects.get(page__slug="think", slug="your-context")
    section.body = "An edited sentence about the context."
    section.save()
    assert "An edited sentence about the context." in client.get("/toolkit/think/").content.decode()


def test_it_answers_404_for_a_page_that_is_not_a_step(client, toolkit_content):
    assert client.get("/toolkit/about/").status_code == 404
    assert client.get("/toolkit/nothing/").status_code == 404


@pytest.mark.parametrize("items", [1, 6])
def test_it_runs_the_same_number_of_queries_however_many_rows(
    client, django_assert_num_queries, items
):
    make_step_page(number=1, slug="think", sections=2, items=items)
    make_step_page(number=2, slug="plan", sections=1, items=1)
    # page, sections, 10 prefetches (children, grandchildren, footnotes), next step, navigation
    # (the steps, the annexes)
    with django_assert_num_queries(15):
        response = client.get(reverse("toolkit:step", kwargs={"slug": "think"}))
    assert response.status_code == 200
    assert Footnote.objects.count() == 3


def test_it_rejects_post(client, toolkit_content):
    assert client.post("/toolkit/think/").status_code == 405
