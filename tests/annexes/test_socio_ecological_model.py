import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annexes.models import ExampleInitiative
from core.page_cache import content_changed
from tests.annexes.factories import make_levels
from tests.annexes.html import attrs, children, find, find_all, text, tree

pytestmark = pytest.mark.django_db
URL = "/annexes/socio-ecological-model/"
SLUGS = ["individual", "family", "community", "society"]


def test_it_shows_the_levels_in_order_with_goals_and_example_links(client):
    make_levels(examples=2)
    html = client.get(URL).content.decode()
    positions = [html.index(f'id="{slug}"') for slug in SLUGS]
    assert positions == sorted(positions)
    assert "Goal 3" in html
    assert html.count('href="https://example.org/"') == 8


def test_the_levels_are_a_table_with_a_caption_headers_and_a_row_per_level(client):
    make_levels(examples=2)
    table = find(tree(client.get(URL)), "table", "levels-table")
    assert text(find(table, "caption")) == "Levels of action"
    headers = [text(th) for th in find_all(find(table, "thead"), "th", scope="col")]
    assert headers == ["Levels", "Goals", "Examples of initiatives/projects"]
    rows = children(find(table, "tbody"), "tr")
    assert [attrs(row)["id"] for row in rows] == SLUGS
    assert [text(find(row, "th", scope="row")) for row in rows] == [
        "Individual",
        "Family",
        "Community",
        "Society",
    ]
    for row, goal in zip(rows, ["Goal 0", "Goal 1", "Goal 2", "Goal 3"], strict=True):
        cells = children(row, "td")
        # each cell names its column, for the stacked cards a phone shows
        assert [attrs(td)["data-label"] for td in cells] == headers[1:]
        assert text(cells[0]) == goal
        assert len(list(find_all(cells[1], "li"))) == 2


def test_an_example_with_a_name_shows_it_bold_before_its_description(client):
    level = make_levels(examples=0)[0]
    ExampleInitiative.objects.create(
        level=level, name="Community dialogues", description="A programme.", order=1
    )
    html = client.get(URL).content.decode()
    assert "<strong>Community dialogues</strong>: A programme." in html


def test_a_sentence_without_a_name_is_not_bold_and_has_no_colon(client):
    level = make_levels(examples=0)[0]
    ExampleInitiative.objects.create(
        level=level, description="Read the publication.", url="https://example.org/p", order=1
    )
    item = next(find_all(tree(client.get(URL)), "ul", "level-examples"))
    assert list(find_all(item, "strong")) == []
    assert text(item).startswith("Read the publication.")
    assert ": Read" not in client.get(URL).content.decode()
    assert attrs(find(item, "a"))["href"] == "https://example.org/p"


def test_the_figure_nests_the_levels_society_outermost_each_linking_to_its_row(client):
    make_levels(examples=0)
    figure = find(tree(client.get(URL)), "figure", "levels-figure")
    nest, names = find(figure, "ul", "levels-nest"), []
    while nest is not None:
        (item,) = children(nest, "li")
        link = children(item, "a")[0]
        names.append((text(link), attrs(link)["href"]))
        inner = children(item, "ul")
        nest = inner[0] if inner else None
    assert names == [
        (name, f"#{name.lower()}")
        for name in reversed(["Individual", "Family", "Community", "Society"])
    ]
    # the figure is named by its caption, which credits the source it is adapted from
    caption = find(figure, "figcaption")
    assert attrs(figure)["aria-labelledby"] == attrs(caption)["id"]
    assert text(caption) == "Figure 1 Adapted from: CDC."


def test_the_fixture_sentences_are_descriptions_not_bold_names(client, all_content):
    strong = [text(s) for s in find_all(find(tree(client.get(URL)), "table"), "strong")]
    assert "Vocational guidance project for boys" in strong
    assert not any("Program M" in name or "perpetrator" in name for name in strong)
    html = client.get(URL).content.decode()
    assert "Training based on" in html and "perpetrator programs in Central Asia" in html


def test_the_russian_page_shows_the_sentences_in_russian(client, all_content):
    html = client.get("/ru" + URL).content.decode()
    assert "Тренинг на основе «Руководства по Программе M»" in html
    assert "Более подробную информацию о программах для лиц, совершивших насилие" in html


def test_its_queries_do_not_grow_with_the_examples(client, django_assert_num_queries):
    levels = make_levels(examples=1)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n, level in enumerate(levels):
        ExampleInitiative.objects.create(level=level, name=f"More {n}", order=5)
    content_changed()  # as an admin's save does
    with django_assert_num_queries(len(few)):
        client.get(URL)
    assert len(few) <= 6


def test_it_answers_404_before_content_is_loaded(client, db):
    assert client.get(URL).status_code == 404
