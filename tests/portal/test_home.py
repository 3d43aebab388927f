"""The frame around every page and the home page: the menu names the annexes as the toolkit
does, the home page leads into the toolkit before its introduction, the PLAN page leads to the
planner, and the markup the phone layout relies on."""

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from annexes.models import Annex
from core.markdown import render_markdown
from portal.context_processors import annexes, nav_annex

pytestmark = pytest.mark.django_db


def menu(html):
    return html[html.index('<nav class="site-nav"') : html.index('<nav class="account-nav"')]


def test_the_menu_names_both_annexes_by_their_titles(client, all_content):
    html = client.get("/toolkit/think/").content.decode()
    nav = menu(html)
    assert "Topics" not in nav
    assert (
        '<a href="/annexes/socio-ecological-model/">Annex 1'
        '<span class="nav-annex-name"> – The socio-ecological model</span></a>' in nav
    )
    assert (
        '<a href="/annexes/topics/">Annex 2<span class="nav-annex-name"> – List of potential '
        "gender equality issues to reflect upon</span></a>" in nav
    )
    # The menu is a disclosure that needs no script.
    assert re.search(r'<details class="site-menu">\s*<summary>Menu</summary>', html)


def test_the_menu_marks_the_annex_being_read(client, all_content):
    html = client.get("/annexes/topics/").content.decode()
    assert '<a href="/annexes/topics/" aria-current="page">Annex 2' in menu(html)


def test_the_annexes_titles_follow_the_language_and_an_edit(client, all_content):
    html = client.get("/ru/toolkit/think/").content.decode()
    assert (
        '<a href="/ru/annexes/socio-ecological-model/">Приложение 1'
        '<span class="nav-annex-name"> — Социально-экологическая модель</span></a>' in menu(html)
    )
    Annex.objects.filter(number=1).update(title="Annex 1 – Levels of action")
    assert "Annex 1 – Levels of action" in nav_annex(Annex.objects.get(number=1)).title
    assert nav_annex(Annex.objects.get(number=1)).rest == " – Levels of action"


def test_a_title_without_a_dash_is_the_number_alone():
    part = nav_annex(Annex(number=3, title="Annex 3"))
    assert (part.number, part.rest) == ("Annex 3", "")


def test_the_annexes_are_read_only_when_a_page_shows_them(django_assert_num_queries, db):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        context = annexes(request)
    Annex.objects.create(number=2, title="Annex 2 – Topics")
    Annex.objects.create(number=1, title="Annex 1 – Model")
    with django_assert_num_queries(1):
        assert [annex.number for annex in context["nav_annexes"]] == ["Annex 1", "Annex 2"]
        assert len(context["nav_annexes"]) == 2


def test_the_home_page_leads_into_the_guidance_before_its_introduction(client, all_content):
    html = client.get("/").content.decode()
    main = html[html.index('<main id="main"') :]
    ways_in = main[main.index('<nav class="home-ways"') : main.index("</nav>")]
    hrefs = re.findall(r'href="([^"]+)"', ways_in)
    assert hrefs == [
        "/toolkit/think/",
        "/toolkit/plan/",
        "/toolkit/act/",
        "/annexes/socio-ecological-model/",
        "/annexes/topics/",
        "/plans/",
    ]
    assert ">Annex 2 – List of potential gender equality issues to reflect upon<" in ways_in
    assert main.index('class="home-ways"') < main.index('class="lead"')
    assert main.index('class="lead"') < main.index('class="content-section')


def test_the_plan_page_and_its_five_steps_lead_to_starting_a_plan(client, all_content):
    html = client.get("/toolkit/plan/").content.decode()
    table = html[html.index('<table class="stack-table planning-steps-table">') :]
    table = table[: table.index("</table>")]
    start = f'href="{reverse("planner:plan_create")}"'
    assert table.count(start) == 5
    # after the table, and where the page ends, before the next step
    after = html[html.index("</table>", html.index("planning-steps-table")) :]
    assert after.count(start) == 2
    assert after.rindex(start) < after.index('class="step-pager"')
    assert "plan_create" not in client.get("/toolkit/think/").content.decode()


def test_the_source_s_italics_are_marked_in_the_tables(client, all_content):
    think = client.get("/toolkit/think/").content.decode()
    assert think.count('class="avoid"') == 3
    plan = client.get("/toolkit/plan/").content.decode()
    assert plan.count('<ul class="key-actions">') == 5


def test_a_section_without_a_heading_is_not_a_section(client, all_content):
    html = client.get("/toolkit/plan/").content.decode()
    for tag in re.findall(r"<section\b[^>]*>", html):
        assert "aria-labelledby" in tag, tag
    assert re.search(r'<div id="[^"]+" class="content-section content-prose"', html)


def test_the_two_search_landmarks_on_the_search_page_have_their_own_names(client, all_content):
    html = client.get("/search/", {"q": "men"}).content.decode()
    forms = re.findall(r'<form[^>]*role="search"[^>]*>', html)
    assert len(forms) == 2
    names = [re.search(r'aria-label(?:ledby)?="([^"]+)"', form).group(1) for form in forms]
    assert names[0] != names[1]


def test_a_footnote_marker_touches_its_word_and_the_punctuation_after_it():
    html = render_markdown("the Global Gender Gap Index[^5], many countries")
    assert re.search(r"Index<sup class=\"footnote-ref\"><a [^>]+>5</a></sup>, many", html)
