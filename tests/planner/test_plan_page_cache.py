"""The plan page's parts, kept rendered (planner.rendering): a repeat view renders nothing that
did not change, and no reader is shown the markup kept for another (edit links, what a share
link hides, another language), nor a part as it was before a save."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from annexes.models import Topic
from core import page_cache
from planner.models import PlanPart, ShareLink
from tests.planner.factories import fill_plan, plan_without_parts

pytestmark = pytest.mark.django_db

EDIT_RESEARCH = "Edit “Research target groups”"
CONTENT_TABLES = ("annexes_topic", "annexes_level", "toolkit_resistancereason")


@pytest.fixture
def filled(plan):
    fill_plan(plan_without_parts(plan))
    return plan


def page(client, plan, user=None, suffix=""):
    if user:
        client.force_login(user)
    response = client.get(f"/plans/{plan.pk}/{suffix}")
    assert response.status_code == 200
    return response.content.decode()


def save(plan, kind, user, **changes):
    """A new version of the plan's `kind` part, as saving its step stores it."""
    part = plan.parts.get(kind=kind)
    part.save_edit({**part.data, **changes}, part.version, user)


def in_russian(client, plan):
    with translation.override("ru"):
        url = reverse("planner:plan_detail", kwargs={"plan_id": plan.pk})
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="ru", follow=True)
    assert response.status_code == 200
    return response.content.decode()


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


# --- what is shown ----------------------------------------------------------------------------


def test_a_saved_part_shows_its_new_text_at_once(client, owner, plan):
    assert "Shift work" in page(client, plan, owner)
    save(plan, PlanPart.Kind.RESEARCH, owner, barriers="Night shifts at the mine")
    for html in (page(client, plan), page(client, plan, suffix="print/")):
        assert "Night shifts at the mine" in html and "Shift work" not in html


def test_a_part_saved_outside_the_steps_shows_at_once_too(client, owner, plan):
    """A write that leaves the version as it is (the admin, a shell) still changes the time."""
    page(client, plan, owner)
    part = plan.parts.get(kind=PlanPart.Kind.RESEARCH)
    part.data["barriers"] = "Changed by hand"
    part.save()
    assert "Changed by hand" in page(client, plan)


def test_a_reader_who_may_not_edit_gets_no_edit_links_after_an_editor(client, owner, viewer, plan):
    assert EDIT_RESEARCH in page(client, plan, owner)
    html = page(client, plan, viewer)
    assert "Shift work" in html
    assert EDIT_RESEARCH not in html
    assert f'href="/plans/{plan.pk}/steps/1/"' not in html


def test_an_editor_gets_the_edit_links_after_a_reader(client, viewer, editor, plan):
    assert EDIT_RESEARCH not in page(client, plan, viewer)
    html = page(client, plan, editor)
    assert EDIT_RESEARCH in html and f'href="/plans/{plan.pk}/steps/1/"' in html


def test_a_link_holder_never_sees_what_the_link_hides_after_the_owner_viewed(client, owner, filled):
    link = ShareLink.create_for(filled, owner)
    rows = filled.parts.get(kind=PlanPart.Kind.STAKEHOLDERS).data["stakeholders"]
    person = {"name": "Aigul Asanova", "kind": "activist", "role": "Speaks", "contact": ""}
    save(filled, PlanPart.Kind.STAKEHOLDERS, owner, stakeholders=[*rows, person])
    kept_back = ["Stakeholder contact person", "Referral contact phone", "Aigul Asanova"]
    owner_html = page(client, filled, owner)
    assert all(text in owner_html for text in kept_back)
    assert owner_html.count("Aigul Asanova") >= 2  # the part and the levels picture
    client.logout()
    shared = client.get(f"/shared/{link.token}/").content.decode()
    assert "Stakeholder role checks in" in shared and "Speaks" in shared
    assert not [text for text in kept_back if text in shared]
    # ... and the owner, after the link holder, sees everything again.
    owner_html = page(client, filled, owner)
    assert all(text in owner_html for text in kept_back)


def test_a_russian_reader_gets_russian_labels_after_an_english_reader(client, owner, filled):
    english = page(client, filled, owner)
    label = "Barriers to change"
    with translation.override("ru"):
        russian_label = gettext(label)
    assert russian_label != label, "the Russian catalogue lacks the label"
    assert f"<dt>{label}</dt>" in english
    russian = in_russian(client, filled)
    assert f"<dt>{escape(russian_label)}</dt>" in russian and f"<dt>{label}</dt>" not in russian
    assert "Research barriers mockery" in russian  # the plan's own text stays as written
    # The English page is not given the Russian parts kept meanwhile.
    english = page(client, filled)
    assert f"<dt>{label}</dt>" in english and escape(russian_label) not in english


def test_the_plans_language_reaches_its_kept_parts(client, owner, plan):
    assert not re.search(r'<dd lang="ru">\s*Shift work', page(client, plan, owner))
    plan.language = "ru"
    plan.save(update_fields=["language"])
    assert re.search(r'<dd lang="ru">\s*Shift work', page(client, plan))


def test_a_topic_renamed_in_the_admin_is_shown_renamed(client, owner, filled):
    topic = Topic.objects.get()
    assert escape(topic.title) in page(client, filled, owner)
    Topic.objects.filter(pk=topic.pk).update(title="A renamed topic", title_en="A renamed topic")
    page_cache.content_changed()  # what every content admin does on save
    assert "A renamed topic" in page(client, filled)


# --- what it costs ----------------------------------------------------------------------------


def test_the_page_runs_as_many_queries_however_many_versions_and_rows(
    client, owner, filled, django_assert_num_queries
):
    url = f"/plans/{filled.pk}/"
    page(client, filled, owner)  # the menu and the session, as every later view finds them
    save(filled, PlanPart.Kind.RESEARCH, owner, barriers="One more version")
    few = len(queries_of(client, url))  # renders that part again, with the choices' labels
    stakeholders = filled.parts.get(kind=PlanPart.Kind.STAKEHOLDERS)
    for version in range(12):
        rows = stakeholders.data["stakeholders"] + [
            {"name": f"Club {version}", "kind": "sports", "role": "Hosts " * 40, "contact": ""}
        ]
        save(filled, PlanPart.Kind.STAKEHOLDERS, owner, stakeholders=rows)
        stakeholders.refresh_from_db()
    with django_assert_num_queries(few):
        html = page(client, filled)
    assert "Club 11" in html and "Hosts Hosts" in html


def test_a_repeat_view_loads_no_labels_and_fewer_queries(client, owner, filled):
    url = f"/plans/{filled.pk}/"
    page(client, filled, owner)
    save(filled, PlanPart.Kind.RESEARCH, owner, barriers="One more version")
    first = queries_of(client, url)
    assert any(table in sql for sql in first for table in CONTENT_TABLES)
    again = queries_of(client, url)
    assert len(again) < len(first)
    assert not [sql for sql in again if any(table in sql for table in CONTENT_TABLES)]


def test_a_repeat_view_renders_the_same_page(client, owner, filled):
    def without_tokens(html):  # each page masks its CSRF token afresh
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    first = without_tokens(page(client, filled, owner))
    assert "Research barriers mockery" in first
    assert without_tokens(page(client, filled)) == first
