import json

import pytest

from planner.export import plan_as_data, plan_as_markdown
from planner.models import InitiativePlan, PlanPart
from planner.selectors import describe_plan
from tests.planner.factories import fill_plan, plan_without_parts

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "viewer", "editor", "organiser", "owner", "staff"]


CHOICE_KEYS = {"kind", "topics", "methods", "levels", "resistance_reasons"}


def texts_in(value):
    """Every text in a part's data (not choices' keys: those are shown by their labels)."""
    if isinstance(value, dict):
        return [
            text for key, item in value.items() if key not in CHOICE_KEYS for text in texts_in(item)
        ]
    if isinstance(value, list):
        return [text for item in value for text in texts_in(item)]
    if isinstance(value, str):
        return value.splitlines()
    return []


def login(client, user):
    if user is not None:
        client.force_login(user)


# --- Views ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["plan_export_markdown", "plan_export_json"])
@pytest.mark.parametrize(
    "role, status",
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("viewer", 200),
        ("editor", 200),
        ("organiser", 200),
        ("owner", 200),
        ("staff", 404),
    ],
)
def test_it_lets_readers_download_the_plan(client, cast, plan, url_name, role, status):
    login(client, cast[role])
    response = client.get(f"/plans/{plan.pk}/export.{'md' if 'markdown' in url_name else 'json'}")
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/accounts/login/?next=")
    if status == 200:
        assert "attachment" in response["Content-Disposition"]
        assert "Fathers" in response.content.decode()


@pytest.mark.parametrize("extension", ["md", "json"])
def test_it_lets_anyone_download_the_example_plan(client, extension):
    example = InitiativePlan.objects.create(title="Example: dialogue groups", is_example=True)
    response = client.get(f"/plans/{example.pk}/export.{extension}")
    assert response.status_code == 200
    assert "Example: dialogue groups" in response.content.decode()


@pytest.mark.parametrize("extension", ["md", "json"])
def test_it_refuses_other_methods(client, owner, plan, extension):
    client.force_login(owner)
    assert client.post(f"/plans/{plan.pk}/export.{extension}").status_code == 405


def test_it_hides_a_private_plan_from_network_members(client, viewer, private_plan):
    client.force_login(viewer)
    assert client.get(f"/plans/{private_plan.pk}/export.json").status_code == 404


def test_the_json_export_holds_every_field_and_the_raw_data_of_every_part(client, owner, plan):
    data = fill_plan(plan_without_parts(plan))
    plan.tags.add("fatherhood", "sports")
    client.force_login(owner)
    response = client.get(f"/plans/{plan.pk}/export.json")
    assert response["Content-Type"] == "application/json"
    assert (
        response["Content-Disposition"] == 'attachment; filename="fathers-football-evenings.json"'
    )
    exported = json.loads(response.content)
    assert exported["id"] == str(plan.pk)
    assert exported["title"] == "Fathers' football evenings"
    assert exported["summary"] == "A season."
    assert exported["status"] == "draft"
    assert exported["tags"] == ["fatherhood", "sports"]
    assert exported["network"] == {"slug": "youth-network", "name": "Youth Network"}
    assert exported["owner"] == "owner"
    assert exported["is_example"] is False
    assert exported["created_at"] and exported["updated_at"]
    assert set(exported["parts"]) == set(PlanPart.Kind.values)
    for kind, part_data in data.items():
        assert exported["parts"][kind]["version"] == 2
        assert exported["parts"][kind]["updated_at"]
        # Every key with the same value: the export can restore the plan.
        assert exported["parts"][kind]["data"] == part_data


def test_the_json_export_shows_an_unwritten_part_as_empty(owner, private_plan):
    exported = plan_as_data(private_plan)
    assert exported["network"] is None
    assert exported["parts"]["funding"] == {"version": 0, "updated_at": None, "data": {}}


def test_the_markdown_export_holds_every_filled_fields_text(client, owner, plan):
    data = fill_plan(plan_without_parts(plan))
    client.force_login(owner)
    response = client.get(f"/plans/{plan.pk}/export.md")
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="fathers-football-evenings.md"'
    markdown = response.content.decode()
    assert markdown.startswith("# Fathers' football evenings\n")
    for part_data in data.values():
        for text in texts_in(part_data):
            assert text in markdown
    # Choices are written by their labels, not their keys.
    for label in ["Topic 0-0", "Individual", "A lack of knowledge", "Dialogue group"]:
        assert f"- {label}" in markdown
    assert "Women's rights organisation" in markdown and "Sports community" in markdown
    assert "## Step 1: Research target groups" in markdown
    assert "## Planning for challenges" in markdown
    assert "### Support services for referrals" in markdown
    assert "Youth Network" in markdown


def test_the_markdown_export_says_which_parts_are_empty(private_plan):
    markdown = plan_as_markdown(private_plan)
    assert markdown.count("Nothing written yet.") == 6


def test_the_markdown_export_can_leave_out_the_referrals(plan):
    fill_plan(plan_without_parts(plan))
    markdown = plan_as_markdown(plan, hide_confidential=True)
    assert "Referral psychosocial support centre" not in markdown
    assert "Challenges approach respectfully" in markdown


def test_the_markdown_export_lets_no_html_through(client, owner):
    plan = InitiativePlan.objects.create(
        owner=owner, title="<script>alert(1)</script>", summary="<b>bold</b>\n> quote"
    )
    PlanPart.objects.create(plan=plan, kind="research", data={"barriers": "<img src=x>"})
    client.force_login(owner)
    markdown = client.get(f"/plans/{plan.pk}/export.md").content.decode()
    assert "<script>" not in markdown and "<b>" not in markdown and "<img" not in markdown
    assert "# &lt;script&gt;alert(1)&lt;/script&gt;" in markdown
    assert "&gt; quote" in markdown
    assert "&lt;img src=x&gt;" in markdown


def test_a_title_without_latin_letters_still_gives_a_file_name(client, owner):
    plan = InitiativePlan.objects.create(owner=owner, title="План")
    client.force_login(owner)
    response = client.get(f"/plans/{plan.pk}/export.md")
    assert response["Content-Disposition"] == 'attachment; filename="plan.md"'
    assert "# План" in response.content.decode()


def test_describe_plan_gives_every_step_in_order_with_only_filled_fields(plan):
    described = describe_plan(plan)
    assert [part.kind for part in described] == PlanPart.Kind.values
    research = described[0]
    assert [field.name for field in research.fields] == ["age", "barriers"]
    assert research.url == f"/plans/{plan.pk}/steps/1/"
    assert described[5].url == f"/plans/{plan.pk}/challenges/"
    assert all(part.is_empty for part in described[1:])
