"""Plans in the reader's language (issue 9): a Russian reader gets the planner's pages, the
toolkit's guidance, the print view, the share-link page and the exports with Russian labels,
while the plan's own text stays as it was written and says its language (lang, WCAG 3.1.2).

Russian labels are compared with what the catalogue says under translation.override("ru"), not
written out here, so a better translation in the catalogue changes no test.
"""

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from planner.models import InitiativePlan, Invitation, Membership, Network, PlanPart, ShareLink
from tests.planner.factories import fill_plan, plan_without_parts
from toolkit.models import PlanningStep

pytestmark = pytest.mark.django_db


def ru(text):
    """`text` as the Russian catalogue has it; the catalogue must have it."""
    with translation.override("ru"):
        translated = gettext(text)
    assert translated != text, f"the Russian catalogue lacks {text!r}"
    return translated


def in_russian(client, name, **kwargs):
    """GET the page `name` as a reader whose browser asks for Russian. Follows redirects, so it
    works whether Russian pages live under /ru/ or answer Accept-Language at the English URL."""
    with translation.override("ru"):
        url = reverse(name, kwargs=kwargs)
    return client.get(url, HTTP_ACCEPT_LANGUAGE="ru", follow=True)


def html_of(response):
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<html[^>]* lang="ru"', html), "the page does not say it is in Russian"
    return html


def step_heading(number, title):
    return ru("Step %(number)s: %(title)s") % {"number": number, "title": ru(title)}


@pytest.fixture
def english_plan(owner, plan):
    """The cast's plan, every part filled, written in English."""
    fill_plan(plan_without_parts(plan))
    plan.language = "en"
    plan.save(update_fields=["language"])
    return plan


# --- pages ----------------------------------------------------------------------------------


def test_the_plan_page_speaks_russian_and_leaves_the_plans_english_as_it_is(
    client, owner, english_plan
):
    client.force_login(owner)
    html = html_of(in_russian(client, "planner:plan_detail", plan_id=english_plan.pk))
    for label in ["Progress through the steps", "Barriers to change", "Status", "Sharing"]:
        assert escape(ru(label)) in html
    assert escape(step_heading(1, "Research target groups")) in html
    # The plan's text: as written, marked English.
    assert '<h1 lang="en">Fathers&#x27; football evenings</h1>' in html
    assert '<p class="lead" lang="en">A season.</p>' in html
    assert re.search(r'<dd lang="en">\s*Research barriers mockery', html)
    assert re.search(r'<dd class="col-sm-8" lang="en">Stakeholder role checks in</dd>', html)
    # The portal's words inside the plan (choices, "Yes") are the reader's: Russian, unmarked.
    assert re.search(rf"<dd>\s*<ul><li>{re.escape(escape(ru('Dialogue group')))}</li>", html)
    assert f'<dd class="col-sm-8">{escape(ru("Sports community"))}</dd>' in html


def test_the_step_page_gives_the_toolkits_guidance_and_the_labels_in_russian(
    client, all_content, owner, plan
):
    plan.language = "en"
    plan.save(update_fields=["language"])
    client.force_login(owner)
    html = html_of(in_russian(client, "planner:plan_step", plan_id=plan.pk, number=1))
    assert escape(ru("What the toolkit says")) in html
    assert escape(ru("Barriers to change")) in html
    assert escape(ru("Your answers")) in html
    # The guidance is the toolkit's content, in its Russian translation.
    with translation.override("ru"):
        step = PlanningStep.objects.get(number=1)
        title_ru = step.title
    assert title_ru != step.title_en and escape(title_ru) in html
    # What the owner typed is plan text: the inputs say it is English.
    barriers = re.search(r'<textarea[^>]*name="barriers"[^>]*>', html).group(0)
    assert 'lang="en"' in barriers
    assert 'lang="en"' in re.search(r'<input[^>]*name="age"[^>]*>', html).group(0)
    assert 'lang="en"' in re.search(r'<a href="/[^"]*plans/[^"]*"[^>]*>Fathers', html).group(0)


def test_a_step_with_lists_marks_the_typed_text_of_its_rows_and_not_the_choices(
    client, owner, english_plan
):
    client.force_login(owner)
    html = html_of(in_russian(client, "planner:plan_step", plan_id=english_plan.pk, number=2))
    name = re.search(r'<input[^>]*name="stakeholders-0-name"[^>]*>', html).group(0)
    assert 'lang="en"' in name
    kind = re.search(r'<select[^>]*name="stakeholders-0-kind"[^>]*>', html).group(0)
    assert "lang=" not in kind
    assert escape(ru("Women's rights organisation")) in html


def test_a_reader_sees_the_step_in_russian_with_the_plans_text_marked(client, viewer, english_plan):
    client.force_login(viewer)  # reads, does not edit
    html = html_of(in_russian(client, "planner:plan_step", plan_id=english_plan.pk, number=1))
    assert escape(ru("What the plan says")) in html
    assert re.search(r'<dd lang="en">\s*Research barriers mockery', html)


def test_the_print_view_is_in_russian_with_the_plans_text_marked(client, owner, english_plan):
    client.force_login(owner)
    html = html_of(in_russian(client, "planner:plan_print", plan_id=english_plan.pk))
    assert escape(ru("Back to the plan")) in html
    assert escape(step_heading(1, "Research target groups")) in html
    assert escape(ru("Planning for challenges")) in html
    assert '<h1 lang="en">Fathers&#x27; football evenings</h1>' in html
    assert re.search(r'<dd lang="en">\s*Research barriers mockery', html)


def test_the_share_link_page_is_in_the_viewers_language(client, owner, english_plan):
    link = ShareLink.create_for(english_plan, owner)
    html = html_of(in_russian(client, "planner:shared_plan", token=link.token))
    notice = (
        "Someone shared this plan with you by link. You can read it; only its authors can "
        "change it. Some parts, such as personal contacts, are kept for the plan's team and "
        "not shown here."
    )
    assert escape(ru(notice)) in html
    assert escape(step_heading(1, "Research target groups")) in html
    assert '<h1 lang="en">Fathers&#x27; football evenings</h1>' in html
    assert "Referral psychosocial support centre" not in html  # still kept from link viewers


def test_a_plan_of_unknown_language_claims_none(client, owner, plan):
    assert plan.language == ""  # written before plans had a language
    client.force_login(owner)
    html = html_of(in_russian(client, "planner:plan_detail", plan_id=plan.pk))
    assert "<h1>Fathers&#x27; football evenings</h1>" in html
    assert 'lang=""' not in html


def test_a_russian_plan_is_marked_russian_on_an_english_page(client, owner, plan):
    plan.language = "ru"
    plan.title = "Футбольные вечера отцов"
    plan.save()
    client.force_login(owner)
    html = client.get(f"/plans/{plan.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en"' in html
    assert '<h1 lang="ru">Футбольные вечера отцов</h1>' in html


# --- exports --------------------------------------------------------------------------------


def test_the_markdown_export_has_russian_labels_and_the_plans_own_text(client, owner, english_plan):
    client.force_login(owner)
    response = in_russian(client, "planner:plan_export_markdown", plan_id=english_plan.pk)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    # The download names its labels' language; the plan's is a line of the file.
    assert response["Content-Language"] == "ru"
    markdown = response.content.decode()
    assert markdown.startswith("# Fathers' football evenings\n")
    assert f"## {step_heading(1, 'Research target groups')}" in markdown
    assert f"## {ru('Planning for challenges')}" in markdown
    assert f"**{ru('Barriers to change')}**" in markdown
    assert f"- **{ru('Status')}:** {ru('Draft')}" in markdown
    assert f"### {ru('Support services for referrals')}" in markdown
    assert f"- {ru('Dialogue group')}" in markdown
    assert "Research barriers mockery" in markdown  # the plan's text, as written
    assert "**Barriers to change**" not in markdown


def test_the_json_export_keeps_its_keys_and_data_and_labels_them_in_russian(
    client, owner, english_plan
):
    client.force_login(owner)
    english = json.loads(client.get(f"/plans/{english_plan.pk}/export.json").content)
    response = in_russian(client, "planner:plan_export_json", plan_id=english_plan.pk)
    russian = json.loads(response.content)
    # The same keys and values for programs, in every language: only the labels differ.
    labels_en, labels_ru = english.pop("labels"), russian.pop("labels")
    assert russian == english
    assert russian["language"] == "en" and russian["status"] == "draft"
    assert labels_en["language"] == "en" and labels_ru["language"] == "ru"
    assert labels_ru.keys() == labels_en.keys()
    assert labels_ru["status"]["draft"] == ru("Draft")
    research = labels_ru["parts"]["research"]
    assert research["title"] == ru("Research target groups")
    assert research["fields"]["barriers"] == ru("Barriers to change")
    assert set(research["fields"]) == set(labels_en["parts"]["research"]["fields"])
    stakeholders = labels_ru["parts"]["stakeholders"]["lists"]["stakeholders"]
    assert stakeholders["label"] == ru("Stakeholders and allies")
    assert stakeholders["fields"]["kind"] == ru("Kind")
    assert set(labels_ru["parts"]) == set(PlanPart.Kind.values)


def test_the_download_of_all_my_plans_labels_them_once(client, owner, english_plan):
    client.force_login(owner)
    exported = json.loads(in_russian(client, "planner:my_plans_export").content)
    assert exported["labels"]["language"] == "ru"
    assert all("labels" not in plan for plan in exported["plans"])


# --- the plan's language --------------------------------------------------------------------


@pytest.mark.parametrize("reader", ["en", "ru"])
def test_a_new_plan_is_in_its_creators_language(client, owner, reader):
    client.force_login(owner)
    with translation.override(reader):
        url = reverse("planner:plan_create")
    response = client.post(
        url, {"title": "Evenings", "status": "draft"}, HTTP_ACCEPT_LANGUAGE=reader
    )
    assert response.status_code == 302
    assert InitiativePlan.objects.get(title="Evenings").language == reader


def test_the_details_form_sets_the_plans_language(client, owner, english_plan):
    client.force_login(owner)
    url = reverse("planner:plan_edit", kwargs={"plan_id": english_plan.pk})
    form = client.get(url).context["form"]
    assert form.initial["language"] == "en"
    assert 'lang="en"' in str(form["title"]) and 'lang="en"' in str(form["summary"])
    assert "lang=" not in str(form["status"])
    data = {
        "title": english_plan.title,
        "summary": english_plan.summary,
        "status": "draft",
        "tags": "",
        "language": "ky",
        "version": english_plan.details_version,
    }
    assert client.post(url, data).status_code == 302
    english_plan.refresh_from_db()
    assert english_plan.language == "ky"
    assert client.post(url, {**data, "language": "xx", "version": 1}).status_code == 200
    english_plan.refresh_from_db()
    assert english_plan.language == "ky"


def test_a_copy_is_in_the_language_of_its_original(owner, outsider, english_plan):
    with translation.override("ru"):
        copy = english_plan.duplicate(owner=outsider)
    assert copy.language == "en"
    # Its title is plan text too, so "Copy of" is in the plan's language, not the reader's.
    assert copy.title == "Copy of Fathers' football evenings"


def test_the_english_example_shows_its_content_choices_in_the_readers_language(client, all_content):
    """Topics, levels and reasons are the toolkit's content: a Russian reader gets their
    Russian (modeltranslation) beside the plan's English."""
    from annexes.models import Topic

    example = InitiativePlan.objects.examples().get(language="en")
    html = html_of(in_russian(client, "planner:plan_detail", plan_id=example.pk))
    with translation.override("ru"):
        topic = Topic.objects.get(slug="sharing-responsibilities-at-home")
        assert topic.title != topic.title_en
        assert f"<li>{escape(topic.title)}</li>" in html
    assert escape(ru("Dialogue group")) in html
    assert '<h1 lang="en">Example plan: dialogue groups for young fathers</h1>' in html


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("planner:plan_list", {}),
        ("planner:plan_create", {}),
        ("planner:plan_edit", {"plan": True}),
        ("planner:plan_sharing", {"plan": True}),
        ("planner:plan_delete", {"plan": True}),
        ("planner:plan_challenges", {"plan": True}),
        ("planner:part_history", {"plan": True, "kind": "research"}),
        ("planner:network_list", {}),
        ("planner:network_detail", {"slug": "youth-network"}),
    ],
)
def test_every_planner_page_is_in_russian(client, owner, english_plan, name, kwargs):
    if kwargs.pop("plan", False):
        kwargs["plan_id"] = english_plan.pk
    client.force_login(owner)
    html = html_of(in_russian(client, name, **kwargs))
    # Its headings are the portal's words (a network's name in its h1 is people's text).
    headings = re.findall(r"<h[12][^>]*>(.*?)</h[12]>", html, re.DOTALL)
    assert any(re.search("[а-яё]", heading.lower()) for heading in headings), headings


def test_links_handed_to_others_open_in_the_receivers_language(client, django_user_model):
    owner = django_user_model.objects.create_user("sender")
    network = Network.create("Сеть", "", organiser=owner)
    plan = owner.plans.create(title="План", network=network, language="ru")
    with translation.override("ru"):
        link = ShareLink.objects.create(plan=plan, created_by=owner).get_absolute_url()
        invitation = Invitation.create_for(network, Membership.Role.VIEWER, owner)
        join = invitation.get_absolute_url()
    assert link.startswith("/shared/") and join.startswith("/networks/join/")
    english = client.get(link, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 200 and '<html lang="en">' in english.content.decode()
    assert client.get(link, HTTP_ACCEPT_LANGUAGE="ru")["Location"] == f"/ru{link}"
