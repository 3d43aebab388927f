"""What a read-only link keeps back: personal data and the referrals, declared once in
planner.walkthrough.CONFIDENTIAL and followed by the shared page, the export and the sharing
page."""

import pytest
from django.core.management import call_command

from planner import forms, walkthrough
from planner.export import plan_as_markdown
from planner.models import InitiativePlan, PlanPart, ShareLink
from tests.planner.factories import fill_plan, plan_without_parts

pytestmark = pytest.mark.django_db

PERSON = {
    "name": "Aigul Asanova",
    "kind": "activist",
    "role": "Person role speaks at the opening",
    "contact": "+996 555 123 456",
    "objective_agreed": True,
}


@pytest.fixture
def link(plan, owner):
    return ShareLink.create_for(plan, owner)


@pytest.fixture
def filled(plan):
    """Every part filled; among the stakeholders an organisation with a contact and a person."""
    fill_plan(plan_without_parts(plan))
    part = plan.parts.get(kind=PlanPart.Kind.STAKEHOLDERS)
    part.data["stakeholders"].append(PERSON)
    part.save()
    return plan


def section(html, element_id):
    """The element with `element_id` up to its closing tag (lists, not nested)."""
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</ul>", start)]


def test_a_link_hides_contacts_and_the_names_of_people(client, viewer, filled, link):
    shared = client.get(f"/shared/{link.token}/").content.decode()
    # An organisation is named; what it does stays.
    assert "Stakeholder women&#x27;s rights organisation" in shared
    assert "Stakeholder role checks in" in shared and "Person role speaks" in shared
    assert "Activist" in shared
    # Contacts and a person's name are personal data.
    assert "Stakeholder contact person" not in shared
    assert "+996 555 123 456" not in shared and "Aigul" not in shared
    client.force_login(viewer)
    detail = client.get(f"/plans/{filled.pk}/").content.decode()
    assert "Stakeholder contact person" in detail and "+996 555 123 456" in detail
    assert "Aigul Asanova" in detail


def test_the_markdown_for_link_viewers_hides_the_same(filled):
    markdown = plan_as_markdown(filled, hide_confidential=True)
    assert "Stakeholder women's rights organisation" in markdown
    assert "Person role speaks at the opening" in markdown
    for secret in ["Stakeholder contact person", "+996", "Aigul", "Referral psychosocial"]:
        assert secret not in markdown
    assert "Aigul Asanova" in plan_as_markdown(filled)


def test_the_sharing_page_says_what_a_link_viewer_sees_and_does_not(client, owner, plan):
    client.force_login(owner)
    html = client.get(f"/plans/{plan.pk}/sharing/").content.decode()
    sees, hidden = section(html, "link-sees"), section(html, "link-hidden")
    assert "Research target groups" in sees and "Notes on the collective effort" in sees
    assert "Kind" in sees and "Their role in the initiative" in sees
    assert "Support services for referrals" in hidden and "Contact" in hidden
    assert "Informal leader" in hidden  # whose names are those of people
    assert "Support services for referrals" not in sees and "Contact" not in sees


def test_the_page_the_link_and_the_explanation_follow_the_one_declaration(
    client, owner, filled, link, monkeypatch
):
    monkeypatch.setattr(
        walkthrough,
        "CONFIDENTIAL",
        [*walkthrough.CONFIDENTIAL, walkthrough.Confidential("budget_lines", ("notes",))],
    )
    assert "Budget per session" not in client.get(f"/shared/{link.token}/").content.decode()
    assert "Budget per session" not in plan_as_markdown(filled, hide_confidential=True)
    client.force_login(owner)
    html = client.get(f"/plans/{filled.pk}/sharing/").content.decode()
    assert "Budget lines: Notes" in section(html, "link-hidden")


def test_the_declaration_names_lists_fields_and_kinds_that_exist():
    lists = {
        key: row_form for spec in walkthrough.STEPS for key, (row_form, _) in spec.lists.items()
    }
    kinds = {value for value, _label in forms.Stakeholder.Kind.CHOICES}
    assert walkthrough.CONFIDENTIAL
    for rule in walkthrough.CONFIDENTIAL:
        assert rule.key in lists
        assert set(rule.fields) <= set(lists[rule.key].base_fields)
        assert set(rule.person_kinds) <= kinds


def test_the_example_plan_reads_well_on_a_link(client, staff):
    call_command("load_example_plan", verbosity=0)
    example = InitiativePlan.objects.examples().get(language="en")
    link = ShareLink.create_for(example, staff)
    html = client.get(f"/shared/{link.token}/").content.decode()
    assert "Local football club (add yours)" in html
    assert "Hosts the first sessions after Saturday training" in html
    assert "Add the contact person" not in html and "Add phone and address" not in html
    assert "Respected community elder" not in html  # a person, named in the plan
    assert "Speaks at the opening session about being a caring father" in html
