import pytest

pytestmark = pytest.mark.django_db


def test_home_says_what_the_guidance_is_who_it_is_for_and_the_three_steps(client, toolkit_content):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Engaging Young Men in the Promotion of Gender Equality</h1>" in html
    assert "What is this guidance about?" in html
    assert "Who is this guidance for?" in html
    assert "How should this guidance be used?" in html
    for path in ["/toolkit/think/", "/toolkit/plan/", "/toolkit/act/"]:
        assert f'<a href="{path}">' in html
    assert "Are you ready? Let's go!" in html or "Are you ready? Let&#x27;s go!" in html
    for number in [1, 2, 3, 4]:
        assert f'id="fn-{number}"' in html


def test_home_has_a_skip_link_and_a_main_landmark(client, toolkit_content):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert '<html lang="en">' in html


def test_about_gives_credits_quotes_funders_and_disclaimer(client, toolkit_content):
    html = client.get("/about/").content.decode()
    for text in [
        "Henri Myrntinen",
        "Sarah Crozier",
        "Nina Kononova",
        "Dr. Lara Scarpitta",
        "Irène Mingasson",
        "Funded by the European Union",
        "https://winprojectosce.org/publications",
    ]:
        assert text in html


def test_further_reading_lists_five_categories_with_links(client, toolkit_content):
    html = client.get("/toolkit/further-reading/").content.decode()
    assert html.count('class="reading-list"') == 5
    assert (
        'href="https://menengage.org/resources/accountability-framework-of-menengage-alliance"'
        in html
    )
    assert "Now and Men Podcast, 2021" in html
    assert 'id="fn-11"' in html


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/about/",
        "/toolkit/think/",
        "/toolkit/plan/",
        "/toolkit/act/",
        "/toolkit/further-reading/",
    ],
)
def test_every_page_runs_a_small_fixed_number_of_queries(
    client, toolkit_content, django_assert_max_num_queries, path
):
    with django_assert_max_num_queries(14):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/", "/about/", "/toolkit/further-reading/"])
def test_pages_refuse_post(client, toolkit_content, path):
    assert client.post(path).status_code == 405


def test_an_empty_database_gives_404_not_500(client, db):
    assert client.get("/").status_code == 404


def test_healthz_answers_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_a_missing_page_explains_itself_in_the_site_frame(client, toolkit_content):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert '<a class="skip-link" href="#main">' in html
